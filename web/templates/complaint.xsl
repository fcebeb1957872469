<?xml version="1.0" encoding="UTF-8"?>
<!-- complaint.xsl: one case, as its viewer may see it: the consumer (with
     the access code), the enterprise party to it, or the handling office.
     The frozen evidence, the legal clocks with the days each deadline
     skipped, the events, payments, and a form for each action allowed. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_case.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="concat(bt:t('cmpl.case'), ' ', number)"/>
      <xsl:with-param name="body">
        <section class="card" id="case">
          <h1><xsl:value-of select="bt:t(concat('cmpl.kind.', kind))"/> · <span class="mono" id="case-number"><xsl:value-of select="number"/></span></h1>
          <xsl:if test="filed">
            <p class="notice" id="filed"><xsl:value-of select="bt:t('cmpl.filed')"/></p>
          </xsl:if>
          <xsl:if test="error">
            <p class="error" id="form-error" role="alert"><xsl:value-of select="bt:t('cmpl.refused')"/><xsl:call-template name="message"><xsl:with-param name="text" select="error"/></xsl:call-template></p>
          </xsl:if>
          <dl>
            <dt><xsl:value-of select="bt:t('cmpl.state')"/></dt><dd id="case-state" data-state="{state}"><xsl:value-of select="bt:t(concat('cmpl.st.', state))"/></dd>
            <dt><xsl:value-of select="bt:t('cmpl.received')"/></dt><dd><xsl:value-of select="received_local"/></dd>
            <dt><xsl:value-of select="bt:t('cmpl.office')"/></dt><dd><xsl:call-template name="name"><xsl:with-param name="of" select="office"/></xsl:call-template></dd>
            <xsl:if test="enterprise/id">
              <dt><xsl:value-of select="bt:t('cmpl.liable')"/></dt>
              <dd><a href="/enterprises/{enterprise/id}"><xsl:call-template name="name"><xsl:with-param name="of" select="enterprise"/></xsl:call-template></a></dd>
            </xsl:if>
            <xsl:if test="platform != ''"><dt><xsl:value-of select="bt:t('cmpl.platform')"/></dt><dd><xsl:value-of select="platform"/></dd></xsl:if>
            <dt><xsl:value-of select="bt:t('cmpl.category')"/></dt><dd><xsl:value-of select="bt:t(concat('cmpl.cat.', category))"/></dd>
            <xsl:if test="demand != ''">
              <dt><xsl:value-of select="bt:t('cmpl.demand')"/></dt>
              <dd><xsl:value-of select="bt:t(concat('cmpl.remedy.', demand))"/>
                <xsl:if test="amount_fen != ''"> · <xsl:call-template name="yuan"><xsl:with-param name="fen" select="amount_fen"/></xsl:call-template></xsl:if></dd>
            </xsl:if>
            <dt><xsl:value-of select="bt:t('cmpl.description')"/></dt><dd><xsl:value-of select="description"/></dd>
            <xsl:if test="purchased_on != ''"><dt><xsl:value-of select="bt:t('cmpl.purchased_on')"/></dt><dd><xsl:value-of select="purchased_on"/></dd></xsl:if>
            <dt><xsl:value-of select="bt:t('cmpl.regulation')"/></dt><dd><xsl:call-template name="translated"><xsl:with-param name="prefix" select="'reg.'"/><xsl:with-param name="value" select="regulation"/></xsl:call-template></dd>
            <xsl:if test="contact">
              <dt><xsl:value-of select="bt:t('cmpl.contact')"/></dt><dd id="contact"><xsl:value-of select="contact/name"/> · <xsl:value-of select="contact/phone"/></dd>
            </xsl:if>
          </dl>
          <xsl:if test="flags/item">
            <ul class="flags" id="flags">
              <xsl:for-each select="flags/item"><li data-flag="{.}"><xsl:value-of select="bt:t(concat('cmpl.flag.', .))"/></li></xsl:for-each>
            </ul>
          </xsl:if>
          <xsl:if test="kind = 'complaint' and code != '' and /view/token">
            <form method="get" action="/claims/new" class="inline-actions" id="claim-from-case">
              <input type="hidden" name="code" value="{code}"/>
              <input type="hidden" name="case" value="{number}"/>
              <button type="submit" class="secondary"><xsl:value-of select="bt:t('ins.claim')"/></button>
              <span class="detail"><xsl:text> </xsl:text><xsl:value-of select="bt:t('ins.from_case_hint')"/></span>
            </form>
          </xsl:if>
        </section>

        <xsl:call-template name="clocks"/>

        <section class="card" id="evidence">
          <h2><xsl:value-of select="bt:t('cmpl.evidence')"/></h2>
          <dl>
            <dt><xsl:value-of select="bt:t('cmpl.verdict_then')"/></dt>
            <dd id="frozen-verdict"><xsl:value-of select="bt:t(concat('cmpl.verdict.', snapshot/verdict))"/></dd>
            <xsl:if test="snapshot/scans">
              <dt><xsl:value-of select="bt:t('cmpl.scans_then')"/></dt>
              <dd><xsl:value-of select="snapshot/scans/count"/> · <xsl:value-of select="bt:cnday(snapshot/scans/first_at)"/></dd>
            </xsl:if>
            <xsl:if test="snapshot/code/lot != ''"><dt><xsl:value-of select="bt:t('field.lot')"/></dt><dd class="mono"><xsl:value-of select="snapshot/code/lot"/></dd></xsl:if>
            <xsl:if test="snapshot/code/expiry != ''"><dt><xsl:value-of select="bt:t('field.expiry')"/></dt><dd><xsl:value-of select="snapshot/code/expiry"/></dd></xsl:if>
            <xsl:if test="snapshot/declaration/invt_no != ''"><dt><xsl:value-of select="bt:t('cmpl.inventory')"/></dt><dd class="mono"><xsl:value-of select="snapshot/declaration/invt_no"/> · <xsl:value-of select="snapshot/declaration/ie_date"/></dd></xsl:if>
            <xsl:if test="snapshot/status/status != ''"><dt><xsl:value-of select="bt:t('cmpl.status_then')"/></dt><dd><xsl:value-of select="bt:t(concat('status.', snapshot/status/status))"/> · <xsl:value-of select="snapshot/status/reason"/></dd></xsl:if>
            <xsl:for-each select="snapshot/provenance/inspections/item[position() &lt;= 3]">
              <dt><xsl:value-of select="bt:t('cmpl.inspection')"/></dt><dd><xsl:value-of select="tested_on"/> · <xsl:value-of select="lab"/> · <xsl:choose><xsl:when test="passed = 'true'"><xsl:value-of select="bt:t('cmpl.passed')"/></xsl:when><xsl:otherwise><strong><xsl:value-of select="bt:t('cmpl.failed')"/></strong></xsl:otherwise></xsl:choose></dd>
            </xsl:for-each>
          </dl>
        </section>

        <xsl:call-template name="photos"/>

        <xsl:if test="payments/item">
          <section class="card" id="payments">
            <h2><xsl:value-of select="bt:t('cmpl.payments')"/></h2>
            <ul>
              <xsl:for-each select="payments/item">
                <li data-payment="{id}" data-balance="{balance_fen}">#<xsl:value-of select="id"/> · <xsl:value-of select="payer_name"/> (<xsl:value-of select="bt:t(concat('cmpl.payer.', payer))"/>) · <xsl:call-template name="yuan"><xsl:with-param name="fen" select="amount_fen"/></xsl:call-template> · <xsl:value-of select="paid_on"/>
                  <xsl:if test="recover_from != ''"> · <xsl:value-of select="bt:t('cmpl.balance')"/><xsl:call-template name="yuan"><xsl:with-param name="fen" select="balance_fen"/></xsl:call-template></xsl:if></li>
              </xsl:for-each>
            </ul>
          </section>
        </xsl:if>

        <section class="card" id="events">
          <h2><xsl:value-of select="bt:t('cmpl.events')"/></h2>
          <ol class="events">
            <xsl:for-each select="events/item">
              <li data-event="{kind}"><span class="detail"><xsl:value-of select="bt:cn(at)"/> · <xsl:value-of select="bt:t(concat('cmpl.actor.', actor_kind))"/> · <xsl:call-template name="log-link"><xsl:with-param name="kind">complaint_event</xsl:with-param><xsl:with-param name="id" select="id"/></xsl:call-template></span>
                <xsl:text> </xsl:text><strong><xsl:value-of select="bt:t(concat('cmpl.ev.', kind))"/></strong>
                <xsl:if test="data/text != ''"><p><xsl:value-of select="data/text"/></p></xsl:if>
                <xsl:if test="data/amount_fen != ''"><p><xsl:call-template name="yuan"><xsl:with-param name="fen" select="data/amount_fen"/></xsl:call-template></p></xsl:if>
                <xsl:if test="data/ground != ''"><p><xsl:value-of select="bt:t(concat('cmpl.ground.', data/ground))"/></p>
                  <p class="notice"><xsl:value-of select="bt:t('cmpl.other_ways')"/></p></xsl:if>
                <xsl:if test="data/reason != ''"><p><xsl:value-of select="bt:t(concat('cmpl.end.', data/reason))"/></p></xsl:if>
                <xsl:if test="data/lab != ''"><p><xsl:value-of select="data/lab"/> · <xsl:value-of select="bt:t(concat('cmpl.tpayer.', data/payer))"/></p></xsl:if>
              </li>
            </xsl:for-each>
          </ol>
        </section>

        <xsl:if test="allowed/item">
          <section class="card" id="actions">
            <h2><xsl:value-of select="bt:t('cmpl.actions')"/></h2>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'accepted'"/></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'not_accepted'"/>
              <xsl:with-param name="style" select="'secondary'"/>
              <xsl:with-param name="fields">
                <xsl:call-template name="choice"><xsl:with-param name="name" select="'ground'"/><xsl:with-param name="items" select="choices/grounds/item"/><xsl:with-param name="prefix" select="'cmpl.ground.'"/></xsl:call-template>
                <xsl:call-template name="text-field"><xsl:with-param name="event" select="'not_accepted'"/></xsl:call-template>
              </xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'mediation_started'"/></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'testing_started'"/>
              <xsl:with-param name="fields">
                <label><xsl:value-of select="bt:t('cmpl.field.lab')"/><input name="lab" required="required" maxlength="100"/></label>
                <xsl:call-template name="choice"><xsl:with-param name="name" select="'payer'"/><xsl:with-param name="items" select="choices/testing_payers/item"/><xsl:with-param name="prefix" select="'cmpl.tpayer.'"/></xsl:call-template>
              </xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'testing_ended'"/>
              <xsl:with-param name="fields"><xsl:call-template name="text-field"><xsl:with-param name="required" select="false()"/><xsl:with-param name="event" select="'testing_ended'"/></xsl:call-template></xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'agreement'"/>
              <xsl:with-param name="fields">
                <label><xsl:value-of select="bt:t('cmpl.amount')"/><input name="amount" inputmode="decimal" required="required"/></label>
                <xsl:call-template name="text-field"><xsl:with-param name="event" select="'agreement'"/></xsl:call-template>
              </xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'mediation_ended'"/>
              <xsl:with-param name="style" select="'secondary'"/>
              <xsl:with-param name="fields">
                <xsl:call-template name="choice"><xsl:with-param name="name" select="'reason'"/><xsl:with-param name="items" select="choices/end_reasons/item"/><xsl:with-param name="prefix" select="'cmpl.end.'"/></xsl:call-template>
                <xsl:call-template name="text-field"><xsl:with-param name="required" select="false()"/><xsl:with-param name="event" select="'mediation_ended'"/></xsl:call-template>
              </xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'advance_paid'"/>
              <xsl:with-param name="fields">
                <xsl:call-template name="choice"><xsl:with-param name="name" select="'payer'"/><xsl:with-param name="items" select="choices/payers/item"/><xsl:with-param name="prefix" select="'cmpl.payer.'"/></xsl:call-template>
                <label><xsl:value-of select="bt:t('cmpl.field.payer_name')"/><input name="payer_name" required="required" maxlength="100" value="{platform}"/></label>
                <label><xsl:value-of select="bt:t('cmpl.amount')"/><input name="amount" inputmode="decimal" required="required"/></label>
              </xsl:with-param></xsl:call-template>
            <xsl:if test="payments/item[balance_fen &gt; 0]">
              <xsl:call-template name="action"><xsl:with-param name="event" select="'recovered'"/>
                <xsl:with-param name="fields">
                  <label><xsl:value-of select="bt:t('cmpl.field.payment')"/>
                    <select name="payment"><xsl:for-each select="payments/item[balance_fen &gt; 0]"><option value="{id}">#<xsl:value-of select="id"/></option></xsl:for-each></select></label>
                  <label><xsl:value-of select="bt:t('cmpl.amount')"/><input name="amount" inputmode="decimal" required="required"/></label>
                </xsl:with-param></xsl:call-template>
            </xsl:if>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'transferred'"/>
              <xsl:with-param name="style" select="'secondary'"/>
              <xsl:with-param name="fields">
                <label><xsl:value-of select="bt:t('cmpl.field.office')"/>
                  <select name="office"><xsl:for-each select="choices/offices/item"><option value="{code}"><xsl:call-template name="name"/></option></xsl:for-each></select></label>
                <xsl:call-template name="text-field"><xsl:with-param name="event" select="'transferred'"/></xsl:call-template>
              </xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'lead_extended'"/>
              <xsl:with-param name="fields"><label><xsl:value-of select="bt:t('cmpl.field.approved_by')"/><input name="approved_by" required="required" maxlength="100"/></label></xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'lead_checked'"/>
              <xsl:with-param name="fields">
                <xsl:call-template name="choice"><xsl:with-param name="name" select="'result'"/><xsl:with-param name="items" select="choices/lead_results/item"/><xsl:with-param name="prefix" select="'cmpl.lead.'"/></xsl:call-template>
                <xsl:call-template name="text-field"><xsl:with-param name="event" select="'lead_checked'"/></xsl:call-template>
              </xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'responded'"/>
              <xsl:with-param name="fields"><xsl:call-template name="text-field"><xsl:with-param name="event" select="'responded'"/></xsl:call-template></xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'proposed'"/>
              <xsl:with-param name="fields">
                <xsl:call-template name="choice"><xsl:with-param name="name" select="'remedy'"/><xsl:with-param name="items" select="choices/remedies/item"/><xsl:with-param name="prefix" select="'cmpl.remedy.'"/></xsl:call-template>
                <label><xsl:value-of select="bt:t('cmpl.amount')"/><input name="amount" inputmode="decimal" required="required"/></label>
                <xsl:call-template name="text-field"><xsl:with-param name="event" select="'proposed'"/></xsl:call-template>
              </xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'refused'"/>
              <xsl:with-param name="style" select="'secondary'"/>
              <xsl:with-param name="fields"><xsl:call-template name="text-field"><xsl:with-param name="event" select="'refused'"/></xsl:call-template></xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'settlement_accepted'"/></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'settlement_refused'"/><xsl:with-param name="style" select="'secondary'"/></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'message'"/>
              <xsl:with-param name="fields"><xsl:call-template name="text-field"><xsl:with-param name="event" select="'message'"/></xsl:call-template></xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'closed'"/>
              <xsl:with-param name="fields"><xsl:call-template name="text-field"><xsl:with-param name="required" select="false()"/><xsl:with-param name="event" select="'closed'"/></xsl:call-template></xsl:with-param></xsl:call-template>
            <xsl:call-template name="action"><xsl:with-param name="event" select="'withdrawn'"/><xsl:with-param name="style" select="'secondary'"/></xsl:call-template>
          </section>
        </xsl:if>
        <p class="detail"><xsl:value-of select="bt:t('cmpl.hotline')"/> <a href="tel:12315">12315</a></p>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
