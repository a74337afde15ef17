<?xml version="1.0" encoding="UTF-8"?>
<!--
  teipipe print view: the reading view with what differs on paper (CSS Paged Media, for
  WeasyPrint → PDF):
  - footnotes stay at their call and are floated to the foot of the page (float: footnote),
    labelled with the printed @n;
  - the printed volume's page numbers (pb) go in the margin, invisible in the running text;
  - running heads carry the volume and the document number; no link-only apparatus
    (no notes list, no back-links, no persons links, no navigation).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tp="urn:teipipe:render"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:import href="html.xsl"/>

  <xsl:variable name="css-files" as="xs:string*" select="('css/teipipe.css', 'css/print.css')"/>
  <xsl:variable name="view" as="xs:string" select="'print'"/>

  <xsl:template name="masthead">
    <header class="masthead">
      <!-- running heads: string-set from these two -->
      <p class="series"><xsl:value-of select="tp:volume-title(/)"/></p>
      <p class="docnum">
        <xsl:value-of select="($doc/@n ! concat('Document ', .), tp:title(/))[1]"/>
      </p>
      <xsl:call-template name="docmeta"/>
    </header>
  </xsl:template>

  <xsl:template name="apparatus"/>

  <xsl:template name="colophon">
    <footer class="colophon">
      <p>Converted to TEI by teipipe from a plain-text copy of the document.</p>
    </footer>
  </xsl:template>

  <!-- The note itself, at its call; CSS floats it to the foot of the page. -->
  <xsl:template match="note">
    <span class="footnote{@type ! concat(' ', .)}" id="{tp:note-id(.)}"
        data-n="{tp:note-label(.)}"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Uncalled notes: printed at the end of the document, in place, with their label. -->
  <xsl:template match="note[@place = 'end']">
    <p class="endnote" id="{tp:note-id(.)}"><span class="note-label">
      <xsl:value-of select="tp:note-label(.)"/></span><xsl:text> </xsl:text>
      <xsl:apply-templates/></p>
  </xsl:template>

  <!-- Page break: an empty anchor in the text, the page number in the margin. -->
  <xsl:template match="pb">
    <span class="tei-pb" id="{tp:pb-id(.)}" role="doc-pagebreak"
        aria-label="{tp:page-label(.)}"><span class="pb-margin"
        aria-hidden="true"><xsl:value-of select="@n"/></span></span>
  </xsl:template>

  <!-- Names: marked up, not linked (there is no persons list on paper). -->
  <xsl:template match="persName[tp:entity(.)] | orgName[tp:entity(.)] | placeName[tp:entity(.)]">
    <xsl:call-template name="name-span"/>
  </xsl:template>

</xsl:stylesheet>
