<?xml version="1.0" encoding="UTF-8"?>
<!-- account.xsl: who is signed in, and where they can go. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template name="enterprise-link">
    <a href="/enterprises/{id}/quality">
      <xsl:call-template name="pick">
        <xsl:with-param name="zh" select="name_zh"/>
        <xsl:with-param name="en" select="name_en"/>
      </xsl:call-template>
    </a>
  </xsl:template>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('account.title')"/>
      <xsl:with-param name="body">
        <section class="card" id="account">
          <h1><xsl:value-of select="bt:t('account.title')"/></h1>
          <p id="role">
            <xsl:choose>
              <xsl:when test="role = 'enterprise'"><xsl:value-of select="bt:t('role.enterprise')"/></xsl:when>
              <xsl:when test="role = 'admin'"><xsl:value-of select="bt:t('role.admin')"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="bt:t('role.regulator')"/></xsl:otherwise>
            </xsl:choose>
          </p>
          <h2><xsl:value-of select="bt:t('account.quality')"/></h2>
          <ul>
            <xsl:for-each select="enterprise | enterprises/item">
              <li><xsl:call-template name="enterprise-link"/></li>
            </xsl:for-each>
          </ul>
          <form method="post" action="/logout">
            <input type="hidden" name="csrf" value="{csrf}"/>
            <button type="submit"><xsl:value-of select="bt:t('account.logout')"/></button>
          </form>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
