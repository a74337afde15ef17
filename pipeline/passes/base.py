"""Shared machinery of the passes: the context and the inline walkers."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.diagnostics import Reporter
from pipeline.model import (
    Closer,
    Division,
    Document,
    Embedded,
    Heading,
    Inline,
    ItemList,
    ListItem,
    Note,
    Opener,
    Paragraph,
    Table,
)
from pipeline.registry import Registry
from pipeline.registry import default as default_registry

# where an inline sequence sits: "head", "p", "note", "source", "signed", "salute", "cell"
InlineMap = Callable[[tuple[Inline, ...], str], tuple[Inline, ...]]


@dataclass
class Context:
    reporter: Reporter
    volume: str | None = None
    registry: Registry = field(default_factory=default_registry)
    year: int | None = None  # the document's year, once the dates pass has found it
    # the window the document's date lies in (ISO days), for office look-ups
    window: tuple[str, str] | None = None


def map_inlines(doc: Document, fn: InlineMap) -> Document:
    """Apply ``fn`` to every inline sequence of the document, notes included."""

    def blocks(bs: tuple) -> tuple:
        return tuple(block(b) for b in bs)

    def item(it: ListItem) -> ListItem:
        return dataclasses.replace(
            it, inlines=fn(it.inlines, "p"),
            sublist=item_list(it.sublist) if it.sublist else None, blocks=blocks(it.blocks))

    def item_list(lst: ItemList) -> ItemList:
        return dataclasses.replace(lst, items=tuple(item(i) for i in lst.items))

    def block(b: object) -> object:
        if isinstance(b, Paragraph):
            return dataclasses.replace(b, inlines=fn(b.inlines, "p"))
        if isinstance(b, ItemList):
            return item_list(b)
        if isinstance(b, Table):
            return dataclasses.replace(b, rows=tuple(tuple(fn(c, "cell") for c in row)
                                                     for row in b.rows))
        if isinstance(b, Opener):
            return dataclasses.replace(b, salute=fn(b.salute, "salute"))
        if isinstance(b, Closer):
            return dataclasses.replace(
                b, signed=fn(b.signed, "signed"),
                salute=fn(b.salute, "salute") if b.salute is not None else None)
        if isinstance(b, Division):
            return division(b)
        if isinstance(b, Embedded):
            return dataclasses.replace(b, blocks=blocks(b.blocks))
        return b

    def division(d: Division) -> Division:
        head = Heading(fn(d.head.inlines, "head"), d.head.span)
        return dataclasses.replace(d, head=head, blocks=blocks(d.blocks))

    def note(n: Note) -> Note:
        return dataclasses.replace(n, inlines=fn(n.inlines, "source" if n.kind == "source"
                                                 else "note"))

    return dataclasses.replace(doc, body=division(doc.body),
                               notes=tuple(note(n) for n in doc.notes))


def iter_inlines(doc: Document) -> list[tuple[tuple[Inline, ...], str]]:
    """Every inline sequence with its place, in reading order (notes last)."""
    seen: list[tuple[tuple[Inline, ...], str]] = []

    def collect(inlines: tuple[Inline, ...], where: str) -> tuple[Inline, ...]:
        seen.append((inlines, where))
        return inlines

    map_inlines(doc, collect)
    return seen


Pass = Callable[[Document, Context], Document]


Match = tuple[int, int, Inline]  # start, end, the node that replaces text[start:end]


def splice(inlines: tuple[Inline, ...],
           find: Callable[[str, int], list[Match]]) -> tuple[Inline, ...]:
    """Replace stretches of ``Text`` inlines by the nodes ``find(text, index)`` returns.
    The characters are unchanged: every node carries exactly the text it replaces."""
    from pipeline.model import Text

    out: list[Inline] = []
    for i, node in enumerate(inlines):
        if not isinstance(node, Text):
            out.append(node)
            continue
        pos = 0
        for start, end, new in sorted(find(node.text, i), key=lambda m: m[0]):
            if start < pos:
                continue  # overlapping match: the first wins
            assert getattr(new, "text", None) == node.text[start:end]
            if start > pos:
                out.append(Text(node.text[pos:start]))
            out.append(new)
            pos = end
        if pos < len(node.text):
            out.append(Text(node.text[pos:]))
    return tuple(out)
