<?xml version="1.0" encoding="UTF-8"?>
<!-- lists.xsl: the red list and the black list, with the reasons. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template name="entries">
    <xsl:param name="list"/>
    <xsl:param name="empty"/>
    <xsl:choose>
      <xsl:when test="$list/item">
        <ul class="listing">
          <xsl:for-each select="$list/item">
            <li>
              <xsl:call-template name="grade"><xsl:with-param name="grade" select="grade"/></xsl:call-template>
              <a href="/enterprises/{id}"><xsl:call-template name="name"/></a>
              <span class="detail mono"><xsl:text> </xsl:text><xsl:value-of select="uscc"/></span>
              <ul class="why">
                <xsl:for-each select="reasons/item">
                  <li><xsl:value-of select="bt:t(concat('lists.reason.', .))"/>
                    <xsl:if test=". = 'serious_penalty'"><xsl:text>: </xsl:text><span class="mono"><xsl:value-of select="../../serious_penalties"/></span></xsl:if>
                    <xsl:if test=". = 'top_grade' or . = 'bottom_grade'"><xsl:text> (</xsl:text><xsl:value-of select="../../grade"/>, <xsl:value-of select="../../score"/>)</xsl:if>
                  </li>
                </xsl:for-each>
              </ul>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise><p class="detail"><xsl:value-of select="$empty"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('nav.lists')"/>
      <xsl:with-param name="body">
        <section class="card" id="red">
          <h1><xsl:value-of select="bt:t('lists.red')"/></h1>
          <p class="detail"><xsl:value-of select="bt:t('lists.red_rule')"/><xsl:value-of select="top_grade"/></p>
          <xsl:call-template name="entries"><xsl:with-param name="list" select="red"/><xsl:with-param name="empty" select="bt:t('lists.empty')"/></xsl:call-template>
        </section>
        <section class="card" id="black">
          <h1><xsl:value-of select="bt:t('lists.black')"/></h1>
          <p class="detail"><xsl:value-of select="bt:t('lists.black_rule')"/><xsl:value-of select="bottom_grade"/></p>
          <xsl:call-template name="entries"><xsl:with-param name="list" select="black"/><xsl:with-param name="empty" select="bt:t('lists.empty')"/></xsl:call-template>
          <p class="detail"><xsl:value-of select="bt:t('source.date')"/><xsl:value-of select="as_of"/></p>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
