<?xml version="1.0" encoding="UTF-8"?>
<!--
  teipipe: what the reading view (html.xsl) and the print view (print.xsl) share.

  One template per TEI element the encoder emits, mapped to an HTML behaviour (in the spirit
  of the TEI Processing Model: block, inline, heading, list, note, link). The views import
  this module and override only the behaviours that differ (notes, page breaks, names).

  Conventions kept from FRUS / history.state.gov:
  - a footnote's label is its printed @n, never a recomputed number;
  - a page break is "[Page N]" with id pg_N;
  - persons and organisations resolve through @ref (or FRUS @corresp) to the file's own
    particDesc/listPerson (listOrg) entries.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tp="urn:teipipe:render"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- true(): an element without a template stops the transformation (tests use this). -->
  <xsl:param name="fail-on-unknown" as="xs:boolean" select="false()"/>
  <!-- "d60=002_x.html d61=003_y.html": documents of the same build that @cRef may link to. -->
  <xsl:param name="doc-links" as="xs:string" select="''"/>

  <xsl:key name="entity" match="person | org | place" use="@xml:id"/>

  <xsl:variable name="doc-link-map" as="map(xs:string, xs:string)"
      select="map:merge(for $t in tokenize($doc-links) return
                map{substring-before($t, '='): substring-after($t, '=')},
                map{'duplicates': 'use-first'})"
      xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>

  <!-- ============================================================ metadata functions -->

  <xsl:function name="tp:title" as="xs:string">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="normalize-space(string(($root//teiHeader/fileDesc/titleStmt/title)[1]))"/>
  </xsl:function>

  <xsl:function name="tp:volume-title" as="xs:string">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="bibl" select="($root//teiHeader/fileDesc/sourceDesc/bibl)[1]"/>
    <xsl:sequence select="normalize-space(string(
        ($bibl/title[@level = 'm'], $bibl/idno[@type = 'frus-volume'], $bibl/title[@level = 's'],
         'Foreign Relations of the United States')[1]))"/>
  </xsl:function>

  <xsl:function name="tp:doc-div" as="element()?">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="($root//text/body//div[@type = 'document'], $root//text/body)[1]"/>
  </xsl:function>

  <!-- The correspDesc of the document itself (not of an attachment). -->
  <xsl:function name="tp:corresp-desc" as="element()?">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="all" select="$root//teiHeader/profileDesc/correspDesc"/>
    <xsl:variable name="id" select="tp:doc-div($root)/@xml:id"/>
    <xsl:sequence select="($all[@corresp = concat('#', $id)], $all[not(@corresp)], $all)[1]"/>
  </xsl:function>

  <!-- Sender or recipient: correspDesc first (CMIF), else the heading's tagged names.
       A name with a registry entry is given in full ("Alexander M. Haig"). -->
  <xsl:function name="tp:party" as="xs:string">
    <xsl:param name="root" as="node()"/>
    <xsl:param name="action" as="xs:string"/>  <!-- 'sent' | 'received' -->
    <xsl:variable name="role" select="if ($action = 'sent') then 'sender' else 'recipient'"/>
    <xsl:variable name="cd" select="tp:corresp-desc($root)/correspAction[@type = $action]/(persName | orgName | name)"/>
    <xsl:variable name="head" select="tp:doc-div($root)/head[1]//(persName | orgName)[@role = $role]"/>
    <xsl:sequence select="string-join(
        (if (exists($cd)) then $cd else $head) ! tp:full-name(.), '; ')"/>
  </xsl:function>

  <xsl:function name="tp:full-name" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="entity" select="tp:entity($name)"/>
    <xsl:sequence select="if ($entity) then tp:entity-name($entity)
        else normalize-space(tp:text-only($name))"/>
  </xsl:function>

  <!-- The document's own date: creation/date, else the date of the sending. -->
  <xsl:function name="tp:doc-date" as="element()?">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="($root//teiHeader/profileDesc/creation/date,
        tp:corresp-desc($root)/correspAction[@type = 'sent']/date)[1]"/>
  </xsl:function>

  <!-- An ISO 8601 value for <time datetime>: @when, else the start of a range (@from).
       notBefore/notAfter bounds are not a date, so they get none. Only what HTML's datetime
       accepts: year, year-month, date, date-time, and the yearless "MM-DD" (from TEI's
       xs:gMonthDay "&#x2D;-MM-DD", a date whose year the text does not give). -->
  <xsl:function name="tp:iso" as="xs:string?">
    <xsl:param name="date" as="element()?"/>
    <xsl:variable name="v" select="normalize-space(($date/@when, $date/@from)[1])"/>
    <xsl:sequence select="
        if (matches($v, '^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$'))
          then $v
        else if (matches($v, '^--\d{2}-\d{2}$')) then substring($v, 3)
        else ()"/>
  </xsl:function>

  <!-- The document date for mastheads and the index; "(inferred)" when it was inferred. -->
  <xsl:function name="tp:doc-date-label" as="xs:string">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="date" select="tp:doc-date($root)"/>
    <xsl:variable name="label" select="tp:date-label($date)"/>
    <xsl:sequence select="if ($label and ($date/@cert, $date/@evidence) != 'high')
        then concat($label, ' (inferred)') else $label"/>
  </xsl:function>

  <!-- A date as a short label from its attributes (the text may be an explanation). -->
  <xsl:function name="tp:date-label" as="xs:string">
    <xsl:param name="date" as="element()?"/>
    <xsl:sequence select="
        if ($date/@when) then string($date/@when)
        else if ($date/@from and $date/@to) then concat($date/@from, ' – ', $date/@to)
        else if ($date/@notBefore and $date/@notAfter)
          then concat('between ', $date/@notBefore, ' and ', $date/@notAfter)
        else if ($date/@notBefore) then concat('after ', $date/@notBefore)
        else if ($date/@notAfter) then concat('before ', $date/@notAfter)
        else normalize-space(string($date))"/>
  </xsl:function>

  <!-- An element's text without its notes (names and titles must not carry note text). -->
  <xsl:function name="tp:text-only" as="xs:string">
    <xsl:param name="e" as="node()?"/>
    <xsl:sequence select="string-join($e//text()[not(ancestor::note intersect $e/descendant::note)], '')"/>
  </xsl:function>

  <!-- The registry entry (person/org) a name points to, in this file, or nothing. -->
  <xsl:function name="tp:entity" as="element()?">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="ids" select="tokenize(normalize-space(($name/@ref, $name/@corresp)[1]))
        [starts-with(., '#')] ! substring(., 2)"/>
    <xsl:sequence select="(for $id in $ids return key('entity', $id, root($name)))[1]"/>
  </xsl:function>

  <!-- "Name — office" for an entity, the text of tooltips and of the persons list. -->
  <xsl:function name="tp:entity-name" as="xs:string">
    <xsl:param name="entity" as="element()"/>
    <xsl:sequence select="normalize-space(string(($entity/persName, $entity/orgName,
        $entity/placeName, $entity/name, $entity/@xml:id)[1]))"/>
  </xsl:function>

  <xsl:function name="tp:entity-desc" as="xs:string">
    <xsl:param name="entity" as="element()"/>
    <xsl:sequence select="string-join(($entity/(roleName | occupation | note | desc)
        ! normalize-space(string(.)))[.], '; ')"/>
  </xsl:function>

  <xsl:function name="tp:entity-summary" as="xs:string">
    <xsl:param name="entity" as="element()"/>
    <xsl:variable name="desc" select="tp:entity-desc($entity)"/>
    <xsl:sequence select="if ($desc) then concat(tp:entity-name($entity), ' — ', $desc)
        else tp:entity-name($entity)"/>
  </xsl:function>

  <xsl:function name="tp:entity-anchor" as="xs:string">
    <xsl:param name="entity" as="element()"/>
    <xsl:sequence select="concat('entity-', $entity/@xml:id)"/>
  </xsl:function>

  <xsl:function name="tp:note-id" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="string(($note/@xml:id, concat('note-', generate-id($note)))[1])"/>
  </xsl:function>

  <xsl:function name="tp:note-label" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="string(($note/@n, '*')[1])"/>
  </xsl:function>

  <xsl:function name="tp:page-label" as="xs:string">
    <xsl:param name="pb" as="element()"/>
    <xsl:sequence select="concat('Page ', ($pb/@n, '?')[1])"/>
  </xsl:function>

  <xsl:function name="tp:pb-id" as="xs:string">
    <xsl:param name="pb" as="element()"/>
    <xsl:sequence select="string(($pb/@xml:id, concat('pg_', $pb/@n))[1])"/>
  </xsl:function>

  <!-- ============================================================ divisions and blocks -->

  <xsl:template match="teiHeader"/>

  <xsl:template match="text | body | front | back">
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="div[@type = 'document'] | body/div">
    <article class="tei-div document {@subtype}">
      <xsl:call-template name="id"/>
      <xsl:apply-templates/>
    </article>
  </xsl:template>

  <xsl:template match="div">
    <section class="tei-div {(@type, 'section')[1]}">
      <xsl:call-template name="id"/>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <!-- a signed letter's own text, with its attachments after it: no section of its own -->
  <xsl:template match="div[@type = 'main']">
    <div class="tei-div main">
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="div/head">
    <xsl:variable name="level"
        select="min((count(ancestor::div[not(@type = 'main')]) + count(ancestor::floatingText), 6))"/>
    <xsl:element name="h{$level}">
      <xsl:attribute name="class" select="'tei-head'"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="head">
    <p class="tei-head"><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="p">
    <p>
      <xsl:call-template name="id"/>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <!-- An embedded letter or message, quoted inside the document. -->
  <xsl:template match="floatingText">
    <blockquote class="tei-floatingText {@type}">
      <xsl:call-template name="id"/>
      <xsl:apply-templates/>
    </blockquote>
  </xsl:template>

  <xsl:template match="opener | closer">
    <div class="tei-{local-name()}">
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="opener/salute | closer/salute | signed | dateline">
    <p class="tei-{local-name()}"><xsl:apply-templates/></p>
  </xsl:template>

  <!-- A salutation the text runs on from (telegram style) stays inline. -->
  <xsl:template match="salute | seg">
    <span class="tei-{local-name()}{@type ! concat(' ', .)}"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Lists: labelled → description list; subject line; bulleted → ul; else ol. -->
  <xsl:template match="list">
    <xsl:apply-templates select="head"/>
    <xsl:choose>
      <xsl:when test="label">
        <dl class="tei-list labelled{@type ! concat(' ', .)}">
          <xsl:call-template name="id"/>
          <xsl:for-each select="label">
            <div class="tei-entry">
              <dt><xsl:apply-templates/></dt>
              <dd><xsl:apply-templates select="following-sibling::*[1][self::item]/node()"/></dd>
            </div>
          </xsl:for-each>
          <xsl:for-each select="item[not(preceding-sibling::*[1][self::label])]">
            <div class="tei-entry"><dt/><dd><xsl:apply-templates/></dd></div>
          </xsl:for-each>
        </dl>
      </xsl:when>
      <xsl:when test="@rend = ('numbered', 'ordered')">
        <ol class="tei-list{@type ! concat(' ', .)}">
          <xsl:call-template name="id"/>
          <xsl:apply-templates select="item | pb"/>
        </ol>
      </xsl:when>
      <xsl:otherwise>
        <ul class="{string-join(('tei-list', @type, @rend), ' ')}">
          <xsl:call-template name="id"/>
          <xsl:apply-templates select="item | pb"/>
        </ul>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="list/head">
    <p class="tei-list-head"><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="item">
    <li><xsl:apply-templates/></li>
  </xsl:template>

  <xsl:template match="list/pb" priority="2">
    <li class="tei-pb-item"><xsl:next-match/></li>
  </xsl:template>

  <xsl:template match="table">
    <table class="tei-table">
      <xsl:call-template name="id"/>
      <xsl:apply-templates select="head"/>
      <tbody><xsl:apply-templates select="row"/></tbody>
    </table>
  </xsl:template>

  <xsl:template match="table/head">
    <caption><xsl:apply-templates/></caption>
  </xsl:template>

  <xsl:template match="row">
    <tr><xsl:apply-templates select="cell"/></tr>
  </xsl:template>

  <xsl:template match="cell">
    <xsl:element name="{if (@role = 'label' or ../@role = 'label') then 'th' else 'td'}">
      <xsl:if test="@cols > 1"><xsl:attribute name="colspan" select="@cols"/></xsl:if>
      <xsl:if test="@rows > 1"><xsl:attribute name="rowspan" select="@rows"/></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- ============================================================ inline -->

  <!-- Names: marked up always; linked to the registry entry in the views that link. -->
  <xsl:template match="persName | orgName | placeName">
    <xsl:call-template name="name-span"/>
  </xsl:template>

  <xsl:template name="name-span">
    <xsl:variable name="entity" select="tp:entity(.)"/>
    <span class="tei-{local-name()}{@role ! concat(' role-', .)}">
      <xsl:if test="$entity">
        <xsl:attribute name="data-ref" select="$entity/@xml:id"/>
        <xsl:attribute name="title" select="tp:entity-summary($entity)"/>
      </xsl:if>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="date">
    <xsl:variable name="iso" select="tp:iso(.)"/>
    <xsl:choose>
      <xsl:when test="$iso">
        <time datetime="{$iso}" class="tei-date">
          <xsl:if test="@from and @to">
            <xsl:attribute name="title" select="concat(@from, ' – ', @to)"/>
          </xsl:if>
          <xsl:if test="@cert or @evidence">
            <xsl:attribute name="data-cert" select="(@cert, @evidence)[1]"/>
          </xsl:if>
          <xsl:apply-templates/>
        </time>
      </xsl:when>
      <xsl:otherwise>
        <span class="tei-date"><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Links: URLs as they are; #id only when the id exists here; @cRef="d60" only to a
       document of the same build. Never a broken link: otherwise plain text. -->
  <xsl:template match="ref | ptr">
    <xsl:variable name="href" as="xs:string?">
      <xsl:choose>
        <xsl:when test="starts-with(@target, '#')">
          <xsl:sequence select="if (id(substring(@target, 2))) then string(@target) else ()"/>
        </xsl:when>
        <xsl:when test="matches(@target, '^(https?|mailto|ftp):')">
          <xsl:sequence select="string(@target)"/>
        </xsl:when>
        <xsl:when test="@cRef">
          <xsl:sequence select="$doc-link-map(string(@cRef))"/>
        </xsl:when>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="exists($href)">
        <a class="tei-ref" href="{$href}"><xsl:apply-templates/></a>
      </xsl:when>
      <xsl:otherwise>
        <span class="tei-ref">
          <xsl:if test="@cRef"><xsl:attribute name="data-cref" select="@cRef"/></xsl:if>
          <xsl:apply-templates/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="hi | emph | term | foreign | title[ancestor::text] | abbr | gloss | q | quote[not(p)] | rs | name">
    <xsl:variable name="rend" select="tokenize(string(@rend)) ! concat(' rend-', .)"/>
    <xsl:element name="{if (self::emph) then 'em' else if (self::q) then 'q' else 'span'}">
      <xsl:attribute name="class" select="concat('tei-', local-name(), string-join($rend, ''))"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="quote">
    <blockquote class="tei-quote"><xsl:apply-templates/></blockquote>
  </xsl:template>

  <xsl:template match="lb"><br/></xsl:template>

  <xsl:template match="gap">
    <span class="tei-gap">[…]</span>
  </xsl:template>

  <!-- ============================================================ helpers and catch-all -->

  <xsl:template name="id">
    <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
  </xsl:template>

  <!-- An element nobody handles: visible in the output, fatal when fail-on-unknown. -->
  <xsl:template match="*" priority="-10">
    <xsl:if test="$fail-on-unknown">
      <xsl:message terminate="yes" error-code="tp:unhandled"
          select="concat('teipipe render: no template for TEI element ', name(), ' at ', path())"/>
    </xsl:if>
    <span class="tei-unhandled" data-tei="{local-name()}" title="TEI element {local-name()} not rendered by teipipe">
      <xsl:apply-templates/>
    </span>
  </xsl:template>

</xsl:stylesheet>
