"""Parsing XML that a user hands us (``teipipe totext FILE.xml``) without trusting it.

A TEI file from elsewhere may carry a DOCTYPE with entity definitions. lxml's defaults would
expand internal entities (the "billion laughs" bomb: a few hundred bytes that expand to
gigabytes) and may resolve external ones (XXE: ``<!ENTITY x SYSTEM "file:///etc/passwd">``
pulls a local file or a URL into the document). Our TEI never needs a DTD, so the safe rule
is simple: no DTD loading, no entity expansion, no network, no huge-tree mode — and any
``<!ENTITY`` declaration at all is refused up front, so a bomb is rejected in microseconds
instead of being half-expanded.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

MAX_BYTES = 50 * 1024 * 1024  # far above any FRUS document; stops accidental huge inputs
# "<!ENTITY" in every encoding an XML parser detects on its own (a UTF-16 file would slip
# past a UTF-8-only scan)
_ENTITY_DECLS = [
    re.compile(re.escape("<!ENTITY".encode(enc))) for enc in
    ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
]


class UnsafeXMLError(ValueError):
    """The XML is refused for safety (entity declarations, size), not for syntax."""

    def __init__(self, message: str, line: int = 0):
        self.line = line
        super().__init__(message)


def _parser() -> etree.XMLParser:
    # a fresh parser per call: lxml parsers are not thread-safe and keep error logs
    return etree.XMLParser(
        resolve_entities=False,  # never expand entities (internal or external)
        load_dtd=False,  # never fetch or read a DTD
        dtd_validation=False,
        no_network=True,  # never touch the network, whatever the document says
        huge_tree=False,  # keep libxml2's limits on depth and text size
        remove_comments=False,
        remove_pis=False,
    )


def parse_user_xml(source: Path | str | bytes) -> etree._ElementTree:
    """Parse untrusted XML from a path or from bytes.

    Raises :class:`UnsafeXMLError` for entity declarations or an oversized file, and
    ``lxml.etree.XMLSyntaxError`` (with a line number) for malformed XML. A DOCTYPE without
    entity declarations is tolerated but never loaded.
    """
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        if path.stat().st_size > MAX_BYTES:
            raise UnsafeXMLError(f"file is larger than {MAX_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise UnsafeXMLError(f"input is larger than {MAX_BYTES // (1024 * 1024)} MB")
    for pattern in _ENTITY_DECLS:
        m = pattern.search(data)
        if m is not None:
            line = data.count(b"\n", 0, m.start()) + 1 if pattern is _ENTITY_DECLS[0] else 0
            raise UnsafeXMLError(_ENTITY_MESSAGE, line)
    tree = etree.fromstring(data, _parser()).getroottree()
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise UnsafeXMLError(_ENTITY_MESSAGE)  # belt and braces: an encoding we missed
    return tree


_ENTITY_MESSAGE = ("entity declarations (<!ENTITY …>) are not accepted in input XML "
                   "(risk of entity expansion or external file access)")
