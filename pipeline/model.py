"""The document model between ``read`` and ``encode`` (think Pandoc's AST).

Small, frozen, typed. It keeps everything the TEI needs *and* everything needed to give the
input text back (``totext``): exact characters, the space before a footnote marker, and the
number of blank lines before each block (``gap``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.diagnostics import Span

MODEL_VERSION = 1
DEFAULT_GAP = 1  # blocks are normally separated by one blank line


# ---------------------------------------------------------------- inlines
@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A footnote marker in the text; the note's content lives in ``Document.notes``."""

    n: str
    span: Span | None = None
    space_before: bool = False  # printed "Reagan 1": layout, not content


@dataclass(frozen=True, slots=True)
class PageBreak:
    """``[Page N]`` inside running text (spaces around it are kept as Text).

    ``space_before``: the marker ended its line after a space ("…label on it. [Page 368]"
    before a nested list). That space is layout: kept here, not as text, so that the pb has
    whitespace on neither side rather than on one."""

    n: str
    span: Span | None = None
    space_before: bool = False


@dataclass(frozen=True, slots=True)
class DocRef:
    """"Document 60" in "See Document 60": a cross reference to another document."""

    target: str  # document number, e.g. "60"
    text: str
    volume: str | None = None  # another FRUS volume ("Foreign Relations, 1961–1963, vol. V")
    note: str | None = None  # "footnote 6": a note of the target document


@dataclass(frozen=True, slots=True)
class PersName:
    text: str
    ref: str | None = None  # registry id, without '#'
    role: str | None = None  # "sender" / "recipient" / "signer" / None


@dataclass(frozen=True, slots=True)
class OrgName:
    text: str
    ref: str | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class DateRef:
    text: str
    when: str | None = None
    from_: str | None = None
    to: str | None = None
    inferred: bool = False


@dataclass(frozen=True, slots=True)
class Seg:
    """A typed stretch of text, e.g. a salutation inside a paragraph ("Begin text: Dear …:")."""

    text: str
    type: str


Inline = Text | NoteRef | PageBreak | DocRef | PersName | OrgName | DateRef | Seg


# ---------------------------------------------------------------- blocks
@dataclass(frozen=True, slots=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    gap: int = DEFAULT_GAP
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class PageBreakBlock:
    """``[Page N]`` on a line of its own, between blocks."""

    n: str
    gap: int = DEFAULT_GAP
    indent: str = ""
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class ListItem:
    """One list line. ``label`` is None for a bullet (``•``), else the printed label."""

    inlines: tuple[Inline, ...]
    label: str | None = None
    sublist: ItemList | None = None
    # continuation blocks printed under the item (indented), e.g. quoted text in a telegram
    blocks: tuple[Block, ...] = ()
    gap: int = 0
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class ItemList:
    items: tuple[ListItem, ...]
    indent: int = 2
    type: str | None = None  # "subject" for a memorandum's subject line
    gap: int = DEFAULT_GAP
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    gap: int = DEFAULT_GAP
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Opener:
    salute: tuple[Inline, ...]
    gap: int = DEFAULT_GAP
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Closer:
    """Complimentary close (optional, its own line) and the signature."""

    signed: tuple[Inline, ...]
    salute: tuple[Inline, ...] | None = None
    salute_gap: int = DEFAULT_GAP
    gap: int = 2  # the signature comes after two blank lines
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Heading:
    inlines: tuple[Inline, ...]
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Division:
    """The document, or an attachment inside it."""

    kind: str  # "document" | "attachment"
    head: Heading
    blocks: tuple[Block, ...]
    n: str | None = None
    xml_id: str | None = None
    subtype: str | None = None  # "historical-document" | "editorial-note"
    gap: int = 2  # for attachments: blank lines before the heading
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Embedded:
    """A text quoted whole inside the document (a letter after "Begin text:"), with its
    own opener and closer: TEI ``floatingText``."""

    blocks: tuple[Block, ...]
    type: str = "letter"
    span: Span | None = None


Block = Paragraph | PageBreakBlock | ItemList | Table | Opener | Closer | Division | Embedded


@dataclass(frozen=True, slots=True)
class Note:
    n: str
    inlines: tuple[Inline, ...]
    kind: str = "foot"  # "source" | "foot"
    called: bool = True  # False: no marker in the text calls it (kept, flagged)
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Layout:
    """How the input was laid out, where the TEI structure alone does not say."""

    notes_gap: int = 0  # blank lines between the body and the footnote list
    final_newline: bool = False


@dataclass(frozen=True, slots=True)
class Office:
    """A post held for a time: what turns "the Secretary" into a person on a given date."""

    label: str
    from_: str | None = None
    to: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    """A registry entry copied into the document, so every ``@ref`` resolves in-file."""

    id: str
    name: str  # display form, "Given Surname"
    offices: tuple[Office, ...] = ()
    idnos: tuple[str, ...] = ()  # FRUS ids, "frus1981-88v03#p_BL_1"


@dataclass(frozen=True, slots=True)
class CorrespAction:
    type: str  # "sent" | "received"
    names: tuple[PersName | OrgName, ...]
    date: DateRef | None = None


@dataclass(frozen=True, slots=True)
class Correspondence:
    """Who sent a document (or one of its attachments) to whom: TEI ``correspDesc``."""

    actions: tuple[CorrespAction, ...]
    target: str | None = None  # xml:id of the division it describes
    n: str | None = None  # "document", "attachment 1", ...


@dataclass(frozen=True, slots=True)
class DateWindow:
    """The document's own date: a day (``when``) or a window (``not_before``/``not_after``)."""

    when: str | None = None
    not_before: str | None = None
    not_after: str | None = None
    evidence: str = ""  # why we believe it, for the header


@dataclass(frozen=True, slots=True)
class Document:
    body: Division
    notes: tuple[Note, ...] = ()
    layout: Layout = field(default_factory=Layout)
    source_name: str = "<input>"
    volume: str | None = None
    # filled by pipeline.passes (fidelity): header facts derived from the text
    persons: tuple[Person, ...] = ()
    correspondence: tuple[Correspondence, ...] = ()
    creation: DateWindow | None = None

    @property
    def number(self) -> str | None:
        return self.body.n

    def note(self, n: str) -> Note | None:
        return next((note for note in self.notes if note.n == n), None)


def inline_text(inlines: tuple[Inline, ...] | list[Inline]) -> str:
    """Plain text of inlines, as printed (markers and page breaks excluded)."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, PersName, OrgName, DateRef, DocRef, Seg)):
            out.append(node.text)
    return "".join(out)
