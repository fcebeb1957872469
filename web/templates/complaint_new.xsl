<?xml version="1.0" encoding="UTF-8"?>
<!-- complaint_new.xsl: the intake form for a complaint or report, filled
     in from the scanned code (works without JavaScript, on a phone). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:variable name="kind" select="form/kind"/>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('cmpl.new.title')"/>
      <xsl:with-param name="body">
        <section class="card" id="intake">
          <h1><xsl:value-of select="bt:t('cmpl.new.title')"/></h1>
          <p class="detail"><xsl:value-of select="bt:t('cmpl.new.intro')"/></p>
          <xsl:if test="error">
            <p class="error" id="form-error" role="alert"><xsl:value-of select="bt:t('cmpl.refused')"/><xsl:call-template name="message"><xsl:with-param name="text" select="error"/></xsl:call-template></p>
          </xsl:if>
          <xsl:if test="about/genuine = 'false'">
            <p class="notice" id="copied-code"><xsl:value-of select="bt:t('cmpl.new.copied')"/></p>
          </xsl:if>
          <xsl:if test="about/product">
            <dl id="about">
              <dt><xsl:value-of select="bt:t('field.product')"/></dt>
              <dd><xsl:call-template name="name"><xsl:with-param name="of" select="about/product"/></xsl:call-template></dd>
              <dt><xsl:value-of select="bt:t('field.gtin')"/></dt><dd class="mono"><xsl:value-of select="about/code/gtin"/></dd>
              <xsl:if test="about/code/lot != ''"><dt><xsl:value-of select="bt:t('field.lot')"/></dt><dd class="mono"><xsl:value-of select="about/code/lot"/></dd></xsl:if>
              <dt><xsl:value-of select="bt:t('field.importer')"/></dt>
              <dd><xsl:call-template name="name"><xsl:with-param name="of" select="about/importer"/></xsl:call-template></dd>
              <xsl:if test="form/platform != ''"><dt><xsl:value-of select="bt:t('cmpl.platform')"/></dt><dd><xsl:value-of select="form/platform"/></dd></xsl:if>
            </dl>
          </xsl:if>
          <xsl:if test="about/enterprise">
            <p><xsl:value-of select="bt:t('cmpl.about_enterprise')"/><xsl:call-template name="name"><xsl:with-param name="of" select="about/enterprise"/></xsl:call-template></p>
          </xsl:if>
          <form method="post" action="/complaints" class="stack" id="intake-form">
            <input type="hidden" name="csrf" value="{csrf}"/>
            <xsl:if test="form/code != ''"><input type="hidden" name="code" value="{form/code}"/></xsl:if>
            <xsl:if test="form/enterprise_id != ''"><input type="hidden" name="enterprise_id" value="{form/enterprise_id}"/></xsl:if>
            <fieldset>
              <legend><xsl:value-of select="bt:t('cmpl.kind')"/></legend>
              <xsl:if test="not(about/genuine = 'false')">
                <label class="inline"><input type="radio" name="kind" value="complaint">
                  <xsl:if test="$kind != 'report'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
                </input><xsl:value-of select="bt:t('cmpl.kind.complaint')"/></label>
              </xsl:if>
              <label class="inline"><input type="radio" name="kind" value="report">
                <xsl:if test="$kind = 'report'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
              </input><xsl:value-of select="bt:t('cmpl.kind.report')"/></label>
            </fieldset>
            <label><xsl:value-of select="bt:t('cmpl.category')"/>
              <select name="category">
                <xsl:for-each select="categories/item">
                  <option value="{.}"><xsl:if test=". = /view/form/category"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="bt:t(concat('cmpl.cat.', .))"/></option>
                </xsl:for-each>
              </select>
            </label>
            <label><xsl:value-of select="bt:t('cmpl.demand')"/>
              <select name="demand">
                <option value=""><xsl:value-of select="bt:t('cmpl.demand.none')"/></option>
                <xsl:for-each select="remedies/item">
                  <option value="{.}"><xsl:if test=". = /view/form/demand"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="bt:t(concat('cmpl.remedy.', .))"/></option>
                </xsl:for-each>
              </select>
            </label>
            <label><xsl:value-of select="bt:t('cmpl.amount')"/>
              <input name="amount" inputmode="decimal" value="{form/amount}" placeholder="299.00"/>
            </label>
            <label><xsl:value-of select="bt:t('cmpl.description')"/>
              <textarea name="description" required="required" rows="5" minlength="5" maxlength="2000"><xsl:value-of select="form/description"/></textarea>
            </label>
            <label><xsl:value-of select="bt:t('cmpl.purchased_on')"/>
              <input name="purchased_on" type="date" value="{form/purchased_on}"/>
            </label>
            <label><xsl:value-of select="bt:t('cmpl.name')"/>
              <input name="name" maxlength="50" autocomplete="name" value="{form/name}"/>
            </label>
            <label><xsl:value-of select="bt:t('cmpl.phone')"/>
              <input name="phone" type="tel" maxlength="24" autocomplete="tel" value="{form/phone}"/>
            </label>
            <p class="detail"><xsl:value-of select="bt:t('cmpl.privacy')"/></p>
            <button type="submit"><xsl:value-of select="bt:t('cmpl.submit')"/></button>
          </form>
          <p class="detail"><xsl:value-of select="bt:t('cmpl.hotline')"/> <a href="tel:12315">12315</a></p>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
