<?xml version="1.0" encoding="UTF-8"?>
<!-- scan.xsl: check a code on a phone: take or choose a photo, use the
     camera where the browser reads codes itself (scan.js; without it the
     page works the same), or type the code. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('scan.title')"/>
      <xsl:with-param name="body">
        <section class="card" id="scan">
          <h1><xsl:value-of select="bt:t('scan.title')"/></h1>
          <p><xsl:value-of select="bt:t('scan.text')"/></p>
          <div id="camera" hidden="hidden" data-none="{bt:t('scan.camera_none')}">
            <button type="button" id="camera-start"><xsl:value-of select="bt:t('scan.camera')"/></button>
            <video id="camera-view" playsinline="playsinline" muted="muted" hidden="hidden"></video>
            <p class="detail" id="camera-status" role="status"></p>
          </div>
          <form method="post" action="/scan" enctype="multipart/form-data" class="stack" id="photo-form">
            <label><xsl:value-of select="bt:t('scan.photo')"/>
              <input type="file" name="image" accept="image/*" capture="environment" required="required"/></label>
            <button type="submit"><xsl:value-of select="bt:t('scan.submit')"/></button>
          </form>
        </section>
        <section class="card" id="typed">
          <h2><xsl:value-of select="bt:t('scan.typed')"/></h2>
          <xsl:if test="error != ''">
            <p class="error" id="form-error" role="alert"><xsl:call-template name="message"><xsl:with-param name="text" select="error"/></xsl:call-template></p>
          </xsl:if>
          <form method="get" action="/scan/code" class="stack" id="typed-form">
            <label><xsl:value-of select="bt:t('scan.typed_label')"/>
              <input name="text" required="required" maxlength="512" autocomplete="off" autocapitalize="off" spellcheck="false" value="{typed}" placeholder="https://…/01/…/21/…"/></label>
            <button type="submit"><xsl:value-of select="bt:t('scan.typed_submit')"/></button>
          </form>
        </section>
        <script src="/static/scan.js" defer="defer"></script>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
