"""Consistency checks on a read document that are worth a warning but not a refusal.

The reader keeps every ``[Page N]`` where it was (so the text can be given back), but a page
number that goes backwards or comes twice is almost always a copy-and-paste slip in the
input: say so, with the line, and let ``--strict`` make it fatal.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.diagnostics import Reporter, Span
from pipeline.model import (
    Block,
    Closer,
    Division,
    Document,
    Embedded,
    Inline,
    ItemList,
    Opener,
    PageBreak,
    PageBreakBlock,
    Paragraph,
    Table,
    inline_text,
)


def _inline_pages(inlines: tuple[Inline, ...]) -> Iterator[tuple[str, Span | None]]:
    for node in inlines:
        if isinstance(node, PageBreak):
            yield node.n, node.span


def _walk(b: Block) -> Iterator[tuple[Inline, ...] | PageBreakBlock]:
    """A block's lines in reading order: each inline sequence (one line of the input), and
    each page line (``PageBreakBlock``)."""
    if isinstance(b, Paragraph):
        yield b.inlines
    elif isinstance(b, PageBreakBlock):
        yield b
    elif isinstance(b, ItemList):
        for item in b.items:
            yield item.inlines
            if item.sublist is not None:
                yield from _walk(item.sublist)
            for sub in item.blocks:
                yield from _walk(sub)
    elif isinstance(b, Table):
        for row in b.rows:
            yield from row
    elif isinstance(b, Opener):
        yield b.salute
    elif isinstance(b, Closer):
        if b.salute is not None:
            yield b.salute
        yield b.signed
    elif isinstance(b, Division):
        yield b.head.inlines
        for sub in b.blocks:
            yield from _walk(sub)
    elif isinstance(b, Embedded):
        for sub in b.blocks:
            yield from _walk(sub)


def division_pages(d: Division) -> Iterator[tuple[str, Span | None]]:
    """Page numbers of a division in reading order, with where they were printed."""
    for line in _walk(d):
        if isinstance(line, PageBreakBlock):
            yield line.n, line.span
        else:
            yield from _inline_pages(line)


def check_pages(doc: Document, reporter: Reporter) -> None:
    """Warn about a ``[Page N]`` repeated, or numbered lower than the one before it."""
    seen: dict[str, Span | None] = {}
    last: tuple[int, str] | None = None
    for n, span in division_pages(doc.body):
        if n in seen:
            first = seen[n]
            where = f" (first on line {first.line})" if first is not None else ""
            reporter.warning("page.repeated", f"[Page {n}] appears more than once{where}", span)
            continue
        seen[n] = span
        if not n.isdecimal():
            continue  # roman or lettered pages (front matter): no order to check
        value = int(n)
        if last is not None and value < last[0]:
            reporter.warning("page.order",
                             f"[Page {n}] comes after [Page {last[1]}]: page numbers out of "
                             "order", span)
        last = (value, n)


def _side_is_space(inlines: tuple[Inline, ...], i: int, step: int) -> bool | None:
    """Whitespace on one side of the page break at ``i``: True/False, or None at the edge of
    the line (nothing but page breaks between it and the edge)."""
    j = i + step
    while 0 <= j < len(inlines):
        node = inlines[j]
        if not isinstance(node, PageBreak):
            text = getattr(node, "text", None)
            if text is None:  # a footnote call: its note's text follows, never a space
                return False
            if text:
                return (text[-1] if step < 0 else text[0]).isspace()
        j += step
    return None


def check_page_spaces(doc: Document, reporter: Reporter) -> None:
    """Warn about ``[Page N]`` with a space on one side only ("word [Page 5]word"): the
    project Schematron (``pb-space``, after frus.sch) rejects that, so say where it is."""
    sequences = [line for line in _walk(doc.body) if not isinstance(line, PageBreakBlock)]
    sequences += [n.inlines for n in doc.notes]
    for inlines in sequences:
        for i, node in enumerate(inlines):
            if not isinstance(node, PageBreak) or node.space_before:
                continue
            before, after = _side_is_space(inlines, i, -1), _side_is_space(inlines, i, 1)
            if before is not None and after is not None and before != after:
                side = "before" if before else "after"
                reporter.warning("page.space",
                                 f"[Page {node.n}] has a space {side} it but not on the other "
                                 "side: put it between words or inside one (the project "
                                 "Schematron rule pb-space, so build rejects the TEI)",
                                 node.span)


def check_source_note(doc: Document, reporter: Reporter) -> None:
    """Warn when no footnote names the document's source. The project Schematron
    (``source-note``, after frus.sch) requires one, so ``build`` will reject the TEI: say so
    here, on the input's heading line, where the user can fix it. Editorial notes have none."""
    if doc.body.subtype == "editorial-note":
        return
    for note in doc.notes:
        text = inline_text(note.inlines).lstrip()
        if note.kind == "source" and text.startswith(("Source:", "[Source:")):
            return
    reporter.warning("note.source-missing",
                     "no source note: the first footnote should read '1. Source: …' (the "
                     "project Schematron rule source-note requires one, so build rejects the "
                     "TEI)", doc.body.head.span)


# warnings that announce a rule of the project Schematron the TEI will break (build rejects
# it): warning code → Schematron diagnostic code
ANNOUNCES = {"note.source-missing": "schematron.source-note", "page.space": "schematron.pb-space"}


def check(doc: Document, reporter: Reporter) -> None:
    """All checks, in a fixed order (diagnostics are compared in tests)."""
    check_pages(doc, reporter)
    check_page_spaces(doc, reporter)
    check_source_note(doc, reporter)
