<?xml version="1.0" encoding="UTF-8"?>
<!-- recover.xsl: a consumer who lost the access code of a claim or a
     complaint (kind) gets a new one with its number and the phone given
     when filing. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t(concat('recover.title.', kind))"/>
      <xsl:with-param name="body">
        <section class="card" id="recover">
          <h1><xsl:value-of select="bt:t(concat('recover.title.', kind))"/></h1>
          <p class="detail"><xsl:value-of select="bt:t('recover.text')"/></p>
          <xsl:if test="error">
            <p class="error" id="form-error" role="alert"><xsl:value-of select="bt:t('cmpl.refused')"/><xsl:call-template name="message"><xsl:with-param name="text" select="error"/></xsl:call-template></p>
          </xsl:if>
          <form method="post" action="{path}/recover" class="stack" id="recover-form">
            <input type="hidden" name="csrf" value="{csrf}"/>
            <label><xsl:value-of select="bt:t('recover.number')"/><input name="number" required="required" maxlength="24" autocomplete="off" value="{form/number}" /></label>
            <label><xsl:value-of select="bt:t('cmpl.phone')"/><input name="phone" type="tel" required="required" maxlength="24" autocomplete="tel"/></label>
            <button type="submit"><xsl:value-of select="bt:t('recover.submit')"/></button>
          </form>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
