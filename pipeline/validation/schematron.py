"""The project Schematron layer: ``schemas/teipipe.sch`` (ISO Schematron, XPath 1 + EXSLT) run
with ``lxml.isoschematron``; SVRL locations are mapped back to source lines.

Applies to any document whose root is ``tei:TEI``: the rules are FRUS conventions about ids,
notes, page breaks, pointers and dates, meaningful for foreign TEI too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree, isoschematron

from pipeline.resources import schemas_dir

SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
TEI_NS = "http://www.tei-c.org/ns/1.0"
SCH_FILE = "teipipe.sch"


def sch_path() -> Path:
    return schemas_dir() / SCH_FILE


@lru_cache(maxsize=1)
def schema() -> isoschematron.Schematron:
    tree = etree.parse(str(sch_path()), etree.XMLParser(resolve_entities=False,
                                                        no_network=True))
    return isoschematron.Schematron(tree, store_report=True)


def applies(tree: etree._ElementTree) -> bool:
    return tree.getroot().tag == f"{{{TEI_NS}}}TEI"


@dataclass(frozen=True)
class SchError:
    line: int
    rule: str
    message: str
    warning: bool


def _line(tree: etree._ElementTree, location: str) -> int:
    """Source line of the SVRL location (an XPath 1 path); nearest ancestor with a line for
    nodes built in memory without one."""
    try:
        found = tree.xpath(location) if location else []
    except etree.XPathError:
        return 0
    node = found[0] if found else None
    if node is not None and not isinstance(node, etree._Element):
        node = getattr(node, "getparent", lambda: None)()
    while node is not None:
        if node.sourceline:
            return int(node.sourceline)
        node = node.getparent()
    return 0


def validate(tree: etree._ElementTree) -> list[SchError]:
    sch = schema()
    sch.validate(tree)
    report = sch.validation_report
    out = []
    for item in report.iter(f"{{{SVRL_NS}}}failed-assert", f"{{{SVRL_NS}}}successful-report"):
        text = " ".join((item.findtext(f"{{{SVRL_NS}}}text") or "").split())
        role = (item.get("role") or "").lower()
        out.append(SchError(_line(tree, item.get("location", "")), item.get("id") or "rule",
                            text, role in ("warning", "warn", "info")))
    return out
