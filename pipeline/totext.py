"""TEI → plain text: the inverse of the reader, so that no conversion loses anything.

``totext(encode(read(text)))`` gives ``text`` back, modulo :func:`normalise`:

* each line's trailing spaces and tabs are dropped (blank lines holding only spaces are
  blank lines to the reader, and the TEI does not keep what was on them);
* newlines (and blank lines) at the very end of the file are dropped; :func:`totext` returns
  the text without a final newline, and ``teipipe totext`` writes exactly one;
* the comparison is with the text as :mod:`pipeline.source` decoded it: UTF-8 without a
  byte-order mark, LF line ends (a BOM or CRLF in the input is reported as a warning and
  not given back).

The layout comes from the TEI structure plus the few ``@rendition`` pointers the encoder
records where the input differed from the usual (:mod:`pipeline.layout`): ``#gapN`` (blank
lines before a block), ``#space-before`` (a footnote call printed after a space),
``#indentN`` (a list's indentation) and ``#notes-gapN`` on ``body`` (blank lines before
the note list).

The renderer works on any TEI, not only ours: unknown elements contribute their text, so a
hand-encoded file still gives a readable text (though not, of course, a byte-exact one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline import layout
from pipeline.diagnostics import ConversionError, Reporter, Span

# elements whose text content is a footnote, to be moved to the note list
_NOTE = "note"
# elements that are invisible in the plain text (header, apparatus)
_SKIP = {"teiHeader", "fw", "figure", "facsimile"}
# not printed in the web site's text form (tests/data/corpus/README.md)
_FOREIGN_SKIP = {"dateline"}


def _local(e: etree._Element) -> str:
    return etree.QName(e).localname if isinstance(e.tag, str) else ""


def _renditions(e: etree._Element) -> list[str]:
    return [tok.lstrip("#") for tok in (e.get("rendition") or "").split()]


def _rendition_number(e: etree._Element, prefix: str) -> int | None:
    for ident in _renditions(e):
        if ident.startswith(prefix) and ident[len(prefix):].isdecimal():
            return int(ident[len(prefix):])
    return None


def gap_of(e: etree._Element, default_for: str | None = None) -> int:
    """Blank lines before ``e``: its ``#gapN`` rendition, else the usual for its kind."""
    n = _rendition_number(e, "gap")
    if n is not None:
        return n
    return layout.DEFAULT_GAP.get(default_for or _local(e), 1)


def _note_key(n: str, order: int) -> tuple[int, int, str]:
    m = re.match(r"\d+", n)
    return (int(m.group()) if m else 1 << 30, order, n)


