<?xml version="1.0" encoding="UTF-8"?>
<!-- log.xsl: the public log for people: what it is, its latest signed
     checkpoint and verifier key, the newest entries, and how to check it
     with standard tools. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bt="urn:bondtrace" exclude-result-prefixes="bt">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/view">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="bt:t('log.title')"/>
      <xsl:with-param name="body">
        <section class="card" id="log">
          <h1><xsl:value-of select="bt:t('log.title')"/></h1>
          <p><xsl:value-of select="bt:t('log.about')"/></p>
          <dl>
            <dt><xsl:value-of select="bt:t('log.size')"/></dt>
            <dd id="tree-size" class="num"><xsl:call-template name="n"><xsl:with-param name="v" select="tree_size"/></xsl:call-template></dd>
            <dt><xsl:value-of select="bt:t('log.vkey')"/></dt>
            <dd class="mono" id="vkey" translate="no"><xsl:value-of select="verifier_key"/></dd>
          </dl>
          <h2><xsl:value-of select="bt:t('log.checkpoint')"/></h2>
          <pre class="mono" id="checkpoint"><xsl:value-of select="checkpoint"/></pre>
          <p class="mono"><a href="/log/checkpoint">/log/checkpoint</a> · <a href="/log/verifier-key">/log/verifier-key</a></p>
        </section>
        <section class="card" id="recent">
          <h2><xsl:value-of select="bt:t('log.recent')"/></h2>
          <table>
            <tr><th class="num"><xsl:value-of select="bt:t('log.index')"/></th><th><xsl:value-of select="bt:t('log.kind')"/></th><th><xsl:value-of select="bt:t('log.at')"/></th></tr>
            <xsl:for-each select="recent/item">
              <tr>
                <td class="num"><a href="/log/entries/{index}"><xsl:value-of select="index"/></a></td>
                <td><xsl:value-of select="bt:t(concat('log.kind.', kind))"/></td>
                <td><xsl:value-of select="bt:cn(at)"/><xsl:value-of select="bt:t('time.cn')"/></td>
              </tr>
            </xsl:for-each>
          </table>
        </section>
        <section class="card" id="how">
          <h2><xsl:value-of select="bt:t('log.how')"/></h2>
          <p><xsl:value-of select="bt:t('log.how_tools')"/></p>
          <pre class="mono">curl -s <xsl:value-of select="/view/portal_url"/>/log/checkpoint
curl -s <xsl:value-of select="/view/portal_url"/>/log/tile/0/000.p/1 | xxd
bondtrace log verify --since saved-checkpoint</pre>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
