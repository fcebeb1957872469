<?xml version="1.0" encoding="UTF-8"?>
<!-- regulator.xsl: what a regulator does here: record penalties, decide
     credit repairs, make and run inspection draws. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template name="text">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="required" select="true()"/>
    <xsl:param name="value" select="''"/>
    <xsl:param name="form" select="'penalty'"/>
    <label><xsl:value-of select="$label"/>
      <input name="{$name}" type="{$type}">
        <xsl:attribute name="value">
          <xsl:choose>
            <xsl:when test="/view/form_name = $form"><xsl:value-of select="/view/form/*[name() = $name]"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$value"/></xsl:otherwise>
          </xsl:choose>
        </xsl:attribute>
        <xsl:if test="$required"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
      </input>
    </label>
  </xsl:template>

  <!-- The refusal of form $form (and record $id), above it. -->
  <xsl:template name="refusal">
    <xsl:param name="form"/>
    <xsl:param name="id" select="0"/>
    <xsl:if test="/view/form_name = $form and number(/view/form_id) = number($id)">
      <p class="error" id="error-{$form}" role="alert"><xsl:value-of select="bt:t('cmpl.refused')"/><xsl:call-template name="message"><xsl:with-param name="text" select="/view/error"/></xsl:call-template></p>
    </xsl:if>
  </xsl:template>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('regulator.title')"/>
      <xsl:with-param name="body">
        <section class="card" id="penalty-form">
          <h1><xsl:value-of select="bt:t('regulator.title')"/></h1>
          <h2><xsl:value-of select="bt:t('regulator.record_penalty')"/></h2>
          <xsl:call-template name="refusal"><xsl:with-param name="form" select="'penalty'"/></xsl:call-template>
          <form method="post" action="/regulator/penalties" class="stack" id="penalty">
            <input type="hidden" name="csrf" value="{csrf}"/>
            <label><xsl:value-of select="bt:t('penalty.party_key')"/>
              <input name="enterprise" required="required" maxlength="40" value="{enterprise}{form[../form_name = 'penalty']/enterprise}"
                     placeholder="91330201MA2H7Q3K89" autocomplete="off"/>
            </label>
            <xsl:call-template name="text"><xsl:with-param name="name" select="'decision_no'"/><xsl:with-param name="label" select="bt:t('penalty.decision_no')"/></xsl:call-template>
            <label><xsl:value-of select="bt:t('penalty.violation')"/><textarea name="violation" required="required" rows="3"><xsl:value-of select="form[../form_name = 'penalty']/violation"/></textarea></label>
            <label><xsl:value-of select="bt:t('penalty.legal_basis')"/><textarea name="legal_basis" required="required" rows="2"><xsl:value-of select="form[../form_name = 'penalty']/legal_basis"/></textarea></label>
            <xsl:call-template name="text"><xsl:with-param name="name" select="'penalty'"/><xsl:with-param name="label" select="bt:t('penalty.penalty')"/></xsl:call-template>
            <details id="penalty-english"><summary><xsl:value-of select="bt:t('penalty.english')"/></summary>
              <label><xsl:value-of select="bt:t('penalty.violation_en')"/><textarea name="violation_en" rows="2"><xsl:value-of select="form[../form_name = 'penalty']/violation_en"/></textarea></label>
              <label><xsl:value-of select="bt:t('penalty.legal_basis_en')"/><textarea name="legal_basis_en" rows="2"><xsl:value-of select="form[../form_name = 'penalty']/legal_basis_en"/></textarea></label>
              <label><xsl:value-of select="bt:t('penalty.penalty_en')"/><textarea name="penalty_en" rows="1"><xsl:value-of select="form[../form_name = 'penalty']/penalty_en"/></textarea></label>
              <xsl:call-template name="text"><xsl:with-param name="name" select="'authority_en'"/><xsl:with-param name="label" select="bt:t('penalty.authority_en')"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
            </details>
            <xsl:call-template name="text"><xsl:with-param name="name" select="'amount'"/><xsl:with-param name="label" select="bt:t('penalty.amount_yuan')"/><xsl:with-param name="value" select="'0'"/></xsl:call-template>
            <xsl:call-template name="text"><xsl:with-param name="name" select="'decided_on'"/><xsl:with-param name="label" select="bt:t('penalty.decided_on')"/><xsl:with-param name="type" select="'date'"/><xsl:with-param name="value" select="today"/></xsl:call-template>
            <xsl:call-template name="text"><xsl:with-param name="name" select="'authority'"/><xsl:with-param name="label" select="bt:t('penalty.authority')"/></xsl:call-template>
            <label><xsl:value-of select="bt:t('penalty.severity')"/>
              <select name="severity">
                <option value="minor"><xsl:value-of select="bt:t('severity.minor')"/></option>
                <option value="general" selected="selected"><xsl:value-of select="bt:t('severity.general')"/></option>
                <option value="serious"><xsl:value-of select="bt:t('severity.serious')"/></option>
              </select>
            </label>
            <xsl:call-template name="text"><xsl:with-param name="name" select="'months'"/><xsl:with-param name="label" select="bt:t('penalty.months')"/><xsl:with-param name="type" select="'number'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
            <button type="submit"><xsl:value-of select="bt:t('regulator.record')"/></button>
          </form>
        </section>

        <section class="card" id="pending-repairs">
          <h2><xsl:value-of select="bt:t('regulator.repairs')"/></h2>
          <p class="detail"><a id="repairs-csv" href="/api/v1/repairs/pending?format=csv"><xsl:value-of select="bt:t('desk.csv')"/></a></p>
          <xsl:for-each select="pending/item">
            <div class="repair" data-id="{id}">
              <p><a href="/enterprises/{enterprise_id}"><xsl:call-template name="name"/></a> · <span class="mono"><xsl:value-of select="decision_no"/></span>
                (<xsl:value-of select="bt:t(concat('severity.', severity))"/>) · <xsl:value-of select="applied_on"/></p>
              <dl>
                <dt><xsl:value-of select="bt:t('repair.commitment')"/></dt><dd><xsl:call-template name="pick"><xsl:with-param name="zh" select="commitment"/><xsl:with-param name="en" select="commitment_en"/></xsl:call-template></dd>
                <dt><xsl:value-of select="bt:t('repair.rectification')"/></dt><dd><xsl:call-template name="pick"><xsl:with-param name="zh" select="rectification"/><xsl:with-param name="en" select="rectification_en"/></xsl:call-template></dd>
                <xsl:if test="proof_url != ''"><dt><xsl:value-of select="bt:t('repair.proof')"/></dt><dd><a class="mono" href="{proof_url}" rel="noopener noreferrer"><xsl:value-of select="proof_url"/></a></dd></xsl:if>
              </dl>
              <xsl:call-template name="refusal"><xsl:with-param name="form" select="'repair'"/><xsl:with-param name="id" select="id"/></xsl:call-template>
              <form method="post" action="/regulator/repairs/{id}" class="stack">
                <input type="hidden" name="csrf" value="{/view/csrf}"/>
                <label><xsl:value-of select="bt:t('repair.reason')"/><textarea name="reason" required="required" rows="2"><xsl:if test="/view/form_name = 'repair' and number(/view/form_id) = number(current()/id)"><xsl:value-of select="/view/form/reason"/></xsl:if></textarea></label>
                <button type="submit" name="decision" value="approve"><xsl:value-of select="bt:t('repair.approve')"/></button>
                <xsl:text> </xsl:text>
                <button type="submit" name="decision" value="reject" class="secondary"><xsl:value-of select="bt:t('repair.reject')"/></button>
              </form>
            </div>
          </xsl:for-each>
          <xsl:if test="not(pending/item)"><p class="detail"><xsl:value-of select="bt:t('word.none')"/></p></xsl:if>
        </section>

        <section class="card" id="objections">
          <h2><xsl:value-of select="bt:t('obj.waiting')"/></h2>
          <p class="detail"><a id="objections-csv" href="/api/v1/objections/pending?format=csv"><xsl:value-of select="bt:t('desk.csv')"/></a></p>
          <xsl:if test="done = 'objection'"><p class="ok" role="status" id="objection-answered"><xsl:value-of select="bt:t('obj.answered_ok')"/></p></xsl:if>
          <xsl:for-each select="objections/item">
            <div class="objection" data-id="{id}">
              <p><a href="/enterprises/{enterprise_id}"><xsl:call-template name="name"/></a> · <xsl:value-of select="bt:t(concat('obj.subject.', subject))"/>
                <xsl:if test="label_zh != ''"><xsl:text> </xsl:text><span class="mono"><xsl:call-template name="pick"><xsl:with-param name="zh" select="label_zh"/><xsl:with-param name="en" select="label_en"/></xsl:call-template></span></xsl:if>
                · <xsl:value-of select="filed_on"/></p>
              <p><xsl:value-of select="bt:t('obj.grounds')"/><xsl:value-of select="bt:t('msg.sep')"/><xsl:value-of select="grounds"/></p>
              <xsl:if test="subject = 'penalty'">
                <p><a class="correct-link" href="/regulator?decision_no={bt:uri(label_zh)}#revision-form"><xsl:value-of select="bt:t('obj.correct_link')"/></a></p>
              </xsl:if>
              <xsl:call-template name="refusal"><xsl:with-param name="form" select="'objection'"/><xsl:with-param name="id" select="id"/></xsl:call-template>
              <form method="post" action="/regulator/objections/{id}" class="stack">
                <input type="hidden" name="csrf" value="{/view/csrf}"/>
                <label><xsl:value-of select="bt:t('obj.answer_published')"/><textarea name="answer" required="required" rows="2"><xsl:if test="/view/form_name = 'objection' and number(/view/form_id) = number(current()/id)"><xsl:value-of select="/view/form/answer"/></xsl:if></textarea></label>
                <button type="submit" name="decision" value="uphold"><xsl:value-of select="bt:t('obj.uphold')"/></button>
                <xsl:text> </xsl:text>
                <button type="submit" name="decision" value="reject" class="secondary"><xsl:value-of select="bt:t('obj.reject')"/></button>
              </form>
            </div>
          </xsl:for-each>
          <xsl:if test="not(objections/item)"><p class="detail"><xsl:value-of select="bt:t('word.none')"/></p></xsl:if>
        </section>

        <section class="card" id="revision-form">
          <h2><xsl:value-of select="bt:t('rev.title')"/></h2>
          <p class="detail"><xsl:value-of select="bt:t('rev.hint')"/></p>
          <xsl:call-template name="refusal"><xsl:with-param name="form" select="'revision'"/></xsl:call-template>
          <form method="post" action="/regulator/revisions" class="stack" id="revision">
            <input type="hidden" name="csrf" value="{csrf}"/>
            <xsl:call-template name="text"><xsl:with-param name="name" select="'decision_no'"/><xsl:with-param name="label" select="bt:t('penalty.decision_no')"/><xsl:with-param name="form" select="'revision'"/><xsl:with-param name="value" select="decision_no"/></xsl:call-template>
            <label><xsl:value-of select="bt:t('rev.kind')"/>
              <select name="kind">
                <option value="correction"><xsl:value-of select="bt:t('rev.correction')"/></option>
                <option value="withdrawal"><xsl:if test="form[../form_name = 'revision']/kind = 'withdrawal'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="bt:t('rev.withdrawal')"/></option>
              </select>
            </label>
            <label><xsl:value-of select="bt:t('penalty.violation')"/><textarea name="violation" rows="2"><xsl:value-of select="form[../form_name = 'revision']/violation"/></textarea></label>
            <label><xsl:value-of select="bt:t('penalty.legal_basis')"/><textarea name="legal_basis" rows="2"><xsl:value-of select="form[../form_name = 'revision']/legal_basis"/></textarea></label>
            <xsl:call-template name="text"><xsl:with-param name="name" select="'penalty'"/><xsl:with-param name="label" select="bt:t('penalty.penalty')"/><xsl:with-param name="form" select="'revision'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
            <xsl:call-template name="text"><xsl:with-param name="name" select="'amount'"/><xsl:with-param name="label" select="bt:t('penalty.amount_yuan')"/><xsl:with-param name="form" select="'revision'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
            <xsl:call-template name="text"><xsl:with-param name="name" select="'authority'"/><xsl:with-param name="label" select="bt:t('penalty.authority')"/><xsl:with-param name="form" select="'revision'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
            <details><summary><xsl:value-of select="bt:t('penalty.english')"/></summary>
              <label><xsl:value-of select="bt:t('penalty.violation_en')"/><textarea name="violation_en" rows="2"><xsl:value-of select="form[../form_name = 'revision']/violation_en"/></textarea></label>
              <label><xsl:value-of select="bt:t('penalty.legal_basis_en')"/><textarea name="legal_basis_en" rows="2"><xsl:value-of select="form[../form_name = 'revision']/legal_basis_en"/></textarea></label>
              <label><xsl:value-of select="bt:t('penalty.penalty_en')"/><textarea name="penalty_en" rows="1"><xsl:value-of select="form[../form_name = 'revision']/penalty_en"/></textarea></label>
              <xsl:call-template name="text"><xsl:with-param name="name" select="'authority_en'"/><xsl:with-param name="label" select="bt:t('penalty.authority_en')"/><xsl:with-param name="form" select="'revision'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
            </details>
            <label><xsl:value-of select="bt:t('rev.reason')"/><textarea name="reason" required="required" rows="2"><xsl:value-of select="form[../form_name = 'revision']/reason"/></textarea></label>
            <button type="submit"><xsl:value-of select="bt:t('rev.submit')"/></button>
          </form>
        </section>

        <section class="card" id="draw-form">
          <h2><xsl:value-of select="bt:t('nav.draws')"/></h2>
          <xsl:call-template name="refusal"><xsl:with-param name="form" select="'draw'"/></xsl:call-template>
          <form method="post" action="/regulator/draws" class="stack">
            <input type="hidden" name="csrf" value="{csrf}"/>
            <xsl:call-template name="text"><xsl:with-param name="name" select="'title'"/><xsl:with-param name="label" select="bt:t('draw.title')"/><xsl:with-param name="form" select="'draw'"/></xsl:call-template>
            <xsl:call-template name="text"><xsl:with-param name="name" select="'title_en'"/><xsl:with-param name="label" select="bt:t('draw.title_en')"/><xsl:with-param name="form" select="'draw'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
            <button type="submit"><xsl:value-of select="bt:t('draw.make')"/></button>
          </form>
          <ul>
            <xsl:for-each select="draws/item">
              <li><a href="/draws/{id}"><xsl:call-template name="pick"><xsl:with-param name="zh" select="title"/><xsl:with-param name="en" select="title_en"/></xsl:call-template></a>
                <xsl:if test="run_at = ''"><span class="detail"><xsl:text> · </xsl:text><xsl:value-of select="bt:t('draw.not_run')"/></span></xsl:if></li>
            </xsl:for-each>
          </ul>
        </section>
        <xsl:if test="role = 'admin'">
          <p><a href="/admin/rules"><xsl:value-of select="bt:t('rules.title')"/></a></p>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
