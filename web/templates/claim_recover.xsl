<?xml version="1.0" encoding="UTF-8"?>
<!-- claim_recover.xsl: a claimant who lost the access code gets a new one
     with the claim's number and the phone given when filing. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('ins.recover.title')"/>
      <xsl:with-param name="body">
        <section class="card" id="recover">
          <h1><xsl:value-of select="bt:t('ins.recover.title')"/></h1>
          <p class="detail"><xsl:value-of select="bt:t('ins.recover.text')"/></p>
          <xsl:if test="error">
            <p class="error" id="form-error" role="alert"><xsl:value-of select="bt:t('cmpl.refused')"/><xsl:call-template name="message"><xsl:with-param name="text" select="error"/></xsl:call-template></p>
          </xsl:if>
          <form method="post" action="/claims/recover" class="stack" id="recover-form">
            <input type="hidden" name="csrf" value="{csrf}"/>
            <label><xsl:value-of select="bt:t('ins.recover.number')"/><input name="number" required="required" maxlength="24" autocomplete="off" value="{form/number}" placeholder="LP20261203000001"/></label>
            <label><xsl:value-of select="bt:t('cmpl.phone')"/><input name="phone" type="tel" required="required" maxlength="24" autocomplete="tel"/></label>
            <button type="submit"><xsl:value-of select="bt:t('ins.recover.submit')"/></button>
          </form>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
