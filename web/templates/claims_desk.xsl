<?xml version="1.0" encoding="UTF-8"?>
<!-- claims_desk.xsl: the claims queue, nearest deadline first: an
     insurer's claims handlers see their own, regulators every claim (and
     the frozen and flagged ones), an enterprise its own claims and the
     recoveries against it. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('ins.desk.title')"/>
      <xsl:with-param name="body">
        <section class="card" id="queue">
          <h1><xsl:value-of select="bt:t('ins.desk.title')"/></h1>
          <p><a href="/desk/policies" id="policies-link"><xsl:value-of select="bt:t('ins.policies.title')"/></a></p>
          <form method="get" action="/desk/claims" class="filters" id="filters">
            <label><xsl:value-of select="bt:t('cmpl.desk.view')"/>
              <select name="view">
                <xsl:for-each select="views/item">
                  <option value="{.}"><xsl:if test=". = /view/filter/view"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="bt:t(concat('ins.desk.', .))"/></option>
                </xsl:for-each>
              </select>
            </label>
            <button type="submit"><xsl:value-of select="bt:t('cmpl.desk.filter')"/></button>
          </form>
          <p class="detail"><xsl:value-of select="bt:t('cmpl.desk.total')"/><xsl:value-of select="total"/>
            · <span id="overdue-count" data-overdue="{overdue}"><xsl:value-of select="bt:t('ins.desk.overdue_count')"/><xsl:value-of select="overdue"/></span>
            · <a id="queue-csv" href="/desk/claims?{/view/keep_query}format=csv"><xsl:value-of select="bt:t('desk.csv')"/></a></p>
          <table class="list" id="claims">
            <thead><tr>
              <th><xsl:value-of select="bt:t('ins.claim_no')"/></th>
              <th><xsl:value-of select="bt:t('cmpl.state')"/></th>
              <th><xsl:value-of select="bt:t('cmpl.next_due')"/></th>
              <th><xsl:value-of select="bt:t('ins.amount')"/></th>
              <th><xsl:value-of select="bt:t('ins.insured')"/></th>
            </tr></thead>
            <tbody>
              <xsl:for-each select="items/item">
                <tr data-number="{number}" data-state="{state}">
                  <xsl:if test="overdue = 'true'"><xsl:attribute name="class">overdue</xsl:attribute></xsl:if>
                  <td><a href="/claims/{number}" class="mono"><xsl:value-of select="number"/></a><br/>
                    <span class="detail"><xsl:value-of select="bt:t(concat('ins.reason.', reason))"/> · <xsl:value-of select="received_on"/></span>
                    <xsl:for-each select="flags/item"><br/><span class="flag detail"><xsl:value-of select="bt:t(concat('ins.flag.', .))"/></span></xsl:for-each></td>
                  <td><xsl:value-of select="bt:t(concat('ins.st.', state))"/></td>
                  <td><xsl:if test="next_due != ''"><xsl:value-of select="next_due"/><br/><span class="detail"><xsl:value-of select="bt:t(concat('ins.clock.', next_clock))"/></span></xsl:if>
                    <xsl:if test="overdue = 'true'"><br/><strong><xsl:value-of select="bt:t('cmpl.overdue')"/></strong></xsl:if></td>
                  <td><xsl:call-template name="yuan"><xsl:with-param name="fen" select="amount_fen"/></xsl:call-template>
                    <xsl:if test="approved_fen != ''"><br/><span class="detail"><xsl:value-of select="bt:t('ins.approved_amount')"/><xsl:call-template name="yuan"><xsl:with-param name="fen" select="approved_fen"/></xsl:call-template></span></xsl:if></td>
                  <td><xsl:call-template name="name"><xsl:with-param name="of" select="enterprise"/></xsl:call-template><br/>
                    <span class="detail"><xsl:call-template name="name"><xsl:with-param name="of" select="insurer"/></xsl:call-template></span></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
          <xsl:if test="not(items/item)"><p class="detail"><xsl:value-of select="bt:t('word.none')"/></p></xsl:if>
          <xsl:call-template name="pager"><xsl:with-param name="base" select="concat('/desk/claims?view=', filter/view, '&amp;')"/></xsl:call-template>
        </section>
        <section class="card" id="recoveries">
          <h2><xsl:value-of select="bt:t('ins.recoveries')"/></h2>
          <ul>
            <xsl:for-each select="recoveries/item">
              <li data-claim="{claim}" data-balance="{balance_fen}"><a href="/claims/{claim}" class="mono"><xsl:value-of select="claim"/></a>
                · <xsl:call-template name="name"><xsl:with-param name="of" select="against"/></xsl:call-template>
                · <xsl:call-template name="yuan"><xsl:with-param name="fen" select="amount_fen"/></xsl:call-template>
                · <xsl:value-of select="bt:t('cmpl.balance')"/><xsl:call-template name="yuan"><xsl:with-param name="fen" select="balance_fen"/></xsl:call-template>
                <span class="detail"> · <xsl:call-template name="translated"><xsl:with-param name="prefix" select="'basis.'"/><xsl:with-param name="value" select="basis"/></xsl:call-template></span></li>
            </xsl:for-each>
          </ul>
          <xsl:if test="not(recoveries/item)"><p class="detail"><xsl:value-of select="bt:t('word.none')"/></p></xsl:if>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
