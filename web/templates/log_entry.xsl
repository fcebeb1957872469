<?xml version="1.0" encoding="UTF-8"?>
<!-- log_entry.xsl: one entry of the public log with its inclusion proof
     and the signed checkpoint it is proved against, and how to verify it
     offline. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title"><xsl:value-of select="bt:t('log.entry.title')"/> #<xsl:value-of select="index"/></xsl:with-param>
      <xsl:with-param name="body">
        <section class="card" id="entry">
          <h1><xsl:value-of select="bt:t('log.entry.title')"/> #<xsl:value-of select="index"/></h1>
          <dl>
            <dt><xsl:value-of select="bt:t('log.kind')"/></dt>
            <dd id="entry-kind"><xsl:value-of select="bt:t(concat('log.kind.', kind))"/></dd>
            <dt><xsl:value-of select="bt:t('log.at')"/></dt>
            <dd><xsl:value-of select="bt:cn(parsed/at)"/><xsl:value-of select="bt:t('time.cn')"/></dd>
            <dt><xsl:value-of select="bt:t('log.actor')"/></dt>
            <dd id="entry-actor"><xsl:value-of select="bt:t(concat('log.actor.', parsed/actor))"/></dd>
          </dl>
          <h2><xsl:value-of select="bt:t('log.entry')"/></h2>
          <pre class="mono" id="entry-text"><xsl:value-of select="entry"/></pre>
        </section>
        <section class="card" id="proof">
          <h2><xsl:value-of select="bt:t('log.proof')"/></h2>
          <xsl:choose>
            <xsl:when test="pending = 'true'">
              <p id="pending"><xsl:value-of select="bt:t('log.pending')"/></p>
            </xsl:when>
            <xsl:otherwise>
              <dl>
                <dt><xsl:value-of select="bt:t('log.leaf')"/></dt>
                <dd class="mono" translate="no"><xsl:value-of select="leaf_hash"/></dd>
                <dt><xsl:value-of select="bt:t('log.size')"/></dt>
                <dd class="num" id="proof-size"><xsl:call-template name="n"><xsl:with-param name="v" select="tree_size"/></xsl:call-template></dd>
              </dl>
              <ol class="mono" id="proof-hashes">
                <xsl:for-each select="inclusion_proof/item"><li><xsl:value-of select="."/></li></xsl:for-each>
              </ol>
              <h2><xsl:value-of select="bt:t('log.checkpoint')"/></h2>
              <pre class="mono" id="checkpoint"><xsl:value-of select="checkpoint"/></pre>
            </xsl:otherwise>
          </xsl:choose>
        </section>
        <section class="card" id="how">
          <h2><xsl:value-of select="bt:t('log.how')"/></h2>
          <p><xsl:value-of select="bt:t('log.how_entry')"/></p>
          <pre class="mono">curl -s <xsl:value-of select="/view/portal_url"/>/api/v1/log/entries/<xsl:value-of select="index"/> &gt; proof.json
bondtrace log check-proof proof.json --vkey '<xsl:value-of select="verifier_key"/>'</pre>
          <p><a href="/log"><xsl:value-of select="bt:t('log.title')"/></a></p>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
