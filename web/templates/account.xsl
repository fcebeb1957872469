<?xml version="1.0" encoding="UTF-8"?>
<!-- account.xsl: who is signed in, and where they can go; an enterprise
     sees its published penalties and asks for credit repair here. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>
  <xsl:import href="_penalty.xsl"/>

  <xsl:template name="enterprise-link">
    <a href="/enterprises/{id}/quality"><xsl:call-template name="name"/></a>
  </xsl:template>

  <!-- One fact to object to, chosen again when the form comes back. -->
  <xsl:template name="fact-option">
    <xsl:param name="value"/>
    <xsl:param name="label"/>
    <option value="{$value}">
      <xsl:if test="/view/form_name = 'objection' and /view/form/fact = $value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
      <xsl:value-of select="$label"/>
    </option>
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
              <xsl:when test="role = 'insurer'"><xsl:value-of select="bt:t('role.insurer')"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="bt:t('role.regulator')"/></xsl:otherwise>
            </xsl:choose>
          </p>
          <xsl:if test="role = 'regulator' or role = 'admin'">
            <p><a href="/regulator" id="regulator-link"><xsl:value-of select="bt:t('regulator.title')"/></a></p>
            <p><a href="/console" id="console-link"><xsl:value-of select="bt:t('console.title.staff')"/></a></p>
            <p><a href="/regulator/audit" id="audit-link"><xsl:value-of select="bt:t('audit.title')"/></a></p>
          </xsl:if>
          <xsl:if test="role != 'insurer'">
            <p><a href="/desk/complaints" id="complaints-link"><xsl:value-of select="bt:t('cmpl.desk.title')"/></a></p>
          </xsl:if>
          <p><a href="/desk/claims" id="claims-link"><xsl:value-of select="bt:t('ins.desk.title')"/></a></p>
          <p><a href="/desk/policies" id="policies-link"><xsl:value-of select="bt:t('ins.policies.title')"/></a></p>
          <xsl:if test="role = 'admin'">
            <p><a href="/admin/rules"><xsl:value-of select="bt:t('rules.title')"/></a></p>
            <p><a href="/admin/calendar" id="calendar-link"><xsl:value-of select="bt:t('cal.title')"/></a></p>
            <form method="post" action="/account/unlock" class="stack" id="unlock-form">
              <h2><xsl:value-of select="bt:t('account.unlock')"/></h2>
              <xsl:if test="unlocked">
                <p class="ok" role="status" id="unlocked"><xsl:value-of select="bt:t('account.unlocked')"/><xsl:text> </xsl:text><xsl:value-of select="unlocked"/></p>
              </xsl:if>
              <input type="hidden" name="csrf" value="{csrf}"/>
              <label><xsl:value-of select="bt:t('login.username')"/>
                <input type="text" name="username" maxlength="40" required="required"/></label>
              <button type="submit"><xsl:value-of select="bt:t('account.unlock_submit')"/></button>
            </form>
          </xsl:if>
          <xsl:if test="enterprise">
            <p><a href="/console" id="console-link"><xsl:value-of select="bt:t('console.title')"/></a></p>
            <p><a href="/enterprises/{enterprise/id}"><xsl:value-of select="bt:t('account.profile')"/></a></p>
          </xsl:if>
          <xsl:if test="role != 'insurer'">
          <h2><xsl:value-of select="bt:t('account.quality')"/></h2>
          <ul>
            <xsl:for-each select="enterprise | enterprises/item">
              <li><xsl:call-template name="enterprise-link"/></li>
            </xsl:for-each>
          </ul>
          </xsl:if>
          <form method="post" action="/logout">
            <input type="hidden" name="csrf" value="{csrf}"/>
            <button type="submit"><xsl:value-of select="bt:t('account.logout')"/></button>
          </form>
        </section>
        <xsl:if test="enterprise">
          <section class="card" id="own-penalties">
            <h2><xsl:value-of select="bt:t('account.penalties')"/></h2>
            <xsl:for-each select="penalties/item">
              <xsl:call-template name="penalty"/>
              <xsl:variable name="pid" select="id"/>
              <xsl:choose>
                <xsl:when test="/view/pending/item[penalty_id = $pid]">
                  <p class="detail"><xsl:value-of select="bt:t('repair.waiting')"/></p>
                </xsl:when>
                <xsl:otherwise>
                  <form method="post" action="/account/penalties/{id}/repair" class="stack repair-form">
                    <input type="hidden" name="csrf" value="{/view/csrf}"/>
                    <label><xsl:value-of select="bt:t('repair.commitment')"/><textarea name="commitment" required="required" rows="2"></textarea></label>
                    <label><xsl:value-of select="bt:t('repair.rectification')"/><textarea name="rectification" required="required" rows="2"></textarea></label>
                    <label><xsl:value-of select="bt:t('repair.proof')"/><input name="proof_url" type="url"/></label>
                    <details class="repair-english"><summary><xsl:value-of select="bt:t('penalty.english')"/></summary>
                      <label><xsl:value-of select="bt:t('repair.commitment_en')"/><textarea name="commitment_en" rows="2"></textarea></label>
                      <label><xsl:value-of select="bt:t('repair.rectification_en')"/><textarea name="rectification_en" rows="2"></textarea></label>
                    </details>
                    <button type="submit"><xsl:value-of select="bt:t('repair.apply')"/></button>
                  </form>
                </xsl:otherwise>
              </xsl:choose>
            </xsl:for-each>
            <xsl:if test="not(penalties/item)"><p class="detail"><xsl:value-of select="bt:t('penalty.none')"/></p></xsl:if>
            <xsl:if test="repairs/item">
              <h3><xsl:value-of select="bt:t('repair.outcomes')"/></h3>
              <ul>
                <xsl:for-each select="repairs/item">
                  <li><span class="mono"><xsl:value-of select="decision_no"/></span>: <xsl:value-of select="bt:t(concat('repair.', status))"/> — <xsl:value-of select="reason"/></li>
                </xsl:for-each>
              </ul>
            </xsl:if>
          </section>
          <section class="card" id="objections">
            <h2><xsl:value-of select="bt:t('obj.file')"/></h2>
            <p class="detail"><xsl:value-of select="bt:t('obj.how')"/></p>
            <xsl:if test="done = 'objection'"><p class="ok" role="status" id="objection-filed"><xsl:value-of select="bt:t('obj.filed_ok')"/></p></xsl:if>
            <xsl:if test="form_name = 'objection'">
              <p class="error" id="error-objection" role="alert"><xsl:value-of select="bt:t('cmpl.refused')"/><xsl:call-template name="message"><xsl:with-param name="text" select="error"/></xsl:call-template></p>
            </xsl:if>
            <form method="post" action="/account/objections" class="stack" id="objection-form">
              <input type="hidden" name="csrf" value="{csrf}"/>
              <label><xsl:value-of select="bt:t('obj.fact')"/>
                <select name="fact" required="required">
                  <xsl:for-each select="penalties/item">
                    <xsl:call-template name="fact-option"><xsl:with-param name="value" select="concat('penalty:', id)"/>
                      <xsl:with-param name="label" select="concat(bt:t('obj.subject.penalty'), ' ', decision_no)"/></xsl:call-template>
                  </xsl:for-each>
                  <xsl:for-each select="inspections/item">
                    <xsl:call-template name="fact-option"><xsl:with-param name="value" select="concat('inspection:', id)"/>
                      <xsl:with-param name="label" select="concat(bt:t('obj.subject.inspection'), ' ', report_no, ' · ', tested_on)"/></xsl:call-template>
                  </xsl:for-each>
                  <xsl:for-each select="commitments/item">
                    <xsl:variable name="text"><xsl:call-template name="pick"><xsl:with-param name="zh" select="text_zh"/><xsl:with-param name="en" select="text_en"/></xsl:call-template></xsl:variable>
                    <xsl:call-template name="fact-option"><xsl:with-param name="value" select="concat('commitment:', id)"/>
                      <xsl:with-param name="label" select="concat(bt:t('obj.subject.commitment'), ' ', substring($text, 1, 40))"/></xsl:call-template>
                  </xsl:for-each>
                  <xsl:call-template name="fact-option"><xsl:with-param name="value" select="'rating'"/><xsl:with-param name="label" select="bt:t('obj.subject.rating')"/></xsl:call-template>
                  <xsl:call-template name="fact-option"><xsl:with-param name="value" select="'customs_class'"/><xsl:with-param name="label" select="bt:t('obj.subject.customs_class')"/></xsl:call-template>
                </select>
              </label>
              <label><xsl:value-of select="bt:t('obj.grounds')"/>
                <textarea name="grounds" required="required" rows="3" maxlength="2000"><xsl:value-of select="form[../form_name = 'objection']/grounds"/></textarea></label>
              <button type="submit"><xsl:value-of select="bt:t('obj.submit')"/></button>
            </form>
            <xsl:if test="objections/item">
              <h3><xsl:value-of select="bt:t('obj.mine')"/></h3>
              <ul id="my-objections">
                <xsl:for-each select="objections/item">
                  <li data-status="{status}"><xsl:value-of select="bt:t(concat('obj.subject.', subject))"/>
                    <xsl:if test="label_zh != ''"><xsl:text> </xsl:text><span class="mono"><xsl:call-template name="pick"><xsl:with-param name="zh" select="label_zh"/><xsl:with-param name="en" select="label_en"/></xsl:call-template></span></xsl:if>
                    · <strong><xsl:value-of select="bt:t(concat('obj.status.', status))"/></strong> · <xsl:value-of select="filed_on"/>
                    <xsl:if test="answer != ''"><div class="detail"><xsl:value-of select="bt:t('obj.answer')"/><xsl:value-of select="bt:t('msg.sep')"/><xsl:value-of select="answer"/></div></xsl:if></li>
                </xsl:for-each>
              </ul>
            </xsl:if>
          </section>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
