<?xml version="1.0" encoding="UTF-8"?>
<!-- code.xsl: one code's record for its enterprise and regulators: where
     it stands, its alerts and its latest scans, newest first. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="concat(bt:t('code.title'), ' ', batch, '/', index)"/>
      <xsl:with-param name="body">
        <section class="card" id="code">
          <p><a href="/console#alerts"><xsl:value-of select="bt:t('code.back')"/></a></p>
          <h1><xsl:value-of select="bt:t('code.title')"/><xsl:text> </xsl:text><span class="mono"><xsl:value-of select="batch"/>/<xsl:value-of select="index"/></span></h1>
          <dl>
            <dt><xsl:value-of select="bt:t('field.gtin')"/></dt><dd class="mono"><xsl:value-of select="gtin"/></dd>
            <xsl:if test="lot != ''"><dt><xsl:value-of select="bt:t('field.lot')"/></dt><dd class="mono"><xsl:value-of select="lot"/></dd></xsl:if>
            <xsl:if test="uri"><dt><xsl:value-of select="bt:t('code.uri')"/></dt><dd class="mono" id="code-uri"><xsl:value-of select="uri"/></dd></xsl:if>
            <dt><xsl:value-of select="bt:t('code.count')"/></dt>
            <dd id="code-count"><xsl:choose>
              <xsl:when test="stats/count"><xsl:call-template name="n"><xsl:with-param name="v" select="stats/count"/></xsl:call-template>
                <span class="detail"><xsl:text> · </xsl:text><xsl:value-of select="bt:t('code.first')"/><xsl:value-of select="bt:cn(stats/first_at)"/></span></xsl:when>
              <xsl:otherwise>0</xsl:otherwise>
            </xsl:choose></dd>
            <dt><xsl:value-of select="bt:t('code.status')"/></dt>
            <dd id="code-status"><xsl:for-each select="statuses/item">
                <p data-status="{status}"><strong><xsl:value-of select="bt:t(concat('status.', status))"/></strong> · <xsl:value-of select="bt:cn(effective_at)"/> · <xsl:call-template name="pick"><xsl:with-param name="zh" select="reason"/><xsl:with-param name="en" select="reason_en"/></xsl:call-template></p>
              </xsl:for-each>
              <xsl:if test="not(statuses/item)"><xsl:value-of select="bt:t('code.status_ok')"/></xsl:if></dd>
          </dl>
        </section>

        <section class="card" id="code-alerts">
          <h2><xsl:value-of select="bt:t('console.alerts')"/></h2>
          <xsl:for-each select="alerts/item">
            <p data-alert="{id}" data-state="{state}"><strong><xsl:value-of select="bt:t(concat('console.state.', state))"/></strong> · <xsl:value-of select="bt:cn(created_at)"/>
              · <xsl:call-template name="n"><xsl:with-param name="v" select="scans"/></xsl:call-template><xsl:value-of select="bt:t('console.scans')"/>
              <xsl:for-each select="reasons/item"><br/><span class="detail"><xsl:value-of select="bt:t(concat('reason.', .))"/></span></xsl:for-each>
              <xsl:if test="note != ''"><br/><span class="detail"><xsl:value-of select="note"/></span></xsl:if></p>
          </xsl:for-each>
          <xsl:if test="not(alerts/item)"><p class="detail"><xsl:value-of select="bt:t('word.none')"/></p></xsl:if>
        </section>

        <section class="card" id="code-scans">
          <h2><xsl:value-of select="bt:t('code.scans')"/></h2>
          <p class="detail"><xsl:value-of select="bt:t('code.scans_hint')"/></p>
          <table class="list" id="scan-list">
            <tr><th><xsl:value-of select="bt:t('code.at')"/></th><th><xsl:value-of select="bt:t('code.where')"/></th><th><xsl:value-of select="bt:t('code.network')"/></th><th><xsl:value-of select="bt:t('code.how')"/></th><th><xsl:value-of select="bt:t('code.verdict')"/></th></tr>
            <xsl:for-each select="scans/item">
              <tr data-verdict="{verdict}">
                <td class="keep"><xsl:value-of select="bt:cn(at)"/></td>
                <td class="keep"><xsl:choose>
                  <xsl:when test="province_zh != ''"><xsl:call-template name="pick"><xsl:with-param name="zh" select="province_zh"/><xsl:with-param name="en" select="province_en"/></xsl:call-template></xsl:when>
                  <xsl:otherwise><xsl:value-of select="bt:t('code.unknown_place')"/></xsl:otherwise>
                </xsl:choose></td>
                <td class="mono keep"><xsl:value-of select="network"/></td>
                <td><xsl:value-of select="bt:t(concat('code.ua.', ua_class))"/> · <xsl:value-of select="bt:t(concat('code.channel.', channel))"/></td>
                <td><xsl:value-of select="bt:t(concat('cmpl.verdict.', verdict))"/>
                  <!-- the reasons where they change, not again on every row -->
                  <xsl:if test="string(reasons) != string(following-sibling::item[1]/reasons)">
                    <xsl:for-each select="reasons/item"><div class="detail"><xsl:value-of select="bt:t(concat('reason.', .))"/></div></xsl:for-each>
                  </xsl:if></td>
              </tr>
            </xsl:for-each>
          </table>
          <xsl:if test="not(scans/item)"><p class="detail"><xsl:value-of select="bt:t('code.no_scans')"/></p></xsl:if>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
