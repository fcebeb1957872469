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
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
