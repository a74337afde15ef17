"""Stage 1, read: plain text (the FRUS web-site text form) → :class:`model.Document`.

Three passes over the lines, in the manner of docutils' parser + transforms:

1. *layout*: heading line, the footnote list at the end, and the body lines between,
   grouped into raw blocks that remember how many blank lines preceded them;
2. *markers*: footnote calls found across the whole text at once (:mod:`pipeline.markers`);
3. *build*: raw blocks classified (lists, tables, page-break lines, opener, closer,
   attachments) and their text split into inlines (notes, page breaks, cross references).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from pipeline import markers as marker_rules
from pipeline.diagnostics import ConversionError, Reporter, Span
from pipeline.model import (
    Block,
    Closer,
    Division,
    DocRef,
    Document,
    Embedded,
    Heading,
    Inline,
    ItemList,
    Layout,
    ListItem,
    Note,
    NoteRef,
    Opener,
    PageBreak,
    PageBreakBlock,
    Paragraph,
    PersName,
    Seg,
    Table,
    Text,
)
from pipeline.source import SourceText

HEADING = re.compile(r"^(?P<n>\d+[A-Za-z]?|\[\d+\])\.\s+(?P<title>\S.*)$")
NOTE_LINE = re.compile(r"^  (?P<n>\d+)\. (?P<text>.*)$")
PAGE_LINE = re.compile(r"^(?P<indent> *)\[Page (?P<n>[^\]\s]+)\]$")
PAGE_INLINE = re.compile(r"\[Page (?P<n>[^\]\s]+)\]")
ITEM_LINE = re.compile(
    r"^(?P<indent>(?:  )+)(?:(?P<bullet>•) |(?P<label>\d{1,3}[.)]|[a-zA-Z][.)]|\(\w{1,4}\)|"
    r"[IVX]{1,5}\.) )(?P<text>.*)$"
)
SALUTE = re.compile(
    r"^(?:Dear|My dear|Excellency|Your Excellency|Mr\.|Madam|Sir)\b.{0,60}[:,]$"
)
CLOSING_SALUTE = re.compile(
    r"^(?:Sincerely|Respectfully|Faithfully|Cordially|With (?:best|warm|kind|warmest|my)|"
    r"Best|Warm|Kind|Yours|Very truly|Regards)[^.]{0,60},$"
)
ATTACHMENT_HEAD = re.compile(
    r"^(?:(?:Tab|Enclosure|Attachment|Annex)\s+[A-Z0-9]+\s*[:.—-]?\s*)?"
    r"(?:[A-Z][\w’'.-]*\s+){0,3}"
    r"(?:Letter|Memorandum|Telegram|Message|Note|Paper|Report|Statement|Draft|Aide-Mémoire|"
    r"Aide-Memoire|Minutes|Summary|Text|Cable|Backchannel|Transcript|Oral|Talking Points|"
    r"Record|Communiqué|Memo|Paper|Study|Analysis|Estimate|Agreement|Notes)\b"
)
INLINE_SALUTE = re.compile(
    r"Begin text[:.]\s+(?P<salute>(?:Dear|My dear) [^:]{1,60}?[:,])(?= [A-Z])"
)
ATTACHMENT_LABEL = re.compile(r"^(?:Attachment|Enclosure|Annex|Tab)(?: [A-Z0-9]{1,3})?$")
DOC_REF = re.compile(
    r"\b(?:(?P<word>Documents?)\s+(?P<n>\d+)\b|(?P<supra>[Ss]upra)\b|"
    r"footnote\s+(?P<fn>\d+)\b(?!,\s+Document))"
)
MORE_DOC_REFS = re.compile(r"(?P<sep>,\s+|,?\s+and\s+|\s+and\s+)(?P<n>\d+)\b(?![\d–-])")
FRUS_CITATION = re.compile(
    r"Foreign Relations,?\s+(?P<y1>1[89]\d\d)(?:[–-](?P<y2>1[89]\d\d|20\d\d))?,?\s+"
    r"(?:vol\.|Volume)\s+(?P<vol>[IVXLC]+)(?:,?\s+[Pp]art\s+(?P<part>\d+))?"
)
EXTERNAL_CONTEXT = re.compile(r"(?:Foreign Relations|Public Papers|vol\.|Volume|FRUS)[^;.]*$")
MASK = "\x00"


# ------------------------------------------------------------------ raw structures
@dataclass
class Slot:
    """A run of text that becomes inlines; ``base`` is its offset in the joined text."""

    text: str
    line: int
    col: int = 1
    base: int = 0
    cuts: list[tuple[int, int, str, bool]] = field(default_factory=list)  # (start, end, n, sp)


@dataclass
class RawLine:
    text: str
    line: int
    gap: int


@dataclass
class RawPara:
    gap: int
    slot: Slot


@dataclass
class RawPage:
    gap: int
    n: str
    indent: str
    line: int


@dataclass
class RawItem:
    gap: int
    label: str | None
    slot: Slot
    sub: RawList | None = None
    blocks: list[RawPara | RawPage] = field(default_factory=list)


@dataclass
class RawList:
    gap: int
    indent: int
    line: int
    items: list[RawItem] = field(default_factory=list)


@dataclass
class RawTable:
    gap: int
    line: int
    rows: list[list[Slot]]


RawBlock = RawPara | RawPage | RawList | RawTable


def is_blank(line: str) -> bool:
    """Only spaces and tabs make a line blank (the round trip's normalisation): a line of
    no-break spaces or of U+0085 is content, kept as it came."""
    return not line.strip(" \t")


def _find_notes(lines: list[str]) -> tuple[int, int]:
    """Index range [start, end) of the footnote list: the trailing run of ``  N. `` lines
    numbered consecutively and starting at 0 or 1. Returns (end, end) when there is none."""
    end = len(lines)
    while end > 1 and is_blank(lines[end - 1]):
        end -= 1
    start = end
    expected: int | None = None
    while start > 1:
        m = NOTE_LINE.match(lines[start - 1])
        if not m:
            break
        n = int(m["n"])
        if expected is not None and n != expected:
            break
        start -= 1
        expected = n - 1
        if n == 0 or (n == 1 and not (start > 1 and re.match(r"^  0\. ", lines[start - 1]))):
            break
    return (start, end) if start < end else (end, end)


# ------------------------------------------------------------------ reader
class Reader:
    def __init__(self, source: SourceText, reporter: Reporter, volume: str | None = None):
        self.source = source
        self.reporter = reporter
        self.volume = volume
        self.slots: list[Slot] = []
        self.number: str | None = None
        self.note_numbers: set[str] = set()

    def slot(self, text: str, line: int, col: int = 1) -> Slot:
        s = Slot(text, line, col)
        self.slots.append(s)
        return s

    # ---------------------------------------------------------------- driver
    def read(self) -> Document:
        text = self.source.text
        lines = text.split("\n")
        m = HEADING.match(lines[0])
        if not m:
            self.reporter.error(
                "heading.missing",
                "no recognisable heading: line 1 should read 'N. Title' "
                f"(found {lines[0][:60]!r})",
                Span(1, 1),
            )
            raise ConversionError(self.reporter.errors)
        number = m["n"]
        self.number = number.strip("[]")
        notes_start, notes_end = _find_notes(lines)
        body_end = notes_start
        notes_gap = 0
        if notes_start < notes_end:
            while body_end > 1 and is_blank(lines[body_end - 1]):
                body_end -= 1
                notes_gap += 1

        head_slot = self.slot(lines[0], 1)
        tree = self._structure(self._raw_lines(lines, 1, body_end))
        note_slots: list[tuple[str, Slot]] = []
        for idx in range(notes_start, notes_end):
            nm = NOTE_LINE.match(lines[idx])
            assert nm is not None
            note_slots.append((nm["n"], Slot(nm["text"], idx + 1, len(nm["n"]) + 5)))
        self.note_numbers = {n for n, _ in note_slots}  # "footnote 6" must name one of them
        self._assign_markers([n for n, _ in note_slots], note_slots)

        editorial = re.match(r"Editorial Note\b", m["title"]) is not None
        n_attr = number.strip("[]")
        xml_id = "d" + re.sub(r"\W", "", n_attr)
        head = Heading(self._inlines(head_slot), Span(1, 1))
        blocks = [self._block(b) for b in tree]
        body = self._division(
            "document", head, blocks, n=n_attr, xml_id=xml_id,
            subtype="editorial-note" if editorial else "historical-document", gap=0,
        )
        notes = self._notes(note_slots, editorial)
        return Document(
            body=body,
            notes=tuple(notes),
            layout=Layout(notes_gap=notes_gap, final_newline=text.endswith("\n")),
            source_name=self.source.path,
            volume=self.volume,
        )

    # ---------------------------------------------------------------- pass 1: layout
    @staticmethod
    def _raw_lines(lines: list[str], first: int, last: int) -> list[RawLine]:
        out: list[RawLine] = []
        gap = 0
        for idx in range(first, last):
            line = lines[idx]
            if is_blank(line):
                gap += 1
                continue
            out.append(RawLine(line, idx + 1, gap))
            gap = 0
        return out

    def _structure(self, raw: list[RawLine]) -> list[RawBlock]:
        out: list[RawBlock] = []
        i = 0
        while i < len(raw):
            r = raw[i]
            pm = PAGE_LINE.match(r.text)
            im = ITEM_LINE.match(r.text)
            if pm:
                out.append(RawPage(r.gap, pm["n"], pm["indent"], r.line))
                i += 1
            elif im:
                lst, i = self._list(raw, i, len(im["indent"]))
                out.append(lst)
            elif "\t" in r.text:
                rows: list[list[Slot]] = []
                table = RawTable(r.gap, r.line, rows)
                while i < len(raw) and "\t" in raw[i].text and (raw[i] is r or raw[i].gap == 0):
                    rows.append(self._cells(raw[i]))
                    i += 1
                out.append(table)
            else:
                out.append(RawPara(r.gap, self.slot(r.text, r.line)))
                i += 1
        return out

    def _cells(self, r: RawLine) -> list[Slot]:
        cells: list[Slot] = []
        col = 1
        for cell in r.text.split("\t"):
            cells.append(self.slot(cell, r.line, col))
            col += len(cell) + 1
        return cells

    def _list(self, raw: list[RawLine], i: int, indent: int) -> tuple[RawList, int]:
        lst = RawList(raw[i].gap, indent, raw[i].line)
        while i < len(raw):
            r = raw[i]
            m = ITEM_LINE.match(r.text)
            if m and len(m["indent"]) == indent:
                label = None if m["bullet"] else m["label"]
                prefix = len(m.group()) - len(m["text"])
                gap = 0 if not lst.items else r.gap
                lst.items.append(RawItem(gap, label, self.slot(m["text"], r.line, prefix + 1)))
                i += 1
                continue
            if m and len(m["indent"]) > indent and lst.items and r.gap == 0 \
                    and lst.items[-1].sub is None and not lst.items[-1].blocks:
                sub, i = self._list(raw, i, len(m["indent"]))
                lst.items[-1].sub = sub
                continue
            if lst.items and not m:
                item = lst.items[-1]
                cont = indent + len(item.label or "•") + 1
                lead = len(r.text) - len(r.text.lstrip(" "))
                if lead >= cont and (r.gap > 0 or item.blocks):
                    pm = PAGE_LINE.match(r.text)
                    if pm and len(pm["indent"]) == cont:
                        # the item's indentation is implied: only other indents are layout
                        item.blocks.append(RawPage(r.gap, pm["n"], "", r.line))
                    else:
                        item.blocks.append(RawPara(r.gap, self.slot(r.text[cont:], r.line,
                                                                    cont + 1)))
                    i += 1
                    continue
            break
        return lst, i

    # ---------------------------------------------------------------- pass 2: markers
    def _assign_markers(self, numbers: list[str], note_slots: list[tuple[str, Slot]]) -> None:
        parts: list[str] = []
        offset = 0
        for s in self.slots:
            s.base = offset
            parts.append(PAGE_INLINE.sub(lambda mm: MASK * len(mm.group()), s.text))
            offset += len(parts[-1]) + 1
        joined = "\n".join(parts)
        chosen = marker_rules.assign(joined, numbers)
        starts = [s.base for s in self.slots]
        taken: set[int] = set()
        for n, c in chosen.items():
            s = self.slots[bisect.bisect_right(starts, c.pos) - 1]
            s.cuts.append((c.pos - s.base, c.end - s.base, n, c.space_before))
            taken.add(c.pos)
        for s in self.slots:
            s.cuts.sort()
        for pos, n in marker_rules.stray_markers(joined, numbers, taken):
            s = self.slots[bisect.bisect_right(starts, pos) - 1]
            self.reporter.error(
                "note.missing",
                f"footnote marker {n} has no note in the footnote list",
                Span(s.line, s.col + pos - s.base),
            )
        self.uncalled = {n for n, _ in note_slots if n not in chosen}
        for n, slot in note_slots:
            if n in self.uncalled:
                self.reporter.warning(
                    "note.uncalled",
                    f"note {n} is not called by any marker in the text; kept at the end",
                    Span(slot.line, 1),
                )
        if self.reporter.errors:
            raise ConversionError(self.reporter.errors)

    # ---------------------------------------------------------------- pass 3: build
    def _inlines(self, s: Slot, refs: bool = False) -> tuple[Inline, ...]:
        out: list[Inline] = []
        pos = 0
        for start, end, n, space in s.cuts:
            out.extend(self._text(s.text[pos:start], s, pos, refs))
            out.append(NoteRef(n, Span(s.line, s.col + start), space_before=space))
            pos = end
        out.extend(self._text(s.text[pos:], s, pos, refs))
        return tuple(out)

    def _text(self, text: str, s: Slot, offset: int, refs: bool) -> list[Inline]:
        out: list[Inline] = []
        pos = 0
        for pm in PAGE_INLINE.finditer(text):
            line_end = offset + pm.end() == len(s.text) and pm.start() > pos
            trailing = line_end and text[pm.start() - 1] == " "
            if pm.start() > pos:
                before = text[pos : pm.start() - 1 if trailing else pm.start()]
                out.extend(self._refs(before) if refs else [Text(before)])
            out.append(PageBreak(pm["n"], Span(s.line, s.col + offset + pm.start()),
                                 space_before=trailing))
            pos = pm.end()
        if pos < len(text):
            out.extend(self._refs(text[pos:]) if refs else [Text(text[pos:])])
        return out

    def _refs(self, text: str) -> list[Inline]:
        """"See Document 60", "Documents 299 and 307", "Foreign Relations, 1961–1963, vol. V,
        Document 344", "supra" (the document before) and "footnote 6" (of this document) →
        DocRef; references we cannot resolve stay text."""
        out: list[Inline] = []
        pos = 0
        for m in DOC_REF.finditer(text):
            if m.start() < pos:
                continue
            if m["supra"] or m["fn"]:
                if not (self.number or "").isdecimal() or (
                        m["fn"] and m["fn"] not in self.note_numbers):
                    continue
                out.append(Text(text[pos : m.start()]))
                if m["supra"]:
                    out.append(DocRef(str(int(self.number) - 1), m.group()))
                else:
                    out.append(DocRef(self.number, m.group(), note=m["fn"]))
                pos = m.end()
                continue
            volume = None
            context = text[max(0, m.start() - 200) : m.start()]
            if EXTERNAL_CONTEXT.search(context):
                volume = frus_volume_id(context)
                if volume is None:
                    continue  # another publication we cannot name: leave as text
            out.append(Text(text[pos : m.start()])) if m.start() > pos else None
            out.append(DocRef(m["n"], m.group(), volume))
            pos = m.end()
            if m["word"] == "Documents":
                while mm := MORE_DOC_REFS.match(text, pos):
                    out.append(Text(mm["sep"]))
                    out.append(DocRef(mm["n"], mm["n"], volume))
                    pos = mm.end()
        if pos < len(text):
            out.append(Text(text[pos:]))
        return [node for node in out if not (isinstance(node, Text) and not node.text)]

    def _block(self, b: RawBlock) -> Block:
        if isinstance(b, RawPara):
            inlines = _inline_salute(self._inlines(b.slot, refs=True))
            return Paragraph(inlines, b.gap, Span(b.slot.line))
        if isinstance(b, RawPage):
            return PageBreakBlock(b.n, b.gap, b.indent, Span(b.line))
        if isinstance(b, RawTable):
            rows = tuple(tuple(self._inlines(c, refs=True) for c in row) for row in b.rows)
            return Table(rows, b.gap, Span(b.line))
        return self._item_list(b)

    def _item_list(self, b: RawList) -> ItemList:
        items = []
        for it in b.items:
            items.append(ListItem(
                inlines=self._inlines(it.slot, refs=True),
                label=it.label,
                sublist=self._item_list(it.sub) if it.sub else None,
                blocks=tuple(self._block(x) for x in it.blocks),
                gap=it.gap,
                span=Span(it.slot.line),
            ))
        return ItemList(tuple(items), b.indent, None, b.gap, Span(b.line))

    # ---------------------------------------------------------------- classification
    def _division(self, kind: str, head: Heading, blocks: list[Block], **kw: object) -> Division:
        """Split off attachments, then find opener, closer and subject line."""
        cut = next((i for i, b in enumerate(blocks) if i > 0 and _is_attachment_head(b)), None)
        attachments: list[Division] = []
        if cut is not None:
            rest = blocks[cut:]
            blocks = blocks[:cut]
            while rest:
                nxt = next((i for i, b in enumerate(rest) if i > 0 and _is_attachment_head(b)),
                           len(rest))
                h = rest[0]
                assert isinstance(h, Paragraph)
                att_no = len(attachments) + 1
                attachments.append(self._division(
                    "attachment", Heading(h.inlines, h.span), list(rest[1:nxt]),
                    xml_id=f"{kw['xml_id']}att{att_no}" if kw.get("xml_id") else None,
                    gap=h.gap,
                ))
                rest = rest[nxt:]
        blocks = _classify(blocks, kind == "document" and _is_memo(head))
        return Division(kind=kind, head=head, blocks=(*blocks, *attachments),
                        span=head.span, **kw)  # type: ignore[arg-type]

    def _notes(self, note_slots: list[tuple[str, Slot]], editorial: bool) -> list[Note]:
        notes = []
        for i, (n, s) in enumerate(note_slots):
            kind = "source" if i == 0 and not editorial and s.text.startswith(
                ("Source:", "[Source:")) else "foot"
            notes.append(Note(n, self._inlines(s, refs=True), kind, n not in self.uncalled,
                              Span(s.line, 1)))
        return notes


def _plain(b: Block) -> str | None:
    if isinstance(b, Paragraph):
        return "".join(x.text for x in b.inlines if isinstance(x, Text))
    return None


def _is_attachment_head(b: Block) -> bool:
    """After two blank lines: an attachment label ("Attachment", "Tab A") or the heading of
    an attached document ("Letter From … to …", "Outline Prepared by …")."""
    text = _plain(b)
    if text is None or not isinstance(b, Paragraph) or b.gap < 2:
        return False
    text = text.strip()
    if ATTACHMENT_LABEL.match(text):
        return True
    return (len(text) < 250 and len(text.split()) <= 35
            and not text.endswith((".", ":", ",", ";", "?", "!"))
            and (ATTACHMENT_HEAD.match(text) is not None or text[:1].isupper())
            and re.search(r"\b(?:From|to|by|of|Between)\b", text) is not None
            and not text.isupper())


def _is_memo(head: Heading) -> bool:
    text = "".join(x.text for x in head.inlines if isinstance(x, Text))
    return re.search(r"\b(Memorandum|Paper|Report|Note)\b", text) is not None


def _is_signature(b: Block) -> bool:
    text = _plain(b)
    if text is None or not isinstance(b, Paragraph) or b.gap < 2:
        return False
    text = text.strip()
    return 0 < len(text) <= 60 and not text.endswith((":", ";")) and \
        len(text.split()) <= 8 and not re.search(r"[a-z]{3,}\.$", text)


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman(numeral: str) -> int:
    values = [_ROMAN[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v
               for i, v in enumerate(values))


def frus_volume_id(context: str) -> str | None:
    """The FRUS volume id of the last citation in ``context``: "Foreign Relations,
    1961–1963, vol. V, Soviet Union," → ``frus1961-63v05`` (part: ``frus1958-60v10p2``)."""
    cites = list(FRUS_CITATION.finditer(context))
    if not cites:
        return None
    m = cites[-1]
    if EXTERNAL_CONTEXT.search(context[m.end():]) and "Foreign Relations" in context[m.end():]:
        return None
    years = m["y1"] + (f"-{m['y2'][2:]}" if m["y2"] else "")
    part = f"p{m['part']}" if m["part"] else ""
    return f"frus{years}v{_roman(m['vol']):02d}{part}"


def _is_salute(b: Block) -> bool:
    return isinstance(b, Paragraph) and SALUTE.match((_plain(b) or "").strip()) is not None


def _classify(blocks: list[Block], memo: bool) -> list[Block]:
    out = list(blocks)
    # a salutation further down starts a letter quoted whole ("Begin text:"): floatingText,
    # if some text follows it (a TEI body needs more than an opener and page breaks)
    inner = next((i for i, b in enumerate(out)
                  if i > 0 and _is_salute(b) and _has_content(out[i + 1:])), None)
    if inner is not None:
        letter = _classify(out[inner:], memo=False)
        out = out[:inner]
        out.append(Embedded(tuple(letter), "letter", letter[0].span))  # type: ignore[union-attr]
        return _classify_top(out, memo, closer=False)
    return _classify_top(out, memo, closer=True)


def _classify_top(out: list[Block], memo: bool, closer: bool) -> list[Block]:
    # opener: a salutation line at the top of the division
    if out and _is_salute(out[0]):
        p = out[0]
        assert isinstance(p, Paragraph)
        out[0] = Opener(p.inlines, p.gap, p.span)
    # subject line: a memorandum's first block, a one-item bullet list
    if memo and out and isinstance(out[0], ItemList) and out[0].items[0].label is None \
            and len(out[0].items) == 1:
        lst = out[0]
        out[0] = ItemList(lst.items, lst.indent, "subject", lst.gap, lst.span)
    # closer: the last block, after two blank lines, short: a signature
    # (TEI allows a closer only after some text block: not after only pb/opener)
    if closer and len(out) >= 2 and _is_signature(out[-1]) and _has_content(out[:-1]):
        sig = out.pop()
        assert isinstance(sig, Paragraph)
        salute = None
        salute_gap = 1
        if out and isinstance(out[-1], Paragraph) and out[-1].gap >= 1 and \
                CLOSING_SALUTE.match((_plain(out[-1]) or "").strip()) and \
                _has_content(out[:-1]):
            s = out.pop()
            assert isinstance(s, Paragraph)
            salute, salute_gap = s.inlines, s.gap
        out.append(Closer(_signer(sig.inlines), salute, salute_gap, sig.gap, sig.span))
    return out


def _has_content(blocks: list[Block]) -> bool:
    """Is there a text block (TEI model.common) among ``blocks``, not only pb/opener?"""
    return any(isinstance(b, (Paragraph, ItemList, Table, Embedded)) for b in blocks)


def _inline_salute(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """"Begin text: Dear Mr. General-Secretary: As you …" → the salutation as a Seg."""
    out: list[Inline] = []
    for node in inlines:
        m = INLINE_SALUTE.search(node.text) if isinstance(node, Text) else None
        if m is None:
            out.append(node)
            continue
        assert isinstance(node, Text)
        out.extend([Text(node.text[: m.start("salute")]), Seg(m["salute"], "salute")])
        if m.end("salute") < len(node.text):
            out.append(Text(node.text[m.end("salute"):]))
    return tuple(out)


def _signer(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Wrap the signature's name in a PersName (the marker, if any, stays outside)."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text) and node.text.strip():
            lead = node.text[: len(node.text) - len(node.text.lstrip())]
            trail = node.text[len(node.text.rstrip()):]
            name = node.text.strip()
            if lead:
                out.append(Text(lead))
            out.append(PersName(name, role="signer"))
            if trail:
                out.append(Text(trail))
        else:
            out.append(node)
    return tuple(out)


def read(source: SourceText, reporter: Reporter | None = None,
         volume: str | None = None) -> Document:
    """Read one document. Raises :class:`ConversionError` on fatal input problems."""
    from pipeline.checks import check  # warnings only: page order and repeats

    reporter = reporter or Reporter(source.path)
    doc = Reader(source, reporter, volume).read()
    check(doc, reporter)
    return doc
