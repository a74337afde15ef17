"""The person registry: who a name, an initial or an office on a date refers to.

Data: ``pipeline/data/persons.json``, built by ``bench/build_registry.py`` from the corpus
Persons lists and ``persons_curated.json``. Ids are readable (``p_brezhnev_leonid``); the
FRUS ids (``frus1981-88v03#p_BL_1``) are kept as alternates.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.model import Office, Person

DATA = Path(__file__).resolve().parent / "data" / "persons.json"


@dataclass(frozen=True)
class Entry:
    id: str
    surname: str
    given: str
    variants: tuple[str, ...]
    initials: tuple[str, ...]
    offices: tuple[tuple[str, str, str, str], ...]  # (key, label, from, to)
    frus_ids: tuple[str, ...]
    volumes: tuple[str, ...]

    @property
    def display(self) -> str:
        return f"{self.given} {self.surname}".strip()

    def person(self) -> Person:
        return Person(self.id, self.display,
                      tuple(Office(label, start or None, end or None)
                            for _, label, start, end in self.offices),
                      self.frus_ids)

    def holds(self, office: str, day: str) -> bool:
        return any(key == office and start <= day <= end
                   for key, _, start, end in self.offices)


@dataclass
class Registry:
    entries: dict[str, Entry]
    names: dict[str, set[str]] = field(default_factory=dict)  # full names → ids
    surnames: dict[str, set[str]] = field(default_factory=dict)
    initials: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for e in self.entries.values():
            self.surnames.setdefault(e.surname, set()).add(e.id)
            forms = set(e.variants)
            if e.given:
                forms.add(f"{e.given} {e.surname}")
                first = e.given.split()[0]
                if len(first.rstrip(".")) > 1:
                    forms.add(f"{first} {e.surname}")
            for form in forms:
                self.names.setdefault(form, set()).add(e.id)
            for ini in e.initials:
                self.initials[ini] = e.id

    def holder(self, office: str, day: str | None) -> str | None:
        """The one person holding ``office`` on ``day`` (ISO date), else None."""
        if not day:
            return None
        found = [e.id for e in self.entries.values() if e.holds(office, day)]
        return found[0] if len(found) == 1 else None

    def resolve(self, ids: set[str], day: str | None, volume: str | None) -> str | None:
        """Choose among people sharing a name: the one in the volume's Persons list, else
        the one holding an office on the day; None when still ambiguous."""
        if len(ids) == 1:
            return next(iter(ids))
        if volume:
            in_volume = {i for i in ids if volume in self.entries[i].volumes}
            if len(in_volume) == 1:
                return next(iter(in_volume))
            ids = in_volume or ids
        if day:
            active = {i for i in ids if any(s <= day <= t for _, _, s, t in
                                              self.entries[i].offices)}
            if len(active) == 1:
                return next(iter(active))
        return None


def _entry(raw: dict) -> Entry:
    return Entry(
        raw["id"], raw["surname"], raw.get("given", ""), tuple(raw.get("variants", ())),
        tuple(raw.get("initials", ())),
        tuple((o["office"], o["label"], o.get("from", ""), o.get("to", "9999"))
              for o in raw.get("offices", ())),
        tuple(raw.get("frus_ids", ())), tuple(raw.get("volumes", ())))


def load(path: Path = DATA) -> Registry:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Registry({raw["id"]: _entry(raw) for raw in data["persons"]})


@functools.cache
def default() -> Registry:
    return load()
