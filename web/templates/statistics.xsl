<?xml version="1.0" encoding="UTF-8"?>
<!-- statistics.xsl: platform figures with SVG charts. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('nav.statistics')"/>
      <xsl:with-param name="body">
        <section class="card" id="figures">
          <h1><xsl:value-of select="bt:t('nav.statistics')"/></h1>
          <dl>
            <dt><xsl:value-of select="bt:t('stats.enterprises')"/></dt><dd id="enterprises"><xsl:call-template name="n"><xsl:with-param name="v" select="enterprises"/></xsl:call-template></dd>
            <dt><xsl:value-of select="bt:t('field.codes_issued')"/></dt><dd id="codes-issued"><xsl:value-of select="format-number(codes_issued, '#,##0')"/></dd>
            <dt><xsl:value-of select="bt:t('stats.codes_scanned')"/></dt><dd><xsl:value-of select="format-number(codes_scanned, '#,##0')"/></dd>
            <dt><xsl:value-of select="bt:t('stats.penalties')"/></dt><dd><xsl:call-template name="n"><xsl:with-param name="v" select="penalties_published"/></xsl:call-template></dd>
          </dl>
          <p class="detail"><xsl:value-of select="bt:t('source.date')"/><xsl:value-of select="as_of"/></p>
        </section>
        <section class="card" id="complaint-statistics">
          <h2><xsl:value-of select="bt:t('cat.complaints')"/></h2>
          <dl>
            <dt><xsl:value-of select="bt:t('cmpl.p.complaints')"/></dt><dd><xsl:call-template name="n"><xsl:with-param name="v" select="complaints/complaints"/></xsl:call-template></dd>
            <dt><xsl:value-of select="bt:t('cmpl.p.reports')"/></dt><dd><xsl:call-template name="n"><xsl:with-param name="v" select="complaints/reports"/></xsl:call-template></dd>
            <dt><xsl:value-of select="bt:t('cmpl.p.closed')"/></dt><dd><xsl:call-template name="n"><xsl:with-param name="v" select="complaints/closed"/></xsl:call-template></dd>
            <dt><xsl:value-of select="bt:t('cmpl.p.upheld')"/></dt><dd><xsl:call-template name="n"><xsl:with-param name="v" select="complaints/upheld"/></xsl:call-template></dd>
            <xsl:if test="complaints/median_working_days != ''"><dt><xsl:value-of select="bt:t('cmpl.p.median')"/></dt><dd><xsl:value-of select="complaints/median_working_days"/></dd></xsl:if>
          </dl>
          <ul>
            <xsl:for-each select="complaints/by_category/item"><li><xsl:value-of select="bt:t(concat('cmpl.cat.', category))"/>: <xsl:call-template name="n"><xsl:with-param name="v" select="count"/></xsl:call-template></li></xsl:for-each>
          </ul>
        </section>
        <section class="card" id="claim-statistics">
          <h2><xsl:value-of select="bt:t('ins.p.title')"/></h2>
          <xsl:call-template name="claim-figures"><xsl:with-param name="of" select="claims"/></xsl:call-template>
        </section>
        <section class="card">
          <h2><xsl:value-of select="bt:t('stats.scans_per_day')"/></h2>
          <xsl:call-template name="bars">
            <xsl:with-param name="items" select="scans_per_day/item"/>
            <xsl:with-param name="id" select="'chart-scans'"/>
            <xsl:with-param name="every" select="7"/>
            <xsl:with-param name="title" select="bt:t('stats.scans_per_day')"/>
          </xsl:call-template>
        </section>
        <section class="card">
          <h2><xsl:value-of select="bt:t('stats.verdicts')"/></h2>
          <xsl:call-template name="bars">
            <xsl:with-param name="items" select="verdicts/item"/>
            <xsl:with-param name="id" select="'chart-verdicts'"/>
            <xsl:with-param name="translate" select="'verdict.short.'"/>
            <xsl:with-param name="title" select="bt:t('stats.verdicts')"/>
          </xsl:call-template>
          <ul class="legend">
            <xsl:for-each select="verdicts/item">
              <li><xsl:value-of select="bt:t(concat('verdict.', label, '.title'))"/>: <xsl:call-template name="n"><xsl:with-param name="v" select="value"/></xsl:call-template></li>
            </xsl:for-each>
          </ul>
        </section>
        <section class="card">
          <h2><xsl:value-of select="bt:t('stats.value_by_month')"/></h2>
          <xsl:call-template name="bars">
            <xsl:with-param name="items" select="value_by_month/item"/>
            <xsl:with-param name="id" select="'chart-value'"/>
            <xsl:with-param name="every" select="3"/>
            <xsl:with-param name="title" select="bt:t('stats.value_by_month')"/>
          </xsl:call-template>
          <table>
            <xsl:for-each select="value_by_month/item[value &gt; 0]">
              <tr><td><xsl:value-of select="label"/></td><td class="num"><xsl:call-template name="yuan"><xsl:with-param name="fen" select="value"/></xsl:call-template></td></tr>
            </xsl:for-each>
          </table>
        </section>
        <section class="card">
          <h2><xsl:value-of select="bt:t('stats.by_grade')"/></h2>
          <xsl:call-template name="bars">
            <xsl:with-param name="items" select="by_grade/item"/>
            <xsl:with-param name="id" select="'chart-grades'"/>
            <xsl:with-param name="title" select="bt:t('stats.by_grade')"/>
          </xsl:call-template>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
