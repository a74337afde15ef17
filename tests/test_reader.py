"""Unit tests of the read stage, one feature at a time, on small hand-written inputs."""

from __future__ import annotations

import pytest

from pipeline.diagnostics import ConversionError, Reporter
from pipeline.model import (
    Closer,
    DocRef,
    Embedded,
    ItemList,
    NoteRef,
    Opener,
    PageBreak,
    PageBreakBlock,
    Paragraph,
    PersName,
    Seg,
    Table,
    Text,
    inline_text,
)
from pipeline.read import read
from pipeline.source import SourceText


def doc_of(text: str, reporter: Reporter | None = None):
    return read(SourceText("t.txt", text), reporter or Reporter("t.txt"))


def notes_in(inlines) -> list[str]:
    return [x.n for x in inlines if isinstance(x, NoteRef)]


SIMPLE = "5. Letter From A to B1\n\nHello world.2\n\n  1. Source: Box 1.\n  2. See Document 4."


def test_heading_number_and_title() -> None:
    doc = doc_of(SIMPLE)
    assert doc.body.n == "5" and doc.body.xml_id == "d5"
    assert inline_text(doc.body.head.inlines) == "5. Letter From A to B"
    assert doc.body.subtype == "historical-document"


def test_editorial_note_subtype_and_no_source_note() -> None:
    doc = doc_of("274. Editorial Note\n\nOn May 5 the President spoke.1\n\n  1. See Document 3.")
    assert doc.body.subtype == "editorial-note"
    assert doc.notes[0].kind == "foot"


def test_note_list_at_end_one_note_per_line() -> None:
    doc = doc_of(SIMPLE)
    assert [(n.n, n.kind) for n in doc.notes] == [("1", "source"), ("2", "foot")]
    assert inline_text(doc.notes[0].inlines) == "Source: Box 1."


@pytest.mark.parametrize(
    ("line", "before"),
    [
        ("Ambassador (Toon)1 here.", "Ambassador (Toon)"),
        ("November 14 [15],1 and more.", "November 14 [15],"),
        ("to Gromyko.1 Then", "to Gromyko."),
        ("your letter of September 161 have been considered.", "your letter of September 16"),
        ("received Deptel 1647.1 Believe", "received Deptel 1647."),
        ("progress (Athens 6751). If", "progress (Athens 675"),
    ],
)
def test_marker_glued_to_words_punctuation_and_numbers(line: str, before: str) -> None:
    doc = doc_of(f"9. Memo\n\n{line}\n\n  1. A note.")
    p = doc.body.blocks[0]
    assert isinstance(p, Paragraph)
    first = p.inlines[0]
    assert isinstance(first, Text) and first.text == before
    assert isinstance(p.inlines[1], NoteRef) and p.inlines[1].n == "1"


def test_marker_after_space_at_end_of_heading_and_signature() -> None:
    text = ("58. Memorandum From Haig to President Reagan 1\n\nText.\n\n\nL. Brezhnev 2\n"
            "  1. Source: x.\n  2. Typed signature.")
    doc = doc_of(text)
    head = doc.body.head.inlines
    assert isinstance(head[-1], NoteRef) and head[-1].n == "1" and head[-1].space_before
    assert inline_text(head) == "58. Memorandum From Haig to President Reagan"
    closer = doc.body.blocks[-1]
    assert isinstance(closer, Closer)
    assert isinstance(closer.signed[0], PersName) and closer.signed[0].text == "L. Brezhnev"
    assert notes_in(closer.signed) == ["2"]


def test_numbers_of_the_text_are_not_markers() -> None:
    text = ("67. Message From Kissinger to Scowcroft1\n\nHakto 1. 1. Please get approval. "
            "Your letter of November 14 and the B–1 bomber in 1973.2\n\n"
            "  1. Source: x.\n  2. Note two.")
    doc = doc_of(text)
    p = doc.body.blocks[0]
    assert notes_in(doc.body.head.inlines) == ["1"]
    assert notes_in(p.inlines) == ["2"]
    assert inline_text(p.inlines).startswith("Hakto 1. 1. Please")
    assert "November 14 and the B–1 bomber in 1973." in inline_text(p.inlines)


