<?xml version="1.0" encoding="UTF-8"?>
<!-- scan.xsl: take or choose a photo of a code, on a phone. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('scan.title')"/>
      <xsl:with-param name="body">
        <section class="card" id="scan">
          <h1><xsl:value-of select="bt:t('scan.title')"/></h1>
          <p><xsl:value-of select="bt:t('scan.text')"/></p>
          <form method="post" action="/scan" enctype="multipart/form-data" class="stack">
            <label><xsl:value-of select="bt:t('scan.photo')"/>
              <input type="file" name="image" accept="image/*" capture="environment" required="required"/></label>
            <button type="submit"><xsl:value-of select="bt:t('scan.submit')"/></button>
          </form>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
