<?xml version="1.0" encoding="UTF-8"?>
<!-- audit.xsl: every change regulators, admins and insurers' handlers
     made, newest first: who, when, what. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('audit.title')"/>
      <xsl:with-param name="body">
        <section class="card" id="audit">
          <h1><xsl:value-of select="bt:t('audit.title')"/></h1>
          <p class="detail"><xsl:value-of select="bt:t('audit.intro')"/></p>
          <form method="get" action="/regulator/audit" class="inline-actions" id="audit-filter">
            <label><xsl:value-of select="bt:t('audit.actor')"/> <input name="actor" value="{actor}" maxlength="64"/></label>
            <button type="submit"><xsl:value-of select="bt:t('audit.filter')"/></button>
            <a id="audit-csv" href="/regulator/audit?{/view/page_query}format=csv"><xsl:value-of select="bt:t('audit.csv')"/></a>
          </form>
          <table class="list" id="audit-list">
            <thead><tr><th><xsl:value-of select="bt:t('audit.at')"/></th><th><xsl:value-of select="bt:t('audit.actor')"/></th><th><xsl:value-of select="bt:t('audit.what')"/></th><th><xsl:value-of select="bt:t('audit.status')"/></th></tr></thead>
            <tbody>
              <xsl:for-each select="items/item">
                <tr data-route="{route}"><td><xsl:value-of select="bt:cn(at)"/></td>
                  <td><span class="mono"><xsl:value-of select="actor"/></span><span class="detail"> · <xsl:value-of select="bt:t(concat('role.', actor_role))"/></span></td>
                  <td><span class="mono"><xsl:value-of select="method"/><xsl:text> </xsl:text><xsl:value-of select="path"/></span><br/><span class="detail mono"><xsl:value-of select="route"/></span></td>
                  <td class="num"><xsl:value-of select="status"/></td></tr>
              </xsl:for-each>
            </tbody>
          </table>
          <xsl:if test="not(items/item)"><p class="detail"><xsl:value-of select="bt:t('word.none')"/></p></xsl:if>
          <xsl:if test="count(items/item) = 500">
            <p class="pager"><a rel="next" href="/regulator/audit?actor={actor}&amp;before={items/item[last()]/id}"><xsl:value-of select="bt:t('pager.next')"/></a></p>
          </xsl:if>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
