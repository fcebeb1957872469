<?xml version="1.0" encoding="UTF-8"?>
<!-- _layout.xsl: the frame every page shares (imported, not a page). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:variable name="lang" select="/view/@lang"/>

  <!-- The Chinese or English variant of a pair of values. -->
  <xsl:template name="pick">
    <xsl:param name="zh"/>
    <xsl:param name="en"/>
    <xsl:choose>
      <xsl:when test="$lang = 'en'"><xsl:value-of select="$en"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$zh"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="page">
    <xsl:param name="title"/>
    <xsl:param name="body"/>
    <html>
      <xsl:attribute name="lang">
        <xsl:choose>
          <xsl:when test="$lang = 'en'">en</xsl:when>
          <xsl:otherwise>zh-CN</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> · <xsl:value-of select="bt:t('site.name')"/></title>
        <link rel="stylesheet" href="/static/style.css"/>
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/"><xsl:value-of select="bt:t('site.name')"/></a>
          <nav>
            <a href="/login" class="signin"><xsl:value-of select="bt:t('nav.login')"/></a>
            <xsl:choose>
              <xsl:when test="$lang = 'en'"><a href="?lang=zh" hreflang="zh-CN" lang="zh-CN">中文</a></xsl:when>
              <xsl:otherwise><a href="?lang=en" hreflang="en" lang="en">English</a></xsl:otherwise>
            </xsl:choose>
          </nav>
        </header>
        <main>
          <xsl:copy-of select="$body"/>
        </main>
        <footer><xsl:value-of select="bt:t('site.footer')"/></footer>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
