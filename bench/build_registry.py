"""Build ``pipeline/data/persons.json`` (the person registry) from the corpus Persons lists
and the hand-curated ``pipeline/data/persons_curated.json`` (offices with dates, initials,
people the lists lack).

Run from the repository root: ``python bench/build_registry.py``. The output is committed, so
the program never reads the corpus at run time; rerun after changing either input.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"
CURATED = ROOT / "pipeline" / "data" / "persons_curated.json"
OUT = ROOT / "pipeline" / "data" / "persons.json"
TEI = "{http://www.tei-c.org/ns/1.0}"
_WS = re.compile(r"\s+")
_NICK = re.compile(r"[“\"]([^”\"]+)[”\"],?")


def ascii_slug(text: str) -> str:
    """Readable, stable id part: ASCII letters only, lower case."""
    flat = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", flat.lower())


def split_name(display: str) -> tuple[str, str, str | None]:
    """"Carter, James Earl, Jr. “Jimmy”" → (surname, given, nickname)."""
    display = _WS.sub(" ", display).strip().rstrip(",")
    nick_m = _NICK.search(display)
    nick = nick_m.group(1).strip().rstrip(",") if nick_m else None
    display = _NICK.sub("", display).strip().rstrip(",")
    surname, _, given = display.partition(",")
    given = re.sub(r",?\s*(Jr\.|Sr\.|III|II)\s*$", "", given.strip()).strip().rstrip(",")
    given = re.sub(r"^(Sir|Lord|General|Dr\.)\s+", "", given)
    return surname.strip(), given.strip(), nick


def person_id(surname: str, given: str) -> str:
    first = given.split()[0] if given.split() else ""
    first_slug = ascii_slug(first)
    if len(first_slug) <= 1 and len(given.split()) > 1:  # "U. Alexis" → alexis
        first_slug = ascii_slug(given.split()[1])
    sur = ascii_slug(surname.split()[-1] if surname else "")
    return f"p_{sur}_{first_slug}" if first_slug else f"p_{sur}"


def _middle(given: str) -> str:
    parts = given.split()
    return parts[1][0] if len(parts) > 1 and parts[1][:1].isalpha() else ""


def volume_lists() -> list[tuple[str, Path]]:
    out = [(p.parent.name, p) for p in sorted(CORPUS.glob("*/persons.xml"))]
    for p in sorted((CORPUS / "seed-gold").glob("*-persons.xml")):
        out.append((p.name.removesuffix("-persons.xml"), p))
    return out


def build() -> dict[str, dict]:
    registry: dict[str, dict] = {}
    for volume, path in volume_lists():
        root = etree.parse(str(path)).getroot()
        for item in root.iter(f"{TEI}item"):
            pn = item.find(f".//{TEI}persName[@{{http://www.w3.org/XML/1998/namespace}}id]")
            if pn is None:
                continue
            frus_id = pn.get("{http://www.w3.org/XML/1998/namespace}id")
            surname, given, nick = split_name("".join(pn.itertext()))
            pid = person_id(surname, given)
            if pid in registry and _middle(registry[pid]["given"]) not in ("", _middle(given)) \
                    and _middle(given):
                pid = f"{pid}_{_middle(given).lower()}"  # Samuel D. vs Samuel R. Berger
            desc = _WS.sub(" ", "".join(item.itertext())).strip()
            desc = desc[len(_WS.sub(" ", "".join(pn.itertext())).strip()):].lstrip(", ")
            entry = registry.setdefault(pid, {
                "id": pid, "surname": surname, "given": given, "variants": [],
                "initials": [], "offices": [], "frus_ids": [], "volumes": [], "notes": [],
            })
            if nick and nick not in entry["variants"]:
                entry["variants"].append(f"{nick} {surname}")
            key = f"{volume}#{frus_id}"
            if key not in entry["frus_ids"]:
                entry["frus_ids"].append(key)
            if volume not in entry["volumes"]:
                entry["volumes"].append(volume)
            if desc and desc not in entry["notes"]:
                entry["notes"].append(desc)
    curated = json.loads(CURATED.read_text(encoding="utf-8"))
    for old, new in curated.get("merge", {}).items():
        if old not in registry:
            continue
        src = registry.pop(old)
        dst = registry.setdefault(new, {**src, "id": new, "frus_ids": [], "volumes": [],
                                        "notes": [], "variants": []})
        for key in ("variants", "frus_ids", "volumes", "notes"):
            dst[key].extend(v for v in src[key] if v not in dst[key])
    for c in curated["persons"]:
        pid = c["id"]
        entry = registry.setdefault(pid, {
            "id": pid, "surname": c["surname"], "given": c.get("given", ""), "variants": [],
            "initials": [], "offices": [], "frus_ids": [], "volumes": [], "notes": [],
        })
        entry["surname"], entry["given"] = c["surname"], c.get("given", entry["given"])
        for key in ("variants", "initials", "offices"):
            for v in c.get(key, []):
                if v not in entry[key]:
                    entry[key].append(v)
        if "volumes" in c:
            entry["volumes"].extend(v for v in c["volumes"] if v not in entry["volumes"])
    return dict(sorted(registry.items()))


def main() -> int:
    registry = build()
    OUT.write_text(json.dumps({"persons": list(registry.values())}, ensure_ascii=False,
                              indent=1) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(registry)} persons", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
