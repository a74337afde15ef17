"""The project XSD layer: ``schemas/teipipe-tei.xsd`` (XSD 1.1) run with xmlschema.

Applies to teipipe output only (a ``teiHeader`` naming the ``teipipe`` application): the
schema describes exactly what teipipe's encoder emits, so a foreign TEI document would fail
it for being foreign, which says nothing about its validity.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from pipeline.resources import schemas_dir

XSD_NS = "http://www.w3.org/2001/XMLSchema"
TEI_NS = "http://www.tei-c.org/ns/1.0"
XSD_FILE = "teipipe-tei.xsd"


def xsd_path() -> Path:
    return schemas_dir() / XSD_FILE


@lru_cache(maxsize=1)
def declared_elements() -> frozenset[str]:
    """Local names of the elements the XSD declares (the profile's vocabulary). Read with
    lxml, not xmlschema, so the tei_all layer need not import xmlschema."""
    tree = etree.parse(str(xsd_path()), etree.XMLParser(resolve_entities=False,
                                                         no_network=True))
    return frozenset(tree.getroot().xpath("/xs:schema/xs:element/@name",
                                          namespaces={"xs": XSD_NS}))


@lru_cache(maxsize=2)  # one per value of check_schema
def schema(check_schema: bool = False):  # -> xmlschema.XMLSchema11; import deferred (~0.2 s)
    """The compiled project XSD. The schema is ours and fixed, so it is not checked against
    the XSD 1.1 meta-schema on every run (building the meta-schema is half of a cold
    validation); ``tests/test_validate.py`` builds it with ``check_schema=True``."""
    import xmlschema

    return xmlschema.XMLSchema11(str(xsd_path()),
                                 validation="strict" if check_schema else "skip")


def applies(tree: etree._ElementTree) -> bool:
    """True for teipipe output: ``TEI`` root whose header names the teipipe application."""
    root = tree.getroot()
    return root.tag == f"{{{TEI_NS}}}TEI" and bool(root.xpath(
        "tei:teiHeader/tei:encodingDesc/tei:appInfo/tei:application[@ident='teipipe']",
        namespaces={"tei": TEI_NS}))


@dataclass(frozen=True)
class XsdError:
    line: int
    message: str
    path: str


def _line(err: object, tree: etree._ElementTree) -> int:
    """The error's element line; xmlschema sometimes reports the parent (its ``elem``), and
    for attribute errors only a path, which we resolve in the tree."""
    line = getattr(err, "sourceline", None)
    if line:
        return int(line)
    elem = getattr(err, "elem", None)
    if elem is not None and getattr(elem, "sourceline", None):
        return int(elem.sourceline)
    return 0


def validate(tree: etree._ElementTree) -> list[XsdError]:
    errors = []
    for err in schema().iter_errors(tree):
        reason = getattr(err, "reason", None) or str(err).splitlines()[0]
        test = getattr(getattr(err, "validator", None), "path", None)
        if "assertion" in reason and isinstance(test, str):
            reason = f"assertion failed: {' '.join(test.split())}"
        elem = getattr(err, "elem", None)
        where = etree.QName(elem).localname if elem is not None and isinstance(
            getattr(elem, "tag", None), str) else ""
        reason = " ".join(reason.split())
        msg = f"<{where}>: {reason}" if where else reason
        item = XsdError(_line(err, tree), msg, getattr(err, "path", "") or "")
        if item not in errors:
            errors.append(item)
    return errors
