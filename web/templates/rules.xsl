<?xml version="1.0" encoding="UTF-8"?>
<!-- rules.xsl: the credit rating rule sets, and a form for a new one. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('rules.title')"/>
      <xsl:with-param name="body">
        <section class="card" id="rules-form">
          <h1><xsl:value-of select="bt:t('rules.title')"/></h1>
          <p class="detail"><xsl:value-of select="bt:t('rules.about')"/></p>
          <form method="post" action="/admin/rules" class="stack">
            <input type="hidden" name="csrf" value="{csrf}"/>
            <label><xsl:value-of select="bt:t('rules.body')"/>
              <textarea name="rules" rows="24" class="mono" spellcheck="false"><xsl:value-of select="current"/></textarea></label>
            <label><xsl:value-of select="bt:t('rules.note')"/><input name="note" required="required" maxlength="500"/></label>
            <button type="submit"><xsl:value-of select="bt:t('rules.save')"/></button>
          </form>
        </section>
        <section class="card" id="versions">
          <h2><xsl:value-of select="bt:t('rules.versions')"/></h2>
          <table>
            <xsl:for-each select="versions/item">
              <tr><td class="num"><xsl:value-of select="version"/></td>
                <td><span translate="no"><xsl:value-of select="note"/></span><div class="detail"><span class="mono"><xsl:value-of select="created_by"/></span> · <xsl:value-of select="substring(created_at, 1, 16)"/></div></td>
                <td><xsl:if test="active = 'true'"><strong><xsl:value-of select="bt:t('rules.active')"/></strong></xsl:if></td></tr>
            </xsl:for-each>
          </table>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
