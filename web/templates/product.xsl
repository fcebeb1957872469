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
        <section class="verdict genuine" id="verdict">
          <h2><xsl:value-of select="bt:t('verdict.genuine.title')"/></h2>
          <p><xsl:value-of select="bt:t('verdict.genuine.text')"/></p>
        </section>
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
