"""The whole text → TEI conversion as one function (docutils' ``publish`` in miniature)."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree

from pipeline import encode as encode_stage
from pipeline import read as read_stage
from pipeline import source as source_stage
from pipeline.diagnostics import Reporter
from pipeline.model import Document
from pipeline.passes import Context, run_passes
from pipeline.source import SourceText


def convert_source(src: SourceText, reporter: Reporter, volume: str | None = None
                   ) -> tuple[Document, etree._Element]:
    """Decoded text → model → TEI: read, the passes, encode."""
    doc = read_stage.read(src, reporter, volume)
    doc = run_passes(doc, Context(reporter, volume))
    return doc, encode_stage.encode(doc)


def convert_text(text: str, name: str = "<input>", volume: str | None = None,
                 reporter: Reporter | None = None) -> tuple[Document, etree._Element]:
    reporter = reporter or Reporter(name)
    src = source_stage.decode(text.encode("utf-8"), name, "utf-8", reporter)
    return convert_source(src, reporter, volume)


def convert_file(path: Path | str, volume: str | None = None, encoding: str | None = None,
                 reporter: Reporter | None = None) -> tuple[Document, etree._Element]:
    reporter = reporter or Reporter(str(path))
    return convert_source(source_stage.load(path, encoding, reporter), reporter, volume)


def volume_from_manifest(path: Path | str) -> str | None:
    """The FRUS volume of ``path`` from ``volumes.json`` beside it (``{stem: volume id}``).
    Only volumes known for certain belong there: a wrong one would make wrong links."""
    path = Path(path)
    manifest = path.parent / "volumes.json"
    if not manifest.is_file():
        return None
    try:
        table = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{manifest}: not a JSON object of stem → volume id ({exc})") from exc
    value = table.get(path.stem) if isinstance(table, dict) else None
    return value if isinstance(value, str) else None
