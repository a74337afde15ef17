"""Bad input, end to end through the CLI: the message names the file and the line, the exit
status says what happened, and a failed conversion leaves no output file behind.

Errors (exit 1, no output): empty, whitespace only, binary, not UTF-8, control characters,
a footnote marker without its note, no heading. Warnings (exit 0, valid output, message on
stderr): CRLF, BOM, an uncalled note, pages out of order, a page repeated; ``--strict``
turns each of them into an error (exit 1, no output).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from tests.conftest import ROOT

HEAD = b"12. Memorandum From Haig to Reagan\n\n"

ERRORS = {
    # name: (bytes, code, message fragment, line)
    "empty": (b"", "input.empty", "file is empty", 1),
    "whitespace": (b"  \n\n\t \n", "input.empty", "only whitespace", 1),
    "bom-whitespace": (b"\xef\xbb\xbf \n\n", "input.empty", "only whitespace", 1),
    "binary-nul": (b"12. A\n\nsome\x00\x01\x02 data", "input.binary", "NUL byte", 3),
    "binary-random": (bytes(range(256)) * 4, "input.binary", "binary data", 1),
    "binary-pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "input.binary", "a PDF file", 1),
    "latin-1": (HEAD + b"The caf\xe9 talks.\n", "input.encoding",
                "looks like Latin-1 (ISO-8859-1): try --encoding latin-1", 3),
    "cp1252": (HEAD + b"\x93Quoted\x94 text.\n", "input.encoding",
               "looks like Windows-1252 (cp1252): try --encoding cp1252", 3),
    "utf-16": ("12. A\n\nText.\n".encode("utf-16"), "input.encoding",
               "looks like UTF-16 (it starts with a UTF-16 byte-order mark): try --encoding "
               "utf-16", 1),
    "control-char": (HEAD + b"Text with a \x08 backspace.\n", "input.control",
                     "control character U+0008", 3),
    "missing-note": (HEAD + b"First point.1 Second point.2\n\n  1. Source: here.\n",
                     "note.missing", "footnote marker 2 has no note", 3),
    "no-heading": (b"Memorandum From Haig to Reagan\n\nText.\n", "heading.missing",
                   "no recognisable heading", 1),
}

WARNINGS = {
    "crlf": (HEAD.replace(b"\n", b"\r\n") + b"Text.\r\n", "input.crlf", "CRLF", 1),
    "bom": (b"\xef\xbb\xbf" + HEAD + b"Text.\n", "input.bom", "byte-order mark", 1),
    "uncalled-note": (HEAD + b"Text without calls.\n\n  1. Source: nowhere.\n",
                      "note.uncalled", "note 1 is not called", 5),
    "page-order": (HEAD + b"Text [Page 12] more.\n\n[Page 11]\n\nEnd.\n", "page.order",
                   "[Page 11] comes after [Page 12]", 5),
    "page-repeated": (HEAD + b"Text [Page 12] more.\n\n[Page 12]\n\nEnd.\n", "page.repeated",
                      "[Page 12] appears more than once (first on line 3)", 5),
    "no-source-note": (HEAD + b"Text.\n", "note.source-missing", "no source note", 1),
    "page-space": (HEAD + b"Text [Page 5]word.\n", "page.space",
                   "[Page 5] has a space before it but not on the other side", 3),
}


def run_convert(tmp_path: Path, data: bytes, *extra: str) -> tuple[int, str, Path, Path]:
    src = tmp_path / "input.txt"
    src.write_bytes(data)
    out = tmp_path / "out" / "input.xml"
    result = CliRunner().invoke(main, ["convert", str(src), "-o", str(out), *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    return result.exit_code, result.stderr, src, out


def no_output_left(out: Path) -> bool:
    """Neither the output nor a temporary file beside it."""
    return not out.exists() and (not out.parent.exists() or not any(out.parent.iterdir()))


@pytest.mark.parametrize("name", ERRORS)
def test_error_inputs(tmp_path: Path, name: str) -> None:
    data, code, fragment, line = ERRORS[name]
    status, stderr, src, out = run_convert(tmp_path, data)
    assert status == 1
    m = re.search(rf"^{re.escape(str(src))}:(\d+):\d+: error\[{re.escape(code)}\]: (.*)$",
                  stderr, re.M)
    assert m, stderr
    assert int(m[1]) == line
    assert fragment in m[2]
    assert no_output_left(out)
    assert src.read_bytes() == data  # input untouched


@pytest.mark.parametrize("name", WARNINGS)
def test_warning_inputs(tmp_path: Path, name: str) -> None:
    data, code, fragment, line = WARNINGS[name]
    status, stderr, src, out = run_convert(tmp_path, data)
    assert status == 0, stderr
    m = re.search(rf"^{re.escape(str(src))}:(\d+):\d+: warning\[{re.escape(code)}\]: (.*)$",
                  stderr, re.M)
    assert m, stderr
    assert int(m[1]) == line and fragment in m[2]
    tree = etree.parse(str(out))
    assert tree.getroot().tag == "{http://www.tei-c.org/ns/1.0}TEI"
    assert src.read_bytes() == data


@pytest.mark.parametrize("name", WARNINGS)
def test_strict_turns_warnings_into_errors(tmp_path: Path, name: str) -> None:
    data, code, fragment, line = WARNINGS[name]
    status, stderr, src, out = run_convert(tmp_path, data, "--strict")
    assert status == 1
    assert re.search(rf"^{re.escape(str(src))}:{line}:\d+: error\[{re.escape(code)}\]: .*"
                     r"\(--strict\)$", stderr, re.M), stderr
    assert no_output_left(out)


def test_warning_outputs_are_valid_tei_all(tmp_path: Path) -> None:
    validate = pytest.importorskip("pipeline.validate")
    for name, (data, *_rest) in WARNINGS.items():
        (tmp_path / name).mkdir()
        status, _, _, out = run_convert(tmp_path / name, data)
        assert status == 0
        report = validate.validate_tree(etree.parse(str(out)), out, layers=("tei_all",))
        assert [d for layer in report.layers for d in layer.diagnostics] == [], name


def test_crlf_and_bom_are_normalised(tmp_path: Path) -> None:
    status, _, _, out = run_convert(tmp_path, b"\xef\xbb\xbf" + HEAD.replace(b"\n", b"\r\n")
                                    + b"Text.\r\n")
    assert status == 0
    data = out.read_bytes()
    assert b"\r" not in data and b"\xef\xbb\xbf" not in data


def test_uncalled_note_is_kept_at_the_end(tmp_path: Path) -> None:
    data = HEAD + b"Text.1\n\n  1. Source: here.\n  2. Never called.\n"
    status, stderr, _, out = run_convert(tmp_path, data)
    assert status == 0 and "warning[note.uncalled]: note 2" in stderr
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    notes = etree.parse(str(out)).findall(".//t:div[@type='document']/t:note", ns)
    assert [(n.get("n"), n.get("place"), n.get("rend"), n.text) for n in notes] == [
        ("2", "end", "uncalled", "Never called.")]


def test_encoding_option_then_works(tmp_path: Path) -> None:
    data = HEAD + "The café talks, naïve “quotes”.\n".encode("cp1252")
    status, _, _, out = run_convert(tmp_path, data)
    assert status == 1 and not out.exists()
    status, stderr, _, out = run_convert(tmp_path, data, "--encoding", "cp1252")
    assert status == 0, stderr
    assert "The café talks, naïve “quotes”." in out.read_text(encoding="utf-8")
    latin = HEAD + "Caf\u00e9 na\u00efve.\n".encode("latin-1")
    status, _, _, out = run_convert(tmp_path, latin, "--encoding", "latin-1")
    assert status == 0 and "Café naïve." in out.read_text(encoding="utf-8")


def test_unknown_encoding_is_an_error(tmp_path: Path) -> None:
    status, stderr, _, out = run_convert(tmp_path, HEAD + b"x\n", "--encoding", "klingon")
    assert status == 1 and "error[input.encoding]: cannot decode as klingon" in stderr
    assert not out.exists()


def test_build_keeps_going_and_reports_each_file(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_bytes(HEAD + b"Fine.1\n\n  1. Source: Reagan Library.\n")
    (inputs / "b.txt").write_bytes(b"")
    (inputs / "c.txt").write_bytes(HEAD + b"caf\xe9\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(inputs), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{inputs / 'b.txt'}:1:1: error[input.empty]" in result.stderr
    assert f"{inputs / 'c.txt'}:3:4: error[input.encoding]" in result.stderr
    assert sorted(p.name for p in out.glob("*.xml")) == ["a.xml"]


def test_build_rejects_a_document_without_source_note(tmp_path: Path) -> None:
    """convert warns (the TEI is tei_all-valid); build's Schematron gate refuses it: no
    out/a.xml, the TEI kept as a.rejected.xml, both causes reported with their lines."""
    src = tmp_path / "a.txt"
    src.write_bytes(HEAD + b"Text.\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(src), "-o", str(out), "--no-pdf"])
    assert result.exit_code == 1
    assert f"{src}:1:1: warning[note.source-missing]" in result.stderr
    assert re.search(rf"^{re.escape(str(out / 'a.rejected.xml'))}:\d+:\d+: "
                     r"error\[schematron.source-note\]", result.stderr, re.M), result.stderr
    assert not (out / "a.xml").exists() and not (out / "a.html").exists()
    assert (out / "a.rejected.xml").exists()


def test_real_process_exit_status_and_stderr(tmp_path: Path) -> None:
    src = tmp_path / "empty.txt"
    src.write_bytes(b"")
    out = tmp_path / "empty.xml"
    proc = subprocess.run([sys.executable, "-m", "pipeline", "convert", str(src), "-o",
                           str(out)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.strip() == f"{src}:1:1: error[input.empty]: file is empty"
    assert not out.exists()


def test_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["convert", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2


def test_editorial_note_needs_no_source_note(tmp_path: Path) -> None:
    status, stderr, _, out = run_convert(tmp_path, b"274. Editorial Note\n\nText.\n")
    assert status == 0 and "note.source-missing" not in stderr and out.exists()
