<?xml version="1.0" encoding="UTF-8"?>
<!-- enterprises.xsl: search results. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>
  <xsl:import href="_enterprises.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('search.title')"/>
      <xsl:with-param name="body">
        <section class="card" id="search">
          <h1><xsl:value-of select="bt:t('search.title')"/></h1>
          <xsl:call-template name="search-form"/>
          <p class="detail" id="found">
            <xsl:value-of select="bt:t('search.found')"/><xsl:value-of select="total"/>
          </p>
          <xsl:choose>
            <xsl:when test="items/item"><xsl:call-template name="enterprise-list"/></xsl:when>
            <xsl:otherwise><p><xsl:value-of select="bt:t('search.none')"/></p></xsl:otherwise>
          </xsl:choose>
          <xsl:call-template name="pager">
            <xsl:with-param name="base" select="concat('/enterprises?', /view/page_query)"/>
          </xsl:call-template>
          <p class="detail"><a href="/api/v1/enterprises.csv"><xsl:value-of select="bt:t('open.csv')"/></a></p>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
