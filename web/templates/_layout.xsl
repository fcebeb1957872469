<?xml version="1.0" encoding="UTF-8"?>
<!-- _layout.xsl: the frame every page shares (imported, not a page). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:variable name="lang" select="/view/@lang"/>

  <!-- The Chinese or English variant of a pair of values. -->
  <!-- The page language's text of the two, the other where it is missing. -->
  <xsl:template name="pick">
    <xsl:param name="zh"/>
    <xsl:param name="en"/>
    <xsl:choose>
      <xsl:when test="$lang = 'en' and string($en) != ''"><xsl:value-of select="$en"/></xsl:when>
      <xsl:when test="string($zh) != ''"><xsl:value-of select="$zh"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$en"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The name of the enterprise (or product) in context, by language. -->
  <xsl:template name="name">
    <xsl:param name="of" select="."/>
    <xsl:call-template name="pick">
      <xsl:with-param name="zh" select="$of/name_zh"/>
      <xsl:with-param name="en" select="$of/name_en"/>
    </xsl:call-template>
  </xsl:template>

  <!-- An amount in fen as yuan. -->
  <xsl:template name="yuan">
    <xsl:param name="fen"/>
    <xsl:text>¥</xsl:text>
    <xsl:value-of select="format-number($fen div 100, '#,##0.00')"/>
  </xsl:template>

  <!-- A credit grade as a badge (nothing when not rated). -->
  <xsl:template name="grade">
    <xsl:param name="grade"/>
    <xsl:if test="string($grade) != ''">
      <span class="grade grade-{$grade}" title="{bt:t('rating.grade')}"><xsl:value-of select="$grade"/></span>
    </xsl:if>
  </xsl:template>

  <!-- A link to a fact's entry in the public log: by its record's id, or
       the newest of its kind about an enterprise. -->
  <xsl:template name="log-link">
    <xsl:param name="kind"/>
    <xsl:param name="id" select="''"/>
    <xsl:param name="enterprise" select="''"/>
    <xsl:choose>
      <xsl:when test="string($id) != ''"><a class="log-link" href="/log/find?kind={$kind}&amp;id={$id}"><xsl:value-of select="bt:t('log.verify')"/></a></xsl:when>
      <xsl:when test="string($enterprise) != ''"><a class="log-link" href="/log/find?kind={$kind}&amp;enterprise={$enterprise}"><xsl:value-of select="bt:t('log.verify')"/></a></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- A count with thousands separators (12,345); anything not a number
       as it is. -->
  <xsl:template name="n">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="string(number($v)) != 'NaN'"><xsl:value-of select="format-number($v, '#,##0.##')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$v"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "Source: …, as of …" under a fact. -->
  <xsl:template name="source">
    <xsl:param name="key"/>
    <xsl:param name="date"/>
    <p class="source">
      <xsl:value-of select="bt:t('source.label')"/>
      <xsl:value-of select="bt:t($key)"/>
      <xsl:if test="string($date) != ''">
        <xsl:text> · </xsl:text>
        <xsl:value-of select="bt:t('source.date')"/>
        <xsl:value-of select="bt:cnday($date)"/>
      </xsl:if>
    </p>
  </xsl:template>

  <!-- A bar chart of items (label, value, h = height in percent) as SVG
       that scales to the screen; every nth label is written, through the
       catalog key translate + label when translate is given. -->
  <xsl:template name="bars">
    <xsl:param name="items"/>
    <xsl:param name="id"/>
    <xsl:param name="every" select="1"/>
    <xsl:param name="title"/>
    <xsl:param name="translate" select="''"/>
    <xsl:variable name="n" select="count($items)"/>
    <xsl:variable name="w" select="300 div $n"/>
    <svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{$id}" viewBox="-12 0 324 140" role="img" aria-label="{$title}">
      <title><xsl:value-of select="$title"/></title>
      <line x1="0" y1="110.5" x2="300" y2="110.5" class="axis"/>
      <xsl:for-each select="$items">
        <xsl:variable name="x" select="(position() - 1) * $w"/>
        <xsl:variable name="bh" select="h"/>
        <rect x="{format-number($x + $w * 0.1, '0.##')}" y="{110 - $bh}" width="{format-number($w * 0.8, '0.##')}" height="{$bh}" class="bar">
          <title><xsl:value-of select="label"/>: <xsl:call-template name="n"><xsl:with-param name="v" select="value"/></xsl:call-template></title>
        </rect>
        <xsl:if test="(position() - 1) mod $every = 0 and value &gt; 0">
          <!-- above the bar, inside the chart for the tallest -->
          <text x="{format-number($x + $w * 0.5, '0.##')}" y="{format-number(106 - $bh + (($bh &gt; 96) * ($bh - 96)), '0.##')}" class="value"><xsl:call-template name="n"><xsl:with-param name="v" select="value"/></xsl:call-template></text>
        </xsl:if>
        <xsl:if test="(position() - 1) mod $every = 0">
          <text x="{format-number($x + $w * 0.5, '0.##')}" y="125" class="label">
            <xsl:choose>
              <xsl:when test="$translate != ''"><xsl:value-of select="bt:t(concat($translate, label))"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="label"/></xsl:otherwise>
            </xsl:choose>
          </text>
        </xsl:if>
      </xsl:for-each>
    </svg>
  </xsl:template>

  <!-- Previous and next links of a paged list. -->
  <xsl:template name="pager">
    <xsl:param name="base"/>
    <xsl:variable name="page" select="number(/view/page)"/>
    <xsl:variable name="per" select="number(/view/per_page)"/>
    <p class="pager">
      <xsl:if test="$page &gt; 1">
        <a rel="prev" href="{$base}page={$page - 1}"><xsl:value-of select="bt:t('pager.prev')"/></a>
      </xsl:if>
      <xsl:if test="$page * $per &lt; number(/view/total)">
        <a rel="next" href="{$base}page={$page + 1}"><xsl:value-of select="bt:t('pager.next')"/></a>
      </xsl:if>
    </p>
  </xsl:template>

  <!-- A data value in the page's language: the catalog's text for prefix
       and value when it has one, else the value as stored. -->
  <xsl:template name="translated">
    <xsl:param name="prefix"/>
    <xsl:param name="value"/>
    <xsl:variable name="t" select="bt:t(concat($prefix, $value))"/>
    <xsl:choose>
      <xsl:when test="$t != concat($prefix, $value)"><xsl:value-of select="$t"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$value"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A server message in the page's language: the catalog's text for
       "msg." and the message when it has one; else a "field: rule" message
       with the field's name and the rule translated; else the message as
       it came. A trailing " (state ...)" detail is left to the page, which
       shows the actions allowed now. -->
  <!-- Quality-insurance claims of the last 12 months (claim_facts). -->
  <xsl:template name="claim-figures">
    <xsl:param name="of"/>
    <dl class="claim-figures">
      <dt><xsl:value-of select="bt:t('ins.p.received')"/></dt><dd data-figure="received"><xsl:value-of select="$of/claims_received"/></dd>
      <dt><xsl:value-of select="bt:t('ins.p.paid')"/></dt><dd data-figure="paid"><xsl:value-of select="$of/claims_paid"/></dd>
      <dt><xsl:value-of select="bt:t('ins.p.rejected')"/></dt><dd data-figure="rejected"><xsl:value-of select="$of/claims_rejected"/></dd>
      <dt><xsl:value-of select="bt:t('ins.p.open')"/></dt><dd><xsl:value-of select="$of/claims_open"/></dd>
      <dt><xsl:value-of select="bt:t('ins.p.paid_late')"/></dt><dd><xsl:value-of select="$of/claims_paid_late"/></dd>
      <xsl:if test="$of/median_days_to_pay != ''"><dt><xsl:value-of select="bt:t('ins.p.median')"/></dt><dd><xsl:value-of select="$of/median_days_to_pay"/></dd></xsl:if>
    </dl>
  </xsl:template>

  <!-- A server message in the page's language: the catalog's msg.TEXT,
       else "field: rule" with both looked up. A value the message names
       ends it in brackets, "TEXT [VALUE]": the catalog holds TEXT, and
       its translation places the value at "{}" (or after it). -->
  <xsl:template name="message">
    <xsl:param name="text"/>
    <xsl:choose>
      <xsl:when test="contains($text, ' [') and substring($text, string-length($text)) = ']'">
        <xsl:variable name="value" select="substring-before(substring-after($text, ' ['), ']')"/>
        <xsl:variable name="said"><xsl:call-template name="message-text"><xsl:with-param name="text" select="substring-before($text, ' [')"/></xsl:call-template></xsl:variable>
        <xsl:choose>
          <xsl:when test="contains($said, '{}')"><xsl:value-of select="concat(substring-before($said, '{}'), $value, substring-after($said, '{}'))"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="concat($said, ' ', $value)"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="message-text"><xsl:with-param name="text" select="$text"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="message-text">
    <xsl:param name="text"/>
    <xsl:variable name="main" select="substring-before(concat($text, ' (state '), ' (state ')"/>
    <xsl:variable name="whole" select="bt:t(concat('msg.', $main))"/>
    <xsl:variable name="field" select="substring-before($main, ': ')"/>
    <xsl:variable name="rule" select="substring-after($main, ': ')"/>
    <xsl:variable name="fname" select="bt:t(concat('cmpl.field.', $field))"/>
    <xsl:variable name="rtext" select="bt:t(concat('msg.', $rule))"/>
    <xsl:choose>
      <xsl:when test="$whole != concat('msg.', $main)"><xsl:value-of select="$whole"/></xsl:when>
      <xsl:when test="$field != '' and $rtext != concat('msg.', $rule)">
        <xsl:choose>
          <xsl:when test="$fname != concat('cmpl.field.', $field)"><xsl:value-of select="$fname"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$field"/></xsl:otherwise>
        </xsl:choose>
        <xsl:value-of select="bt:t('msg.sep')"/><xsl:value-of select="$rtext"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$main"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="page">
    <xsl:param name="title"/>
    <xsl:param name="body"/>
    <html>
      <xsl:attribute name="lang">
        <xsl:choose>
          <xsl:when test="$lang = 'en'">en</xsl:when>
          <xsl:otherwise>zh-CN</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> · <xsl:value-of select="bt:t('site.name')"/></title>
        <link rel="stylesheet" href="/static/style.css"/>
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/"><xsl:value-of select="bt:t('site.name')"/></a>
          <nav>
            <xsl:choose>
              <xsl:when test="/view/role and /view/role != 'public'">
                <a href="/account" class="signin"><xsl:value-of select="bt:t('account.title')"/></a>
              </xsl:when>
              <xsl:otherwise>
                <a href="/login" class="signin"><xsl:value-of select="bt:t('nav.login')"/></a>
              </xsl:otherwise>
            </xsl:choose>
            <xsl:choose>
              <xsl:when test="$lang = 'en'"><a href="?{/view/keep_query}lang=zh" hreflang="zh-CN" lang="zh-CN">中文</a></xsl:when>
              <xsl:otherwise><a href="?{/view/keep_query}lang=en" hreflang="en" lang="en">English</a></xsl:otherwise>
            </xsl:choose>
          </nav>
        </header>
        <nav class="sections">
          <a href="/enterprises"><xsl:value-of select="bt:t('nav.enterprises')"/></a>
          <a href="/lists"><xsl:value-of select="bt:t('nav.lists')"/></a>
          <a href="/penalties"><xsl:value-of select="bt:t('nav.penalties')"/></a>
          <a href="/statistics"><xsl:value-of select="bt:t('nav.statistics')"/></a>
          <a href="/draws"><xsl:value-of select="bt:t('nav.draws')"/></a>
          <a href="/scan"><xsl:value-of select="bt:t('nav.scan')"/></a>
        </nav>
        <main>
          <xsl:copy-of select="$body"/>
        </main>
        <footer><xsl:value-of select="bt:t('site.footer')"/> · <a href="/log" id="footer-log"><xsl:value-of select="bt:t('log.title')"/></a></footer>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
