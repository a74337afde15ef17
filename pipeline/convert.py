"""The whole text → TEI conversion as one function (docutils' ``publish`` in miniature)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from pipeline import encode as encode_stage
from pipeline import read as read_stage
from pipeline import source as source_stage
from pipeline.diagnostics import Reporter
from pipeline.model import Document


def convert_text(text: str, name: str = "<input>", volume: str | None = None,
                 reporter: Reporter | None = None) -> tuple[Document, etree._Element]:
    reporter = reporter or Reporter(name)
    src = source_stage.decode(text.encode("utf-8"), name, "utf-8", reporter)
    doc = read_stage.read(src, reporter, volume)
    return doc, encode_stage.encode(doc)


def convert_file(path: Path | str, volume: str | None = None, encoding: str | None = None,
                 reporter: Reporter | None = None) -> tuple[Document, etree._Element]:
    reporter = reporter or Reporter(str(path))
    src = source_stage.load(path, encoding, reporter)
    doc = read_stage.read(src, reporter, volume)
    return doc, encode_stage.encode(doc)
