"""``teipipe evaluate``: convert every corpus ``.txt`` and score it against its gold TEI.

Features: page breaks (n + position), notes (n, position, type, text), persName (surface
string + position; identity = one consistent gold person → teipipe id mapping), refs
(``#dN`` targets vs our ``Document N`` targets), and the document date (gold dateline /
``frus:doc-dateTime-min`` inside our ``creation/date`` window). Position is the preceding
and following whitespace-free text, notes excluded (the plain texts omit datelines, so
absolute offsets differ). The gold tags fewer names than we do: extras are counted
separately, never as precision errors.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline.convert import convert_file

TEI = "{http://www.tei-c.org/ns/1.0}"
FRUS = "{http://history.state.gov/frus/ns/1.0}"
_WS = re.compile(r"\s+")
K = 12  # characters of context that must agree


@dataclass(frozen=True)
class Mark:
    kind: str  # "pb" | "note" | "persName" | "ref"
    key: str  # n, surface text, or target
    before: str
    after: str
    extra: str = ""  # note type+text / person id


def marks(root: etree._Element) -> list[Mark]:
    """Features of a TEI tree in document order, with their whitespace-free context."""
    stream: list[str] = []
    found: list[tuple[str, etree._Element, int]] = []
    length = 0

    def add(text: str | None) -> None:
        nonlocal length
        if text:
            t = _WS.sub("", text)
            stream.append(t)
            length += len(t)

    def walk(e: etree._Element, in_note: bool) -> None:
        tag = etree.QName(e).localname if isinstance(e.tag, str) else None
        if tag == "note" and e.get("n"):
            found.append(("note", e, length))
            in_note = True
        if tag == "pb" and not in_note:
            found.append(("pb", e, length))
        if tag in ("persName", "ref"):
            found.append((tag, e, length))
        if tag is not None and (tag != "note" or not e.get("n")):
            add(e.text)
            for child in e:
                walk(child, in_note)
        elif tag == "note":
            # note text goes in a separate stream position-wise: keep the body's offsets
            pass
        if e.tail and e.getparent() is not None:
            add(e.tail)

    body = root.find(f".//{TEI}body")
    top = body if body is not None else root
    for child in top:
        walk(child, False)
    full = "".join(stream)
    out: list[Mark] = []
    for kind, e, pos in found:
        if kind == "pb" and pos == 0:
            continue
        text = _WS.sub(" ", "".join(e.itertext())).strip()
        if kind == "note":
            out.append(Mark(kind, e.get("n", ""), full[max(0, pos - 30):pos],
                            full[pos:pos + 30], f"{e.get('type') == 'source'}|{text}"))
        elif kind == "pb":
            out.append(Mark(kind, e.get("n", ""), full[max(0, pos - 30):pos],
                            full[pos:pos + 30]))
        elif kind == "persName":
            ident = (e.get("corresp") or e.get("ref") or "").lstrip("#")
            if any(a.get("n") for a in e.iterancestors(f"{TEI}note")):
                continue  # counted with its note, below
            out.append(Mark(kind, _WS.sub("", text), full[max(0, pos - 30):pos],
                            full[pos:pos + 30], ident))
        elif kind == "ref":
            target = e.get("target") or e.get("cRef") or ""
            m = re.search(r"d(\d+)(?:fn\w+)?$", target)
            if m:
                out.append(Mark(kind, m.group(1), full[max(0, pos - 30):pos], ""))
    for note in top.iter(f"{TEI}note"):
        if note.get("n"):
            out.extend(_note_names(note))
    return out


def _note_names(note: etree._Element) -> list[Mark]:
    """Names and refs inside a note, placed by the note's number and its own preceding
    text."""
    out: list[Mark] = []
    text: list[str] = []

    def walk(e: etree._Element) -> None:
        tag = etree.QName(e).localname if isinstance(e.tag, str) else None
        before = f"n{note.get('n')}:" + "".join(text)[-30:]
        if e is not note and tag == "persName":
            out.append(Mark("persName", _WS.sub("", "".join(e.itertext())), before, "",
                            (e.get("corresp") or e.get("ref") or "").lstrip("#")))
        elif tag == "ref":
            m = re.search(r"d(\d+)(?:fn\w+)?$", e.get("target") or e.get("cRef") or "")
            if m:  # placed by note only: gold refs may start earlier ("footnote 4, Document…")
                out.append(Mark("ref", m.group(1), f"n{note.get('n')}:", "",
                                _WS.sub(" ", "".join(e.itertext())).strip()))
        text.append(_WS.sub("", e.text or ""))
        for child in e:
            walk(child)
            text.append(_WS.sub("", child.tail or ""))

    walk(note)
    return out


@dataclass
class Feature:
    gold: int = 0
    ours: int = 0
    matched: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"gold": self.gold, "ours": self.ours, "matched": self.matched,
                "recall": round(self.matched / self.gold, 4) if self.gold else 1.0,
                "precision": round(self.matched / self.ours, 4) if self.ours else 1.0,
                "misses": self.misses, "extras": len(self.extras)}


def _same_place(a: Mark, b: Mark) -> bool:
    if a.before.endswith(":") and a.before.startswith("n"):  # a ref placed by its note
        return a.before == b.before
    return (bool(a.before) and a.before[-K:] == b.before[-K:]) or \
        (bool(a.after) and a.after[:K] == b.after[:K])


def _match(gold: list[Mark], ours: list[Mark], feature: Feature, doc: str,
           check_extra: bool = False) -> list[tuple[Mark, Mark]]:
    used: set[int] = set()
    pairs: list[tuple[Mark, Mark]] = []
    for g in gold:
        hit = next((i for i, o in enumerate(ours) if i not in used and o.key == g.key
                    and (not g.before and not g.after or _same_place(g, o))
                    and (not check_extra or o.extra == g.extra)), None)
        if hit is None:
            said = f" ({g.extra!r})" if g.kind == "ref" and g.extra else ""
            feature.misses.append(f"{doc}: {g.kind} {g.key!r}{said} …{g.before[-20:]}|"
                                  f"{g.after[:20]}…")
        else:
            used.add(hit)
            pairs.append((g, ours[hit]))
    feature.gold += len(gold)
    feature.matched += len(pairs)
    feature.extras.extend(f"{doc}: {o.key}" for i, o in enumerate(ours) if i not in used)
    return pairs


@dataclass
class Report:
    features: dict[str, Feature] = field(default_factory=lambda: defaultdict(Feature))
    identity: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    documents: int = 0

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"documents": self.documents}
        for name, f in self.features.items():
            out[name] = f.as_dict()
        consistent = sum(c.most_common(1)[0][1] for c in self.identity.values())
        total = sum(sum(c.values()) for c in self.identity.values())
        out["persName-identity"] = {
            "matched": total, "consistent": consistent,
            "precision": round(consistent / total, 4) if total else 1.0,
            "mapping": {g: c.most_common(1)[0][0] for g, c in sorted(self.identity.items())}}
        return out


def _gold_date(gold: etree._Element) -> str | None:
    d = gold.find(f".//{TEI}dateline//{TEI}date[@when]")
    if d is not None:
        return d.get("when", "")[:10]
    lo = gold.get(f"{FRUS}doc-dateTime-min")
    return lo[:10] if lo else None


def evaluate_dir(corpus: Path) -> Report:
    report = Report()
    for txt in sorted(corpus.glob("*/*.txt")):
        gold_path = txt.with_suffix(".tei.xml")
        if not gold_path.is_file():
            continue
        doc_id = f"{txt.parent.name}/{txt.stem}"
        volume = txt.parent.name if txt.parent.name.startswith("frus") else None
        _, ours_tree = convert_file(txt, volume=volume)
        gold_tree = etree.parse(str(gold_path)).getroot()
        report.documents += 1
        g, o = marks(gold_tree), marks(ours_tree)
        for kind in ("pb", "note", "ref"):
            f = report.features[kind]
            ours_k = [m for m in o if m.kind == kind]
            f.ours += len(ours_k)
            _match([m for m in g if m.kind == kind], ours_k, f, doc_id,
                   check_extra=kind == "note")
        f = report.features["persName"]
        ours_p = [m for m in o if m.kind == "persName"]
        f.ours += len(ours_p)
        for gm, om in _match([m for m in g if m.kind == "persName"], ours_p, f, doc_id):
            if gm.extra:
                report.identity[f"{txt.parent.name}#{gm.extra}"][om.extra or "-"] += 1
        # extras are not errors: the gold tags fewer names; precision over the gold's
        f.ours -= len([e for e in f.extras if e.startswith(doc_id + ":")])
        f.ours = max(f.ours, f.matched)
        date = report.features["date"]
        gd = _gold_date(gold_tree)
        if gd:
            date.gold += 1
            c = ours_tree.find(f"{TEI}teiHeader//{TEI}creation/{TEI}date")
            if c is not None:
                date.ours += 1
                lo = c.get("when") or c.get("notBefore") or ""
                hi = c.get("when") or c.get("notAfter") or "9999"
                if lo[:10] <= gd <= hi[:10] + "~":
                    date.matched += 1
                else:
                    date.misses.append(f"{doc_id}: date {gd} not in [{lo}, {hi}]")
            else:
                date.misses.append(f"{doc_id}: date {gd}: no creation date")
    return report


def format_text(report: Report) -> str:
    data = report.as_dict()
    lines = [f"teipipe evaluate: {data['documents']} documents"]
    lines.append(f"{'feature':<18}{'gold':>6}{'ours':>6}{'match':>7}{'recall':>8}"
                 f"{'precision':>11}{'extras':>8}")
    for name in ("pb", "note", "ref", "persName", "date"):
        f = data.get(name)
        if not isinstance(f, dict):
            continue
        lines.append(f"{name:<18}{f['gold']:>6}{f['ours']:>6}{f['matched']:>7}"
                     f"{f['recall']:>8.1%}{f['precision']:>11.1%}{f['extras']:>8}")
    ident = data["persName-identity"]
    assert isinstance(ident, dict)
    lines.append(f"{'persName identity':<18}{'':>6}{ident['matched']:>6}"
                 f"{ident['consistent']:>7}{'':>8}{ident['precision']:>11.1%}")
    for name in ("pb", "note", "ref", "persName", "date"):
        f = data.get(name)
        if isinstance(f, dict):
            for miss in f["misses"]:
                lines.append(f"  miss {miss}")
    return "\n".join(lines)


def format_json(report: Report) -> str:
    return json.dumps(report.as_dict(), indent=1, ensure_ascii=False)
