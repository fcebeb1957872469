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
          <form method="get" action="/penalties" class="stack filters" id="penalty-filter">
            <label><xsl:value-of select="bt:t('penalty.authority')"/><input name="authority" maxlength="100" value="{filter/authority}"/></label>
            <label><xsl:value-of select="bt:t('penalty.severity')"/>
              <select name="severity">
                <option value=""><xsl:value-of select="bt:t('filter.any')"/></option>
                <option value="minor"><xsl:if test="filter/severity = 'minor'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="bt:t('severity.minor')"/></option>
                <option value="general"><xsl:if test="filter/severity = 'general'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="bt:t('severity.general')"/></option>
                <option value="serious"><xsl:if test="filter/severity = 'serious'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="bt:t('severity.serious')"/></option>
              </select></label>
            <label><xsl:value-of select="bt:t('filter.from')"/><input name="from" type="date" value="{filter/from}"/></label>
            <label><xsl:value-of select="bt:t('filter.to')"/><input name="to" type="date" value="{filter/to}"/></label>
            <button type="submit"><xsl:value-of select="bt:t('audit.filter')"/></button>
          </form>
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
