<?xml version="1.0" encoding="UTF-8"?>
<!-- calendar.xsl: the official working-day calendar as loaded: each
     year's days off and working weekend days, and a form to load a year. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('cal.title')"/>
      <xsl:with-param name="body">
        <section class="card" id="calendar">
          <h1><xsl:value-of select="bt:t('cal.title')"/></h1>
          <p class="detail"><xsl:value-of select="bt:t('cal.intro')"/></p>
          <xsl:if test="error">
            <p class="error" id="form-error" role="alert"><xsl:value-of select="bt:t('cmpl.refused')"/><xsl:call-template name="message"><xsl:with-param name="text" select="error"/></xsl:call-template></p>
          </xsl:if>
          <xsl:for-each select="years/item">
            <details class="year" data-year="{year}">
              <summary><strong><xsl:value-of select="year"/></strong> · <span translate="no"><xsl:value-of select="source"/></span> · <xsl:value-of select="loaded_on"/>
                (<xsl:value-of select="count(days/item[off = 'true'])"/><xsl:value-of select="bt:t('cal.off')"/>,
                 <xsl:value-of select="count(days/item[off = 'false'])"/><xsl:value-of select="bt:t('cal.working')"/>)</summary>
              <ul>
                <xsl:for-each select="days/item">
                  <li><xsl:value-of select="date"/> · <xsl:value-of select="name"/> · <xsl:choose><xsl:when test="off = 'true'"><xsl:value-of select="bt:t('cal.day_off')"/></xsl:when><xsl:otherwise><strong><xsl:value-of select="bt:t('cal.day_working')"/></strong></xsl:otherwise></xsl:choose></li>
                </xsl:for-each>
              </ul>
            </details>
          </xsl:for-each>
          <h2><xsl:value-of select="bt:t('cal.load')"/></h2>
          <form method="post" action="/admin/calendar" class="stack" id="calendar-form">
            <input type="hidden" name="csrf" value="{csrf}"/>
            <label><xsl:value-of select="bt:t('cal.file')"/>
              <textarea name="year" rows="8" required="required" placeholder='{{"year": 2027, "days": [{{"name": "元旦", "date": "2027-01-01", "isOffDay": true}}]}}'></textarea>
            </label>
            <button type="submit"><xsl:value-of select="bt:t('cal.load')"/></button>
          </form>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
