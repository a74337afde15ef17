"""Dates pass: every form in the brief, with hand-written expectations."""

from __future__ import annotations

import pytest

from pipeline.model import DateRef, Text
from pipeline.passes.base import splice
from pipeline.passes.dates import _Finder, volume_span


def tag(text: str, year: int | None = 1977, note: bool = False) -> list[DateRef]:
    out = splice((Text(text),), _Finder(year, note))
    assert "".join(n.text for n in out) == text  # characters never change
    return [n for n in out if isinstance(n, DateRef)]


@pytest.mark.parametrize("text,expected", [
    ("your letter of December 15.", DateRef("December 15", when="1977-12-15", inferred=True)),
    ("on December 15, 1977 we", DateRef("December 15, 1977", when="1977-12-15")),
    ("File, October 20–November 9, 1974—Europe",
     DateRef("October 20–November 9, 1974", from_="1974-10-20", to="1974-11-09")),
    ("met May 18–20 in", DateRef("May 18–20", from_="1977-05-18", to="1977-05-20",
                                 inferred=True)),
    ("since May 1972 the", DateRef("May 1972", when="1972-05")),
    ("[August 5]", DateRef("August 5", when="1977-08-05", inferred=True)),
    ("letter of November 14 [15],", DateRef("November 14 [15]", when="1977-11-15",
                                            inferred=True)),
    ("with Gromyko on Dec. 3,", DateRef("Dec. 3", when="1977-12-03", inferred=True)),
    # telegraphese: abbreviations without a period, no comma before the year
    ("speech of Oct 7 1966,2 I", DateRef("Oct 7 1966", when="1966-10-07")),
    ("conversation on Nov 17 Prime", DateRef("Nov 17", when="1977-11-17", inferred=True)),
    ("cable of Sept 5 said", DateRef("Sept 5", when="1977-09-05", inferred=True)),
])
def test_text_dates(text: str, expected: DateRef) -> None:
    assert tag(text) == [expected]


def test_the_15th_takes_the_month_from_context() -> None:
    found = tag("He arrived on March 12 and left on the 15th.")
    assert found[1] == DateRef("15th", when="1977-03-15", inferred=True)


def test_numeric_archive_dates_in_notes() -> None:
    found = tag("Correspondence: [6/77–12/77]. Next 8/9/79–9/10/79.", 1977, note=True)
    assert found[0] == DateRef("6/77–12/77", from_="1977-06", to="1977-12")
    assert found[1] == DateRef("8/9/79–9/10/79", from_="1979-08-09", to="1979-09-10")
    assert tag("Box 6/77", note=False) == []  # numeric forms only in notes


@pytest.mark.parametrize("text", [
    "Box 18, Lot 84D204, USSR 1981", "Hakto 7.", "WH72665. Moscow", "page 243",
    "Tosec 227.", "3411. Paris", "May I say", "February 30, 1977", "Octo 7", "Decide 5",
    "NOV 17", "Sept.ember", "XSept 5", "a.Oct 7",
])
def test_numbers_that_are_not_dates(text: str) -> None:
    assert tag(text, note=True) == []


def test_no_year_in_sight_gives_a_month_day_without_year() -> None:
    assert tag("on December 15", year=None) == [DateRef("December 15", when="--12-15")]
    assert tag("May 18–20", year=None) == [DateRef("May 18–20", from_="--05-18", to="--05-20")]
    assert tag("on February 29", year=None) == [DateRef("February 29", when="--02-29")]
    assert tag("on February 30", year=None) == []


def test_volume_span() -> None:
    assert volume_span("frus1977-80v01") == (1977, 1980)
    assert volume_span("frus1964-68v14") == (1964, 1968)
    assert volume_span(None) is None


def test_central_files_codes_and_folder_month_ranges_in_notes() -> None:
    found = tag("Central Files, 747C.00/8–2356. Secret.", 1956, note=True)
    assert found == [DateRef("8–2356", when="1956-08-23")]
    found = tag("Central Files, 781.00/4–1960 and 110.12–ME/5–1760.", 1960, note=True)
    assert [d.when for d in found] == ["1960-04-19", "1960-05-17"]
    assert tag("Weekly Report: 7–9/77. Top Secret", 1977, note=True) == [
        DateRef("7–9/77", from_="1977-07", to="1977-09")]


def _doc(head: str, source: str, body: str = "Text.", volume: str | None = None):
    from pipeline.diagnostics import Reporter
    from pipeline.model import Division, Document, Heading, Note, NoteRef, Paragraph
    from pipeline.passes import Context
    from pipeline.passes.dates import run

    doc = Document(Division("document", Heading((Text(head), NoteRef("1"))),
                            (Paragraph((Text(body),)),)),
                   notes=(Note("1", (Text(source),), kind="source"),), volume=volume)
    ctx = Context(Reporter("t"), volume)
    return run(doc, ctx), ctx


def test_document_date_from_the_heading_offices() -> None:
    doc, ctx = _doc("58. Memorandum From Secretary of State Haig to President Reagan",
                    "Source: Lot 84D204, Box 18.")
    assert (doc.creation.not_before, doc.creation.not_after) == ("1981-01-22", "1982-07-05")
    # two years possible: no year for undated days, but the window names the President
    assert ctx.year is None and ctx.window == ("1981-01-22", "1982-07-05")


def test_document_date_from_archive_folder_and_inferred_days() -> None:
    doc, ctx = _doc("67. Backchannel Message", "Source: Correspondence: [6/77–12/77].",
                    "your letter of December 15.")
    assert (doc.creation.not_before, doc.creation.not_after) == ("1977-06-01", "1977-12-31")
    dates = [n for n in doc.body.blocks[0].inlines if isinstance(n, DateRef)]
    assert dates == [DateRef("December 15", when="1977-12-15", inferred=True)]


def test_document_date_from_a_central_files_code() -> None:
    doc, _ = _doc("189. Telegram From the Department of State to the Embassy",
                  "Source: Department of State, Central Files, 747C.00/8–2356. Secret.",
                  volume="frus1955-57v24")
    assert (doc.creation.not_before, doc.creation.not_after) == ("1956-08-09", "1956-09-06")


def test_no_evidence_no_document_date() -> None:
    doc, ctx = _doc("1. Memorandum of Conversation", "Source: Box 3. Secret.")
    assert doc.creation is None and ctx.year is None
