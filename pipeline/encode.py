"""Stage 2, encode: :class:`model.Document` → a standalone TEI P5 tree (lxml).

A table of builders, one per model node type; an unknown node type is a bug and raises.
Every element gets the source line of the node it came from, so validators report lines
in the *input* text.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path, PurePath

from lxml import etree

from pipeline import __version__, layout
from pipeline.model import (
    Block,
    Closer,
    DateRef,
    Division,
    DocRef,
    Document,
    Embedded,
    Inline,
    ItemList,
    Note,
    NoteRef,
    Opener,
    OrgName,
    PageBreak,
    PageBreakBlock,
    Paragraph,
    PersName,
    Seg,
    Table,
    Text,
    inline_text,
)

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML_NS}}}id"
HSG = "https://history.state.gov/historicaldocuments"
# elements whose children are only elements: safe to indent
STRUCTURAL = {
    "TEI", "teiHeader", "fileDesc", "titleStmt", "publicationStmt", "sourceDesc",
    "encodingDesc", "appInfo", "application", "tagsDecl", "profileDesc", "langUsage",
    "revisionDesc", "correspDesc", "correspAction", "particDesc", "listPerson", "person",
    "text", "body", "div", "list", "table", "row", "opener", "closer", "editorialDecl",
    "bibl", "floatingText", "creation", "respStmt", "namespace", "listOrg", "org",
}


@functools.cache
def _volume_titles() -> dict[str, str]:
    path = Path(__file__).resolve().parent / "data" / "frus_volumes.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def frus_volume_title(volume: str) -> str | None:
    """The printed volume's title, for the volumes we know (the corpus volumes)."""
    return _volume_titles().get(volume)


def T(name: str) -> str:
    return f"{{{TEI_NS}}}{name}"


