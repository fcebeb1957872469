<?xml version="1.0" encoding="UTF-8"?>
<!-- complaints_desk.xsl: the regulator's queue, nearest deadline first,
     with filters; for a signed-in enterprise, its own cases. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('cmpl.desk.title')"/>
      <xsl:with-param name="body">
        <section class="card" id="queue">
          <h1><xsl:value-of select="bt:t('cmpl.desk.title')"/></h1>
          <xsl:if test="role != 'enterprise'">
            <form method="get" action="/desk/complaints" class="filters" id="filters">
              <label><xsl:value-of select="bt:t('cmpl.desk.view')"/>
                <select name="view">
                  <xsl:for-each select="views/item">
                    <option value="{.}"><xsl:if test=". = /view/filter/view"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="bt:t(concat('cmpl.desk.', .))"/></option>
                  </xsl:for-each>
                </select>
              </label>
              <label><xsl:value-of select="bt:t('cmpl.kind')"/>
                <select name="kind">
                  <option value=""><xsl:value-of select="bt:t('cmpl.desk.any')"/></option>
                  <option value="complaint"><xsl:if test="filter/kind = 'complaint'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="bt:t('cmpl.kind.complaint')"/></option>
                  <option value="report"><xsl:if test="filter/kind = 'report'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="bt:t('cmpl.kind.report')"/></option>
                </select>
              </label>
              <label><xsl:value-of select="bt:t('cmpl.desk.enterprise')"/>
                <input name="enterprise" inputmode="numeric" size="6">
                  <xsl:if test="filter/enterprise != '0'"><xsl:attribute name="value"><xsl:value-of select="filter/enterprise"/></xsl:attribute></xsl:if>
                </input>
              </label>
              <button type="submit"><xsl:value-of select="bt:t('cmpl.desk.filter')"/></button>
            </form>
            <p class="detail"><xsl:value-of select="bt:t('cmpl.desk.total')"/><xsl:value-of select="total"/>
              · <a id="queue-csv" href="/desk/complaints?{/view/keep_query}format=csv"><xsl:value-of select="bt:t('desk.csv')"/></a></p>
          </xsl:if>
          <xsl:if test="alerts/batches/item or alerts/counterfeits/item or alerts/frequent/item">
            <div class="notice" id="alerts">
              <h2><xsl:value-of select="bt:t('cmpl.desk.alerts')"/></h2>
              <ul>
                <xsl:for-each select="alerts/batches/item">
                  <li data-alert="batch"><xsl:value-of select="bt:t('cmpl.alert.batch')"/> · <span class="mono"><xsl:value-of select="gtin"/> / <xsl:value-of select="lot"/></span> · <xsl:value-of select="upheld"/>
                    <xsl:if test="approved_claims &gt; 0"> · <span data-claims="{approved_claims}"><xsl:value-of select="bt:t('ins.alert.claims')"/><xsl:value-of select="approved_claims"/></span>
                      <xsl:for-each select="open_claims/item"><xsl:text> </xsl:text><a href="/claims/{.}" class="mono"><xsl:value-of select="."/></a></xsl:for-each></xsl:if>
                    <xsl:if test="batch != ''">
                      <form method="post" action="/desk/recall" class="inline-actions recall-form">
                        <input type="hidden" name="csrf" value="{/view/csrf}"/>
                        <input type="hidden" name="batch" value="{batch}"/>
                        <input name="reason" required="required" maxlength="500" placeholder="{bt:t('cmpl.alert.recall_reason')}"/>
                        <button type="submit" class="secondary"><xsl:value-of select="bt:t('cmpl.alert.recall')"/></button>
                      </form>
                    </xsl:if></li>
                </xsl:for-each>
                <xsl:for-each select="alerts/counterfeits/item">
                  <li data-alert="counterfeit"><xsl:value-of select="bt:t('cmpl.alert.counterfeit')"/> · <span class="mono"><xsl:value-of select="gtin"/></span> · <xsl:value-of select="reports"/> · <xsl:value-of select="latest"/></li>
                </xsl:for-each>
                <xsl:for-each select="alerts/frequent/item">
                  <li data-alert="frequent"><xsl:value-of select="bt:t('cmpl.alert.frequent')"/> · <span class="mono"><xsl:value-of select="complainant"/></span> · <xsl:value-of select="cases"/></li>
                </xsl:for-each>
              </ul>
            </div>
          </xsl:if>
          <table class="list" id="cases">
            <thead><tr>
              <th><xsl:value-of select="bt:t('cmpl.case')"/></th>
              <th><xsl:value-of select="bt:t('cmpl.state')"/></th>
              <th><xsl:value-of select="bt:t('cmpl.next_due')"/></th>
              <th><xsl:value-of select="bt:t('cmpl.liable')"/></th>
            </tr></thead>
            <tbody>
              <xsl:for-each select="items/item">
                <tr data-number="{number}">
                  <xsl:if test="overdue = 'true'"><xsl:attribute name="class">overdue</xsl:attribute></xsl:if>
                  <td><a href="/complaints/{number}" class="mono"><xsl:value-of select="number"/></a><br/>
                    <span class="detail"><xsl:value-of select="bt:t(concat('cmpl.kind.', kind))"/> · <xsl:value-of select="bt:t(concat('cmpl.cat.', category))"/> · <xsl:value-of select="received_on"/></span></td>
                  <td><xsl:value-of select="bt:t(concat('cmpl.st.', state))"/></td>
                  <td><xsl:if test="next_due != ''"><xsl:value-of select="next_due"/><br/><span class="detail"><xsl:value-of select="bt:t(concat('cmpl.clock.', next_clock))"/></span></xsl:if>
                    <xsl:if test="overdue = 'true'"><br/><strong><xsl:value-of select="bt:t('cmpl.overdue')"/></strong></xsl:if></td>
                  <td><xsl:if test="enterprise/id"><xsl:call-template name="name"><xsl:with-param name="of" select="enterprise"/></xsl:call-template></xsl:if></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
          <xsl:if test="not(items/item)"><p class="detail"><xsl:value-of select="bt:t('word.none')"/></p></xsl:if>
          <xsl:call-template name="pager"><xsl:with-param name="base" select="concat('/desk/complaints?view=', filter/view, '&amp;kind=', filter/kind, '&amp;')"/></xsl:call-template>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
