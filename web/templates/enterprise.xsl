<?xml version="1.0" encoding="UTF-8"?>
<!-- enterprise.xsl: an enterprise's public profile: its credit rating with
     the reasons, and the six categories of disclosed information. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>
  <xsl:import href="_penalty.xsl"/>

  <xsl:template name="yes-no">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="$v = 'true'"><xsl:value-of select="bt:t('word.yes')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="bt:t('word.no')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="points">
    <xsl:param name="p"/>
    <span>
      <xsl:attribute name="class">
        <xsl:choose>
          <xsl:when test="$p &gt; 0">points up</xsl:when>
          <xsl:when test="$p &lt; 0">points down</xsl:when>
          <xsl:otherwise>points</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:if test="$p &gt; 0">+</xsl:if><xsl:value-of select="$p"/>
    </span>
  </xsl:template>

  <!-- One objection's grounds and answer, in a list of them. -->
  <xsl:template name="objections-of-one">
    <div class="detail"><xsl:value-of select="bt:t('obj.filed')"/><xsl:value-of select="filed_on"/><xsl:value-of select="bt:t('msg.sep')"/><xsl:value-of select="grounds"/></div>
    <xsl:if test="answer != ''"><div class="detail"><xsl:value-of select="bt:t('obj.answer')"/> (<xsl:value-of select="answered_on"/>)<xsl:value-of select="bt:t('msg.sep')"/><xsl:value-of select="answer"/></div></xsl:if>
  </xsl:template>

  <!-- What the grades of the active rule set mean. -->
  <xsl:template name="legend">
    <xsl:if test="grades/item">
      <details id="grade-legend">
        <summary><xsl:value-of select="bt:t('grade.legend')"/></summary>
        <table>
          <xsl:for-each select="grades/item">
            <tr><td class="num"><strong><xsl:value-of select="grade"/></strong></td>
              <td><xsl:value-of select="from"/>–<xsl:value-of select="to"/><xsl:value-of select="bt:t('grade.points')"/></td>
              <td><xsl:choose>
                <xsl:when test="grade = /view/rewards_penalties/top_grade"><xsl:value-of select="bt:t('grade.top')"/></xsl:when>
                <xsl:when test="grade = /view/rewards_penalties/bottom_grade"><xsl:value-of select="bt:t('grade.bottom')"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="bt:t('grade.middle')"/></xsl:otherwise>
              </xsl:choose></td></tr>
          </xsl:for-each>
        </table>
        <p class="detail"><a href="/api/v1/rules"><xsl:value-of select="bt:t('grade.rules')"/></a></p>
      </details>
    </xsl:if>
  </xsl:template>

  <xsl:template match="/view">
    <xsl:variable name="name"><xsl:call-template name="name"><xsl:with-param name="of" select="enterprise"/></xsl:call-template></xsl:variable>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="$name"/>
      <xsl:with-param name="body">
        <section class="card" id="summary">
          <h1><xsl:value-of select="$name"/></h1>
          <dl>
            <dt><xsl:value-of select="bt:t('field.uscc')"/></dt><dd class="mono"><xsl:value-of select="enterprise/uscc"/></dd>
            <dt><xsl:value-of select="bt:t('field.customs_code')"/></dt><dd class="mono"><xsl:value-of select="enterprise/customs_code"/></dd>
          </dl>
          <xsl:if test="rewards_penalties/red_list = 'true'"><p class="badge red-list" id="on-red-list"><xsl:value-of select="bt:t('lists.on_red')"/></p></xsl:if>
          <xsl:if test="rewards_penalties/black_list = 'true'"><p class="badge black-list" id="on-black-list"><xsl:value-of select="bt:t('lists.on_black')"/></p></xsl:if>
          <p><a id="credit-report" href="/enterprises/{enterprise/id}/report.pdf?lang={$lang}"><xsl:value-of select="bt:t('report.download')"/></a></p>
          <xsl:if test="role = 'regulator' or role = 'admin'">
            <p><a id="record-penalty" href="/regulator?enterprise={enterprise/uscc}#penalty-form"><xsl:value-of select="bt:t('regulator.record_penalty')"/></a>
              · <a id="console-enterprise" href="/console?enterprise={enterprise/id}#enterprise-facts"><xsl:value-of select="bt:t('console.title.staff')"/></a></p>
          </xsl:if>
        </section>

        <section class="card" id="rating">
          <h2><xsl:value-of select="bt:t('rating.title')"/></h2>
          <xsl:choose>
            <xsl:when test="rating/grade">
              <p class="rating-head">
                <xsl:call-template name="grade"><xsl:with-param name="grade" select="rating/grade"/></xsl:call-template>
                <span id="score"><xsl:value-of select="bt:t('rating.score')"/><xsl:value-of select="rating/score"/></span>
                <span class="detail"><xsl:text> · </xsl:text><xsl:value-of select="bt:t('rating.rules')"/><xsl:value-of select="rating/rules_version"/>
                  <xsl:text> · </xsl:text><xsl:value-of select="bt:cnday(rating/computed_at)"/>
                  <xsl:text> · </xsl:text><xsl:call-template name="log-link"><xsl:with-param name="kind">rating</xsl:with-param><xsl:with-param name="enterprise" select="/view/enterprise/id"/></xsl:call-template></span>
              </p>
              <h3><xsl:value-of select="bt:t('rating.reasons')"/></h3>
              <ul id="reasons">
                <xsl:for-each select="rating/result/reasons/item">
                  <li data-code="{code}"><xsl:call-template name="points"><xsl:with-param name="p" select="points"/></xsl:call-template>
                    <xsl:text> </xsl:text><xsl:call-template name="pick"><xsl:with-param name="zh" select="zh"/><xsl:with-param name="en" select="en"/></xsl:call-template></li>
                </xsl:for-each>
                <xsl:if test="not(rating/result/reasons/item)"><li><xsl:value-of select="bt:t('rating.baseline_only')"/></li></xsl:if>
              </ul>
              <xsl:if test="rating/result/raise/item">
                <h3><xsl:value-of select="bt:t('rating.raise')"/></h3>
                <ul id="raise">
                  <xsl:for-each select="rating/result/raise/item">
                    <li><xsl:call-template name="pick"><xsl:with-param name="zh" select="zh"/><xsl:with-param name="en" select="en"/></xsl:call-template>
                      <xsl:text> </xsl:text><span class="points up">+<xsl:value-of select="points"/></span></li>
                  </xsl:for-each>
                </ul>
              </xsl:if>
              <xsl:if test="rating/result/next_grade/grade">
                <p id="next-grade"><xsl:value-of select="bt:t('rating.next')"/><xsl:value-of select="rating/result/next_grade/grade"/>: <xsl:value-of select="rating/result/next_grade/points"/></p>
              </xsl:if>
              <details id="breakdown">
                <summary><xsl:value-of select="bt:t('rating.breakdown')"/></summary>
                <table>
                  <tr><td><xsl:value-of select="bt:t('rating.baseline')"/></td><td class="num"></td><td class="num"><xsl:value-of select="rating/result/baseline"/></td></tr>
                  <xsl:for-each select="rating/result/factors/item">
                    <tr data-code="{code}">
                      <td><xsl:call-template name="pick"><xsl:with-param name="zh" select="zh"/><xsl:with-param name="en" select="en"/></xsl:call-template>
                        <xsl:if test="per"><div class="detail"><xsl:value-of select="value"/> / <xsl:value-of select="per_value"/>
                          <xsl:if test="guarded = 'true'"><xsl:value-of select="bt:t('rating.guarded')"/><xsl:value-of select="counted_against"/>)</xsl:if></div></xsl:if>
                        <xsl:if test="capped = 'true'"><div class="detail"><xsl:value-of select="bt:t('rating.capped')"/></div></xsl:if>
                      </td>
                      <td class="num"><xsl:choose><xsl:when test="per"><xsl:value-of select="per_thousand"/>‰</xsl:when><xsl:otherwise><xsl:value-of select="value"/></xsl:otherwise></xsl:choose></td>
                      <td class="num"><xsl:call-template name="points"><xsl:with-param name="p" select="points"/></xsl:call-template></td>
                    </tr>
                  </xsl:for-each>
                  <tr><td><strong><xsl:value-of select="bt:t('rating.total')"/></strong></td><td></td><td class="num"><strong><xsl:value-of select="rating/score"/></strong></td></tr>
                </table>
              </details>
              <xsl:if test="rating/previous_rules/grade">
                <p id="previous-rules" class="detail"><xsl:value-of select="bt:t('rating.previous')"/><xsl:value-of select="rating/previous_rules/rules_version"/>: <xsl:value-of select="rating/previous_rules/grade"/> (<xsl:value-of select="rating/previous_rules/score"/>)</p>
              </xsl:if>
              <details id="history">
                <summary><xsl:value-of select="bt:t('rating.history')"/></summary>
                <table>
                  <xsl:for-each select="rating/history/item">
                    <tr><td><xsl:value-of select="bt:cnday(computed_at)"/></td><td><xsl:value-of select="bt:t('rating.rules')"/><xsl:value-of select="rules_version"/></td>
                      <td class="num"><xsl:value-of select="grade"/></td><td class="num"><xsl:value-of select="score"/></td></tr>
                  </xsl:for-each>
                </table>
              </details>
            </xsl:when>
            <xsl:otherwise><p><xsl:value-of select="bt:t('rating.none')"/></p></xsl:otherwise>
          </xsl:choose>
          <xsl:call-template name="legend"/>
        </section>

        <section class="card" id="entity">
          <h2>1. <xsl:value-of select="bt:t('cat.entity')"/></h2>
          <dl>
            <dt><xsl:value-of select="bt:t('field.legal_rep')"/></dt><dd><xsl:value-of select="entity/legal_rep"/></dd>
            <dt><xsl:value-of select="bt:t('field.address')"/></dt><dd><xsl:value-of select="entity/address"/></dd>
            <dt><xsl:value-of select="bt:t('field.registered_on')"/></dt><dd><xsl:value-of select="entity/registered_on"/></dd>
          </dl>
          <xsl:if test="entity/licences/item">
            <h3><xsl:value-of select="bt:t('field.licences')"/></h3>
            <table>
              <xsl:for-each select="entity/licences/item">
                <tr><td><xsl:value-of select="kind"/><div class="detail"><xsl:value-of select="authority"/></div></td>
                  <td class="mono"><xsl:value-of select="number"/></td>
                  <td class="num"><xsl:value-of select="issued_on"/> – <xsl:value-of select="expires_on"/></td></tr>
              </xsl:for-each>
            </table>
          </xsl:if>
          <xsl:call-template name="source"><xsl:with-param name="key" select="'source.register'"/><xsl:with-param name="date" select="entity/date"/></xsl:call-template>
        </section>

        <section class="card" id="operating">
          <h2>2. <xsl:value-of select="bt:t('cat.operating')"/></h2>
          <dl>
            <dt><xsl:value-of select="bt:t('field.codes_issued')"/></dt><dd><xsl:value-of select="operating/codes_issued"/></dd>
            <dt><xsl:value-of select="bt:t('field.codes_scanned')"/></dt><dd><xsl:value-of select="operating/codes_scanned"/> (<xsl:value-of select="operating/scans"/>)</dd>
          </dl>
          <xsl:if test="operating/months/item">
            <h3><xsl:value-of select="bt:t('field.declared_months')"/></h3>
            <table id="months">
              <tr class="head"><td><xsl:value-of select="bt:t('field.month')"/></td><td class="num"><xsl:value-of select="bt:t('field.orders')"/></td><td class="num"><xsl:value-of select="bt:t('field.items')"/></td><td class="num"><xsl:value-of select="bt:t('field.value')"/></td></tr>
              <xsl:for-each select="operating/months/item">
                <tr><td><xsl:value-of select="month"/></td><td class="num"><xsl:call-template name="n"><xsl:with-param name="v" select="orders"/></xsl:call-template></td><td class="num"><xsl:call-template name="n"><xsl:with-param name="v" select="items"/></xsl:call-template></td>
                  <td class="num"><xsl:call-template name="yuan"><xsl:with-param name="fen" select="value_fen"/></xsl:call-template></td></tr>
              </xsl:for-each>
            </table>
          </xsl:if>
          <xsl:if test="operating/products/item">
            <h3><xsl:value-of select="bt:t('field.products')"/></h3>
            <ul>
              <xsl:for-each select="operating/products/item">
                <li><xsl:call-template name="name"/> <span class="detail mono"><xsl:text> </xsl:text><xsl:value-of select="gtin"/></span></li>
              </xsl:for-each>
            </ul>
          </xsl:if>
          <xsl:call-template name="source"><xsl:with-param name="key" select="'source.declarations'"/><xsl:with-param name="date" select="operating/date"/></xsl:call-template>
        </section>

        <section class="card" id="regulatory">
          <h2>3. <xsl:value-of select="bt:t('cat.regulatory')"/></h2>
          <dl>
            <dt><xsl:value-of select="bt:t('field.customs_class')"/></dt>
            <dd><xsl:call-template name="name"><xsl:with-param name="of" select="regulatory/customs_class"/></xsl:call-template></dd>
            <dt><xsl:value-of select="bt:t('field.alerts')"/></dt><dd><xsl:value-of select="regulatory/alerts"/></dd>
          </dl>
          <h3><xsl:value-of select="bt:t('section.inspections')"/></h3>
          <xsl:choose>
            <xsl:when test="regulatory/inspections/item">
              <table id="inspections">
                <xsl:for-each select="regulatory/inspections/item">
                  <tr><td><xsl:value-of select="tested_on"/></td>
                    <td><xsl:call-template name="pick"><xsl:with-param name="zh" select="product_zh"/><xsl:with-param name="en" select="product_en"/></xsl:call-template>
                      <div class="detail"><xsl:call-template name="pick"><xsl:with-param name="zh" select="lab"/><xsl:with-param name="en" select="lab_en"/></xsl:call-template> · <xsl:value-of select="report_no"/> · <xsl:call-template name="log-link"><xsl:with-param name="kind">inspection</xsl:with-param><xsl:with-param name="id" select="id"/></xsl:call-template></div>
                      <xsl:call-template name="objections"/></td>
                    <td>
                      <xsl:choose>
                        <xsl:when test="passed = 'true'"><span class="ok"><xsl:value-of select="bt:t('inspection.passed')"/></span></xsl:when>
                        <xsl:otherwise><span class="error"><xsl:value-of select="bt:t('inspection.failed')"/></span></xsl:otherwise>
                      </xsl:choose>
                    </td></tr>
                </xsl:for-each>
              </table>
            </xsl:when>
            <xsl:otherwise><p class="detail"><xsl:value-of select="bt:t('word.none')"/></p></xsl:otherwise>
          </xsl:choose>
          <xsl:if test="regulatory/draws/item">
            <h3><xsl:value-of select="bt:t('field.drawn')"/></h3>
            <ul>
              <xsl:for-each select="regulatory/draws/item">
                <li><a href="/draws/{id}"><xsl:call-template name="pick"><xsl:with-param name="zh" select="title"/><xsl:with-param name="en" select="title_en"/></xsl:call-template></a> <span class="detail"><xsl:text> </xsl:text><xsl:value-of select="bt:cnday(run_at)"/></span></li>
              </xsl:for-each>
            </ul>
          </xsl:if>
          <xsl:call-template name="source"><xsl:with-param name="key" select="'source.inspections'"/><xsl:with-param name="date" select="operating/date"/></xsl:call-template>
        </section>

        <section class="card" id="service">
          <h2>4. <xsl:value-of select="bt:t('cat.service')"/></h2>
          <h3><xsl:value-of select="bt:t('field.commitments')"/></h3>
          <xsl:choose>
            <xsl:when test="service/commitments/item">
              <ul>
                <xsl:for-each select="service/commitments/item">
                  <li><xsl:call-template name="pick"><xsl:with-param name="zh" select="text_zh"/><xsl:with-param name="en" select="text_en"/></xsl:call-template>
                    <span class="detail"><xsl:text> · </xsl:text><xsl:value-of select="bt:t('field.since')"/><xsl:value-of select="since"/></span>
                    <xsl:if test="broken_on != ''"><div class="error"><xsl:value-of select="bt:t('field.broken')"/><xsl:value-of select="broken_on"/>: <xsl:call-template name="pick"><xsl:with-param name="zh" select="broken_reason"/><xsl:with-param name="en" select="broken_reason_en"/></xsl:call-template></div></xsl:if>
                    <xsl:if test="broken_on = '' and (/view/role = 'regulator' or /view/role = 'admin')"> · <a class="staff" href="/console?enterprise={/view/enterprise/id}&amp;commitment={id}#broken"><xsl:value-of select="bt:t('console.broken')"/></a></xsl:if></li>
                </xsl:for-each>
              </ul>
            </xsl:when>
            <xsl:otherwise><p class="detail"><xsl:value-of select="bt:t('word.none')"/></p></xsl:otherwise>
          </xsl:choose>
          <h3><xsl:value-of select="bt:t('field.insurance')"/></h3>
          <xsl:choose>
            <xsl:when test="service/insurance/item">
              <ul>
                <xsl:for-each select="service/insurance/item">
                  <li><xsl:call-template name="pick"><xsl:with-param name="zh" select="insurer_zh"/><xsl:with-param name="en" select="insurer_en"/></xsl:call-template> <span class="mono"><xsl:text> </xsl:text><xsl:value-of select="policy_no"/></span>
                    · <xsl:call-template name="yuan"><xsl:with-param name="fen" select="cover_fen"/></xsl:call-template>
                    · <xsl:value-of select="valid_from"/> – <xsl:value-of select="valid_to"/>
                    <xsl:if test="in_force = 'true'"><span class="ok"><xsl:text> </xsl:text><xsl:value-of select="bt:t('field.in_force')"/></span></xsl:if></li>
                </xsl:for-each>
              </ul>
            </xsl:when>
            <xsl:otherwise><p class="detail"><xsl:value-of select="bt:t('word.none')"/></p></xsl:otherwise>
          </xsl:choose>
          <xsl:if test="service/claims">
            <h3 id="claims-figures"><xsl:value-of select="bt:t('ins.p.title')"/></h3>
            <xsl:call-template name="claim-figures"><xsl:with-param name="of" select="service/claims"/></xsl:call-template>
          </xsl:if>
          <xsl:call-template name="source"><xsl:with-param name="key" select="'source.enterprise'"/><xsl:with-param name="date" select="as_of"/></xsl:call-template>
        </section>

        <section class="card" id="rewards-penalties">
          <h2>5. <xsl:value-of select="bt:t('cat.rewards')"/></h2>
          <xsl:if test="rewards_penalties/commendations/item">
            <h3><xsl:value-of select="bt:t('field.commendations')"/></h3>
            <ul>
              <xsl:for-each select="rewards_penalties/commendations/item">
                <li><xsl:call-template name="pick"><xsl:with-param name="zh" select="title_zh"/><xsl:with-param name="en" select="title_en"/></xsl:call-template>
                  <span class="detail"><xsl:text> · </xsl:text><xsl:value-of select="authority"/> · <xsl:value-of select="decided_on"/></span></li>
              </xsl:for-each>
            </ul>
          </xsl:if>
          <h3><xsl:value-of select="bt:t('nav.penalties')"/></h3>
          <xsl:choose>
            <xsl:when test="rewards_penalties/penalties/item">
              <xsl:for-each select="rewards_penalties/penalties/item">
                <xsl:call-template name="penalty"/>
              </xsl:for-each>
            </xsl:when>
            <xsl:otherwise><p class="detail" id="no-penalties"><xsl:value-of select="bt:t('penalty.none')"/></p></xsl:otherwise>
          </xsl:choose>
          <xsl:if test="rewards_penalties/withdrawn/item">
            <h3><xsl:value-of select="bt:t('penalty.withdrawn')"/></h3>
            <xsl:for-each select="rewards_penalties/withdrawn/item">
              <div class="withdrawn" data-decision="{decision_no}">
                <p><span class="mono"><xsl:value-of select="decision_no"/></span> · <xsl:value-of select="authority"/> · <xsl:value-of select="decided_on"/></p>
                <xsl:call-template name="revisions"/>
              </div>
            </xsl:for-each>
          </xsl:if>
          <xsl:if test="rewards_penalties/repairs/item">
            <h3><xsl:value-of select="bt:t('repair.outcomes')"/></h3>
            <ul id="repairs">
              <xsl:for-each select="rewards_penalties/repairs/item">
                <li><span class="mono"><xsl:value-of select="decision_no"/></span>:
                  <xsl:value-of select="bt:t(concat('repair.', status))"/> (<xsl:value-of select="decided_on"/>) — <xsl:value-of select="reason"/></li>
              </xsl:for-each>
            </ul>
          </xsl:if>
          <xsl:call-template name="source"><xsl:with-param name="key" select="'source.penalties'"/><xsl:with-param name="date" select="as_of"/></xsl:call-template>
        </section>

        <section class="card" id="complaints">
          <h2>6. <xsl:value-of select="bt:t('cat.complaints')"/></h2>
          <xsl:choose>
            <xsl:when test="complaints/intake_connected = 'true'">
              <dl id="complaint-figures">
                <dt><xsl:value-of select="bt:t('cmpl.p.complaints')"/></dt><dd id="c-complaints"><xsl:value-of select="complaints/complaints"/></dd>
                <dt><xsl:value-of select="bt:t('cmpl.p.closed')"/></dt><dd><xsl:value-of select="complaints/closed"/> · <xsl:value-of select="bt:t('cmpl.p.open')"/><xsl:value-of select="complaints/open"/></dd>
                <dt><xsl:value-of select="bt:t('cmpl.p.upheld')"/></dt><dd id="c-upheld"><xsl:value-of select="complaints/upheld"/></dd>
                <dt><xsl:value-of select="bt:t('cmpl.p.in_window')"/></dt><dd id="c-window"><xsl:value-of select="complaints/answered_in_window"/> / <xsl:value-of select="complaints/window_cases"/></dd>
                <dt><xsl:value-of select="bt:t('cmpl.p.window_overdue')"/></dt><dd id="c-overdue"><xsl:value-of select="complaints/overdue"/></dd>
                <xsl:if test="complaints/median_working_days != ''"><dt><xsl:value-of select="bt:t('cmpl.p.median')"/></dt><dd><xsl:value-of select="complaints/median_working_days"/></dd></xsl:if>
              </dl>
              <xsl:if test="complaints/outcomes/item">
                <ul id="complaint-outcomes">
                  <xsl:for-each select="complaints/outcomes/item"><li><xsl:value-of select="bt:t(concat('cmpl.st.', result))"/>: <xsl:value-of select="count"/></li></xsl:for-each>
                </ul>
              </xsl:if>
              <xsl:call-template name="source"><xsl:with-param name="key" select="'source.complaints'"/><xsl:with-param name="date" select="as_of"/></xsl:call-template>
            </xsl:when>
            <xsl:otherwise><p class="detail"><xsl:value-of select="bt:t('complaints.none')"/></p></xsl:otherwise>
          </xsl:choose>
          <xsl:if test="objections/item">
            <h3 id="objections"><xsl:value-of select="bt:t('obj.title')"/></h3>
            <ul id="objection-list">
              <xsl:for-each select="objections/item">
                <li data-status="{status}"><xsl:value-of select="bt:t(concat('obj.subject.', subject))"/>
                  <xsl:if test="label_zh != ''"><xsl:text> </xsl:text><span class="mono"><xsl:call-template name="pick"><xsl:with-param name="zh" select="label_zh"/><xsl:with-param name="en" select="label_en"/></xsl:call-template></span></xsl:if>
                  · <strong><xsl:value-of select="bt:t(concat('obj.status.', status))"/></strong>
                  <xsl:call-template name="objections-of-one"/></li>
              </xsl:for-each>
            </ul>
          </xsl:if>
          <p><a class="button" id="complain-enterprise" href="/complaints/new?enterprise={/view/enterprise/id}"><xsl:value-of select="bt:t('cmpl.bar.enterprise')"/></a></p>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
