<?xml version="1.0" encoding="UTF-8"?>
<!-- console.xsl: an enterprise's console: products, batches (issue, bind,
     recall, export), provenance records, GS1 links and alerts, each with
     its form. A refused form comes back filled in with the reason (its
     form_name, error and form); an accepted one says so (done). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <!-- The refusal of form $form, above it. -->
  <xsl:template name="refusal">
    <xsl:param name="form"/>
    <xsl:if test="/view/form_name = $form">
      <p class="error" id="error-{$form}" role="alert"><xsl:value-of select="bt:t('cmpl.refused')"/><xsl:call-template name="message"><xsl:with-param name="text" select="/view/error"/></xsl:call-template></p>
    </xsl:if>
  </xsl:template>

  <!-- One labelled input of form $form, filled in again after a refusal. -->
  <xsl:template name="in">
    <xsl:param name="form"/>
    <xsl:param name="name"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="required" select="true()"/>
    <xsl:param name="hint" select="''"/>
    <label><xsl:value-of select="bt:t(concat('console.f.', $name))"/>
      <input name="{$name}" type="{$type}">
        <xsl:if test="$required"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
        <xsl:if test="$hint != ''"><xsl:attribute name="placeholder"><xsl:value-of select="$hint"/></xsl:attribute></xsl:if>
        <xsl:if test="/view/form_name = $form">
          <xsl:attribute name="value"><xsl:value-of select="/view/form/*[name() = $name]"/></xsl:attribute>
        </xsl:if>
      </input></label>
  </xsl:template>

  <xsl:template name="csrf"><input type="hidden" name="csrf" value="{/view/csrf}"/></xsl:template>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title">
        <xsl:choose>
          <xsl:when test="role = 'enterprise'"><xsl:value-of select="bt:t('console.title')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="bt:t('console.title.staff')"/></xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
      <xsl:with-param name="body">
        <section class="card" id="console">
          <xsl:choose>
            <xsl:when test="role = 'enterprise'">
              <h1><xsl:value-of select="bt:t('console.title')"/></h1>
              <p class="detail"><xsl:value-of select="bt:t('console.intro')"/></p>
            </xsl:when>
            <xsl:otherwise>
              <h1><xsl:value-of select="bt:t('console.title.staff')"/></h1>
              <p class="detail"><xsl:value-of select="bt:t('console.intro.staff')"/></p>
            </xsl:otherwise>
          </xsl:choose>
          <nav class="inline-actions">
            <xsl:if test="role = 'enterprise'">
            <a href="#products"><xsl:value-of select="bt:t('console.products')"/></a> ·
            <a href="#batches"><xsl:value-of select="bt:t('console.batches')"/></a> ·
            <a href="#declaration"><xsl:value-of select="bt:t('console.declaration')"/></a> ·
            <a href="#provenance"><xsl:value-of select="bt:t('console.provenance')"/></a> ·
            <a href="#links"><xsl:value-of select="bt:t('console.links')"/></a> ·
            <a href="#facts"><xsl:value-of select="bt:t('console.facts')"/></a> ·
            </xsl:if>
            <a href="#alerts"><xsl:value-of select="bt:t('console.alerts')"/></a> ·
            <a href="/account"><xsl:value-of select="bt:t('account.title')"/></a>
          </nav>
          <xsl:if test="done">
            <p class="ok" id="done" role="status" data-done="{done}"><xsl:value-of select="bt:t(concat('console.done.', done))"/></p>
          </xsl:if>
        </section>

        <xsl:if test="role = 'enterprise'">
        <section class="card" id="products">
          <h2><xsl:value-of select="bt:t('console.products')"/></h2>
          <table class="list" id="product-list">
            <xsl:for-each select="products/item">
              <tr data-gtin="{gtin}"><td class="mono"><xsl:value-of select="gtin"/></td>
                <td><xsl:call-template name="pick"><xsl:with-param name="zh" select="name_zh"/><xsl:with-param name="en" select="name_en"/></xsl:call-template>
                  <span class="detail"> · <xsl:value-of select="brand"/></span>
                  <details><summary><xsl:value-of select="bt:t('console.master')"/></summary>
                    <form method="post" action="/console/products/{gtin}/master" class="stack">
                      <xsl:call-template name="csrf"/>
                      <xsl:call-template name="in"><xsl:with-param name="form" select="'master'"/><xsl:with-param name="name" select="'manufacturer'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
                      <xsl:call-template name="in"><xsl:with-param name="form" select="'master'"/><xsl:with-param name="name" select="'hs_code'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
                      <xsl:call-template name="in"><xsl:with-param name="form" select="'master'"/><xsl:with-param name="name" select="'shelf_life_days'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
                      <button type="submit"><xsl:value-of select="bt:t('console.save')"/></button>
                    </form>
                  </details></td></tr>
            </xsl:for-each>
          </table>
          <xsl:if test="not(products/item)"><p class="detail"><xsl:value-of select="bt:t('word.none')"/></p></xsl:if>
          <xsl:call-template name="refusal"><xsl:with-param name="form" select="'master'"/></xsl:call-template>
          <h3 id="product"><xsl:value-of select="bt:t('console.product.new')"/></h3>
          <xsl:call-template name="refusal"><xsl:with-param name="form" select="'product'"/></xsl:call-template>
          <form method="post" action="/console/product" class="stack" id="product-form">
            <xsl:call-template name="csrf"/>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'product'"/><xsl:with-param name="name" select="'gtin'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'product'"/><xsl:with-param name="name" select="'name_zh'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'product'"/><xsl:with-param name="name" select="'name_en'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'product'"/><xsl:with-param name="name" select="'brand'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'product'"/><xsl:with-param name="name" select="'origin_country'"/><xsl:with-param name="hint" select="'AU'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'product'"/><xsl:with-param name="name" select="'category'"/><xsl:with-param name="required" select="false()"/><xsl:with-param name="hint" select="'infant_formula'"/></xsl:call-template>
            <button type="submit"><xsl:value-of select="bt:t('console.product.add')"/></button>
          </form>
        </section>

        <section class="card" id="batches">
          <h2><xsl:value-of select="bt:t('console.batches')"/></h2>
          <table class="list" id="batch-list">
            <xsl:for-each select="batches/item">
              <tr data-batch="{id}" data-bound="{bound}"><td class="mono"><xsl:value-of select="id"/></td>
                <td><xsl:call-template name="pick"><xsl:with-param name="zh" select="name_zh"/><xsl:with-param name="en" select="name_en"/></xsl:call-template>
                  <span class="detail mono"> · <xsl:value-of select="gtin"/><xsl:if test="lot != ''"> · <xsl:value-of select="lot"/></xsl:if><xsl:if test="expiry != ''"> · <xsl:value-of select="expiry"/></xsl:if></span><br/>
                  <xsl:call-template name="n"><xsl:with-param name="v" select="count"/></xsl:call-template><xsl:value-of select="bt:t('console.codes')"/> ·
                  <xsl:value-of select="bt:t('console.bound')"/><xsl:call-template name="n"><xsl:with-param name="v" select="bound"/></xsl:call-template>
                  <xsl:if test="number(bound) &lt; number(count)"><span class="error"> · <xsl:value-of select="bt:t('console.unbound')"/></span></xsl:if>
                  · <span class="detail"><xsl:value-of select="bt:cnday(created_at)"/></span><br/>
                  <xsl:value-of select="bt:t('console.export')"/>
                  <a href="/api/v1/batches/{id}/codes?format=pdf" download="batch-{id}.pdf" data-export="{id}">PDF</a> ·
                  <a href="/api/v1/batches/{id}/codes?format=csv" download="batch-{id}.csv" data-export="{id}">CSV</a> ·
                  <a href="/api/v1/batches/{id}/codes?format=zpl" download="batch-{id}.zpl" data-export="{id}">ZPL</a>
                  <span class="export-progress" id="export-{id}" hidden="hidden" data-batch="{id}" data-total="{count}"
                      data-of="{bt:t('console.export_of')}" data-done="{bt:t('console.export_done')}" data-gone="{bt:t('console.export_gone')}">
                    <br/><progress max="{count}" value="0"></progress><xsl:text> </xsl:text><span class="export-text detail" role="status"></span></span>
                  <details><summary><xsl:value-of select="bt:t('console.status')"/></summary>
                    <form method="post" action="/console/batches/{id}/status" class="stack">
                      <xsl:call-template name="csrf"/>
                      <label><xsl:value-of select="bt:t('console.f.status')"/>
                        <select name="status">
                          <option value="recalled"><xsl:value-of select="bt:t('status.recalled')"/></option>
                          <option value="revoked"><xsl:value-of select="bt:t('status.revoked')"/></option>
                          <option value="stolen"><xsl:value-of select="bt:t('status.stolen')"/></option>
                        </select></label>
                      <xsl:call-template name="in"><xsl:with-param name="form" select="'status'"/><xsl:with-param name="name" select="'from'"/><xsl:with-param name="hint" select="'0'"/></xsl:call-template>
                      <xsl:call-template name="in"><xsl:with-param name="form" select="'status'"/><xsl:with-param name="name" select="'to'"/><xsl:with-param name="hint" select="count"/></xsl:call-template>
                      <xsl:call-template name="in"><xsl:with-param name="form" select="'status'"/><xsl:with-param name="name" select="'reason'"/></xsl:call-template>
                      <xsl:call-template name="in"><xsl:with-param name="form" select="'status'"/><xsl:with-param name="name" select="'reason_en'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
                      <button type="submit"><xsl:value-of select="bt:t('console.status.submit')"/></button>
                    </form>
                  </details></td></tr>
            </xsl:for-each>
          </table>
          <xsl:if test="not(batches/item)"><p class="detail"><xsl:value-of select="bt:t('word.none')"/></p></xsl:if>
          <xsl:call-template name="refusal"><xsl:with-param name="form" select="'status'"/></xsl:call-template>
          <h3 id="batch"><xsl:value-of select="bt:t('console.batch.new')"/></h3>
          <p class="notice" id="unbound-warning"><xsl:value-of select="bt:t('console.batch.warning')"/></p>
          <xsl:call-template name="refusal"><xsl:with-param name="form" select="'batch'"/></xsl:call-template>
          <form method="post" action="/console/batch" class="stack" id="batch-form">
            <xsl:call-template name="csrf"/>
            <label><xsl:value-of select="bt:t('console.f.gtin')"/>
              <select name="gtin" required="required">
                <xsl:for-each select="products/item"><option value="{gtin}"><xsl:if test="/view/form_name = 'batch' and /view/form/gtin = gtin"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="gtin"/> · <xsl:call-template name="pick"><xsl:with-param name="zh" select="name_zh"/><xsl:with-param name="en" select="name_en"/></xsl:call-template></option></xsl:for-each>
              </select></label>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'batch'"/><xsl:with-param name="name" select="'count'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'batch'"/><xsl:with-param name="name" select="'lot'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'batch'"/><xsl:with-param name="name" select="'expiry'"/><xsl:with-param name="type" select="'date'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
            <button type="submit"><xsl:value-of select="bt:t('console.batch.add')"/></button>
          </form>
          <h3 id="declaration"><xsl:value-of select="bt:t('console.declaration')"/></h3>
          <p class="detail"><xsl:value-of select="bt:t('console.declaration.text')"/></p>
          <xsl:call-template name="refusal"><xsl:with-param name="form" select="'declaration'"/></xsl:call-template>
          <form method="post" action="/console/declaration" enctype="multipart/form-data" class="stack" id="declaration-form">
            <xsl:call-template name="csrf"/>
            <label><xsl:value-of select="bt:t('console.f.file')"/><input type="file" name="file" accept=".xml,application/xml,text/xml"/></label>
            <label><xsl:value-of select="bt:t('console.f.xml')"/><textarea name="xml" rows="4" spellcheck="false"></textarea></label>
            <button type="submit"><xsl:value-of select="bt:t('console.declaration.send')"/></button>
          </form>
          <table class="list" id="receipt-list">
            <xsl:for-each select="declarations/receipts/item">
              <tr data-guid="{guid}" data-status="{status}"><td><xsl:value-of select="bt:cn(received_at)"/><br/><span class="mono detail"><xsl:value-of select="message"/> · <xsl:value-of select="guid"/></span></td>
                <td><xsl:value-of select="bt:t(concat('console.receipt.', status))"/>
                  <xsl:if test="reason != ''"><br/><span class="detail"><xsl:value-of select="path"/>: <xsl:call-template name="message"><xsl:with-param name="text" select="reason"/></xsl:call-template></span></xsl:if>
                  <xsl:for-each select="records/item"><br/><span class="detail mono"><xsl:choose><xsl:when test="cop_no != ''"><xsl:value-of select="cop_no"/></xsl:when><xsl:otherwise><xsl:value-of select="order_no"/></xsl:otherwise></xsl:choose><xsl:if test="invt_no != ''"> · <xsl:value-of select="invt_no"/></xsl:if></span></xsl:for-each></td></tr>
            </xsl:for-each>
          </table>
          <h3 id="binding"><xsl:value-of select="bt:t('console.binding')"/></h3>
          <xsl:call-template name="refusal"><xsl:with-param name="form" select="'binding'"/></xsl:call-template>
          <form method="post" action="/console/binding" class="stack" id="binding-form">
            <xsl:call-template name="csrf"/>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'binding'"/><xsl:with-param name="name" select="'batch'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'binding'"/><xsl:with-param name="name" select="'from'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'binding'"/><xsl:with-param name="name" select="'to'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'binding'"/><xsl:with-param name="name" select="'inventory'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'binding'"/><xsl:with-param name="name" select="'gnum'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'binding'"/><xsl:with-param name="name" select="'lot'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
            <button type="submit"><xsl:value-of select="bt:t('console.binding.add')"/></button>
          </form>
        </section>

        <section class="card" id="provenance">
          <h2><xsl:value-of select="bt:t('console.provenance')"/></h2>
          <h3 id="lot"><xsl:value-of select="bt:t('console.lot')"/></h3>
          <xsl:call-template name="refusal"><xsl:with-param name="form" select="'lot'"/></xsl:call-template>
          <form method="post" action="/console/lot" class="stack" id="lot-form">
            <xsl:call-template name="csrf"/>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'lot'"/><xsl:with-param name="name" select="'gtin'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'lot'"/><xsl:with-param name="name" select="'lot'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'lot'"/><xsl:with-param name="name" select="'production_date'"/><xsl:with-param name="type" select="'date'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'lot'"/><xsl:with-param name="name" select="'expiry_date'"/><xsl:with-param name="type" select="'date'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
            <button type="submit"><xsl:value-of select="bt:t('console.save')"/></button>
          </form>
          <h3 id="shipment"><xsl:value-of select="bt:t('console.shipment')"/></h3>
          <xsl:call-template name="refusal"><xsl:with-param name="form" select="'shipment'"/></xsl:call-template>
          <form method="post" action="/console/shipment" class="stack" id="shipment-form">
            <xsl:call-template name="csrf"/>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'shipment'"/><xsl:with-param name="name" select="'bill_no'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'shipment'"/><xsl:with-param name="name" select="'departure_country'"/><xsl:with-param name="hint" select="'601'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'shipment'"/><xsl:with-param name="name" select="'port'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'shipment'"/><xsl:with-param name="name" select="'arrival_date'"/><xsl:with-param name="type" select="'date'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'shipment'"/><xsl:with-param name="name" select="'warehouse'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'shipment'"/><xsl:with-param name="name" select="'warehouse_en'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'shipment'"/><xsl:with-param name="name" select="'lot_gtin'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'shipment'"/><xsl:with-param name="name" select="'lot_lot'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'shipment'"/><xsl:with-param name="name" select="'lot_quantity'"/></xsl:call-template>
            <button type="submit"><xsl:value-of select="bt:t('console.save')"/></button>
          </form>
          <h3 id="inspection"><xsl:value-of select="bt:t('console.inspection')"/></h3>
          <xsl:call-template name="refusal"><xsl:with-param name="form" select="'inspection'"/></xsl:call-template>
          <form method="post" action="/console/inspection" class="stack" id="inspection-form">
            <xsl:call-template name="csrf"/>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'inspection'"/><xsl:with-param name="name" select="'gtin'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'inspection'"/><xsl:with-param name="name" select="'lot'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'inspection'"/><xsl:with-param name="name" select="'lab'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'inspection'"/><xsl:with-param name="name" select="'lab_en'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'inspection'"/><xsl:with-param name="name" select="'report_no'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'inspection'"/><xsl:with-param name="name" select="'tested_on'"/><xsl:with-param name="type" select="'date'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'inspection'"/><xsl:with-param name="name" select="'items'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'inspection'"/><xsl:with-param name="name" select="'items_en'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
            <label class="inline"><input type="checkbox" name="passed" value="on"><xsl:if test="not(/view/form_name = 'inspection') or /view/form/passed"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if></input><xsl:value-of select="bt:t('console.f.passed')"/></label>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'inspection'"/><xsl:with-param name="name" select="'certificate'"/><xsl:with-param name="type" select="'url'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
            <button type="submit"><xsl:value-of select="bt:t('console.save')"/></button>
          </form>
        </section>

        <section class="card" id="links">
          <h2><xsl:value-of select="bt:t('console.links')"/></h2>
          <table class="list" id="link-list">
            <xsl:for-each select="links/item">
              <tr data-link="{id}"><td class="mono"><xsl:value-of select="gtin"/></td>
                <td><xsl:value-of select="type"/> · <a href="{href}" rel="nofollow noopener"><xsl:value-of select="title"/></a></td>
                <td><form method="post" action="/console/links/{id}/link_delete"><xsl:call-template name="csrf"/><button type="submit" class="secondary"><xsl:value-of select="bt:t('console.delete')"/></button></form></td></tr>
            </xsl:for-each>
          </table>
          <xsl:if test="not(links/item)"><p class="detail"><xsl:value-of select="bt:t('word.none')"/></p></xsl:if>
          <h3 id="link"><xsl:value-of select="bt:t('console.link.new')"/></h3>
          <xsl:call-template name="refusal"><xsl:with-param name="form" select="'link'"/></xsl:call-template>
          <form method="post" action="/console/link" class="stack" id="link-form">
            <xsl:call-template name="csrf"/>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'link'"/><xsl:with-param name="name" select="'gtin'"/></xsl:call-template>
            <label><xsl:value-of select="bt:t('console.f.type')"/>
              <select name="type">
                <option value="gs1:pip"><xsl:value-of select="bt:t('link.pip')"/></option>
                <option value="gs1:instructions"><xsl:value-of select="bt:t('link.instructions')"/></option>
                <option value="gs1:recallStatus"><xsl:value-of select="bt:t('link.recallStatus')"/></option>
                <option value="gs1:customerSupport"><xsl:value-of select="bt:t('link.customerSupport')"/></option>
                <option value="gs1:certificationInfo"><xsl:value-of select="bt:t('link.certificationInfo')"/></option>
                <option value="gs1:safetyInfo"><xsl:value-of select="bt:t('link.safetyInfo')"/></option>
                <option value="gs1:allergenInfo"><xsl:value-of select="bt:t('link.allergenInfo')"/></option>
                <option value="gs1:nutritionalInfo"><xsl:value-of select="bt:t('link.nutritionalInfo')"/></option>
                <option value="gs1:ingredientsInfo"><xsl:value-of select="bt:t('link.ingredientsInfo')"/></option>
                <option value="gs1:productSustainabilityInfo"><xsl:value-of select="bt:t('link.productSustainabilityInfo')"/></option>
              </select></label>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'link'"/><xsl:with-param name="name" select="'href'"/><xsl:with-param name="type" select="'url'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'link'"/><xsl:with-param name="name" select="'title'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'link'"/><xsl:with-param name="name" select="'lang'"/><xsl:with-param name="required" select="false()"/><xsl:with-param name="hint" select="'zh'"/></xsl:call-template>
            <button type="submit"><xsl:value-of select="bt:t('console.link.add')"/></button>
          </form>
        </section>

        <section class="card" id="facts">
          <h2><xsl:value-of select="bt:t('console.facts')"/></h2>
          <h3 id="licence"><xsl:value-of select="bt:t('console.licence')"/></h3>
          <xsl:call-template name="refusal"><xsl:with-param name="form" select="'licence'"/></xsl:call-template>
          <form method="post" action="/console/licence" class="stack" id="licence-form">
            <xsl:call-template name="csrf"/>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'licence'"/><xsl:with-param name="name" select="'kind'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'licence'"/><xsl:with-param name="name" select="'number'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'licence'"/><xsl:with-param name="name" select="'authority'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'licence'"/><xsl:with-param name="name" select="'issued_on'"/><xsl:with-param name="type" select="'date'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'licence'"/><xsl:with-param name="name" select="'expires_on'"/><xsl:with-param name="type" select="'date'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
            <button type="submit"><xsl:value-of select="bt:t('console.save')"/></button>
          </form>
          <h3 id="commitment"><xsl:value-of select="bt:t('console.commitment')"/></h3>
          <xsl:call-template name="refusal"><xsl:with-param name="form" select="'commitment'"/></xsl:call-template>
          <form method="post" action="/console/commitment" class="stack" id="commitment-form">
            <xsl:call-template name="csrf"/>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'commitment'"/><xsl:with-param name="name" select="'text_zh'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'commitment'"/><xsl:with-param name="name" select="'text_en'"/></xsl:call-template>
            <xsl:call-template name="in"><xsl:with-param name="form" select="'commitment'"/><xsl:with-param name="name" select="'since'"/><xsl:with-param name="type" select="'date'"/></xsl:call-template>
            <button type="submit"><xsl:value-of select="bt:t('console.save')"/></button>
          </form>
        </section>
        </xsl:if>
        <xsl:variable name="picks" select="concat('enterprise=', enterprise_pick, '&amp;batch=', batch_pick, '&amp;commitment=', commitment_pick)"/>
        <xsl:if test="role = 'regulator' or role = 'admin'">
          <section class="card" id="pick">
            <h2><xsl:value-of select="bt:t('console.pick')"/></h2>
            <p class="detail"><xsl:value-of select="bt:t('console.pick.text')"/> <a href="/enterprises"><xsl:value-of select="bt:t('console.pick.search')"/></a></p>
            <form method="get" action="/console" class="stack" id="pick-form">
              <label><xsl:value-of select="bt:t('console.f.enterprise_id')"/><input name="enterprise" inputmode="numeric" value="{enterprise_pick}"/></label>
              <label><xsl:value-of select="bt:t('console.f.batch')"/><input name="batch" inputmode="numeric" value="{batch_pick}"/></label>
              <label><xsl:value-of select="bt:t('console.f.commitment_id')"/><input name="commitment" inputmode="numeric" value="{commitment_pick}"/></label>
              <button type="submit"><xsl:value-of select="bt:t('console.pick.open')"/></button>
            </form>
          </section>
          <xsl:if test="batch_pick">
            <section class="card" id="status">
              <h2><xsl:value-of select="bt:t('console.status')"/> · <span class="mono"><xsl:value-of select="batch_pick"/></span></h2>
              <xsl:call-template name="refusal"><xsl:with-param name="form" select="'status'"/></xsl:call-template>
              <form method="post" action="/console/batches/{batch_pick}/status?{$picks}" class="stack" id="status-form">
                <xsl:call-template name="csrf"/>
                <label><xsl:value-of select="bt:t('console.f.status')"/>
                  <select name="status">
                    <option value="recalled"><xsl:value-of select="bt:t('status.recalled')"/></option>
                    <option value="revoked"><xsl:value-of select="bt:t('status.revoked')"/></option>
                    <option value="stolen"><xsl:value-of select="bt:t('status.stolen')"/></option>
                  </select></label>
                <xsl:call-template name="in"><xsl:with-param name="form" select="'status'"/><xsl:with-param name="name" select="'from'"/></xsl:call-template>
                <xsl:call-template name="in"><xsl:with-param name="form" select="'status'"/><xsl:with-param name="name" select="'to'"/></xsl:call-template>
                <xsl:call-template name="in"><xsl:with-param name="form" select="'status'"/><xsl:with-param name="name" select="'reason'"/></xsl:call-template>
                      <xsl:call-template name="in"><xsl:with-param name="form" select="'status'"/><xsl:with-param name="name" select="'reason_en'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
                <button type="submit"><xsl:value-of select="bt:t('console.status.submit')"/></button>
              </form>
            </section>
          </xsl:if>
          <xsl:if test="enterprise_pick">
            <section class="card" id="enterprise-facts">
              <h2><a href="/enterprises/{enterprise_pick}"><xsl:value-of select="bt:t('console.enterprise')"/><xsl:value-of select="enterprise_pick"/></a></h2>
              <h3 id="customs_class"><xsl:value-of select="bt:t('field.customs_class')"/></h3>
              <xsl:call-template name="refusal"><xsl:with-param name="form" select="'customs_class'"/></xsl:call-template>
              <form method="post" action="/console/enterprises/{enterprise_pick}/customs_class?{$picks}" class="stack" id="customs-class-form">
                <xsl:call-template name="csrf"/>
                <label><xsl:value-of select="bt:t('field.customs_class')"/>
                  <select name="customs_class">
                    <option value="advanced_certified"><xsl:value-of select="bt:t('console.class.advanced_certified')"/></option>
                    <option value="certified"><xsl:value-of select="bt:t('console.class.certified')"/></option>
                    <option value="regular"><xsl:value-of select="bt:t('console.class.regular')"/></option>
                    <option value="dishonest"><xsl:value-of select="bt:t('console.class.dishonest')"/></option>
                    <option value="seriously_dishonest"><xsl:value-of select="bt:t('console.class.seriously_dishonest')"/></option>
                  </select></label>
                <button type="submit"><xsl:value-of select="bt:t('console.save')"/></button>
              </form>
              <h3 id="commendation"><xsl:value-of select="bt:t('console.commendation')"/></h3>
              <xsl:call-template name="refusal"><xsl:with-param name="form" select="'commendation'"/></xsl:call-template>
              <form method="post" action="/console/commendation?{$picks}" class="stack" id="commendation-form">
                <xsl:call-template name="csrf"/>
                <input type="hidden" name="enterprise_id" value="{enterprise_pick}"/>
                <xsl:call-template name="in"><xsl:with-param name="form" select="'commendation'"/><xsl:with-param name="name" select="'title_zh'"/></xsl:call-template>
                <xsl:call-template name="in"><xsl:with-param name="form" select="'commendation'"/><xsl:with-param name="name" select="'title_en'"/></xsl:call-template>
                <xsl:call-template name="in"><xsl:with-param name="form" select="'commendation'"/><xsl:with-param name="name" select="'authority'"/></xsl:call-template>
                <xsl:call-template name="in"><xsl:with-param name="form" select="'commendation'"/><xsl:with-param name="name" select="'decided_on'"/><xsl:with-param name="type" select="'date'"/></xsl:call-template>
                <button type="submit"><xsl:value-of select="bt:t('console.save')"/></button>
              </form>
              <xsl:if test="commitment_pick">
                <h3 id="broken"><xsl:value-of select="bt:t('console.broken')"/> · <span class="mono"><xsl:value-of select="commitment_pick"/></span></h3>
                <xsl:call-template name="refusal"><xsl:with-param name="form" select="'broken'"/></xsl:call-template>
                <form method="post" action="/console/commitments/{commitment_pick}/broken?{$picks}" class="stack" id="broken-form">
                  <xsl:call-template name="csrf"/>
                  <input type="hidden" name="enterprise_id" value="{enterprise_pick}"/>
                  <xsl:call-template name="in"><xsl:with-param name="form" select="'broken'"/><xsl:with-param name="name" select="'broken_on'"/><xsl:with-param name="type" select="'date'"/></xsl:call-template>
                  <xsl:call-template name="in"><xsl:with-param name="form" select="'broken'"/><xsl:with-param name="name" select="'broken_reason'"/></xsl:call-template>
                  <xsl:call-template name="in"><xsl:with-param name="form" select="'broken'"/><xsl:with-param name="name" select="'broken_reason_en'"/><xsl:with-param name="required" select="false()"/></xsl:call-template>
                  <button type="submit"><xsl:value-of select="bt:t('console.save')"/></button>
                </form>
              </xsl:if>
            </section>
          </xsl:if>
        </xsl:if>
        <section class="card" id="alerts">
          <h2><xsl:value-of select="bt:t('console.alerts')"/></h2>
          <p class="detail"><a id="alerts-csv" href="/api/v1/alerts?format=csv&amp;limit=1000"><xsl:value-of select="bt:t('desk.csv')"/></a></p>
          <xsl:call-template name="refusal"><xsl:with-param name="form" select="'alert_acknowledge'"/></xsl:call-template>
          <xsl:call-template name="refusal"><xsl:with-param name="form" select="'alert_close'"/></xsl:call-template>
          <table class="list" id="alert-list">
            <xsl:for-each select="alerts/item">
              <tr data-alert="{id}" data-state="{state}"><td><a class="mono history-link" href="/console/batches/{batch}/codes/{index}" title="{bt:t('console.history')}"><xsl:value-of select="batch"/>/<xsl:value-of select="index"/></a>
                  <xsl:for-each select="reasons/item"> · <xsl:value-of select="bt:t(concat('reason.', .))"/></xsl:for-each>
                  <span class="detail"> · <xsl:call-template name="n"><xsl:with-param name="v" select="scans"/></xsl:call-template><xsl:value-of select="bt:t('console.scans')"/> · <xsl:value-of select="bt:cn(created_at)"/></span></td>
                <td><xsl:value-of select="bt:t(concat('console.state.', state))"/></td>
                <td>
                  <xsl:if test="state = 'open'"><form method="post" action="/console/alerts/{id}/alert_acknowledge"><xsl:call-template name="csrf"/><button type="submit" class="secondary"><xsl:value-of select="bt:t('console.acknowledge')"/></button></form></xsl:if>
                  <xsl:if test="state != 'closed'"><form method="post" action="/console/alerts/{id}/alert_close"><xsl:call-template name="csrf"/><button type="submit" class="secondary"><xsl:value-of select="bt:t('console.close')"/></button></form></xsl:if>
                </td></tr>
            </xsl:for-each>
          </table>
          <xsl:if test="not(alerts/item)"><p class="detail"><xsl:value-of select="bt:t('word.none')"/></p></xsl:if>
        </section>
        <xsl:if test="role = 'enterprise'"><script src="/static/console.js" defer="defer"></script></xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
