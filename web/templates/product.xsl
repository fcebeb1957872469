<?xml version="1.0" encoding="UTF-8"?>
<!-- product.xsl: what a consumer sees after scanning a genuine code. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:variable name="name">
      <xsl:call-template name="pick">
        <xsl:with-param name="zh" select="product/name_zh"/>
        <xsl:with-param name="en" select="product/name_en"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="$name"/>
      <xsl:with-param name="body">
        <section id="verdict">
          <xsl:attribute name="class">verdict <xsl:value-of select="verdict"/></xsl:attribute>
          <xsl:choose>
            <xsl:when test="verdict = 'suspect'">
              <h2><xsl:value-of select="bt:t('verdict.suspect.title')"/></h2>
              <p><xsl:value-of select="bt:t('verdict.suspect.text')"/></p>
            </xsl:when>
            <xsl:when test="verdict = 'caution'">
              <h2><xsl:value-of select="bt:t('verdict.caution.title')"/></h2>
              <p><xsl:value-of select="bt:t('verdict.caution.text')"/></p>
            </xsl:when>
            <xsl:otherwise>
              <h2><xsl:value-of select="bt:t('verdict.genuine.title')"/></h2>
              <p><xsl:value-of select="bt:t('verdict.genuine.text')"/></p>
            </xsl:otherwise>
          </xsl:choose>
          <p class="scans" id="scans">
            <xsl:choose>
              <xsl:when test="scans/count = 1"><xsl:value-of select="bt:t('scans.first')"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="bt:t('scans.summary', scans/count, scans/first_at_local)"/></xsl:otherwise>
            </xsl:choose>
          </p>
        </section>
        <xsl:if test="reasons/item">
          <section class="card" id="reasons">
            <h2><xsl:value-of select="bt:t('section.reasons')"/></h2>
            <ul>
              <xsl:for-each select="reasons/item">
                <li><xsl:attribute name="data-code"><xsl:value-of select="code"/></xsl:attribute><xsl:value-of select="text"/></li>
              </xsl:for-each>
            </ul>
          </section>
        </xsl:if>
        <xsl:if test="status/status">
          <section class="card notice" id="status">
            <h2>
              <xsl:choose>
                <xsl:when test="status/status = 'recalled'"><xsl:value-of select="bt:t('status.recalled')"/></xsl:when>
                <xsl:when test="status/status = 'stolen'"><xsl:value-of select="bt:t('status.stolen')"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="bt:t('status.revoked')"/></xsl:otherwise>
              </xsl:choose>
            </h2>
            <dl>
              <dt><xsl:value-of select="bt:t('field.status_reason')"/></dt>
              <dd><xsl:value-of select="status/reason"/></dd>
              <dt><xsl:value-of select="bt:t('field.effective')"/></dt>
              <dd><xsl:value-of select="status/effective_at"/></dd>
            </dl>
          </section>
        </xsl:if>
        <section class="card" id="product">
          <h1><xsl:value-of select="$name"/></h1>
          <dl>
            <dt><xsl:value-of select="bt:t('field.brand')"/></dt>
            <dd><xsl:value-of select="product/brand"/></dd>
            <dt><xsl:value-of select="bt:t('field.origin')"/></dt>
            <dd>
              <xsl:call-template name="pick">
                <xsl:with-param name="zh" select="product/origin/name_zh"/>
                <xsl:with-param name="en" select="product/origin/name_en"/>
              </xsl:call-template>
            </dd>
            <dt><xsl:value-of select="bt:t('field.gtin')"/></dt>
            <dd class="mono"><xsl:value-of select="code/gtin"/></dd>
            <xsl:if test="code/lot">
              <dt><xsl:value-of select="bt:t('field.lot')"/></dt>
              <dd class="mono"><xsl:value-of select="code/lot"/></dd>
            </xsl:if>
            <xsl:if test="code/expiry">
              <dt><xsl:value-of select="bt:t('field.expiry')"/></dt>
              <dd><xsl:value-of select="code/expiry"/></dd>
            </xsl:if>
            <dt><xsl:value-of select="bt:t('field.serial')"/></dt>
            <dd class="mono"><xsl:value-of select="code/serial"/></dd>
          </dl>
        </section>
        <section class="card" id="importer">
          <h2><xsl:value-of select="bt:t('section.importer')"/></h2>
          <dl>
            <dt><xsl:value-of select="bt:t('field.importer')"/></dt>
            <dd>
              <xsl:call-template name="pick">
                <xsl:with-param name="zh" select="importer/name_zh"/>
                <xsl:with-param name="en" select="importer/name_en"/>
              </xsl:call-template>
            </dd>
            <dt><xsl:value-of select="bt:t('field.uscc')"/></dt>
            <dd class="mono"><xsl:value-of select="importer/uscc"/></dd>
            <dt><xsl:value-of select="bt:t('field.customs_code')"/></dt>
            <dd class="mono"><xsl:value-of select="importer/customs_code"/></dd>
          </dl>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