def test_page_marker_inline_own_line_and_mid_word() -> None:
    text = ("3. Memo1\n\nOur delegations are [Page 243] making progress.\n\n[Page 244]\n\n"
            "whatever temporary ob[Page 245]stacles.\n\n  1. Source: x.")
    blocks = doc_of(text).body.blocks
    span = blocks[0].inlines[1].span
    assert blocks[0].inlines == (Text("Our delegations are "), PageBreak("243", span),
                                 Text(" making progress."))
    assert isinstance(blocks[1], PageBreakBlock) and blocks[1].n == "244"
    mid = blocks[2].inlines
    assert [type(x) for x in mid] == [Text, PageBreak, Text]
    assert mid[0].text.endswith("ob") and mid[2].text.startswith("stacles")


def test_bullet_lists_and_subject_line() -> None:
    text = ("1. Memorandum From A to B1\n\n\n  • Subject of the memo\n\nText:\n\n"
            "  • —first point;\n  • —second point.\n\n  1. Source: x.")
    blocks = doc_of(text).body.blocks
    assert isinstance(blocks[0], ItemList) and blocks[0].type == "subject" and blocks[0].gap == 2
    assert isinstance(blocks[2], ItemList) and blocks[2].type is None
    assert [inline_text(i.inlines) for i in blocks[2].items] == ["—first point;", "—second point."]


def test_labelled_list_with_continuation_blocks_and_nested_list() -> None:
    text = ("2. Telegram1\n\n  1. First item.\n  2. Begin text.\n\n     Quoted paragraph.\n\n"
            "     End text.\n\nAfter.\n\n  1. Source: x.")
    blocks = doc_of(text).body.blocks
    lst = blocks[0]
    assert isinstance(lst, ItemList) and [i.label for i in lst.items] == ["1.", "2."]
    assert [inline_text(b.inlines) for b in lst.items[1].blocks] == ["Quoted paragraph.",
                                                                    "End text."]
    assert inline_text(blocks[1].inlines) == "After."


def test_table_rows_from_tab_separated_lines() -> None:
    text = "2. Memo1\n\nLeft:\tRight:\nA\tB\n\n  1. Source: x."
    table = doc_of(text).body.blocks[0]
    assert isinstance(table, Table)
    assert [[inline_text(c) for c in row] for row in table.rows] == [["Left:", "Right:"],
                                                                     ["A", "B"]]


def test_salutation_opener_and_closer_with_signature() -> None:
    text = ("7. Letter From Nixon to Brezhnev1\n\nDear Mr. Secretary:\n\nBody.\n\n"
            "Sincerely,\n\n\nRichard Nixon\n  1. Source: x.")
    blocks = doc_of(text).body.blocks
    assert isinstance(blocks[0], Opener) and inline_text(blocks[0].salute) == "Dear Mr. Secretary:"
    closer = blocks[-1]
    assert isinstance(closer, Closer) and inline_text(closer.salute) == "Sincerely,"
    assert closer.signed == (PersName("Richard Nixon", role="signer"),)


def test_salutation_after_begin_text_starts_an_embedded_letter() -> None:
    text = ("67. Message1\n\nPlease deliver.\n\nBegin text:\n\nDear Mr. President:\n\nBody.\n\n"
            "With best wishes,\n\n\nJimmy Carter\n\n  1. Source: x.")
    doc = doc_of(text)
    blocks = doc.body.blocks
    assert isinstance(blocks[-1], Embedded)
    letter = blocks[-1].blocks
    assert isinstance(letter[0], Opener) and isinstance(letter[-1], Closer)
    assert doc.layout.notes_gap == 1


def test_inline_salutation_after_begin_text() -> None:
    text = ("3. Message1\n\n2. Begin text: Dear Mr. General-Secretary: As you proceed.\n\n"
            "  1. Source: x.")
    p = doc_of(text).body.blocks[0]
    assert Seg("Dear Mr. General-Secretary:", "salute") in p.inlines


