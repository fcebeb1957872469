<?xml version="1.0" encoding="UTF-8"?>
<!-- _case.xsl: what a complaint case page and a claim page share (imported,
     not a page): a form per allowed action, the legal clocks with the days
     each deadline skipped, and the evidence photos. A page that imports it
     sets case-base (where its forms post), ev-prefix and clock-prefix (its
     catalog keys). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:variable name="case-base" select="'/complaints'"/>
  <xsl:variable name="ev-prefix" select="'cmpl.ev.'"/>
  <xsl:variable name="clock-prefix" select="'cmpl.clock.'"/>

  <!-- A form for one action, if the viewer may take it now. -->
  <xsl:template name="action">
    <xsl:param name="event"/>
    <xsl:param name="fields"/>
    <xsl:param name="style" select="''"/>
    <xsl:if test="/view/allowed/item = $event">
      <form method="post" action="{$case-base}/{/view/number}/events" class="stack action" id="act-{$event}">
        <xsl:if test="/view/failed/event = $event">
          <xsl:attribute name="class">stack action failed</xsl:attribute>
          <p class="error" role="alert"><xsl:call-template name="message"><xsl:with-param name="text" select="/view/error"/></xsl:call-template></p>
        </xsl:if>
        <input type="hidden" name="csrf" value="{/view/csrf}"/>
        <input type="hidden" name="event" value="{$event}"/>
        <xsl:if test="/view/token"><input type="hidden" name="token" value="{/view/token}"/></xsl:if>
        <xsl:copy-of select="$fields"/>
        <button type="submit" class="{$style}"><xsl:value-of select="bt:t(concat($ev-prefix, $event))"/></button>
      </form>
    </xsl:if>
  </xsl:template>

  <!-- A note field; after a refusal of its action, what was entered. -->
  <xsl:template name="text-field">
    <xsl:param name="name" select="'text'"/>
    <xsl:param name="required" select="true()"/>
    <xsl:param name="event" select="''"/>
    <label><xsl:value-of select="bt:t(concat('cmpl.field.', $name))"/>
      <textarea name="{$name}" rows="2" maxlength="2000">
        <xsl:if test="$required"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
        <xsl:if test="/view/failed/event = $event"><xsl:value-of select="/view/failed/values/*[local-name() = $name]"/></xsl:if>
      </textarea>
    </label>
  </xsl:template>

  <xsl:template name="choice">
    <xsl:param name="name"/>
    <xsl:param name="items"/>
    <xsl:param name="prefix"/>
    <label><xsl:value-of select="bt:t(concat('cmpl.field.', $name))"/>
      <select name="{$name}">
        <xsl:for-each select="$items">
          <option value="{.}"><xsl:value-of select="bt:t(concat($prefix, .))"/></option>
        </xsl:for-each>
      </select>
    </label>
  </xsl:template>

  <xsl:template name="clocks">
    <section class="card" id="clocks">
      <h2><xsl:value-of select="bt:t('cmpl.clocks')"/></h2>
      <xsl:for-each select="clocks/item">
        <div class="clock clock-{state}" data-clock="{clock}" data-state="{state}" data-due="{due}">
          <h3><xsl:value-of select="bt:t(concat($clock-prefix, clock))"/>:
            <xsl:choose>
              <xsl:when test="due != ''"><xsl:value-of select="bt:t('cmpl.due')"/><strong class="due"><xsl:value-of select="due"/></strong><xsl:value-of select="bt:t('cmpl.due_end')"/></xsl:when>
              <xsl:when test="state = 'paused'"><xsl:value-of select="bt:t('cmpl.paused_since')"/><xsl:value-of select="paused_from"/></xsl:when>
              <xsl:when test="due_earliest != ''"><xsl:value-of select="bt:t('cmpl.due_earliest')"/><strong class="due-earliest"><xsl:value-of select="due_earliest"/></strong><xsl:value-of select="bt:t('cmpl.due_earliest_end')"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="bt:t('cmpl.calendar_incomplete')"/></xsl:otherwise>
            </xsl:choose>
            · <xsl:value-of select="bt:t(concat('cmpl.clock_state.', state))"/></h3>
          <p class="detail">
            <xsl:call-template name="translated"><xsl:with-param name="prefix" select="'reg.'"/><xsl:with-param name="value" select="regulation"/></xsl:call-template>
            <xsl:text> </xsl:text><xsl:call-template name="translated"><xsl:with-param name="prefix" select="'art.'"/><xsl:with-param name="value" select="article"/></xsl:call-template>
            (<xsl:value-of select="version"/>):
            <xsl:value-of select="days"/><xsl:value-of select="bt:t(concat('cmpl.unit.', unit))"/>
            <xsl:value-of select="bt:t('cmpl.from')"/><xsl:value-of select="start"/> ·
            <xsl:value-of select="bt:t('cmpl.used')"/><xsl:value-of select="used"/> · <xsl:value-of select="bt:t('cmpl.left')"/><xsl:value-of select="left"/>
          </p>
          <xsl:if test="skipped/item">
            <details><summary><xsl:value-of select="bt:t('cmpl.skipped')"/> (<xsl:value-of select="count(skipped/item)"/>)</summary>
              <ul>
                <xsl:for-each select="skipped/item">
                  <li><xsl:value-of select="date"/> · <xsl:choose><xsl:when test="why = 'off'"><xsl:value-of select="name"/></xsl:when><xsl:otherwise><xsl:value-of select="bt:t('cmpl.weekend')"/></xsl:otherwise></xsl:choose></li>
                </xsl:for-each>
              </ul>
            </details>
          </xsl:if>
        </div>
      </xsl:for-each>
    </section>
  </xsl:template>

  <xsl:template name="photos">
    <section class="card" id="photos">
      <h2><xsl:value-of select="bt:t('cmpl.photos')"/> (<xsl:value-of select="count(evidence/item)"/>/5)</h2>
      <xsl:for-each select="evidence/item">
        <a href="{$case-base}/{/view/number}/photos/{.}?token={/view/token}"><img class="evidence" alt="{bt:t('cmpl.photo')} {position()}" src="{$case-base}/{/view/number}/photos/{.}?token={/view/token}" loading="lazy"/></a>
      </xsl:for-each>
      <xsl:if test="/view/token and count(evidence/item) &lt; 5 and /view/state != 'closed'">
        <form method="post" action="{$case-base}/{number}/photos" enctype="multipart/form-data" class="stack" id="photo-form">
          <input type="hidden" name="token" value="{/view/token}"/>
          <label><xsl:value-of select="bt:t('cmpl.photo_add')"/>
            <input type="file" name="photo" accept="image/jpeg,image/png" required="required"/></label>
          <p class="detail"><xsl:value-of select="bt:t('cmpl.photo_note')"/></p>
          <button type="submit"><xsl:value-of select="bt:t('cmpl.photo_send')"/></button>
        </form>
      </xsl:if>
    </section>
  </xsl:template>
</xsl:stylesheet>
