"""Persons: names in heading, text, notes and signature → ``PersName(ref=id)``.

Full names and name variants first, then surnames alone, initials only as a signature, and
titles ("the President", "the Secretary") only when the registry names exactly one holder
for the whole window the document's date lies in. A surname shared by several people
resolves to the one the volume lists, else to the one in office, else to the person a
fuller form named earlier in the same document; otherwise it stays untagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.diagnostics import Severity
from pipeline.model import Document, Inline, PersName, Text
from pipeline.passes.base import Context, Match, map_inlines, splice
from pipeline.registry import Registry

# surnames that are also ordinary words or given names: tagged only after a title, inside
# parentheses ("(Lake)"), before a possessive, or as part of a full name
RISKY = {"Begin", "Lake", "George", "German", "Dean", "Merchant", "Wood", "Hart",
         "Baker", "Ford", "Jones", "Holmes", "Walsh", "Williams", "Davis", "Bush",
         "Strauss", "Frederika", "Nagy", "Hoover", "Kennedy", "Johnson", "Carter", "Cannon",
         "Eden", "Meese", "Rowny", "Napper", "Odom", "Fock", "Tims", "Diem", "Makarios"}
_ALWAYS_OK = {"Kennedy", "Johnson", "Carter", "Eden", "Meese", "Rowny", "Napper", "Odom",
              "Tims", "Diem", "Makarios", "Frederika", "Hoover", "Strauss", "Nagy", "Fock"}
TITLES = (r"(?:Mr\.|Mrs\.|Dr\.|Ambassador|Secretary|President|Minister|Senator|General|"
          r"Chairman|Chancellor|Premier|Governor|Admiral|Cardinal|Prince|Queen|King|"
          r"Under Secretary|Prime Minister|Foreign Minister|Counselor|Judge|Professor)")
_TITLE_BEFORE = re.compile(TITLES + r"(?: of State)? $")
# institutions named after people, not mentions of them
_NOT_A_PERSON_AFTER = re.compile(r"^[ ]?(?:Library|Doctrine|Center|Foundation|Plan)\b")
OFFICE_TITLES = [
    (re.compile(r"(?<=\bthe )(?:Secretary of State|Secretary)(?![ ]of (?!State))"
                r"(?![ ]General)(?![-\w])"), "secretary-of-state"),
    (re.compile(r"(?<=\bthe )President(?![’']s (?:Special |Deputy )*Assistant)"
                r"(?![ ]of )(?![ ][A-Z])(?![-\w])"), "president-us"),
    (re.compile(r"(?<=\bthe )Vice President(?![ ]of )(?![ ][A-Z])(?![-\w])"),
     "vice-president-us"),
]


def trie_pattern(forms: Iterable[str]) -> str:
    """One regex for many strings, as a character trie ("Bre(?:zhnev|zinski)"): Python's
    engine tries a flat alternation's thousands of branches at every position, a trie one
    branch per character. Longer continuations are tried before ending a form, so a match
    is the longest form that fits, as a longest-first alternation would give."""
    trie: dict[str, dict] = {}
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        ends = "" in node
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        if len(alts) == 1 and not ends:
            return alts[0]
        group = "(?:" + "|".join(alts) + ")"
        return group + "?" if ends else group

    return build(trie)


class Names:
    """The regex of every name form in the registry (longest match wins)."""

    def __init__(self, reg: Registry):
        self.reg = reg
        forms = set(reg.names) | set(reg.surnames)
        self.pattern = re.compile(rf"(?<![\w.-])(?:{trie_pattern(forms)})(?![\w-])")


_NAMES: dict[int, Names] = {}


def names_for(reg: Registry) -> Names:
    key = id(reg)
    if key not in _NAMES:
        _NAMES[key] = Names(reg)
    return _NAMES[key]


class _Resolver:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.reg = ctx.registry
        self.names = names_for(ctx.registry)
        self.memory: dict[str, str] = {}  # surname → id, from a full name seen earlier
        self.day = ctx.window[0] if ctx.window else None
        self.vol = ctx.volume

    def ids(self, form: str) -> tuple[str | None, bool]:
        """(id, is_full_form)."""
        if form in self.reg.names:
            pid = self.reg.resolve(self.reg.names[form], self.day, self.vol)
            if pid:
                self.memory[self.reg.entries[pid].surname] = pid
            return pid, True
        if form in self.memory:
            return self.memory[form], False
        return self.reg.resolve(self.reg.surnames.get(form, set()), self.day, self.vol), False

    def holder(self, office: str) -> str | None:
        if not self.ctx.window:
            return None
        a = self.reg.holder(office, self.ctx.window[0])
        b = self.reg.holder(office, self.ctx.window[1])
        return a if a == b else None

    def find(self, text: str, where: str) -> list[Match]:
        out: list[Match] = []
        for m in self.names.pattern.finditer(text):
            form = m.group(0)
            before, after = text[:m.start()], text[m.end():]
            if _NOT_A_PERSON_AFTER.match(after):
                continue
            pid, full = self.ids(form)
            if not full and form in RISKY and form not in _ALWAYS_OK:
                listed = (pid is not None and self.vol is not None
                          and self.vol in self.reg.entries[pid].volumes)
                ok = (_TITLE_BEFORE.search(before) or before.endswith("(")
                      or after.startswith(("’s", "'s")) or where in ("head", "signed")
                      or (listed and where in ("note", "source")))
                if not ok or after.startswith(" text"):
                    continue
            if pid is None and not full:
                continue
            out.append((m.start(), m.end(), PersName(form, pid)))
        if where not in ("salute",):
            for pat, office in OFFICE_TITLES:
                for m in pat.finditer(text):
                    pid = self.holder(office)
                    if pid:
                        out.append((m.start(), m.end(), PersName(m.group(0), pid)))
        return out


def _resolve_signer(node: PersName, r: _Resolver) -> PersName:
    """A signature: a full name, a surname, or initials (``GRF``)."""
    text = node.text.strip()
    pid = r.reg.initials.get(text) or r.reg.initials.get(text.rstrip("."))
    if pid is None:
        pid, _ = r.ids(text)
    if pid is None and text.split():
        pid, _ = r.ids(text.split()[-1])
    return PersName(node.text, pid, node.role) if pid else node


def run(doc: Document, ctx: Context) -> Document:
    r = _Resolver(ctx)

    def fn(inlines: tuple[Inline, ...], where: str) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for node in inlines:
            if isinstance(node, PersName) and node.ref is None:
                resolved = _resolve_signer(node, r)
                if resolved.ref is None:
                    ctx.reporter.report(Severity.INFO, "unknown-person",
                                        f"signature {node.text!r} is not in the registry")
                out.append(resolved)
            else:
                out.append(node)
        if not any(isinstance(n, Text) for n in out):
            return tuple(out)
        return splice(tuple(out), lambda text, _i: r.find(text, where))

    return map_inlines(doc, fn)
