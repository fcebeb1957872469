<?xml version="1.0" encoding="UTF-8"?>
<!-- claim_new.xsl: the quality-insurance claim form, filled in from the
     item's code (and the complaint it comes from). Works without
     JavaScript, on a phone. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('ins.new.title')"/>
      <xsl:with-param name="body">
        <section class="card" id="claim-intake">
          <h1><xsl:value-of select="bt:t('ins.new.title')"/></h1>
          <p class="detail"><xsl:value-of select="bt:t('ins.new.intro')"/></p>
          <xsl:if test="error">
            <p class="error" id="form-error" role="alert"><xsl:value-of select="bt:t('cmpl.refused')"/><xsl:call-template name="message"><xsl:with-param name="text" select="error"/></xsl:call-template></p>
          </xsl:if>
          <xsl:if test="about/product">
            <dl id="about">
              <dt><xsl:value-of select="bt:t('field.product')"/></dt>
              <dd><xsl:call-template name="name"><xsl:with-param name="of" select="about/product"/></xsl:call-template></dd>
              <dt><xsl:value-of select="bt:t('field.gtin')"/></dt><dd class="mono"><xsl:value-of select="about/code/gtin"/></dd>
              <xsl:if test="about/code/lot != ''"><dt><xsl:value-of select="bt:t('field.lot')"/></dt><dd class="mono"><xsl:value-of select="about/code/lot"/></dd></xsl:if>
              <dt><xsl:value-of select="bt:t('field.importer')"/></dt>
              <dd><xsl:call-template name="name"><xsl:with-param name="of" select="about/importer"/></xsl:call-template></dd>
            </dl>
          </xsl:if>
          <form method="post" action="/claims" class="stack" id="claim-form">
            <input type="hidden" name="csrf" value="{csrf}"/>
            <input type="hidden" name="code" value="{form/code}"/>
            <xsl:if test="form/case != ''">
              <input type="hidden" name="case" value="{form/case}"/>
              <p class="notice" id="from-case"><xsl:value-of select="bt:t('ins.new.from_case')"/><span class="mono"><xsl:value-of select="form/case"/></span></p>
            </xsl:if>
            <label><xsl:value-of select="bt:t('ins.reason')"/>
              <select name="reason">
                <xsl:for-each select="reasons/item">
                  <option value="{.}"><xsl:if test=". = /view/form/reason"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="bt:t(concat('ins.reason.', .))"/></option>
                </xsl:for-each>
              </select>
            </label>
            <label><xsl:value-of select="bt:t('ins.amount')"/>
              <input name="amount" inputmode="decimal" required="required" value="{form/amount}" placeholder="299.00"/>
            </label>
            <label><xsl:value-of select="bt:t('ins.order_no')"/>
              <input name="order_no" required="required" maxlength="60" value="{form/order_no}"/>
            </label>
            <label><xsl:value-of select="bt:t('cmpl.purchased_on')"/>
              <input name="purchased_on" type="date" value="{form/purchased_on}"/>
            </label>
            <label><xsl:value-of select="bt:t('ins.description')"/>
              <textarea name="description" required="required" rows="5" minlength="5" maxlength="2000"><xsl:value-of select="form/description"/></textarea>
            </label>
            <label><xsl:value-of select="bt:t('cmpl.name')"/>
              <input name="name" maxlength="50" autocomplete="name" value="{form/name}"/>
            </label>
            <label><xsl:value-of select="bt:t('cmpl.phone')"/>
              <input name="phone" type="tel" maxlength="24" autocomplete="tel" required="required" value="{form/phone}"/>
            </label>
            <label><xsl:value-of select="bt:t('ins.id_number')"/>
              <input name="id_number" maxlength="30" autocomplete="off"/>
            </label>
            <p class="detail"><xsl:value-of select="bt:t('ins.new.privacy')"/></p>
            <button type="submit" id="claim-submit"><xsl:value-of select="bt:t('ins.new.submit')"/></button>
          </form>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
