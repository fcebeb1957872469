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
      <dt><xsl:value-of select="bt:t('penalty.decision_no')"/></dt><dd class="mono"><xsl:value-of select="decision_no"/></dd>
      <dt><xsl:value-of select="bt:t('penalty.violation')"/></dt><dd><xsl:value-of select="violation"/></dd>
      <dt><xsl:value-of select="bt:t('penalty.legal_basis')"/></dt><dd><xsl:value-of select="legal_basis"/></dd>
      <dt><xsl:value-of select="bt:t('penalty.penalty')"/></dt><dd><xsl:value-of select="penalty"/></dd>
      <dt><xsl:value-of select="bt:t('penalty.amount')"/></dt><dd><xsl:call-template name="yuan"><xsl:with-param name="fen" select="amount_fen"/></xsl:call-template></dd>
      <dt><xsl:value-of select="bt:t('penalty.severity')"/></dt><dd><xsl:value-of select="bt:t(concat('severity.', severity))"/></dd>
      <dt><xsl:value-of select="bt:t('penalty.decided_on')"/></dt><dd><xsl:value-of select="decided_on"/></dd>
      <dt><xsl:value-of select="bt:t('penalty.authority')"/></dt><dd><xsl:value-of select="authority"/></dd>
      <dt><xsl:value-of select="bt:t('penalty.until')"/></dt><dd><xsl:value-of select="publish_until"/></dd>
    </dl>
  </xsl:template>
</xsl:stylesheet>
