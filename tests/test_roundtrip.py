"""Lossless: text → TEI → text gives the input back (see ``pipeline.totext.normalise``).

Every seed and every corpus text goes through the real path: read, encode, serialise to
bytes, parse those bytes with the hardened parser, render. Plus the CLI end to end, and the
renderer's handling of layout renditions on small inputs.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.convert import convert_text
from pipeline.diagnostics import Reporter
from pipeline.encode import serialize
from pipeline.totext import normalise, totext, totext_file
from pipeline.xmlsafe import parse_user_xml
from tests.conftest import CORPUS, ROOT, SEEDS

INPUTS = [*SEEDS, *sorted(CORPUS.glob("*/*.txt"))]


def roundtrip(text: str, name: str = "t.txt") -> str:
    _, tei = convert_text(text, name, reporter=Reporter(name))
    return totext(parse_user_xml(serialize(tei)))


def assert_same(text: str, back: str) -> None:
    a, b = normalise(text), normalise(back)
    if a != b:
        diff = "".join(difflib.unified_diff(a.splitlines(True), b.splitlines(True),
                                            "input", "totext", n=1))
        pytest.fail(f"round trip differs:\n{diff[:3000]}")


def test_all_inputs_are_collected() -> None:
    assert len(INPUTS) == 45


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_seed_and_corpus_roundtrip(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert_same(text, roundtrip(text, str(path)))


def test_roundtrip_is_exact_apart_from_the_final_newline() -> None:
    # the normalisation is not hiding anything on real inputs: only the file's end differs
    for path in INPUTS:
        text = path.read_text(encoding="utf-8")
        assert roundtrip(text, str(path)) == text.rstrip("\n"), path


def test_normalise_definition() -> None:
    assert normalise("a  \nb\t\n\n\n") == "a\nb"
    assert normalise("a\n  \nb") == "a\n\nb"  # a blank line of spaces is a blank line
    assert normalise("  a") == "  a"  # leading whitespace counts
    assert normalise("a\n\n\nb") != normalise("a\n\nb")  # blank lines inside count


@pytest.mark.parametrize("text", [
    # heading footnote after a space, two blank lines before the note list
    "5. Letter From Reagan to Brezhnev 1\n\nText.2\n\n\n  1. Source: x.\n  2. Note two.",
    # unusual gaps, a page line, a mid-word page break
    "7. Memo\n\n\n\nPara one ob[Page 12]stacles.\n\n[Page 13]\nPara two.",
    # bullet list with nested list, labelled list, continuation block under an item
    "8. Memorandum for the Record\n\n  • Subject line\n\nText.\n\n  • a\n    • a one\n  • b\n\n"
    "  a. first\n  b. second\n\n     continued under b\n\nEnd.",
    # table
    "9. Table\n\nName\tRank\nA\tB\n\nEnd.",
    # opener, closer with salute and signature, attachment
    "10. Letter From A to B\n\nDear Mr. President:\n\nText.\n\nSincerely,\n\n\nJimmy Carter\n\n\n"
    "Letter From C to D1\n\nMore text.\n\n  1. On the attachment.",
    # quoted letter ("Begin text:") and an uncalled note
    "11. Telegram\n\nBegin text:\n\nDear Sir:\n\nBody.\n\nWarm regards,\n\n\nL. B.\n\n"
    "  1. Source: nowhere.",
    # list indented by 4
    "12. List\n\n    • four\n    • spaces\n\nEnd.",
    # lines holding only a no-break space or U+0085 are content, not blank (found by fuzzing)
    "13. Memo1\n\n\u00a0\n\u0085\nText.\n\n  1. Source: x.",
    "14. Memo\n\nText.\n\n[Page 3]\n\u0085\n1. More.\n\n\nCEB.\n  1. Source: x.",
    # a page "number" with a superscript digit: str.isdigit() says yes, int() says no (fuzzing)
    "15. Memo\n\nText [Page \u00b2360] more [Page 12] end.",
    # a page marker glued to the end of a list item's line, vs. a page line under the item
    "17. Memo\n\n  • one[Page 12]\n  • two\n\n  • three\n\n    [Page 13]\n"
    "  • four[Page 14][Page 15]\n\nEnd.",
])
def test_layout_cases_roundtrip(text: str) -> None:
    assert_same(text, roundtrip(text))


def test_cli_convert_then_totext(tmp_path: Path) -> None:
    src = SEEDS[1]
    xml = tmp_path / "d.xml"
    txt = tmp_path / "d.txt"
    runner = CliRunner()
    r1 = runner.invoke(main, ["convert", str(src), "-o", str(xml)])
    assert r1.exit_code == 0, r1.output
    r2 = runner.invoke(main, ["totext", str(xml), "-o", str(txt)])
    assert r2.exit_code == 0, r2.output
    back = txt.read_text(encoding="utf-8")
    assert back.endswith("\n") and not back.endswith("\n\n")
    assert_same(src.read_text(encoding="utf-8"), back)


def test_cli_totext_stdout_and_refuses_to_overwrite_input(tmp_path: Path) -> None:
    xml = tmp_path / "d.xml"
    runner = CliRunner()
    assert runner.invoke(main, ["convert", str(SEEDS[0]), "-o", str(xml)]).exit_code == 0
    before = xml.read_bytes()
    r = runner.invoke(main, ["totext", str(xml)])
    assert r.exit_code == 0
    assert r.stdout.startswith("67. Backchannel Message")
    r = runner.invoke(main, ["totext", str(xml), "-o", str(xml)])
    assert r.exit_code == 2 and "refusing to overwrite the input" in r.output
    assert xml.read_bytes() == before


def test_totext_of_foreign_tei_collapses_whitespace() -> None:
    # a hand-encoded gold file: pretty-printed, so whitespace is collapsed; not exact, but
    # every paragraph of the plain text is there
    gold = CORPUS / "frus1981-88v03" / "d57.tei.xml"
    out = totext_file(gold, Reporter(str(gold)))
    text = (CORPUS / "frus1981-88v03" / "d57.txt").read_text(encoding="utf-8")
    assert "57. Memorandum of a Telephone Conversation1" in out
    body_lines = [ln for ln in text.split("\n") if ln and not ln.startswith("  ")]
    assert all(ln in out for ln in body_lines)
    assert "  1. " in out


def test_indented_page_line_between_blocks_roundtrips() -> None:
    text = "1. Memo\n\nText.\n\n   [Page 5]\n\nMore."
    assert_same(text, roundtrip(text))


def test_page_lines_inside_list_items_roundtrip() -> None:
    # block page breaks under an item, and page breaks ending an item's line
    for text in ("1. Memo\n\n  • item\n\n     [Page 5]\n\nMore.",
                 "1. Memo\n\n  • item1\n\n     [Page 5]\n\nMore.\n\n  1. Note.",
                 "1. Memo\n\n  • item [Page 5]\n  • next",
                 "1. Memo\n\n  • [Page 1][Page 2]\n  • next"):
        assert_same(text, roundtrip(text))


def test_foreign_rendition_with_a_superscript_digit_is_ignored() -> None:
    tei = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><div type="document">'
           '<head>1. X</head><p rendition="#gap\u00b2">a</p></div></body></text></TEI>')
    assert totext(parse_user_xml(tei.encode())) == "1. X\n\na"


def test_page_ids_are_xml_names_and_distinct() -> None:
    text = "16. Memo\n\nA [Page 12] b [Page 12] c [Page 3/4] d [Page \u00b2360] e [Page 3-x2F-4]."
    _, tei = convert_text(text, "t.txt", reporter=Reporter("t.txt"))
    ids = [pb.get("{http://www.w3.org/XML/1998/namespace}id")
           for pb in tei.iter("{http://www.tei-c.org/ns/1.0}pb")]
    assert ids == ["pg_12", "pg_12_2", "pg_3-x2F-4", "pg_-xB2-360", "pg_3-x2D-x2F-x2D-4"]
    parse_user_xml(serialize(tei))  # xml:id values are NCNames, or this raises
