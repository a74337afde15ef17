"""Safety: atomic writes, inputs never modified, outputs confined to their directory, and
user XML parsed without entity expansion, DTDs or network."""

from __future__ import annotations

import hashlib
import os
import stat
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

import pipeline.io as pio
from pipeline.cli import main
from pipeline.diagnostics import ConversionError, Reporter
from pipeline.totext import totext_file
from pipeline.xmlsafe import UnsafeXMLError, parse_user_xml
from tests.conftest import SEEDS

TEI = b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>%s</p></body></text></TEI>'


# ------------------------------------------------------------------ atomic writes
def test_atomic_write_replaces_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "a.xml"
    pio.atomic_write(target, b"one")
    assert target.read_bytes() == b"one"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600
    target.chmod(0o640)
    pio.atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(target.parent) == ["a.xml"]


class Boom(RuntimeError):
    pass


def test_failure_mid_write_leaves_old_file_and_no_temp(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.xml"
    target.write_bytes(b"old content")

    real_fsync = os.fsync

    def failing_fsync(fd: int) -> None:  # half the data is in the temp file by now
        raise Boom("disk full")

    monkeypatch.setattr(pio.os, "fsync", failing_fsync)
    with pytest.raises(Boom):
        pio.atomic_write(target, b"new content " * 10_000)
    monkeypatch.setattr(pio.os, "fsync", real_fsync)
    assert target.read_bytes() == b"old content"
    assert os.listdir(tmp_path) == ["a.xml"]


def test_failure_at_rename_through_the_cli(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "d.xml"
    out.write_bytes(b"previous build")

    def failing_replace(src: str, dst: str) -> None:
        raise Boom("killed before the rename")

    monkeypatch.setattr(pio.os, "replace", failing_replace)
    result = CliRunner().invoke(main, ["convert", str(SEEDS[3]), "-o", str(out)])
    assert isinstance(result.exception, Boom)
    assert out.read_bytes() == b"previous build"
    assert os.listdir(tmp_path) == ["d.xml"]


def test_failed_conversion_does_not_touch_an_existing_output(tmp_path: Path) -> None:
    src = tmp_path / "bad.txt"
    src.write_bytes(b"no heading here\n")
    out = tmp_path / "bad.xml"
    out.write_bytes(b"previous build")
    result = CliRunner().invoke(main, ["convert", str(src), "-o", str(out)])
    assert result.exit_code == 1
    assert out.read_bytes() == b"previous build"


# ------------------------------------------------------------------ inputs never modified
def _fingerprint(paths: list[Path]) -> dict[Path, tuple[str, int]]:
    return {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in paths}


def test_commands_never_modify_inputs(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for seed in SEEDS[:2]:
        (inputs / seed.name).write_bytes(seed.read_bytes())
    files = sorted(inputs.iterdir())
    before = _fingerprint(files)
    runner = CliRunner()
    r = runner.invoke(main, ["build", str(inputs), "-o", str(tmp_path / "out"),
                             "--formats", ""])
    assert r.exit_code == 0, r.stderr
    xml = tmp_path / "out" / f"{files[0].stem}.xml"
    xml_before = _fingerprint([xml])
    assert runner.invoke(main, ["convert", str(files[0]), "-o",
                                str(tmp_path / "c.xml")]).exit_code == 0
    assert runner.invoke(main, ["totext", str(xml), "-o",
                                str(tmp_path / "t.txt")]).exit_code == 0
    assert _fingerprint(files) == before
    assert _fingerprint([xml]) == xml_before
    assert sorted(p.name for p in inputs.iterdir()) == [f.name for f in files]


@pytest.mark.parametrize("command", ["convert", "totext"])
def test_output_onto_the_input_is_refused(tmp_path: Path, command: str) -> None:
    src = tmp_path / ("d.txt" if command == "convert" else "d.xml")
    if command == "convert":
        src.write_bytes(SEEDS[3].read_bytes())
    else:
        src.write_bytes(TEI % b"x")
    before = src.read_bytes()
    # same file under another name too
    for target in (src, tmp_path / "." / src.name):
        result = CliRunner().invoke(main, [command, str(src), "-o", str(target)])
        assert result.exit_code == 2
        assert "refusing to overwrite the input file" in result.stderr
    assert src.read_bytes() == before


# ------------------------------------------------------------------ output confinement
@pytest.mark.parametrize("name", ["../../etc/passwd.xml", "/abs/x.xml", "a/../../b.xml",
                                  "x.xml"])
def test_safe_output_path_stays_inside(tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    p = pio.safe_output_path(out, name)
    assert p.parent == out.resolve()
    assert p.name == Path(name).name


@pytest.mark.parametrize("name", ["", ".", "..", "a/..", "x\x00.xml"])
def test_safe_output_path_rejects_unusable_names(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError):
        pio.safe_output_path(tmp_path, name)


def test_build_with_dotdot_and_absolute_inputs_writes_only_into_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"
    (work / "deep").mkdir(parents=True)
    sibling = tmp_path / "sibling"
    sibling.mkdir()
    (sibling / "rel.txt").write_bytes(SEEDS[3].read_bytes())
    (tmp_path / "abs.txt").write_bytes(SEEDS[3].read_bytes())
    monkeypatch.chdir(work / "deep")
    result = CliRunner().invoke(main, ["build", "../../sibling/rel.txt",
                                       str(tmp_path / "abs.txt"), "-o", "out",
                                       "--formats", ""])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (work / "deep" / "out").iterdir()) == ["abs.xml", "rel.xml"]
    assert sorted(p.name for p in sibling.iterdir()) == ["rel.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["abs.txt", "sibling", "work"]


def test_symlink_in_output_dir_is_replaced_not_followed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.xml"
    (out / "x.xml").symlink_to(victim)
    pio.atomic_write(pio.safe_output_path(out, "x.xml"), b"<x/>")
    assert not victim.exists()
    assert not (out / "x.xml").is_symlink()
    assert (out / "x.xml").read_bytes() == b"<x/>"


# ------------------------------------------------------------------ hardened XML parsing
def billion_laughs(levels: int = 10) -> bytes:
    ents = ['<!ENTITY lol0 "lol">']
    for i in range(1, levels):
        ref = f"&lol{i - 1};"
        ents.append(f'<!ENTITY lol{i} "{ref * 10}">')
    return (b'<?xml version="1.0"?>\n<!DOCTYPE TEI [\n' + "\n".join(ents).encode() +
            b"\n]>\n" + TEI % f"&lol{levels - 1};".encode())


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_billion_laughs_rejected_quickly(encoding: str) -> None:
    data = billion_laughs().decode().replace('version="1.0"',
                                             f'version="1.0" encoding="{encoding}"')
    t0 = time.perf_counter()
    with pytest.raises(UnsafeXMLError):
        parse_user_xml(data.encode(encoding))
    assert time.perf_counter() - t0 < 0.5


def test_xxe_is_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    doc = tmp_path / "xxe.xml"
    doc.write_bytes(b'<?xml version="1.0"?>\n<!DOCTYPE TEI [\n<!ENTITY xxe SYSTEM "' +
                    secret.as_uri().encode() + b'">\n]>\n' + TEI % b"&xxe;")
    with pytest.raises(UnsafeXMLError) as exc:
        parse_user_xml(doc)
    assert exc.value.line == 3
    # and through the CLI: a diagnostic with file and line, exit 1, nothing leaked
    result = CliRunner().invoke(main, ["totext", str(doc)])
    assert result.exit_code == 1
    assert f"{doc}:3:1: error[xml.unsafe]" in result.stderr
    assert "TOP-SECRET" not in result.output


def test_undeclared_entity_reference_is_a_syntax_error_not_a_lookup(tmp_path: Path) -> None:
    doc = tmp_path / "u.xml"
    doc.write_bytes(TEI % b"&nbsp;")
    reporter = Reporter(str(doc))
    with pytest.raises(ConversionError):
        totext_file(doc, reporter)
    assert reporter.items[0].code == "xml.syntax" and reporter.items[0].line == 1


def test_external_dtd_is_neither_loaded_nor_fetched(tmp_path: Path) -> None:
    # a DOCTYPE pointing at a DTD (local path that does not exist, and a URL): parsing must
    # not try either; it succeeds instantly and without the DTD's defaults
    for system in (str(tmp_path / "missing.dtd"), "http://203.0.113.1/tei.dtd"):
        data = (f'<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "{system}">\n'.encode() +
                TEI % b"hello")
        t0 = time.perf_counter()
        tree = parse_user_xml(data)
        assert time.perf_counter() - t0 < 0.5
        assert tree.getroot().findtext(".//{*}p") == "hello"


def test_malformed_and_non_tei_input_to_totext(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b'<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text>\n</TEI>')
    result = CliRunner().invoke(main, ["totext", str(bad), "-o", str(tmp_path / "o.txt")])
    assert result.exit_code == 1
    assert f"{bad}:3:" in result.stderr and "error[xml.syntax]" in result.stderr
    other = tmp_path / "other.xml"
    other.write_bytes(b"<html><body/></html>")
    result = CliRunner().invoke(main, ["totext", str(other), "-o", str(tmp_path / "o.txt")])
    assert result.exit_code == 1 and "error[xml.not-tei]" in result.stderr
    assert not (tmp_path / "o.txt").exists()


def test_oversized_input_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.xmlsafe as xs

    monkeypatch.setattr(xs, "MAX_BYTES", 100)
    with pytest.raises(UnsafeXMLError):
        parse_user_xml(TEI % (b"x" * 200))
    assert etree.QName(parse_user_xml(TEI % b"x").getroot()).localname == "TEI"
