<?xml version="1.0" encoding="UTF-8"?>
<!-- policies.xsl: quality-insurance policies with their use of the
     aggregate limit and deductible, and (for insurers and regulators) the
     form that registers one. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('ins.policies.title')"/>
      <xsl:with-param name="body">
        <section class="card" id="policies">
          <h1><xsl:value-of select="bt:t('ins.policies.title')"/></h1>
          <p><a href="/desk/claims"><xsl:value-of select="bt:t('ins.desk.title')"/></a></p>
          <table class="list" id="policy-list">
            <thead><tr>
              <th><xsl:value-of select="bt:t('ins.policy')"/></th>
              <th><xsl:value-of select="bt:t('ins.insured')"/></th>
              <th><xsl:value-of select="bt:t('ins.period')"/></th>
              <th><xsl:value-of select="bt:t('ins.limits')"/></th>
            </tr></thead>
            <tbody>
              <xsl:for-each select="items/item">
                <tr data-policy="{number}">
                  <td class="mono"><xsl:value-of select="number"/><br/><span class="detail"><xsl:call-template name="name"><xsl:with-param name="of" select="insurer"/></xsl:call-template></span></td>
                  <td><a href="/enterprises/{enterprise/id}"><xsl:call-template name="name"><xsl:with-param name="of" select="enterprise"/></xsl:call-template></a>
                    <xsl:if test="gtins/item"><br/><span class="detail mono"><xsl:for-each select="gtins/item"><xsl:value-of select="."/><xsl:text> </xsl:text></xsl:for-each></span></xsl:if>
                    <xsl:if test="categories/item"><br/><span class="detail"><xsl:for-each select="categories/item"><xsl:value-of select="."/><xsl:text> </xsl:text></xsl:for-each></span></xsl:if></td>
                  <td><xsl:value-of select="starts_on"/> – <xsl:value-of select="ends_on"/>
                    <br/><span class="detail"><xsl:choose><xsl:when test="in_force = 'true'"><xsl:value-of select="bt:t('ins.in_force')"/></xsl:when><xsl:otherwise><xsl:value-of select="bt:t('ins.not_in_force')"/></xsl:otherwise></xsl:choose>
                    · <xsl:value-of select="claim_days"/><xsl:value-of select="bt:t('ins.claim_days_unit')"/></span></td>
                  <td><xsl:value-of select="bt:t('ins.per_claim')"/><xsl:call-template name="yuan"><xsl:with-param name="fen" select="per_claim_fen"/></xsl:call-template>
                    <br/><xsl:value-of select="bt:t('ins.aggregate')"/><xsl:call-template name="yuan"><xsl:with-param name="fen" select="aggregate_fen"/></xsl:call-template>
                    (<xsl:value-of select="bt:t('ins.left')"/><xsl:call-template name="yuan"><xsl:with-param name="fen" select="left_fen"/></xsl:call-template>)
                    <br/><xsl:value-of select="bt:t('ins.deductible')"/><xsl:call-template name="yuan"><xsl:with-param name="fen" select="deductible_fen"/></xsl:call-template>
                    <xsl:if test="pays_in_advance = 'true'"><br/><xsl:value-of select="bt:t('ins.pays_in_advance')"/></xsl:if></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
          <xsl:if test="not(items/item)"><p class="detail"><xsl:value-of select="bt:t('word.none')"/></p></xsl:if>
        </section>
        <xsl:if test="role = 'insurer' or role = 'regulator' or role = 'admin'">
          <section class="card" id="policy-new">
            <h2><xsl:value-of select="bt:t('ins.policies.new')"/></h2>
            <xsl:if test="error">
              <p class="error" id="form-error" role="alert"><xsl:value-of select="bt:t('cmpl.refused')"/><xsl:call-template name="message"><xsl:with-param name="text" select="error"/></xsl:call-template></p>
            </xsl:if>
            <form method="post" action="/desk/policies" class="stack" id="policy-form">
              <input type="hidden" name="csrf" value="{csrf}"/>
              <label><xsl:value-of select="bt:t('ins.insurer')"/>
                <select name="insurer">
                  <xsl:for-each select="insurers/item">
                    <xsl:if test="/view/role != 'insurer' or id = /view/my_insurer">
                      <option value="{code}"><xsl:if test="code = /view/form/insurer"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:call-template name="name"/></option>
                    </xsl:if>
                  </xsl:for-each>
                </select></label>
              <label><xsl:value-of select="bt:t('ins.policy')"/><input name="number" value="{/view/form/number}" required="required" maxlength="40" pattern="[A-Za-z0-9-]{{4,40}}"/></label>
              <label><xsl:value-of select="bt:t('ins.enterprise_id')"/><input name="enterprise_id" value="{/view/form/enterprise_id}" inputmode="numeric" required="required"/></label>
              <label><xsl:value-of select="bt:t('ins.gtins')"/><textarea name="gtins" rows="2"><xsl:value-of select="form/gtins"/></textarea></label>
              <label><xsl:value-of select="bt:t('ins.categories')"/><input name="categories" value="{/view/form/categories}"/></label>
              <label><xsl:value-of select="bt:t('ins.starts_on')"/><input name="starts_on" value="{/view/form/starts_on}" type="date" required="required"/></label>
              <label><xsl:value-of select="bt:t('ins.ends_on')"/><input name="ends_on" value="{/view/form/ends_on}" type="date" required="required"/></label>
              <label><xsl:value-of select="bt:t('ins.per_claim')"/><input name="per_claim" value="{/view/form/per_claim}" inputmode="decimal" required="required"/></label>
              <label><xsl:value-of select="bt:t('ins.aggregate')"/><input name="aggregate" value="{/view/form/aggregate}" inputmode="decimal" required="required"/></label>
              <label><xsl:value-of select="bt:t('ins.deductible')"/><input name="deductible" inputmode="decimal"><xsl:attribute name="value"><xsl:choose><xsl:when test="form"><xsl:value-of select="form/deductible"/></xsl:when><xsl:otherwise>0</xsl:otherwise></xsl:choose></xsl:attribute></input></label>
              <label><xsl:value-of select="bt:t('ins.claim_days')"/><input name="claim_days" inputmode="numeric" required="required"><xsl:attribute name="value"><xsl:choose><xsl:when test="form"><xsl:value-of select="form/claim_days"/></xsl:when><xsl:otherwise>365</xsl:otherwise></xsl:choose></xsl:attribute></input></label>
              <label class="inline"><input type="checkbox" name="pays_in_advance" value="true"><xsl:if test="form/pays_in_advance"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if></input><xsl:value-of select="bt:t('ins.pays_in_advance')"/></label>
              <button type="submit"><xsl:value-of select="bt:t('ins.policies.add')"/></button>
            </form>
          </section>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