@dataclass
class _Renderer:
    # (blank lines before, line text); line 1 (the heading) has gap 0
    lines: list[tuple[int, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (n, text) in document order
    collapse: bool = False  # foreign TEI: whitespace is formatting, not content

    # ------------------------------------------------------------- inlines
    def inline(self, e: etree._Element, out: list[str]) -> None:
        """Text of ``e``'s content; notes leave their number and go to the note list."""
        self.inline_nodes(e.text, list(e), out)

    def inline_nodes(self, text: str | None, children: list[etree._Element],
                     out: list[str]) -> None:
        if text:
            out.append(text)
        for child in children:
            name = _local(child)
            if not name:  # comment or processing instruction
                pass
            elif name == _NOTE:
                n = child.get("n") or ""
                if layout.SPACE_BEFORE in _renditions(child):
                    out.append(" ")
                out.append(n)
                self.add_note(child)
            elif name == "pb":
                page = f"[Page {child.get('n', '')}]"
                if layout.SPACE_BEFORE in _renditions(child):
                    page = " " + page  # "…label on it. [Page 368]" at a line's end
                if self.collapse and ((out and out[-1][-1:].isspace())
                                      or (child.tail or "")[:1].isspace()):
                    page = f" {page} "  # the web form: spaced unless inside a word
                out.append(page)
            elif name == "lb":
                out.append("\n")
            elif name in _SKIP:
                pass
            else:
                self.inline(child, out)
            if child.tail:
                out.append(child.tail)

    def text_of(self, e: etree._Element) -> str:
        out: list[str] = []
        self.inline(e, out)
        return "".join(out)

    def add_note(self, note: etree._Element) -> None:
        self.notes.append((note.get("n") or "", self.text_of(note)))

    def emit(self, gap: int, prefix: str, text: str, cells: bool = False) -> None:
        """One block's line(s). Foreign TEI (``collapse``): whitespace collapsed as a web
        page would show it, empty blocks dropped."""
        if self.collapse:
            if cells:
                text = "\t".join(" ".join(c.split()) for c in text.split("\t"))
            else:
                text = " ".join(text.split())
            if not text.strip():
                return
            self.lines.append((gap, prefix + text))
            return
        # an <lb/> makes a line break inside a block: the first line carries the block's
        # gap, the others follow directly
        for i, line in enumerate((prefix + text).split("\n")):
            self.lines.append((gap if i == 0 else 0, line))

    # ------------------------------------------------------------- blocks
    def blocks(self, parent: etree._Element, indent: str = "", depth: int = 0) -> None:
        for child in parent:
            self.block(child, indent, depth)

    def block(self, e: etree._Element, indent: str = "", depth: int = 0) -> None:
        name = _local(e)
        if not name or name in _SKIP or (self.collapse and name in _FOREIGN_SKIP):
            return
        if name in ("p", "ab"):
            self.emit(gap_of(e, "p"), indent, self.text_of(e))
        elif name == "pb":
            spaces = _rendition_number(e, layout.INDENT_PREFIX)  # an indented page line
            self.emit(gap_of(e), indent if spaces is None else " " * spaces,
                      f"[Page {e.get('n', '')}]")
        elif name == "list":
            self.item_list(e, depth)
        elif name == "table":
            self.table(e, indent)
        elif name == "opener":
            first = True
            for part in e:
                if _local(part) and not (self.collapse and _local(part) in _FOREIGN_SKIP):
                    self.emit(gap_of(e) if first else gap_of(part, "p"), indent,
                              self.text_of(part))
                    first = False
        elif name == "closer":
            for part in e:
                pname = _local(part)
                if pname:
                    self.emit(gap_of(part, pname if pname in ("salute", "signed") else "p"),
                              indent, self.text_of(part))
        elif name == "div" and e.get("type") == "main" and not self.collapse:
            self.blocks(e, indent, depth)  # a signed letter's own text, attachments after it
        elif name == "div":
            self.division(e, indent)
        elif name in ("floatingText", "body", "front", "back", "group", "text"):
            self.blocks(e, indent, depth)
        elif name == _NOTE:
            # a note between blocks: ours are uncalled notes (place="end"), kept in order
            self.add_note(e)
        else:  # anything else at block level: its text as one block
            text = self.text_of(e)
            if text.strip():
                self.emit(gap_of(e, "p"), indent, text)

    def division(self, div: etree._Element, indent: str = "") -> None:
        first = not self.lines
        for child in div:
            if _local(child) == "head":
                self.emit(0 if first else gap_of(div, "div"), indent, self.text_of(child))
                first = False
            else:
                self.block(child, indent)

    def table(self, table: etree._Element, indent: str) -> None:
        first = True
        for row in table:
            if _local(row) != "row":
                continue
            cells = [self.text_of(c) for c in row if _local(c) == "cell"]
            self.emit(gap_of(table) if first else 0, indent, "\t".join(cells), cells=True)
            first = False

    def item_list(self, lst: etree._Element, depth: int) -> None:
        spaces = _rendition_number(lst, layout.INDENT_PREFIX)
        pad = " " * (spaces if spaces is not None else layout.list_indent(depth))
        first = True
        label: str | None = None
        for child in lst:
            name = _local(child)
            if name == "label":
                label = self.text_of(child)
                continue
            if name != "item":
                if name == "head" and not self.collapse:  # a list head: a line of its own
                    self.emit(gap_of(lst) if first else 1, pad, self.text_of(child))
                    first = False
                continue
            mark = label if label else "•"
            label = None
            gap = gap_of(lst) if first else gap_of(child, "item")
            first = False
            self.item(child, pad, mark, gap, depth)

    def item(self, item: etree._Element, pad: str, mark: str, gap: int, depth: int) -> None:
        children = [c for c in item if _local(c)]
        # the encoder writes the item's line (inlines), then a sublist, then continuation
        # blocks (p, pb): find where the blocks start
        split = next((i for i, c in enumerate(children)
                      if _local(c) in ("list", "p", "ab", "table")), len(children))
        # a page break ending the line with no text after it, glued to a word, is a block
        # of its own under the item (an inline one at a line end has a space before it)
        while split > 0 and _local(children[split - 1]) == "pb" \
                and not {layout.SPACE_BEFORE, layout.GLUED_END} & set(
                    _renditions(children[split - 1])) \
                and not children[split - 1].tail and (children[split - 1].get("rendition")
                                                     or not _ends_in_space(item, children,
                                                                           split - 1)):
            split -= 1
        out: list[str] = []
        self.inline_nodes(item.text, children[:split], out)
        self.emit(gap, f"{pad}{mark} ", "".join(out))
        cont = " " * (len(pad) + len(mark) + 1)
        for child in children[split:]:
            if _local(child) == "list":
                self.item_list(child, depth + 1)
            else:
                self.block(child, cont, depth + 1)


def _ends_in_space(item: etree._Element, children: list[etree._Element], i: int) -> bool:
    """Does the item's text just before ``children[i]`` end in whitespace (or is empty)?"""
    before = children[i - 1].tail if i > 0 else item.text
    if i > 0 and not before:
        # right after an element: glued to a note call (then a block: a call ends a line),
        # or to another page break ("[Page 1][Page 2]": inline, like the first)
        return _local(children[i - 1]) == "pb"
    return not before or before[-1:].isspace()


def made_by_teipipe(root: etree._Element) -> bool:
    """Was this TEI written by our encoder (so its whitespace is exact content)?"""
    return any(app.get("ident") == "teipipe" for app in root.iter("{*}application"))


def totext(tei: etree._Element | etree._ElementTree, collapse: bool | None = None) -> str:
    """Render a TEI document as the plain-text input form.

    ``collapse`` (default: only for TEI not written by teipipe) collapses whitespace runs
    and drops empty blocks, as for hand-encoded, pretty-printed TEI; teipipe's own output is
    rendered exactly, which is what makes the round trip lossless.
    """
    root = tei.getroot() if isinstance(tei, etree._ElementTree) else tei
    r = _Renderer(collapse=not made_by_teipipe(root) if collapse is None else collapse)
    body = next(iter(root.iter("{*}body")), None) if _local(root) != "body" else root
    container = body if body is not None else root
    if _local(container) == "div":
        r.division(container)
    else:
        r.blocks(container)
    notes_gap = _rendition_number(container, layout.NOTES_GAP_PREFIX) or 0
    order = sorted(enumerate(r.notes), key=lambda p: _note_key(p[1][0], p[0]))
    for i, (_, (n, text)) in enumerate(order):
        r.emit(notes_gap if i == 0 else 0, f"  {n}. ", text)
    parts: list[str] = []
    for i, (gap, line) in enumerate(r.lines):
        parts.append(line if i == 0 else "\n" * (gap + 1) + line)
    return "".join(parts)


def normalise(text: str) -> str:
    """The round trip's equivalence: trailing spaces/tabs on each line and trailing
    newlines (blank lines) at the end of the text do not count."""
    return "\n".join(line.rstrip(" \t") for line in text.split("\n")).rstrip("\n")


TEI_NS = "http://www.tei-c.org/ns/1.0"


def totext_file(source: Path | str | bytes, reporter: Reporter) -> str:
    """Parse a user's TEI file safely (:mod:`pipeline.xmlsafe`) and render it.

    Problems are reported to ``reporter`` (with the XML line) and raise
    :class:`ConversionError`: malformed XML, refused XML (entity declarations), or a root
    element outside the TEI namespace.
    """
    from lxml.etree import XMLSyntaxError

    from pipeline.xmlsafe import UnsafeXMLError, parse_user_xml

    try:
        tree = parse_user_xml(source)
    except UnsafeXMLError as exc:
        reporter.error("xml.unsafe", str(exc), Span(exc.line, 1) if exc.line else None)
        raise ConversionError(reporter.errors) from exc
    except XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (0, 0)
        reporter.error("xml.syntax", f"not well-formed XML: {exc.msg}",
                       Span(line, col or 1) if line else None)
        raise ConversionError(reporter.errors) from exc
    except OSError as exc:
        reporter.error("input.unreadable", f"cannot read file: {exc.strerror or exc}")
        raise ConversionError(reporter.errors) from exc
    root = tree.getroot()
    if etree.QName(root).namespace != TEI_NS:
        reporter.error("xml.not-tei",
                       f"root element <{root.tag}> is not in the TEI namespace {TEI_NS}",
                       Span(root.sourceline or 1, 1))
        raise ConversionError(reporter.errors)
    return totext(tree)