def test_attachment_with_continued_note_numbering() -> None:
    text = ("58. Memorandum From Haig to Reagan 1\n\nBody.2\n\n[Page 155]\n\n\n"
            "Letter From Soviet General Secretary Brezhnev to President Reagan 3\n\n"
            "Dear Mr. President,\n\nLetter body.\n\n\nL. Brezhnev 4\n"
            "  1. Source: x.\n  2. n2\n  3. n3\n  4. n4")
    doc = doc_of(text)
    att = doc.body.blocks[-1]
    assert att.kind == "attachment" and att.xml_id == "d58att1"
    assert notes_in(att.head.inlines) == ["3"]
    assert isinstance(att.blocks[0], Opener) and isinstance(att.blocks[-1], Closer)
    assert notes_in(att.blocks[-1].signed) == ["4"]


def test_see_document_becomes_a_cross_reference_also_into_other_volumes() -> None:
    text = ("3. Memo1\n\nText.2 More.3 Again.4\n\n  1. Source: x; see Documents 299 and 307.\n"
            "  2. See Foreign Relations, 1977–1980, vol. VI, Soviet Union, Document 2.\n"
            "  3. Supra. See footnote 1 above.\n  4. See Public Papers: Carter, 1977, Document 9.")
    doc = doc_of(text)
    refs = [x for x in doc.notes[0].inlines if isinstance(x, DocRef)]
    assert [(r.target, r.text, r.volume) for r in refs] == [
        ("299", "Documents 299", None), ("307", "307", None)]
    (other,) = [x for x in doc.notes[1].inlines if isinstance(x, DocRef)]
    assert (other.target, other.volume) == ("2", "frus1977-80v06")
    supra, footnote = [x for x in doc.notes[2].inlines if isinstance(x, DocRef)]
    assert (supra.target, supra.text) == ("2", "Supra")
    assert (footnote.target, footnote.note) == ("3", "1")
    assert not [x for x in doc.notes[3].inlines if isinstance(x, DocRef)]


def test_editorial_brackets_stay_as_text() -> None:
    text = ("3. Memo1\n\n[less than 1 line not declassified] on [August 5] morning.\n\n"
            "  1. Source: x.")
    p = doc_of(text).body.blocks[0]
    assert inline_text(p.inlines) == "[less than 1 line not declassified] on [August 5] morning."


def test_note_zero_numbering() -> None:
    doc = doc_of("292. Memorandum of Conversation0\n\nText.1\n\n  0. Source: x.\n  1. One.")
    assert [n.n for n in doc.notes] == ["0", "1"]
    assert notes_in(doc.body.head.inlines) == ["0"]


def test_missing_note_is_an_error_with_line() -> None:
    reporter = Reporter("t.txt")
    with pytest.raises(ConversionError):
        doc_of("3. Memo1\n\nFirst.\n\nAs Gromyko said.2\n\n  1. Source: x.", reporter)
    (err,) = reporter.errors
    assert err.code == "note.missing" and err.line == 5 and err.col == 17


def test_uncalled_note_is_kept_and_flagged() -> None:
    reporter = Reporter("t.txt")
    doc = doc_of("3. Memo1\n\nNo call here.\n\n  1. Source: x.\n  2. Orphan.", reporter)
    assert not doc.note("2").called
    assert [w.code for w in reporter.warnings] == ["note.uncalled"]


def test_no_heading_is_an_error() -> None:
    reporter = Reporter("t.txt")
    with pytest.raises(ConversionError):
        doc_of("Just some text.\n\nMore.", reporter)
    assert reporter.errors[0].code == "heading.missing" and reporter.errors[0].line == 1


def test_page_marker_ending_an_item_line_before_a_sublist_keeps_its_space_as_layout() -> None:
    text = ("3. Memo1\n\n  3. A peace plan with a U.S. label on it. [Page 368]\n"
            "    • —This document suggests action.\n\n  1. Source: x.")
    item = doc_of(text).body.blocks[0].items[0]
    assert isinstance(item.inlines[-1], PageBreak) and item.inlines[-1].space_before
    assert item.inlines[0] == Text("A peace plan with a U.S. label on it.")
    assert item.sublist is not None
