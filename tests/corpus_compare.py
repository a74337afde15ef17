"""Compare teipipe's TEI with the corpus's hand-encoded gold TEI, feature by feature.

Positions are compared by context: the whitespace-free text (notes excluded) just before and
just after the feature. The plain texts omit datelines and list heads, so absolute offsets
differ between gold and ours; a feature is placed right when either context agrees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

TEI = "{http://www.tei-c.org/ns/1.0}"
CONTEXT = 24
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Event:
    kind: str  # "pb" | "note"
    n: str
    before: str
    after: str
    type: str | None = None
    text: str | None = None


def _events(root: etree._Element) -> list[Event]:
    stream: list[str] = []
    marks: list[tuple[str, etree._Element, int]] = []

    def walk(e: etree._Element) -> None:
        tag = etree.QName(e).localname if isinstance(e.tag, str) else None
        if tag == "note":
            marks.append(("note", e, sum(map(len, stream))))
        elif tag == "pb":
            marks.append(("pb", e, sum(map(len, stream))))
        elif tag is not None and tag not in ("teiHeader",):
            if e.text:
                stream.append(_WS.sub("", e.text))
            for child in e:
                walk(child)
        if e.tail and e.getparent() is not None:
            stream.append(_WS.sub("", e.tail))

    body = root.find(f".//{TEI}body")
    walk(body if body is not None else root)
    full = "".join(stream)
    out = []
    for kind, e, pos in marks:
        if kind == "note" and not e.get("n"):
            continue  # inline labels such as <note rend="inline">Attachment</note>
        if kind == "pb" and pos == 0:
            continue  # a page break before the heading is not part of the printed text
        text = type_ = None
        if kind == "note":
            text = _WS.sub(" ", "".join(e.itertext())).strip()
            type_ = e.get("type")
        out.append(Event(kind, e.get("n", ""), full[max(0, pos - CONTEXT):pos],
                         full[pos:pos + CONTEXT], type_, text))
    return out


def events_of(path_or_root: Path | etree._Element) -> list[Event]:
    root = etree.parse(str(path_or_root)).getroot() if isinstance(path_or_root, Path) \
        else path_or_root
    return _events(root)


@dataclass
class Score:
    gold: int = 0
    ours: int = 0
    matched: int = 0
    misses: list[str] | None = None

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.ours if self.ours else 1.0


def _same_place(a: Event, b: Event) -> bool:
    k = 12
    return (a.before[-k:] == b.before[-k:] and len(a.before) >= 1) or \
        a.after[:k] == b.after[:k]


def compare(gold: list[Event], ours: list[Event], kind: str, check_text: bool = False) -> Score:
    g = [e for e in gold if e.kind == kind]
    o = [e for e in ours if e.kind == kind]
    score = Score(len(g), len(o), 0, [])
    used: set[int] = set()
    for ge in g:
        hit = None
        for i, oe in enumerate(o):
            if i in used or oe.n != ge.n or not _same_place(ge, oe):
                continue
            same_type = (oe.type == "source") == (ge.type == "source")
            if check_text and (oe.text != ge.text or not same_type):
                continue
            hit = i
            break
        if hit is None:
            score.misses.append(f"{kind} {ge.n} …{ge.before[-20:]}|{ge.after[:20]}…")
        else:
            used.add(hit)
            score.matched += 1
    return score
