"""Layout facts shared by ``encode`` (which records them) and ``totext`` (which replays them).

The plain-text form separates blocks by blank lines. The usual count depends on the kind of
block; where the input differs, the TEI carries ``@rendition="#gapN"`` pointing to a
``tagsDecl/rendition`` that says so. A footnote marker printed after a space (``Reagan 1``)
carries ``@rendition="#space-before"``; a list indented other than usual carries
``#indentN``; the body carries ``#notes-gapN`` when blank lines precede the note list.
A letter quoted whole (after "Begin text:") is a ``floatingText`` whose body's blocks print
like any others. Nothing else about layout is needed to give the
input back.
"""

from __future__ import annotations

# blank lines normally printed before an element of this TEI name
DEFAULT_GAP: dict[str, int] = {
    "p": 1,
    "list": 1,
    "item": 0,
    "table": 1,
    "pb": 1,
    "opener": 1,
    "salute": 1,  # a closer's complimentary close, on its own line
    "signed": 2,
    "div": 2,  # an attachment's heading
    "floatingText": 1,
}

SPACE_BEFORE = "space-before"
# on a <pb> ending a list item's line, glued to the word before it ("one[Page 12]"): without
# it, that pb reads as a "[Page 12]" line of its own under the item
GLUED_END = "glued-end"
INDENT_PREFIX = "indent"  # on <list>: spaces before its items' bullets, when not the usual


def list_indent(depth: int) -> int:
    """Usual indentation of a list's lines: 2 spaces, 2 more per nesting level."""
    return 2 + 2 * depth


def indent_id(spaces: int) -> str:
    return f"{INDENT_PREFIX}{spaces}"
NOTES_GAP_PREFIX = "notes-gap"  # on <body>: blank lines between the text and the note list


def gap_id(n: int) -> str:
    return f"gap{n}"


def rendition_desc(ident: str) -> str:
    if ident == SPACE_BEFORE:
        return ("A space was printed before this footnote call ('Reagan 1') or before this "
                "page marker at the end of a line.")
    if ident == GLUED_END:
        return ("This page marker ended the line, glued to the word before it; it was not on "
                "a line of its own.")
    if ident.startswith(NOTES_GAP_PREFIX):
        n = ident[len(NOTES_GAP_PREFIX):]
        return f"{n} blank line(s) separated the text from the footnote list in the source."
    if ident.startswith(INDENT_PREFIX):
        n = ident[len(INDENT_PREFIX):]
        return f"The list's lines were indented by {n} spaces in the source text."
    if ident.startswith("gap"):
        n = ident[3:]
        return f"{n} blank line(s) preceded this block in the source text."
    return ident
