<?xml version="1.0" encoding="UTF-8"?>
<!-- home.xsl: the landing page: search, the portal's sections, and
     enterprises with their grades. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>
  <xsl:import href="_enterprises.xsl"/>

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
        <section class="card">
          <h2><xsl:value-of select="bt:t('search.title')"/></h2>
          <xsl:call-template name="search-form"/>
        </section>
        <section class="card" id="enterprises">
          <h2><xsl:value-of select="bt:t('home.enterprises')"/></h2>
          <xsl:call-template name="enterprise-list"/>
          <p><a href="/enterprises"><xsl:value-of select="bt:t('home.all')"/></a>
            · <a href="/lists"><xsl:value-of select="bt:t('nav.lists')"/></a>
            · <a href="/statistics"><xsl:value-of select="bt:t('nav.statistics')"/></a></p>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
