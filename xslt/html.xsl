<?xml version="1.0" encoding="UTF-8"?>
<!--
  teipipe reading view: one TEI document → one self-contained HTML5 page (CSS inlined, no
  JavaScript). Footnote calls link to a notes list after the text (label = printed @n, each
  note links back to its call); page breaks are linkable "[Page N]" markers; names link to
  the persons list built from the file's own particDesc.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tp="urn:teipipe:render"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:import href="common.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
      include-content-type="no"/>

  <!-- Where the TEI of this page is, relative to the page (a link in the footer), if known. -->
  <xsl:param name="tei-href" as="xs:string" select="''"/>
  <!-- Link back to the list of all documents of the build, if there is one. -->
  <xsl:param name="index-href" as="xs:string" select="''"/>

  <!-- Stylesheets inlined into the page, relative to this module; print.xsl adds its own. -->
  <xsl:variable name="css-files" as="xs:string*" select="('css/teipipe.css', 'css/screen.css')"/>
  <xsl:variable name="view" as="xs:string" select="'reading'"/>
  <xsl:variable name="root" select="/"/>
  <xsl:variable name="doc" select="tp:doc-div(/)"/>

  <xsl:template match="/">
    <html lang="{(TEI/@xml:lang, 'en')[1]}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="tp:title(/)"/></title>
        <xsl:call-template name="meta"/>
        <style>
          <xsl:for-each select="$css-files">
            <xsl:value-of select="unparsed-text(resolve-uri(., static-base-uri()))"/>
          </xsl:for-each>
        </style>
      </head>
      <body class="view-{$view}">
        <xsl:call-template name="masthead"/>
        <main>
          <xsl:apply-templates select="TEI/text"/>
          <xsl:call-template name="apparatus"/>
        </main>
        <xsl:call-template name="colophon"/>
      </body>
    </html>
  </xsl:template>

  <!-- ============================================================ page furniture -->

  <!-- Title, author, subject for readers, search engines and (via WeasyPrint) the PDF. -->
  <xsl:template name="meta">
    <xsl:variable name="author" select="(normalize-space(string((//teiHeader/fileDesc/titleStmt/author)[1]))[.],
        tp:party(/, 'sent')[.], tp:volume-title(/))[1]"/>
    <meta name="author" content="{$author}"/>
    <meta name="description" content="{string-join((tp:volume-title(/),
        $doc/@n ! concat('Document ', .)), ', ')}"/>
    <meta name="generator" content="teipipe"/>
    <xsl:variable name="date" select="tp:iso(tp:doc-date(/))"/>
    <xsl:if test="$date"><meta name="dcterms.created" content="{$date}"/></xsl:if>
  </xsl:template>

  <xsl:template name="masthead">
    <header class="masthead">
      <xsl:if test="$index-href">
        <nav aria-label="Documents"><a href="{$index-href}">All documents</a></nav>
      </xsl:if>
      <p class="series"><xsl:value-of select="tp:volume-title(/)"/></p>
      <xsl:if test="$doc/@n"><p class="docnum">Document <xsl:value-of select="$doc/@n"/></p></xsl:if>
      <xsl:call-template name="docmeta"/>
    </header>
  </xsl:template>

  <xsl:template name="docmeta">
    <xsl:variable name="rows" select="(['From', tp:party(/, 'sent')],
        ['To', tp:party(/, 'received')], ['Date', tp:doc-date-label(/)])[?2]"/>
    <xsl:if test="exists($rows)">
      <dl class="docmeta">
        <xsl:for-each select="$rows">
          <div><dt><xsl:value-of select="?1"/></dt><dd><xsl:value-of select="?2"/></dd></div>
        </xsl:for-each>
      </dl>
    </xsl:if>
  </xsl:template>

  <!-- After the text: the notes, then the persons and organisations named. -->
  <xsl:template name="apparatus">
    <xsl:variable name="notes" select="TEI/text//note"/>
    <xsl:if test="$notes">
      <section class="footnotes" role="doc-endnotes" aria-labelledby="notes-heading">
        <h2 id="notes-heading">Notes</h2>
        <ol>
          <xsl:apply-templates select="$notes" mode="endnote"/>
        </ol>
      </section>
    </xsl:if>
    <xsl:variable name="entities" select="TEI/teiHeader//(person | org)[@xml:id]"/>
    <xsl:if test="$entities">
      <aside class="persons" aria-labelledby="persons-heading">
        <h2 id="persons-heading">Persons and organizations</h2>
        <dl>
          <xsl:for-each select="$entities">
            <div id="{tp:entity-anchor(.)}" class="entity">
              <dt><xsl:value-of select="tp:entity-name(.)"/></dt>
              <dd><xsl:value-of select="tp:entity-desc(.)"/></dd>
            </div>
          </xsl:for-each>
        </dl>
      </aside>
    </xsl:if>
  </xsl:template>

  <xsl:template name="colophon">
    <footer class="colophon">
      <xsl:variable name="hsg" select="(//teiHeader/fileDesc/sourceDesc/bibl/ref/@target)[1]"/>
      <p>
        <xsl:text>Converted to TEI by teipipe from a plain-text copy</xsl:text>
        <xsl:if test="$hsg">
          <xsl:text> of </xsl:text><a href="{$hsg}">the published document</a>
        </xsl:if>
        <xsl:text>.</xsl:text>
        <xsl:if test="$tei-href">
          <xsl:text> </xsl:text><a href="{$tei-href}">TEI source</a>
        </xsl:if>
      </p>
    </footer>
  </xsl:template>

  <!-- ============================================================ reading-view behaviours -->

  <!-- Footnote call: superscript link labelled with the printed number. -->
  <xsl:template match="note">
    <xsl:variable name="id" select="tp:note-id(.)"/>
    <sup class="tei-noteref"><a id="call-{$id}" href="#{$id}" role="doc-noteref"
        aria-label="Note {tp:note-label(.)}"><xsl:value-of select="tp:note-label(.)"/></a></sup>
  </xsl:template>

  <!-- A note no marker calls is listed with the notes, not in the running text. -->
  <xsl:template match="note[@place = 'end']"/>

  <xsl:template match="note" mode="endnote">
    <xsl:variable name="id" select="tp:note-id(.)"/>
    <li id="{$id}" class="note{@type ! concat(' ', .)}">
      <span class="note-label"><xsl:value-of select="tp:note-label(.)"/></span>
      <xsl:text> </xsl:text>
      <xsl:apply-templates/>
      <xsl:if test="not(@place = 'end')">
        <xsl:text> </xsl:text>
        <a class="backlink" href="#call-{$id}" role="doc-backlink"
            aria-label="Back to note {tp:note-label(.)} in the text">↩&#xFE0E;</a>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- Page break: a visible, linkable marker; no whitespace around it (mid-word safe). -->
  <xsl:template match="pb">
    <span role="doc-pagebreak" id="{tp:pb-id(.)}" aria-label="{tp:page-label(.)}"
        class="tei-pb">[<xsl:value-of select="tp:page-label(.)"/>]</span>
  </xsl:template>

  <!-- Names with a registry entry: a link to it (keyboard and pointer), summary as title
       (not inside a link: HTML forbids nested links). -->
  <xsl:template match="(persName | orgName | placeName)[tp:entity(.)][not(ancestor::ref | ancestor::ptr)]">
    <xsl:variable name="entity" select="tp:entity(.)"/>
    <a class="tei-{local-name()}{@role ! concat(' role-', .)}" href="#{tp:entity-anchor($entity)}"
        title="{tp:entity-summary($entity)}" data-ref="{$entity/@xml:id}">
      <xsl:apply-templates/>
    </a>
  </xsl:template>

</xsl:stylesheet>
