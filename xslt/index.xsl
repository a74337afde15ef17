<?xml version="1.0" encoding="UTF-8"?>
<!--
  teipipe build index: <docs><doc src="file:…/x.xml" href="x.html" print="x.print.html"
  pdf="x.pdf"/>…</docs> → out/index.html, one row per document: link, heading, sender,
  recipient, date, all read from each document's TEI (correspDesc / creation date when
  present, else the heading's tagged names, else blank).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tp="urn:teipipe:render"
    exclude-result-prefixes="#all">

  <xsl:import href="common.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
      include-content-type="no"/>

  <xsl:param name="title" as="xs:string" select="'Documents'"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/></title>
        <style><xsl:value-of select="('css/teipipe.css', 'css/screen.css') ! unparsed-text(resolve-uri(., static-base-uri()))" separator="&#10;"/></style>
      </head>
      <body class="view-index">
        <header class="masthead"><h1><xsl:value-of select="$title"/></h1></header>
        <main>
          <table class="index-table">
            <thead>
              <tr><th scope="col">No.</th><th scope="col">Heading</th><th scope="col">From</th>
                <th scope="col">To</th><th scope="col">Date</th><th scope="col">Formats</th></tr>
            </thead>
            <tbody>
              <xsl:apply-templates select="docs/doc"/>
            </tbody>
          </table>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="doc">
    <xsl:variable name="tei" select="doc(@src)"/>
    <xsl:variable name="div" select="tp:doc-div($tei)"/>
    <xsl:variable name="date" select="tp:doc-date($tei)"/>
    <tr>
      <td data-label="No."><xsl:value-of select="$div/@n"/></td>
      <td><a href="{(@href, @print, @pdf, @xml)[1]}"><xsl:value-of select="tp:title($tei)"/></a></td>
      <td data-label="From"><xsl:value-of select="tp:party($tei, 'sent')"/></td>
      <td data-label="To"><xsl:value-of select="tp:party($tei, 'received')"/></td>
      <td data-label="Date">
        <xsl:if test="$date">
          <xsl:choose>
            <xsl:when test="tp:iso($date)">
              <time datetime="{tp:iso($date)}"><xsl:value-of select="tp:doc-date-label($tei)"/></time>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="tp:doc-date-label($tei)"/></xsl:otherwise>
          </xsl:choose>
        </xsl:if>
      </td>
      <td>
        <xsl:for-each select="@href, @print, @pdf, @xml">
          <xsl:if test="position() > 1"><xsl:text> · </xsl:text></xsl:if>
          <a href="{.}"><xsl:value-of select="map{'href': 'HTML', 'print': 'print',
              'pdf': 'PDF', 'xml': 'TEI'}(local-name())"/></a>
        </xsl:for-each>
      </td>
    </tr>
  </xsl:template>

</xsl:stylesheet>
