<?xml version="1.0" encoding="UTF-8"?>
<!-- home.xsl: the landing page. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('home.title')"/>
      <xsl:with-param name="body">
        <section class="card">
          <h1><xsl:value-of select="bt:t('home.title')"/></h1>
          <p><xsl:value-of select="bt:t('home.text')"/></p>
          <p><xsl:value-of select="bt:t('home.scan')"/></p>
          <p><a href="/scan"><xsl:value-of select="bt:t('scan.title')"/></a></p>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
