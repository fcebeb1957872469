<?xml version="1.0" encoding="UTF-8"?>
<!-- login.xsl: signing in, with a password (regulators, insurers) or an API key. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('login.title')"/>
      <xsl:with-param name="body">
        <section class="card" id="login">
          <h1><xsl:value-of select="bt:t('login.title')"/></h1>
          <xsl:if test="error">
            <p class="error" role="alert" id="login-error"><xsl:value-of select="bt:t(error)"/></p>
          </xsl:if>
          <form method="post" action="/login" class="stack">
            <input type="hidden" name="next" value="{next}"/>
            <input type="hidden" name="csrf" value="{login_csrf}"/>
            <h2><xsl:value-of select="bt:t('login.with_password')"/></h2>
            <label><xsl:value-of select="bt:t('login.username')"/>
              <input type="text" name="username" autocomplete="username" maxlength="40"/></label>
            <label><xsl:value-of select="bt:t('login.password')"/>
              <input type="password" name="password" autocomplete="current-password" maxlength="200"/></label>
            <h2><xsl:value-of select="bt:t('login.with_key')"/></h2>
            <label><xsl:value-of select="bt:t('login.api_key')"/>
              <input type="password" name="api_key" autocomplete="off" maxlength="64"/></label>
            <button type="submit"><xsl:value-of select="bt:t('login.submit')"/></button>
          </form>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
