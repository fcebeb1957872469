<?xml version="1.0" encoding="UTF-8"?>
<!-- _enterprises.xsl: the search form and a list of enterprises with
     their grades (imported, not a page). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">

  <xsl:template name="search-form">
    <form method="get" action="/enterprises" class="search" role="search">
      <label for="q"><xsl:value-of select="bt:t('search.label')"/></label>
      <div class="row">
        <input id="q" name="q" type="search" maxlength="100" value="{/view/q}"
               placeholder="{bt:t('search.placeholder')}"/>
        <button type="submit"><xsl:value-of select="bt:t('search.submit')"/></button>
      </div>
    </form>
  </xsl:template>

  <xsl:template name="enterprise-list">
    <ul class="enterprises">
      <xsl:for-each select="/view/items/item">
        <li>
          <xsl:call-template name="grade"><xsl:with-param name="grade" select="grade"/></xsl:call-template>
          <a href="/enterprises/{id}"><xsl:call-template name="name"/></a>
          <span class="detail mono"><xsl:text> </xsl:text><xsl:value-of select="uscc"/></span>
        </li>
      </xsl:for-each>
    </ul>
  </xsl:template>
</xsl:stylesheet>
