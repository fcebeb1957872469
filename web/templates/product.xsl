<?xml version="1.0" encoding="UTF-8"?>
<!-- product.xsl: what a consumer sees after scanning a genuine code. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:variable name="name">
      <xsl:call-template name="pick">
        <xsl:with-param name="zh" select="product/name_zh"/>
        <xsl:with-param name="en" select="product/name_en"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="$name"/>
      <xsl:with-param name="body">
        <!-- Which case the page speaks to, most urgent first: a recall,
             revocation or theft in force, a suspect code, a failed
             inspection, unusual scans, no declaration, or all well. -->
        <xsl:variable name="case">
          <xsl:choose>
            <xsl:when test="status/in_force = 'true'"><xsl:value-of select="status/status"/></xsl:when>
            <xsl:when test="verdict = 'suspect'">suspect</xsl:when>
            <xsl:when test="provenance/inspections/item[passed = 'false']">failed_inspection</xsl:when>
            <xsl:when test="verdict = 'caution'">caution</xsl:when>
            <xsl:when test="not(declaration/withdrawn = 'false')">undeclared</xsl:when>
            <xsl:otherwise>genuine</xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <section id="verdict" data-case="{$case}">
          <xsl:attribute name="class">verdict <xsl:value-of select="verdict"/><xsl:if test="$case != verdict"> case-<xsl:value-of select="$case"/></xsl:if></xsl:attribute>
          <h2><xsl:value-of select="bt:t(concat('verdict.', $case, '.title'))"/></h2>
          <p><xsl:value-of select="bt:t(concat('verdict.', $case, '.text'))"/></p>
          <xsl:if test="status/in_force = 'true'">
            <p id="status-since"><xsl:value-of select="bt:t('status.since', status/effective_at_local)"/>
              <xsl:if test="status/reason != ''"><xsl:value-of select="bt:t('word.list_sep')"/><xsl:call-template name="pick"><xsl:with-param name="zh" select="status/reason"/><xsl:with-param name="en" select="status/reason_en"/></xsl:call-template></xsl:if></p>
          </xsl:if>
          <p class="scans" id="scans">
            <xsl:choose>
              <xsl:when test="scans/count = 1"><xsl:value-of select="bt:t('scans.first')"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="bt:t('scans.summary', scans/count, scans/first_at_local)"/></xsl:otherwise>
            </xsl:choose>
          </p>
          <p class="detail" id="scans-explain"><xsl:value-of select="bt:t('scans.explain')"/></p>
          <xsl:variable name="how" select="bt:t(concat('verdict.how.', $case))"/>
          <p class="detail" id="verdict-how">
            <xsl:choose>
              <xsl:when test="$how != concat('verdict.how.', $case)"><xsl:value-of select="$how"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="bt:t(concat('verdict.how.', verdict))"/></xsl:otherwise>
            </xsl:choose></p>
        </section>
        <xsl:if test="reasons/item">
          <section class="card" id="reasons">
            <h2><xsl:value-of select="bt:t('section.reasons')"/></h2>
            <ul>
              <xsl:for-each select="reasons/item">
                <li><xsl:attribute name="data-code"><xsl:value-of select="code"/></xsl:attribute><xsl:value-of select="text"/></li>
              </xsl:for-each>
            </ul>
          </section>
        </xsl:if>
        <section class="card todo" id="todo" data-case="{$case}">
          <h2><xsl:value-of select="bt:t('todo.title')"/></h2>
          <ol>
            <xsl:call-template name="todo-item"><xsl:with-param name="key" select="concat('todo.', $case, '.1')"/></xsl:call-template>
            <xsl:call-template name="todo-item"><xsl:with-param name="key" select="concat('todo.', $case, '.2')"/></xsl:call-template>
            <xsl:call-template name="todo-item"><xsl:with-param name="key" select="concat('todo.', $case, '.3')"/></xsl:call-template>
          </ol>
          <xsl:variable name="care" select="(links/item[type = 'gs1:recallStatus'] | links/item[type = 'gs1:customerSupport'])[1]"/>
          <p class="todo-contacts">
            <xsl:if test="$care"><a id="todo-care" href="{$care/href}" rel="nofollow noopener"><xsl:value-of select="bt:t(concat('link.', substring-after($care/type, 'gs1:')))"/></a> · </xsl:if>
            <a id="todo-importer" href="/enterprises/{importer/id}"><xsl:value-of select="bt:t('importer.profile')"/></a> ·
            <a id="todo-12315" href="tel:12315"><xsl:value-of select="bt:t('todo.call_12315')"/></a>
          </p>
        </section>
        <!-- A status not yet in force (a recall announced for later); one
             in force is the verdict itself. -->
        <xsl:if test="status/status and status/in_force != 'true'">
          <section class="card notice" id="status">
            <h2>
              <xsl:choose>
                <xsl:when test="status/status = 'recalled'"><xsl:value-of select="bt:t('status.recalled')"/></xsl:when>
                <xsl:when test="status/status = 'stolen'"><xsl:value-of select="bt:t('status.stolen')"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="bt:t('status.revoked')"/></xsl:otherwise>
              </xsl:choose>
            </h2>
            <dl>
              <dt><xsl:value-of select="bt:t('field.status_reason')"/></dt>
              <dd><xsl:call-template name="pick"><xsl:with-param name="zh" select="status/reason"/><xsl:with-param name="en" select="status/reason_en"/></xsl:call-template></dd>
              <dt><xsl:value-of select="bt:t('field.effective')"/></dt>
              <dd><xsl:value-of select="bt:t('status.since', status/effective_at_local)"/> · <xsl:call-template name="log-link"><xsl:with-param name="kind">status_range</xsl:with-param><xsl:with-param name="id" select="status/id"/></xsl:call-template></dd>
            </dl>
          </section>
        </xsl:if>
        <section class="card" id="product">
          <h1><xsl:value-of select="$name"/></h1>
          <dl>
            <dt><xsl:value-of select="bt:t('field.brand')"/></dt>
            <dd><xsl:value-of select="product/brand"/></dd>
            <dt><xsl:value-of select="bt:t('field.origin')"/></dt>
            <dd>
              <xsl:call-template name="pick">
                <xsl:with-param name="zh" select="product/origin/name_zh"/>
                <xsl:with-param name="en" select="product/origin/name_en"/>
              </xsl:call-template>
            </dd>
            <dt><xsl:value-of select="bt:t('field.gtin')"/></dt>
            <dd class="mono"><xsl:value-of select="code/gtin"/></dd>
            <xsl:if test="code/lot">
              <dt><xsl:value-of select="bt:t('field.lot')"/></dt>
              <dd class="mono"><xsl:value-of select="code/lot"/></dd>
            </xsl:if>
            <xsl:if test="code/expiry">
              <dt><xsl:value-of select="bt:t('field.expiry')"/></dt>
              <dd><xsl:value-of select="code/expiry"/></dd>
            </xsl:if>
            <dt><xsl:value-of select="bt:t('field.serial')"/></dt>
            <dd class="mono"><xsl:value-of select="code/serial"/></dd>
          </dl>
        </section>
        <xsl:if test="provenance/lot/production_date or provenance/lot/expiry_date">
          <section class="card" id="lot">
            <h2><xsl:value-of select="bt:t('section.lot')"/></h2>
            <dl>
              <xsl:if test="provenance/lot/production_date">
                <dt><xsl:value-of select="bt:t('field.production_date')"/></dt>
                <dd><xsl:value-of select="provenance/lot/production_date"/></dd>
              </xsl:if>
              <xsl:if test="provenance/lot/expiry_date">
                <dt><xsl:value-of select="bt:t('field.expiry')"/></dt>
                <dd><xsl:value-of select="provenance/lot/expiry_date"/></dd>
              </xsl:if>
            </dl>
          </section>
        </xsl:if>
        <xsl:choose>
          <xsl:when test="declaration/withdrawn = 'false'">
            <section class="card" id="declaration">
              <h2><xsl:value-of select="bt:t('section.declaration')"/></h2>
              <dl>
                <dt><xsl:value-of select="bt:t('field.invt_no')"/></dt>
                <dd class="mono">
                  <xsl:choose>
                    <xsl:when test="declaration/invt_no"><xsl:value-of select="declaration/invt_no"/></xsl:when>
                    <xsl:otherwise><xsl:value-of select="bt:t('declaration.invt_pending')"/></xsl:otherwise>
                  </xsl:choose>
                </dd>
                <xsl:if test="declaration/decl_date">
                  <dt><xsl:value-of select="bt:t('field.decl_date')"/></dt>
                  <dd><xsl:value-of select="declaration/decl_date"/></dd>
                </xsl:if>
                <xsl:if test="declaration/ie_date">
                  <dt><xsl:value-of select="bt:t('field.ie_date')"/></dt>
                  <dd><xsl:value-of select="declaration/ie_date"/></dd>
                </xsl:if>
                <xsl:if test="declaration/trade_mode">
                  <dt><xsl:value-of select="bt:t('field.trade_mode')"/></dt>
                  <dd>
                    <xsl:choose>
                      <xsl:when test="declaration/trade_mode = '1210'"><xsl:value-of select="bt:t('trade_mode.1210')"/></xsl:when>
                      <xsl:when test="declaration/trade_mode = '9610'"><xsl:value-of select="bt:t('trade_mode.9610')"/></xsl:when>
                      <xsl:otherwise><xsl:value-of select="declaration/trade_mode"/></xsl:otherwise>
                    </xsl:choose>
                  </dd>
                </xsl:if>
                <xsl:if test="declaration/dispatch_country/code">
                  <dt><xsl:value-of select="bt:t('field.dispatch_country')"/></dt>
                  <dd>
                    <xsl:call-template name="pick">
                      <xsl:with-param name="zh" select="declaration/dispatch_country/name_zh"/>
                      <xsl:with-param name="en" select="declaration/dispatch_country/name_en"/>
                    </xsl:call-template>
                  </dd>
                </xsl:if>
                <xsl:if test="declaration/port_code">
                  <dt><xsl:value-of select="bt:t('field.port')"/></dt>
                  <dd class="mono"><xsl:value-of select="declaration/port_code"/></dd>
                </xsl:if>
                <xsl:if test="declaration/warehouse">
                  <dt><xsl:value-of select="bt:t('field.warehouse')"/></dt>
                  <dd><xsl:value-of select="declaration/warehouse"/></dd>
                </xsl:if>
                <xsl:if test="declaration/platform">
                  <dt><xsl:value-of select="bt:t('field.platform')"/></dt>
                  <dd><xsl:value-of select="declaration/platform"/></dd>
                </xsl:if>
                <dt><xsl:value-of select="bt:t('field.declared_item')"/></dt>
                <dd><xsl:value-of select="declaration/line/name"/>
                  <xsl:if test="declaration/line/hs_code"> (HS <xsl:value-of select="declaration/line/hs_code"/>)</xsl:if>
                </dd>
              </dl>
            </section>
          </xsl:when>
          <xsl:otherwise>
            <section class="card notice" id="declaration">
              <h2><xsl:value-of select="bt:t('section.declaration')"/></h2>
              <p><xsl:value-of select="bt:t('declaration.none')"/></p>
            </section>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="provenance/shipments/item">
          <section class="card" id="shipments">
            <h2><xsl:value-of select="bt:t('section.shipments')"/></h2>
            <xsl:for-each select="provenance/shipments/item">
              <dl>
                <dt><xsl:value-of select="bt:t('field.bill_no')"/></dt>
                <dd class="mono"><xsl:value-of select="bill_no"/></dd>
                <dt><xsl:value-of select="bt:t('field.dispatch_country')"/></dt>
                <dd>
                  <xsl:call-template name="pick">
                    <xsl:with-param name="zh" select="departure_country/name_zh"/>
                    <xsl:with-param name="en" select="departure_country/name_en"/>
                  </xsl:call-template>
                </dd>
                <dt><xsl:value-of select="bt:t('field.arrival_date')"/></dt>
                <dd><xsl:value-of select="arrival_date"/></dd>
                <dt><xsl:value-of select="bt:t('field.warehouse')"/></dt>
                <dd><xsl:call-template name="pick"><xsl:with-param name="zh" select="warehouse"/><xsl:with-param name="en" select="warehouse_en"/></xsl:call-template></dd>
              </dl>
            </xsl:for-each>
          </section>
        </xsl:if>
        <xsl:if test="provenance/inspections/item">
          <section class="card" id="inspections">
            <h2><xsl:value-of select="bt:t('section.inspections')"/></h2>
            <ul class="inspections">
              <xsl:for-each select="provenance/inspections/item">
                <li data-passed="{passed}">
                  <xsl:if test="passed = 'false'"><xsl:attribute name="class">failed</xsl:attribute></xsl:if>
                  <strong>
                    <xsl:choose>
                      <xsl:when test="passed = 'true'"><xsl:value-of select="bt:t('inspection.passed')"/></xsl:when>
                      <xsl:otherwise><xsl:value-of select="bt:t('inspection.failed')"/></xsl:otherwise>
                    </xsl:choose>
                  </strong>
                  · <xsl:value-of select="tested_on"/> · <xsl:call-template name="pick"><xsl:with-param name="zh" select="lab"/><xsl:with-param name="en" select="lab_en"/></xsl:call-template> · <xsl:call-template name="pick"><xsl:with-param name="zh" select="items"/><xsl:with-param name="en" select="items_en"/></xsl:call-template>
                  · <span class="mono"><xsl:value-of select="report_no"/></span>
                  <xsl:if test="certificate"> · <a href="{certificate}" rel="nofollow noopener"><xsl:value-of select="bt:t('inspection.certificate')"/></a></xsl:if>
                  · <xsl:call-template name="log-link"><xsl:with-param name="kind">inspection</xsl:with-param><xsl:with-param name="id" select="id"/></xsl:call-template>
                </li>
              </xsl:for-each>
            </ul>
          </section>
        </xsl:if>
        <section class="card actions" id="complain">
          <h2><xsl:value-of select="bt:t('cmpl.bar.title')"/></h2>
          <p class="detail"><xsl:value-of select="bt:t('cmpl.bar.text')"/></p>
          <form method="get" action="/complaints/new" class="inline-actions">
            <input type="hidden" name="code" value="{code/uri}"/>
            <button type="submit" name="kind" value="complaint"><xsl:value-of select="bt:t('cmpl.kind.complaint')"/></button>
            <xsl:text> </xsl:text>
            <button type="submit" name="kind" value="report" class="secondary"><xsl:value-of select="bt:t('cmpl.kind.report')"/></button>
          </form>
          <p class="detail"><xsl:value-of select="bt:t('cmpl.hotline')"/> <a href="tel:12315">12315</a>
            · <a href="/complaints/recover" id="complaint-recover-link"><xsl:value-of select="bt:t('cmpl.recover.link')"/></a></p>
        </section>
        <section class="card actions" id="insurance">
          <h2><xsl:value-of select="bt:t('ins.bar.title')"/></h2>
          <xsl:choose>
            <xsl:when test="insurance/until">
              <p id="insured-by">
                <xsl:value-of select="bt:t('ins.insured_by')"/>
                <xsl:call-template name="pick">
                  <xsl:with-param name="zh" select="insurance/insurer_zh"/>
                  <xsl:with-param name="en" select="insurance/insurer_en"/>
                </xsl:call-template>
                <xsl:value-of select="bt:t('ins.until')"/><xsl:value-of select="insurance/until"/>
              </p>
              <form method="get" action="/claims/new" class="inline-actions">
                <input type="hidden" name="code" value="{code/uri}"/>
                <button type="submit" id="claim-button"><xsl:value-of select="bt:t('ins.claim')"/></button>
              </form>
            </xsl:when>
            <xsl:otherwise>
              <p class="detail" id="not-insured"><xsl:value-of select="bt:t('ins.not_insured')"/></p>
            </xsl:otherwise>
          </xsl:choose>
          <p class="detail"><a href="/claims/recover" id="recover-link"><xsl:value-of select="bt:t('ins.recover.link')"/></a></p>
        </section>
        <xsl:if test="links/item">
          <section class="card" id="links">
            <h2><xsl:value-of select="bt:t('section.links')"/></h2>
            <ul>
              <xsl:for-each select="links/item">
                <xsl:variable name="kind" select="bt:t(concat('link.', substring-after(type, 'gs1:')))"/>
                <li data-type="{type}"><a href="{href}" rel="nofollow noopener">
                  <xsl:if test="lang != ''"><xsl:attribute name="hreflang"><xsl:value-of select="lang"/></xsl:attribute></xsl:if>
                  <xsl:choose>
                    <xsl:when test="$kind != concat('link.', substring-after(type, 'gs1:'))"><xsl:value-of select="$kind"/></xsl:when>
                    <xsl:otherwise><xsl:value-of select="title"/></xsl:otherwise>
                  </xsl:choose></a>
                  <xsl:if test="title != ''"><span class="detail"> · <xsl:value-of select="title"/></span></xsl:if></li>
              </xsl:for-each>
            </ul>
          </section>
        </xsl:if>
        <section class="card" id="importer">
          <h2><xsl:value-of select="bt:t('section.importer')"/></h2>
          <dl>
            <dt><xsl:value-of select="bt:t('field.importer')"/></dt>
            <dd>
              <xsl:call-template name="pick">
                <xsl:with-param name="zh" select="importer/name_zh"/>
                <xsl:with-param name="en" select="importer/name_en"/>
              </xsl:call-template>
            </dd>
            <dt><xsl:value-of select="bt:t('field.uscc')"/></dt>
            <dd class="mono"><xsl:value-of select="importer/uscc"/></dd>
            <dt><xsl:value-of select="bt:t('field.customs_code')"/></dt>
            <dd class="mono"><xsl:value-of select="importer/customs_code"/></dd>
            <dt><xsl:value-of select="bt:t('field.customs_class')"/></dt>
            <dd>
              <xsl:call-template name="pick">
                <xsl:with-param name="zh" select="importer/customs_class/name_zh"/>
                <xsl:with-param name="en" select="importer/customs_class/name_en"/>
              </xsl:call-template>
            </dd>
            <xsl:if test="importer/credit/grade">
              <dt><xsl:value-of select="bt:t('rating.title')"/></dt>
              <dd id="importer-grade">
                <xsl:call-template name="grade"><xsl:with-param name="grade" select="importer/credit/grade"/></xsl:call-template>
                <xsl:value-of select="bt:t('rating.score')"/><xsl:value-of select="importer/credit/score"/>
              </dd>
            </xsl:if>
          </dl>
          <p><a href="/enterprises/{importer/id}" id="importer-profile"><xsl:value-of select="bt:t('importer.profile')"/></a></p>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
  <!-- One step of the "what to do" list, if the catalog has it. -->
  <xsl:template name="todo-item">
    <xsl:param name="key"/>
    <xsl:variable name="text" select="bt:t($key)"/>
    <xsl:if test="$text != $key"><li><xsl:value-of select="$text"/></li></xsl:if>
  </xsl:template>
</xsl:stylesheet>
