<?xml version="1.0" encoding="UTF-8"?>
<!-- _penalty.xsl: one administrative penalty with its 双公示 fields
     (imported, not a page). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:template name="penalty">
    <dl class="penalty" data-decision="{decision_no}">
      <xsl:if test="uscc">
        <dt><xsl:value-of select="bt:t('penalty.party')"/></dt>
        <dd><a href="/enterprises/{enterprise_id}"><xsl:call-template name="name"/></a> <span class="mono"><xsl:text> </xsl:text><xsl:value-of select="uscc"/></span></dd>
      </xsl:if>
      <dt><xsl:value-of select="bt:t('penalty.decision_no')"/></dt><dd><span class="mono"><xsl:value-of select="decision_no"/></span> · <xsl:call-template name="log-link"><xsl:with-param name="kind">penalty</xsl:with-param><xsl:with-param name="id" select="id"/></xsl:call-template></dd>
      <dt><xsl:value-of select="bt:t('penalty.violation')"/></dt><dd><xsl:call-template name="pick"><xsl:with-param name="zh" select="violation"/><xsl:with-param name="en" select="violation_en"/></xsl:call-template></dd>
      <dt><xsl:value-of select="bt:t('penalty.legal_basis')"/></dt><dd><xsl:call-template name="pick"><xsl:with-param name="zh" select="legal_basis"/><xsl:with-param name="en" select="legal_basis_en"/></xsl:call-template></dd>
      <dt><xsl:value-of select="bt:t('penalty.penalty')"/></dt><dd><xsl:call-template name="pick"><xsl:with-param name="zh" select="penalty"/><xsl:with-param name="en" select="penalty_en"/></xsl:call-template></dd>
      <dt><xsl:value-of select="bt:t('penalty.amount')"/></dt><dd><xsl:call-template name="yuan"><xsl:with-param name="fen" select="amount_fen"/></xsl:call-template></dd>
      <dt><xsl:value-of select="bt:t('penalty.severity')"/></dt><dd><xsl:value-of select="bt:t(concat('severity.', severity))"/></dd>
      <dt><xsl:value-of select="bt:t('penalty.decided_on')"/></dt><dd><xsl:value-of select="decided_on"/></dd>
      <dt><xsl:value-of select="bt:t('penalty.authority')"/></dt><dd><xsl:call-template name="pick"><xsl:with-param name="zh" select="authority"/><xsl:with-param name="en" select="authority_en"/></xsl:call-template></dd>
      <dt><xsl:value-of select="bt:t('penalty.until')"/></dt><dd><xsl:value-of select="publish_until"/></dd>
    </dl>
    <xsl:call-template name="revisions"/>
    <xsl:call-template name="objections"/>
  </xsl:template>

  <!-- The published corrections of a penalty: when, why, and what each
       changed field said before. -->
  <xsl:template name="revisions">
    <xsl:for-each select="revisions/item">
      <div class="revision" data-kind="{kind}">
        <p><strong><xsl:value-of select="bt:t(concat('rev.done.', kind))"/></strong><xsl:value-of select="decided_on"/>: <span translate="no"><xsl:value-of select="reason"/></span></p>
        <xsl:if test="before/*">
          <ul class="detail">
            <xsl:for-each select="before/*">
              <xsl:variable name="f" select="name()"/>
              <li><xsl:value-of select="bt:t(concat('penalty.', $f))"/><xsl:value-of select="bt:t('msg.sep')"/><del><xsl:if test="substring($f, string-length($f) - 2) = '_en'"><xsl:attribute name="lang">en</xsl:attribute></xsl:if><xsl:choose><xsl:when test="$f = 'amount_fen'"><xsl:call-template name="yuan"><xsl:with-param name="fen" select="."/></xsl:call-template></xsl:when><xsl:otherwise><xsl:value-of select="."/></xsl:otherwise></xsl:choose></del>
                → <span><xsl:if test="substring($f, string-length($f) - 2) = '_en'"><xsl:attribute name="lang">en</xsl:attribute></xsl:if><xsl:choose><xsl:when test="$f = 'amount_fen'"><xsl:call-template name="yuan"><xsl:with-param name="fen" select="../../after/*[name() = $f]"/></xsl:call-template></xsl:when><xsl:otherwise><xsl:value-of select="../../after/*[name() = $f]"/></xsl:otherwise></xsl:choose></span></li>
            </xsl:for-each>
          </ul>
        </xsl:if>
      </div>
    </xsl:for-each>
  </xsl:template>

  <!-- The objections (异议) to a fact and their answers, as published
       with it. -->
  <xsl:template name="objections">
    <xsl:for-each select="objections/item">
      <div class="objection" data-status="{status}">
        <p><strong><xsl:value-of select="bt:t(concat('obj.status.', status))"/></strong>
          <span class="detail"><xsl:text> · </xsl:text><xsl:value-of select="bt:t('obj.filed')"/><xsl:value-of select="filed_on"/></span></p>
        <p class="detail"><xsl:value-of select="bt:t('obj.grounds')"/><xsl:value-of select="bt:t('msg.sep')"/><span translate="no"><xsl:value-of select="grounds"/></span></p>
        <xsl:if test="answer != ''">
          <p class="detail"><xsl:value-of select="bt:t('obj.answer')"/> (<xsl:value-of select="answered_on"/>)<xsl:value-of select="bt:t('msg.sep')"/><span translate="no"><xsl:value-of select="answer"/></span></p>
        </xsl:if>
      </div>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
