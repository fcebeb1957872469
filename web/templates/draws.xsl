<?xml version="1.0" encoding="UTF-8"?>
<!-- draws.xsl: random inspection draws. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('nav.draws')"/>
      <xsl:with-param name="body">
        <section class="card" id="draws">
          <h1><xsl:value-of select="bt:t('nav.draws')"/></h1>
          <p class="detail"><xsl:value-of select="bt:t('draw.about')"/></p>
          <xsl:choose>
            <xsl:when test="items/item">
              <ul>
                <xsl:for-each select="items/item">
                  <li><a href="/draws/{id}"><xsl:call-template name="pick"><xsl:with-param name="zh" select="title"/><xsl:with-param name="en" select="title_en"/></xsl:call-template></a>
                    <span class="detail"><xsl:text> · </xsl:text><xsl:value-of select="bt:cnday(created_at)"/> ·
                      <xsl:choose>
                        <xsl:when test="run_at != ''"><xsl:value-of select="selected"/> / <xsl:value-of select="population"/></xsl:when>
                        <xsl:otherwise><xsl:value-of select="bt:t('draw.not_run')"/></xsl:otherwise>
                      </xsl:choose></span></li>
                </xsl:for-each>
              </ul>
            </xsl:when>
            <xsl:otherwise><p><xsl:value-of select="bt:t('word.none')"/></p></xsl:otherwise>
          </xsl:choose>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
