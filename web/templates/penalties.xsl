<?xml version="1.0" encoding="UTF-8"?>
<!-- penalties.xsl: administrative penalties being published. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>
  <xsl:import href="_penalty.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('nav.penalties')"/>
      <xsl:with-param name="body">
        <section class="card" id="penalties">
          <h1><xsl:value-of select="bt:t('nav.penalties')"/></h1>
          <p class="detail"><xsl:value-of select="bt:t('penalty.about')"/></p>
          <p class="detail" id="found"><xsl:value-of select="bt:t('search.found')"/><xsl:value-of select="total"/></p>
          <xsl:for-each select="items/item">
            <xsl:call-template name="penalty"/>
          </xsl:for-each>
          <xsl:if test="not(items/item)"><p id="no-penalties"><xsl:value-of select="bt:t('penalty.none')"/></p></xsl:if>
          <xsl:call-template name="pager"><xsl:with-param name="base" select="concat('/penalties?', /view/page_query)"/></xsl:call-template>
          <p class="detail"><a href="/api/v1/penalties.csv"><xsl:value-of select="bt:t('open.csv')"/></a></p>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
