<?xml version="1.0" encoding="UTF-8"?>
<!-- notgenuine.xsl: the answer to a code we did not issue. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('notgenuine.title')"/>
      <xsl:with-param name="body">
        <section class="verdict suspect" id="verdict">
          <h1><xsl:value-of select="bt:t('notgenuine.title')"/></h1>
          <p><xsl:value-of select="bt:t('notgenuine.text')"/></p>
        </section>
        <section class="card">
          <h2><xsl:value-of select="bt:t('notgenuine.todo')"/></h2>
          <ol>
            <li><xsl:value-of select="bt:t('notgenuine.todo1')"/></li>
            <li><xsl:value-of select="bt:t('notgenuine.todo2')"/></li>
            <li><xsl:value-of select="bt:t('notgenuine.todo3')"/></li>
          </ol>
          <p class="detail"><xsl:value-of select="bt:t('notgenuine.detail')"/><xsl:value-of select="bt:t('msg.sep')"/><span id="reason"><xsl:call-template name="message"><xsl:with-param name="text" select="reason"/></xsl:call-template></span></p>
        </section>
        <section class="card actions" id="complain">
          <h2><xsl:value-of select="bt:t('cmpl.kind.report')"/></h2>
          <p class="detail"><xsl:value-of select="bt:t('cmpl.new.copied')"/></p>
          <form method="get" action="/complaints/new" class="inline-actions">
            <input type="hidden" name="code" value="{scanned}"/>
            <button type="submit" name="kind" value="report"><xsl:value-of select="bt:t('cmpl.bar.report')"/></button>
          </form>
          <p class="detail"><xsl:value-of select="bt:t('cmpl.hotline')"/> <a href="tel:12315">12315</a></p>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
