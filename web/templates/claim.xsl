<?xml version="1.0" encoding="UTF-8"?>
<!-- claim.xsl: one quality-insurance claim as its viewer may see it: the
     consumer (with the access code), the insured enterprise, the policy's
     insurer or a regulator. The automatic checks (in plain words for the
     consumer), the statutory clocks, the frozen evidence, photos, the
     decision with its ledger, the recovery, the events, and a form for
     each action allowed. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_case.xsl"/>

  <xsl:variable name="case-base" select="'/claims'"/>
  <xsl:variable name="ev-prefix" select="'ins.ev.'"/>
  <xsl:variable name="clock-prefix" select="'ins.clock.'"/>

  <xsl:template name="amount-field">
    <xsl:param name="label" select="bt:t('ins.amount')"/>
    <label><xsl:value-of select="$label"/><input name="amount" inputmode="decimal" required="required"/></label>
  </xsl:template>

  <xsl:template match="/view">
    <xsl:variable name="staff" select="viewer = 'insurer' or viewer = 'regulator'"/>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="concat(bt:t('ins.claim_no'), ' ', number)"/>
      <xsl:with-param name="body">
        <section class="card" id="claim">
          <h1><xsl:value-of select="bt:t('ins.claim_no')"/> · <span class="mono" id="claim-number"><xsl:value-of select="number"/></span></h1>
          <xsl:if test="filed">
            <p class="notice" id="filed"><xsl:value-of select="bt:t('ins.filed')"/></p>
          </xsl:if>
          <xsl:if test="error">
            <p class="error" id="form-error" role="alert"><xsl:value-of select="bt:t('cmpl.refused')"/><xsl:call-template name="message"><xsl:with-param name="text" select="error"/></xsl:call-template></p>
          </xsl:if>
          <dl>
            <dt><xsl:value-of select="bt:t('cmpl.state')"/></dt><dd id="claim-state" data-state="{state}"><xsl:value-of select="bt:t(concat('ins.st.', state))"/></dd>
            <dt><xsl:value-of select="bt:t('cmpl.received')"/></dt><dd><xsl:value-of select="received_local"/></dd>
            <dt><xsl:value-of select="bt:t('ins.insurer')"/></dt><dd id="claim-insurer"><xsl:call-template name="name"><xsl:with-param name="of" select="insurer"/></xsl:call-template></dd>
            <dt><xsl:value-of select="bt:t('ins.policy')"/></dt><dd class="mono"><xsl:value-of select="policy/number"/> · <xsl:value-of select="policy/starts_on"/> – <xsl:value-of select="policy/ends_on"/></dd>
            <dt><xsl:value-of select="bt:t('ins.insured')"/></dt>
            <dd><a href="/enterprises/{enterprise/id}"><xsl:call-template name="name"><xsl:with-param name="of" select="enterprise"/></xsl:call-template></a></dd>
            <dt><xsl:value-of select="bt:t('ins.reason')"/></dt><dd><xsl:value-of select="bt:t(concat('ins.reason.', reason))"/></dd>
            <dt><xsl:value-of select="bt:t('ins.amount')"/></dt><dd id="claimed"><xsl:call-template name="yuan"><xsl:with-param name="fen" select="amount_fen"/></xsl:call-template></dd>
            <xsl:if test="approved_fen != ''">
              <dt><xsl:value-of select="bt:t('ins.approved_amount')"/></dt><dd id="approved"><xsl:call-template name="yuan"><xsl:with-param name="fen" select="approved_fen"/></xsl:call-template></dd>
            </xsl:if>
            <xsl:if test="paid_fen &gt; 0">
              <dt><xsl:value-of select="bt:t('ins.paid_amount')"/></dt><dd id="paid"><xsl:call-template name="yuan"><xsl:with-param name="fen" select="paid_fen"/></xsl:call-template></dd>
            </xsl:if>
            <xsl:if test="advance_fen &gt; 0">
              <dt><xsl:value-of select="bt:t('ins.advance')"/></dt><dd id="advance"><xsl:value-of select="bt:t(concat('cmpl.payer.', advance_payer))"/> · <xsl:call-template name="yuan"><xsl:with-param name="fen" select="advance_fen"/></xsl:call-template></dd>
            </xsl:if>
            <dt><xsl:value-of select="bt:t('ins.description')"/></dt><dd><xsl:value-of select="description"/></dd>
            <xsl:if test="purchased_on != ''"><dt><xsl:value-of select="bt:t('cmpl.purchased_on')"/></dt><dd><xsl:value-of select="purchased_on"/></dd></xsl:if>
            <xsl:if test="order_no != ''"><dt><xsl:value-of select="bt:t('ins.order_no')"/></dt><dd class="mono"><xsl:value-of select="order_no"/></dd></xsl:if>
            <xsl:if test="case != ''"><dt><xsl:value-of select="bt:t('ins.case')"/></dt><dd class="mono"><xsl:value-of select="case"/></dd></xsl:if>
            <xsl:if test="appeal_of != ''"><dt><xsl:value-of select="bt:t('ins.appeal_of')"/></dt><dd class="mono"><xsl:call-template name="claim-link"><xsl:with-param name="number" select="appeal_of"/></xsl:call-template></dd></xsl:if>
            <xsl:if test="appealed_by != ''"><dt><xsl:value-of select="bt:t('ins.appealed_by')"/></dt><dd class="mono" id="appealed-by"><xsl:call-template name="claim-link"><xsl:with-param name="number" select="appealed_by"/></xsl:call-template></dd></xsl:if>
            <xsl:if test="contact">
              <dt><xsl:value-of select="bt:t('cmpl.contact')"/></dt><dd id="contact"><xsl:value-of select="contact/name"/> · <xsl:value-of select="contact/phone"/></dd>
            </xsl:if>
          </dl>
          <xsl:if test="flags/item and viewer != 'consumer'">
            <ul class="flags" id="flags">
              <xsl:for-each select="flags/item"><li data-flag="{.}"><xsl:value-of select="bt:t(concat('ins.flag.', .))"/></li></xsl:for-each>
            </ul>
          </xsl:if>
        </section>

        <section class="card" id="checks">
          <h2><xsl:value-of select="bt:t('ins.checks')"/></h2>
          <ul class="checks">
            <xsl:for-each select="checks/item">
              <li data-check="{code}" data-ok="{ok}">
                <xsl:attribute name="class"><xsl:choose><xsl:when test="ok = 'true'">ok</xsl:when><xsl:otherwise>fail</xsl:otherwise></xsl:choose></xsl:attribute>
                <strong><xsl:choose><xsl:when test="ok = 'true'">✓ </xsl:when><xsl:otherwise>✗ </xsl:otherwise></xsl:choose></strong>
                <xsl:choose>
                  <xsl:when test="ok = 'true'"><xsl:value-of select="bt:t(concat('ins.check.', code, '.ok'))"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="bt:t(concat('ins.check.', code, '.fail'))"/></xsl:otherwise>
                </xsl:choose>
                <xsl:if test="$staff"><span class="detail mono"> · <xsl:value-of select="code"/><xsl:if test="detail != ''"> · <xsl:value-of select="detail"/></xsl:if></span></xsl:if>
              </li>
            </xsl:for-each>
          </ul>
        </section>

        <xsl:call-template name="clocks"/>

        <section class="card" id="evidence">
          <h2><xsl:value-of select="bt:t('cmpl.evidence')"/></h2>
          <dl>
            <dt><xsl:value-of select="bt:t('cmpl.verdict_then')"/></dt>
            <dd id="frozen-verdict"><xsl:value-of select="bt:t(concat('cmpl.verdict.', snapshot/verdict))"/></dd>
            <xsl:if test="snapshot/scans"><dt><xsl:value-of select="bt:t('cmpl.scans_then')"/></dt><dd><xsl:value-of select="snapshot/scans/count"/></dd></xsl:if>
            <xsl:if test="lot != ''"><dt><xsl:value-of select="bt:t('field.lot')"/></dt><dd class="mono"><xsl:value-of select="lot"/></dd></xsl:if>
            <xsl:if test="snapshot/declaration/invt_no != ''"><dt><xsl:value-of select="bt:t('cmpl.inventory')"/></dt><dd class="mono"><xsl:value-of select="snapshot/declaration/invt_no"/> · <xsl:value-of select="snapshot/declaration/ie_date"/></dd></xsl:if>
            <xsl:for-each select="snapshot/provenance/inspections/item[position() &lt;= 3]">
              <dt><xsl:value-of select="bt:t('cmpl.inspection')"/></dt><dd><xsl:value-of select="tested_on"/> · <xsl:value-of select="lab"/> · <xsl:choose><xsl:when test="passed = 'true'"><xsl:value-of select="bt:t('cmpl.passed')"/></xsl:when><xsl:otherwise><strong><xsl:value-of select="bt:t('cmpl.failed')"/></strong></xsl:otherwise></xsl:choose></dd>
            </xsl:for-each>
          </dl>
        </section>

        <xsl:call-template name="photos"/>

        <xsl:if test="ledger/payable_fen != '' or recovery/amount_fen != ''">
          <section class="card" id="money">
            <h2><xsl:value-of select="bt:t('ins.money')"/></h2>
            <xsl:if test="ledger/payable_fen != ''">
              <p id="ledger" data-payable="{ledger/payable_fen}"><xsl:value-of select="bt:t('ins.loss')"/><xsl:call-template name="yuan"><xsl:with-param name="fen" select="ledger/loss_fen"/></xsl:call-template>
                · <xsl:value-of select="bt:t('ins.deductible')"/><xsl:call-template name="yuan"><xsl:with-param name="fen" select="ledger/deductible_fen"/></xsl:call-template>
                · <xsl:value-of select="bt:t('ins.payable')"/><strong><xsl:call-template name="yuan"><xsl:with-param name="fen" select="ledger/payable_fen"/></xsl:call-template></strong>
                <xsl:if test="ledger/limited_by != ''"> · <xsl:value-of select="bt:t(concat('ins.limited.', ledger/limited_by))"/></xsl:if></p>
            </xsl:if>
            <xsl:if test="recovery/amount_fen != ''">
              <p id="recovery" data-balance="{recovery/balance_fen}"><xsl:value-of select="bt:t('ins.recovery')"/>
                <xsl:call-template name="name"><xsl:with-param name="of" select="recovery/against"/></xsl:call-template>
                · <xsl:call-template name="translated"><xsl:with-param name="prefix" select="'basis.'"/><xsl:with-param name="value" select="recovery/basis"/></xsl:call-template>
                · <xsl:value-of select="bt:t('cmpl.balance')"/><xsl:call-template name="yuan"><xsl:with-param name="fen" select="recovery/balance_fen"/></xsl:call-template></p>
            </xsl:if>
          </section>
        </xsl:if>

        <section class="card" id="events">
          <h2><xsl:value-of select="bt:t('cmpl.events')"/></h2>
          <ol class="events">
            <xsl:for-each select="events/item">
              <li data-event="{kind}"><span class="detail"><xsl:value-of select="bt:cn(at)"/> · <xsl:value-of select="bt:t(concat('ins.actor.', actor_kind))"/><xsl:if test="actor != '' and actor != actor_kind"> (<xsl:value-of select="actor"/>)</xsl:if> · <xsl:call-template name="log-link"><xsl:with-param name="kind">claim_event</xsl:with-param><xsl:with-param name="id" select="id"/></xsl:call-template></span>
                <xsl:text> </xsl:text><strong><xsl:value-of select="bt:t(concat('ins.ev.', kind))"/></strong>
                <xsl:if test="data/text != ''"><p><xsl:value-of select="data/text"/></p></xsl:if>
                <xsl:if test="data/reason != ''"><p><xsl:value-of select="bt:t(concat('ins.reject.', data/reason))"/></p></xsl:if>
                <xsl:if test="data/result != ''"><p><xsl:value-of select="bt:t(concat('ins.result.', data/result))"/></p></xsl:if>
                <xsl:if test="data/lab != ''"><p><xsl:value-of select="data/lab"/></p></xsl:if>
                <xsl:if test="data/payable_fen != ''"><p><xsl:value-of select="bt:t('ins.payable')"/><xsl:call-template name="yuan"><xsl:with-param name="fen" select="data/payable_fen"/></xsl:call-template></p></xsl:if>
                <xsl:if test="data/amount_fen != '' and not(data/payable_fen)"><p><xsl:call-template name="yuan"><xsl:with-param name="fen" select="data/amount_fen"/></xsl:call-template></p></xsl:if>
                <xsl:for-each select="data/to/item"><p class="payee" data-payee="{payee}"><xsl:value-of select="bt:t(concat('ins.payee.', payee))"/> · <xsl:call-template name="yuan"><xsl:with-param name="fen" select="amount_fen"/></xsl:call-template></p></xsl:for-each>
                <xsl:if test="data/failed/item"><p class="detail"><xsl:for-each select="data/failed/item"><xsl:value-of select="bt:t(concat('ins.check.', ., '.fail'))"/><xsl:if test="position() != last()"> · </xsl:if></xsl:for-each></p></xsl:if>
              </li>
            </xsl:for-each>
          </ol>
        </section>

        <xsl:if test="allowed/item">
          <section class="card" id="actions">
            <h2><xsl:value-of select="bt:t('cmpl.actions')"/></h2>
            <xsl:if test="$staff and checks/item[ok != 'true'] and (allowed/item = 'approved' or allowed/item = 'paid')">
              <p class="notice" id="failed-checks-warning" role="alert"><xsl:value-of select="bt:t('ins.failed_checks_warning')"/>
                <xsl:for-each select="checks/item[ok != 'true']"><xsl:if test="position() > 1"><xsl:value-of select="bt:t('word.list_sep')"/></xsl:if><xsl:value-of select="bt:t(concat('ins.check.', code, '.fail'))"/></xsl:for-each></p>
            </xsl:if>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'cleared'"/>
              <xsl:with-param name="fields"><xsl:call-template name="text-field"><xsl:with-param name="required" select="false()"/><xsl:with-param name="event" select="'cleared'"/></xsl:call-template></xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'materials_requested'"/>
              <xsl:with-param name="style" select="'secondary'"/>
              <xsl:with-param name="fields"><xsl:call-template name="text-field"><xsl:with-param name="event" select="'materials_requested'"/></xsl:call-template></xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'materials_received'"/>
              <xsl:with-param name="fields"><xsl:call-template name="text-field"><xsl:with-param name="required" select="false()"/><xsl:with-param name="event" select="'materials_received'"/></xsl:call-template></xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'accepted'"/></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'appraisal_started'"/>
              <xsl:with-param name="fields"><label><xsl:value-of select="bt:t('cmpl.field.lab')"/><input name="lab" required="required" maxlength="100"/></label></xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'appraisal_recorded'"/>
              <xsl:with-param name="fields">
                <label><xsl:value-of select="bt:t('ins.field.result')"/>
                  <select name="result"><xsl:for-each select="choices/results/item"><option value="{.}"><xsl:value-of select="bt:t(concat('ins.result.', .))"/></option></xsl:for-each></select></label>
                <label><xsl:value-of select="bt:t('ins.field.inspection')"/><input name="inspection" inputmode="numeric"/></label>
                <xsl:call-template name="text-field"><xsl:with-param name="required" select="false()"/><xsl:with-param name="event" select="'appraisal_recorded'"/></xsl:call-template>
              </xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'approved'"/>
              <xsl:with-param name="fields">
                <xsl:call-template name="amount-field"><xsl:with-param name="label" select="bt:t('ins.loss_found')"/></xsl:call-template>
                <p class="detail"><xsl:value-of select="bt:t('ins.approve_note')"/></p>
              </xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'rejected'"/>
              <xsl:with-param name="style" select="'secondary'"/>
              <xsl:with-param name="fields">
                <label><xsl:value-of select="bt:t('ins.field.reason')"/>
                  <select name="reason"><xsl:for-each select="choices/reject_reasons/item"><option value="{.}"><xsl:value-of select="bt:t(concat('ins.reject.', .))"/></option></xsl:for-each></select></label>
                <xsl:call-template name="text-field"><xsl:with-param name="event" select="'rejected'"/></xsl:call-template>
              </xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'rejection_notified'"/></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'interim_paid'"/>
              <xsl:with-param name="fields"><xsl:call-template name="amount-field"/></xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'advance_recorded'"/>
              <xsl:with-param name="fields">
                <label><xsl:value-of select="bt:t('cmpl.field.payer')"/>
                  <select name="payer"><xsl:for-each select="choices/payers/item"><option value="{.}"><xsl:value-of select="bt:t(concat('cmpl.payer.', .))"/></option></xsl:for-each></select></label>
                <label><xsl:value-of select="bt:t('cmpl.field.payer_name')"/><input name="payer_name" required="required" maxlength="100"/></label>
                <xsl:call-template name="amount-field"/>
              </xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'paid'"/></xsl:call-template>
            <xsl:if test="recovery/balance_fen &gt; 0">
              <xsl:call-template name="action"><xsl:with-param name="event" select="'recovered'"/>
                <xsl:with-param name="fields"><xsl:call-template name="amount-field"/></xsl:with-param></xsl:call-template>
            </xsl:if>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'appealed'"/>
              <xsl:with-param name="fields"><xsl:call-template name="text-field"><xsl:with-param name="event" select="'appealed'"/></xsl:call-template></xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'flagged'"/>
              <xsl:with-param name="style" select="'secondary'"/>
              <xsl:with-param name="fields"><xsl:call-template name="text-field"><xsl:with-param name="event" select="'flagged'"/></xsl:call-template></xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'message'"/>
              <xsl:with-param name="fields"><xsl:call-template name="text-field"><xsl:with-param name="event" select="'message'"/></xsl:call-template></xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'closed'"/></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'withdrawn'"/><xsl:with-param name="style" select="'secondary'"/></xsl:call-template>
          </section>
        </xsl:if>
        <p class="detail"><xsl:value-of select="bt:t('cmpl.hotline')"/> <a href="tel:12315">12315</a></p>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
  <!-- Another claim of the same item: a link for those who see claims
       by their number (a consumer's access code is the claim's own). -->
  <xsl:template name="claim-link">
    <xsl:param name="number"/>
    <xsl:choose>
      <xsl:when test="/view/viewer = 'consumer'"><xsl:value-of select="$number"/></xsl:when>
      <xsl:otherwise><a href="/claims/{$number}"><xsl:value-of select="$number"/></a></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
