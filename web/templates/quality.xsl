<?xml version="1.0" encoding="UTF-8"?>
<!-- quality.xsl: an enterprise's declaration data-quality report. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:variable name="name">
      <xsl:call-template name="pick">
        <xsl:with-param name="zh" select="enterprise/name_zh"/>
        <xsl:with-param name="en" select="enterprise/name_en"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="concat(bt:t('quality.title'), ' · ', $name)"/>
      <xsl:with-param name="body">
        <section class="card" id="quality">
          <h1><xsl:value-of select="bt:t('quality.title')"/></h1>
          <p><xsl:value-of select="$name"/> · <span class="mono"><xsl:value-of select="enterprise/customs_code"/></span></p>
          <h2><xsl:value-of select="bt:t('quality.messages')"/></h2>
          <dl>
            <dt><xsl:value-of select="bt:t('quality.accepted')"/></dt><dd id="accepted"><xsl:value-of select="messages/accepted"/></dd>
            <dt><xsl:value-of select="bt:t('quality.rejected')"/></dt><dd id="rejected"><xsl:value-of select="messages/rejected"/></dd>
            <dt><xsl:value-of select="bt:t('quality.sent_twice')"/></dt><dd><xsl:value-of select="messages/sent_twice"/></dd>
            <dt><xsl:value-of select="bt:t('quality.late')"/></dt><dd><xsl:value-of select="messages/late"/></dd>
          </dl>
          <xsl:if test="messages/rejections_by_rule/item">
            <h2><xsl:value-of select="bt:t('quality.reasons')"/></h2>
            <table id="reasons">
              <xsl:for-each select="messages/rejections_by_rule/item">
                <tr><td><xsl:call-template name="message"><xsl:with-param name="text" select="rule"/></xsl:call-template></td><td class="num"><xsl:value-of select="messages"/></td></tr>
              </xsl:for-each>
            </table>
          </xsl:if>
          <h2><xsl:value-of select="bt:t('quality.quantities')"/></h2>
          <dl>
            <dt><xsl:value-of select="bt:t('quality.codes_bound')"/></dt><dd><xsl:value-of select="quantities/codes_bound"/></dd>
            <dt><xsl:value-of select="bt:t('quality.codes_scanned')"/></dt><dd><xsl:value-of select="quantities/codes_scanned"/></dd>
            <dt><xsl:value-of select="bt:t('quality.unbound_scanned')"/></dt><dd><xsl:value-of select="quantities/unbound_codes_scanned"/> (<xsl:value-of select="quantities/scans_of_unbound_codes"/>)</dd>
          </dl>
          <xsl:if test="quantities/more_scanned_than_bound = 'true'">
            <p class="error"><xsl:value-of select="bt:t('quality.more_scanned')"/></p>
          </xsl:if>
          <xsl:if test="quantities/lines_over_declared_qty/item">
            <h2><xsl:value-of select="bt:t('quality.over_bound')"/></h2>
            <table>
              <xsl:for-each select="quantities/lines_over_declared_qty/item">
                <tr><td class="mono"><xsl:value-of select="inventory"/> #<xsl:value-of select="gnum"/></td>
                  <td class="num"><xsl:value-of select="codes_bound"/> / <xsl:value-of select="declared_qty"/></td>
                  <td><xsl:if test="declaration_deleted = 'true'"><xsl:value-of select="bt:t('quality.deleted')"/></xsl:if></td></tr>
              </xsl:for-each>
            </table>
          </xsl:if>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