def build_date() -> str:
    """Conversion date; SOURCE_DATE_EPOCH makes builds reproducible (golden tests)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return _dt.datetime.fromtimestamp(int(epoch), _dt.UTC).date().isoformat()
    return _dt.date.today().isoformat()


def _attachments_after_closer(blocks: tuple[Block, ...]) -> int | None:
    """Index of the first attachment that follows a closer, if any."""
    closed = False
    for i, b in enumerate(blocks):
        if isinstance(b, Closer):
            closed = True
        elif isinstance(b, Division) and closed:
            return i
    return None


class Encoder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.div_id = doc.body.xml_id or "d0"
        self.renditions: set[str] = set()
        self.pb_ids: set[str] = set()

    # ------------------------------------------------------------- helpers
    def el(self, parent: etree._Element | None, name: str, text: str | None = None,
           span: object = None, **attrs: str | None) -> etree._Element:
        e = etree.Element(T(name)) if parent is None else etree.SubElement(parent, T(name))
        for k, v in attrs.items():
            if v is None:
                continue
            key = XML_ID if k == "xml_id" else k
            e.set(key, v)
        if text:
            e.text = text
        line = getattr(span, "line", None)
        if line:
            e.sourceline = line
        return e

    def gap(self, e: etree._Element, gap: int, default_for: str | None = None) -> None:
        default = layout.DEFAULT_GAP.get(default_for or etree.QName(e).localname, 1)
        if gap != default:
            self.add_rendition(e, layout.gap_id(gap))

    def add_rendition(self, e: etree._Element, ident: str) -> None:
        self.renditions.add(ident)
        old = e.get("rendition")
        e.set("rendition", f"{old} #{ident}" if old else f"#{ident}")

    @staticmethod
    def append_text(parent: etree._Element, text: str) -> None:
        if not text:
            return
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    # ------------------------------------------------------------- inlines
    def inlines(self, parent: etree._Element, nodes: Iterable[Inline]) -> None:
        for node in nodes:
            if isinstance(node, Text):
                self.append_text(parent, node.text)
            elif isinstance(node, NoteRef):
                self.note(parent, node)
            elif isinstance(node, PageBreak):
                e = self.pb(parent, node.n, node.span)
                if node.space_before:
                    self.add_rendition(e, layout.SPACE_BEFORE)
            elif isinstance(node, DocRef):
                self.ref(parent, node)
            elif isinstance(node, PersName):
                e = self.el(parent, "persName", node.text, ref=f"#{node.ref}" if node.ref else None)
                if node.role:
                    e.set("role", node.role)
            elif isinstance(node, OrgName):
                e = self.el(parent, "orgName", node.text, ref=f"#{node.ref}" if node.ref else None)
                if node.role:
                    e.set("role", node.role)
            elif isinstance(node, DateRef):
                self.date(parent, node)
            elif isinstance(node, Seg):
                self.el(parent, "seg", node.text, type=node.type)
            else:  # pragma: no cover - a new node type without a builder is a bug
                raise TypeError(f"no TEI builder for inline {type(node).__name__}")

    def note(self, parent: etree._Element, ref: NoteRef) -> None:
        note = self.doc.note(ref.n)
        assert note is not None, f"marker {ref.n} without note survived the reader"
        e = self.note_element(parent, note)
        if ref.space_before:
            self.add_rendition(e, layout.SPACE_BEFORE)

    def note_element(self, parent: etree._Element, note: Note) -> etree._Element:
        e = self.el(parent, "note", None, note.span, n=note.n,
                    xml_id=f"{self.div_id}fn{note.n}",
                    type="source" if note.kind == "source" else None)
        self.inlines(e, note.inlines)
        return e

    def pb(self, parent: etree._Element, n: str, span: object) -> etree._Element:
        return self.el(parent, "pb", None, span, n=n, xml_id=self.page_id(n))

    def page_id(self, n: str) -> str:
        """``pg_243``; a repeated page gets ``pg_243_2``. Characters an XML name cannot hold
        ("[Page 3/4]", "[Page ²360]") are written as ``-xHEX-``, so the id stays an NCName
        and distinct page numbers keep distinct ids."""
        base = "pg_" + re.sub(r"[^A-Za-z0-9._]", lambda m: f"-x{ord(m.group()):X}-", n)
        ident, count = base, 1
        while ident in self.pb_ids:
            count += 1
            ident = f"{base}_{count}"
        self.pb_ids.add(ident)
        return ident

    def ref(self, parent: etree._Element, node: DocRef) -> None:
        if node.note and node.volume is None and node.target == self.doc.body.n:
            self.el(parent, "ref", node.text, target=f"#{self.div_id}fn{node.note}")
            return
        volume = node.volume or self.doc.volume
        if volume:
            target = f"{HSG}/{volume}/d{node.target}"
            self.el(parent, "ref", node.text, target=target)
        else:
            # no volume known: a canonical reference, resolvable once volumes are assembled
            self.el(parent, "ref", node.text, cRef=f"d{node.target}")

    def date(self, parent: etree._Element, node: DateRef) -> None:
        e = self.el(parent, "date", node.text, when=node.when)
        if node.from_:
            e.set("from", node.from_)
        if node.to:
            e.set("to", node.to)
        if node.inferred:
            e.set("cert", "medium")
            e.set("evidence", "conjecture")

    # ------------------------------------------------------------- blocks
    def blocks(self, parent: etree._Element, blocks: Iterable[Block]) -> None:
        for b in blocks:
            self.block(parent, b)

    def block(self, parent: etree._Element, b: Block) -> None:
        if isinstance(b, Paragraph):
            p = self.el(parent, "p", None, b.span)
            self.gap(p, b.gap)
            self.inlines(p, b.inlines)
        elif isinstance(b, PageBreakBlock):
            e = self.pb(parent, b.n, b.span)
            self.gap(e, b.gap)
            if b.indent:
                self.add_rendition(e, layout.indent_id(len(b.indent)))
        elif isinstance(b, ItemList):
            self.item_list(parent, b)
        elif isinstance(b, Table):
            t = self.el(parent, "table", None, b.span)
            self.gap(t, b.gap)
            for row in b.rows:
                r = self.el(t, "row", None, b.span)
                for cell in row:
                    self.inlines(self.el(r, "cell"), cell)
        elif isinstance(b, Opener):
            o = self.el(parent, "opener", None, b.span)
            self.gap(o, b.gap)
            self.inlines(self.el(o, "salute", None, b.span), b.salute)
        elif isinstance(b, Closer):
            c = self.el(parent, "closer", None, b.span)
            if b.salute is not None:
                s = self.el(c, "salute", None, b.span)
                self.gap(s, b.salute_gap)
                self.inlines(s, b.salute)
            signed = self.el(c, "signed", None, b.span)
            self.gap(signed, b.gap)
            self.inlines(signed, b.signed)
        elif isinstance(b, Division):
            self.division(parent, b)
        elif isinstance(b, Embedded):
            ft = self.el(parent, "floatingText", None, b.span, type=b.type)
            self.blocks(self.el(ft, "body", None, b.span), b.blocks)
        else:  # pragma: no cover
            raise TypeError(f"no TEI builder for block {type(b).__name__}")

    def item_list(self, parent: etree._Element, lst: ItemList, depth: int = 0) -> None:
        labelled = any(it.label is not None for it in lst.items)
        e = self.el(parent, "list", None, lst.span, type=lst.type,
                    rend=None if labelled else "bulleted")
        self.gap(e, lst.gap)
        if lst.indent != layout.list_indent(depth):
            self.add_rendition(e, layout.indent_id(lst.indent))
        for it in lst.items:
            if labelled:
                self.el(e, "label", it.label or "", it.span)
            item = self.el(e, "item", None, it.span)
            self.gap(item, it.gap)
            self.inlines(item, it.inlines)
            last = it.inlines[-1] if it.inlines else None
            if isinstance(last, PageBreak) and not last.space_before:
                self.add_rendition(item[-1], layout.GLUED_END)
            if it.sublist:
                self.item_list(item, it.sublist, depth + 1)
            for b in it.blocks:
                self.block(item, b)

    def division(self, parent: etree._Element, d: Division) -> etree._Element:
        e = self.el(parent, "div", None, d.span, type=d.kind, subtype=d.subtype, n=d.n,
                    xml_id=d.xml_id)
        if d.kind == "attachment":
            self.gap(e, d.gap)
        head = self.el(e, "head", None, d.head.span)
        self.inlines(head, d.head.inlines)
        split = _attachments_after_closer(d.blocks)
        if split is None:
            self.blocks(e, d.blocks)
        else:
            # TEI allows no div after a closer (divBottom ends a div): a signed letter with
            # attachments gets its own text in <div type="main">, the attachments beside it
            self.blocks(self.el(e, "div", None, type="main"), d.blocks[:split])
            self.blocks(e, d.blocks[split:])
        if d.kind == "document":
            for note in self.doc.notes:
                if not note.called:
                    n = self.note_element(e, note)
                    n.set("place", "end")
                    n.set("rend", "uncalled")
        return e

    # ------------------------------------------------------------- document
    def tei(self) -> etree._Element:
        root = etree.Element(T("TEI"), nsmap={None: TEI_NS})
        root.set(f"{{{XML_NS}}}lang", "en")
        header = self.el(root, "teiHeader")
        text = self.el(root, "text")
        body = self.el(text, "body")
        self.division(body, self.doc.body)
        if self.doc.layout.notes_gap:
            self.add_rendition(body, f"{layout.NOTES_GAP_PREFIX}{self.doc.layout.notes_gap}")
        self.header(header)
        indent(root)
        return root

    def header(self, header: etree._Element) -> None:
        doc = self.doc
        title_text = inline_text(doc.body.head.inlines).strip()
        file_desc = self.el(header, "fileDesc")
        ts = self.el(file_desc, "titleStmt")
        self.el(ts, "title", title_text)
        resp = self.el(ts, "respStmt")
        self.el(resp, "resp", "TEI encoding converted from plain text by")
        self.el(resp, "name", f"teipipe {__version__}")
        ps = self.el(file_desc, "publicationStmt")
        self.el(ps, "p", "Converted by teipipe from a plain-text copy of the document; "
                "not a publication of the original publisher.")
        sd = self.el(file_desc, "sourceDesc")
        bibl = self.el(sd, "bibl")
        self.el(bibl, "title", "Foreign Relations of the United States", level="s")
        if doc.volume:
            title = frus_volume_title(doc.volume)
            if title:
                self.el(bibl, "title", title, level="m")
            self.el(bibl, "idno", doc.volume, type="frus-volume")
        if doc.body.n:
            self.el(bibl, "biblScope", f"Document {doc.body.n}", unit="document", n=doc.body.n)
        if doc.volume and doc.body.n:
            self.el(bibl, "ref", f"{HSG}/{doc.volume}/d{doc.body.n}",
                    target=f"{HSG}/{doc.volume}/d{doc.body.n}")
        source_note = next((n for n in doc.notes if n.kind == "source"), None)
        if source_note is not None:
            self.el(bibl, "note", inline_text(source_note.inlines), type="source")
        self.el(bibl, "idno", PurePath(doc.source_name).name, type="input-file")

        enc = self.el(header, "encodingDesc")
        app_info = self.el(enc, "appInfo")
        app = self.el(app_info, "application", ident="teipipe", version=__version__)
        self.el(app, "label", "teipipe")
        self.el(app, "desc", "Profile 'tei': stock TEI P5 (tei_all), no other namespaces.")
        ed = self.el(enc, "editorialDecl")
        for text in (
            "Characters are kept exactly as in the input text, editorial brackets included; "
            "footnotes are placed at their markers, numbered as printed.",
            "Page breaks mark the printed volume's page numbers where the text gave them.",
            "Blank-line layout of the input that the structure does not imply is recorded "
            "with renditions, so that the plain text can be given back unchanged.",
        ):
            self.el(ed, "p", text)
        if self.renditions:
            tags = self.el(enc, "tagsDecl")
            for ident in sorted(self.renditions):
                self.el(tags, "rendition", layout.rendition_desc(ident), xml_id=ident,
                        scheme="free")
        prof = self.el(header, "profileDesc")
        self.creation(prof)
        lang = self.el(prof, "langUsage")
        self.el(lang, "language", "English", ident="en")
        self.participants(prof)
        rev = self.el(header, "revisionDesc")
        self.el(rev, "change", f"Converted from {PurePath(doc.source_name).name} by teipipe "
                f"{__version__}.", when=build_date())


    def creation(self, prof: etree._Element) -> None:
        """The document's own date, when the text states or implies it (pipeline.passes)."""
        c = self.doc.creation
        if c is None:
            return
        e = self.el(self.el(prof, "creation"), "date", None, when=c.when,
                    notBefore=None if c.when else c.not_before,
                    notAfter=None if c.when else c.not_after)
        if c.evidence:
            e.text = f"inferred from {c.evidence}"
            e.set("cert", "medium")

    def participants(self, prof: etree._Element) -> None:
        """listPerson (so every persName/@ref resolves in-file) and one correspDesc per
        document or attachment with a known sender or recipient."""
        doc = self.doc
        if doc.persons:
            lp = self.el(self.el(prof, "particDesc"), "listPerson")
            for person in doc.persons:
                pe = self.el(lp, "person", xml_id=person.id)
                self.el(pe, "persName", person.name)
                for idno in person.idnos:
                    self.el(pe, "idno", idno, type="FRUS")
                for office in person.offices:
                    self.el(pe, "occupation", office.label, notBefore=office.from_,
                            notAfter=None if office.to == "9999" else office.to)
        for c in doc.correspondence:
            cd = self.el(prof, "correspDesc", n=c.n,
                         corresp=f"#{c.target}" if c.target else None)
            for action in c.actions:
                ca = self.el(cd, "correspAction", type=action.type)
                for name in action.names:
                    tag = "persName" if isinstance(name, PersName) else "orgName"
                    self.el(ca, tag, name.text, ref=f"#{name.ref}" if name.ref else None)
                if action.date is not None:
                    self.el(ca, "date", action.date.text, when=action.date.when)


def indent(root: etree._Element, level: int = 0) -> None:
    """Pretty-print structural elements only; mixed content is never touched."""
    if etree.QName(root).localname not in STRUCTURAL or not len(root):
        return
    if root.text and root.text.strip():
        return
    pad = "\n" + "  " * (level + 1)
    root.text = pad
    for child in root:
        if child.tail and child.tail.strip():
            return  # mixed content after all
    for i, child in enumerate(root):
        indent(child, level + 1)
        child.tail = pad if i < len(root) - 1 else "\n" + "  " * level


def encode(doc: Document) -> etree._Element:
    return Encoder(doc).tei()


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
