<?xml version="1.0" encoding="UTF-8"?>
<!-- draw.xsl: one draw: its seed and population (published when made),
     its selection (published when run), and how to recompute it. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title"><xsl:call-template name="pick"><xsl:with-param name="zh" select="title"/><xsl:with-param name="en" select="title_en"/></xsl:call-template></xsl:with-param>
      <xsl:with-param name="body">
        <section class="card" id="draw">
          <h1><xsl:call-template name="pick"><xsl:with-param name="zh" select="title"/><xsl:with-param name="en" select="title_en"/></xsl:call-template></h1>
          <dl>
            <dt><xsl:value-of select="bt:t('draw.made')"/></dt><dd><xsl:value-of select="bt:cn(created_at)"/><xsl:value-of select="bt:t('time.cn')"/> · <span class="mono"><xsl:value-of select="created_by"/></span></dd>
            <dt><xsl:value-of select="bt:t('draw.seed')"/></dt><dd class="mono" id="seed"><xsl:value-of select="seed"/></dd>
            <dt><xsl:value-of select="bt:t('draw.run')"/></dt>
            <dd id="run-at"><xsl:choose><xsl:when test="run_at != ''"><xsl:value-of select="bt:cn(run_at)"/><xsl:value-of select="bt:t('time.cn')"/></xsl:when><xsl:otherwise><xsl:value-of select="bt:t('draw.not_run')"/></xsl:otherwise></xsl:choose></dd>
          </dl>
          <xsl:if test="run_at = '' and (/view/role = 'regulator' or /view/role = 'admin')">
            <form method="post" action="/regulator/draws/{id}/run">
              <input type="hidden" name="csrf" value="{/view/csrf}"/>
              <button type="submit" id="run"><xsl:value-of select="bt:t('draw.run_now')"/></button>
            </form>
          </xsl:if>
          <p class="detail"><xsl:value-of select="bt:t('draw.how')"/></p>
          <pre class="mono">printf '%s:%s' SEED USCC | sha256sum</pre>
        </section>
        <xsl:if test="selection">
          <section class="card" id="selection">
            <h2><xsl:value-of select="bt:t('draw.selection')"/> (<xsl:value-of select="count(selection/item)"/>)</h2>
            <table>
              <xsl:for-each select="selection/item">
                <tr><td><a href="/enterprises/{id}"><xsl:call-template name="name"/></a><div class="detail mono"><xsl:value-of select="uscc"/></div></td>
                  <td class="num"><xsl:value-of select="grade"/></td>
                  <td class="num mono">u = <xsl:value-of select="format-number(u, '0.000000')"/> &lt; <xsl:value-of select="rate"/></td></tr>
              </xsl:for-each>
            </table>
          </section>
        </xsl:if>
        <section class="card" id="population">
          <h2><xsl:value-of select="bt:t('draw.population')"/> (<xsl:value-of select="count(population/item)"/>)</h2>
          <table>
            <tr class="head"><td><xsl:value-of select="bt:t('field.uscc')"/></td><td class="num"><xsl:value-of select="bt:t('rating.grade')"/></td><td class="num"><xsl:value-of select="bt:t('draw.rate')"/></td></tr>
            <xsl:for-each select="population/item">
              <tr><td class="mono"><xsl:value-of select="uscc"/></td><td class="num"><xsl:value-of select="grade"/></td><td class="num"><xsl:value-of select="rate"/></td></tr>
            </xsl:for-each>
          </table>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
