<?xml version="1.0" encoding="UTF-8"?>
<!-- error.xsl: an error page for people (APIs get JSON instead). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <!-- The title says what kind of failure it is (error.title.404 ...),
         the message why, in the page's language. -->
    <xsl:variable name="own" select="bt:t(concat('error.title.', status))"/>
    <xsl:variable name="title">
      <xsl:choose>
        <xsl:when test="$own != concat('error.title.', status)"><xsl:value-of select="$own"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="bt:t('error.title')"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="$title"/>
      <xsl:with-param name="body">
        <section class="card error" id="error" data-status="{status}">
          <h1><xsl:value-of select="$title"/> (<xsl:value-of select="status"/>)</h1>
          <p id="error-message"><xsl:call-template name="message"><xsl:with-param name="text" select="message"/></xsl:call-template></p>
          <p><a href="/"><xsl:value-of select="bt:t('error.home')"/></a></p>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
