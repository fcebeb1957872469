<?xml version="1.0" encoding="UTF-8"?>
<!-- scanresult.xsl: what a photo held when it held no genuine code. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('scan.result')"/>
      <xsl:with-param name="body">
        <section class="card" id="scanresult">
          <h1><xsl:value-of select="bt:t('scan.result')"/></h1>
          <xsl:choose>
            <xsl:when test="found = 0">
              <p><xsl:value-of select="bt:t('scan.none')"/></p>
            </xsl:when>
            <xsl:otherwise>
              <ul>
                <xsl:for-each select="symbols/item">
                  <li>
                    <span class="mono"><xsl:value-of select="type"/>: <xsl:value-of select="data"/></span>
                    <xsl:choose>
                      <xsl:when test="genuine = 'false'"> · <strong class="error"><xsl:value-of select="bt:t('notgenuine.title')"/></strong></xsl:when>
                      <xsl:when test="product"> · <xsl:call-template name="pick">
                          <xsl:with-param name="zh" select="product/name_zh"/>
                          <xsl:with-param name="en" select="product/name_en"/>
                        </xsl:call-template></xsl:when>
                    </xsl:choose>
                  </li>
                </xsl:for-each>
              </ul>
            </xsl:otherwise>
          </xsl:choose>
          <p><a href="/scan"><xsl:value-of select="bt:t('scan.again')"/></a></p>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
