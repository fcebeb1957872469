<?xml version="1.0" encoding="UTF-8"?>
<!-- error.xsl: an error page for people (APIs get JSON instead). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('error.title')"/>
      <xsl:with-param name="body">
        <section class="card error">
          <h1><xsl:value-of select="bt:t('error.title')"/> (<xsl:value-of select="status"/>)</h1>
          <p><xsl:value-of select="message"/></p>
          <p><a href="/"><xsl:value-of select="bt:t('error.home')"/></a></p>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
