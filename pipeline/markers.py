"""Footnote markers: which digits in the text are calls to which note.

A marker is printed as the note's number glued to the preceding word or punctuation
(``Toon)1``, ``[15],2``), after a space at the end of a line (``Reagan 1``), or fused to a
number that ends a date (``September 162`` = September 16 + note 2). Numbers that belong
to the text (``November 14``, ``B–1``, ``Hakto 1. 1.``) must not be taken.

We collect every candidate position for every note number and choose, by dynamic
programming, the increasing sequence of positions with the best total evidence. Notes are
called in order, so this resolves most ambiguity a local rule cannot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\."
)
_MONTH_BEFORE = re.compile(rf"(?:{MONTHS})\s*$")
_DIGITS = re.compile(r"\d+")
# characters after which glued digits cannot be a marker: dashes and slashes make ranges
# and codes (B–1, 7–9/77), '#' numbers, '(' enumerations, '$' money, NUL a masked [Page N]
_NOT_BEFORE_GLUED = set("–-—/#($£§+=×\x00_&*@%^~`|\\<>{")
# words after which a spaced trailing number belongs to the text
_TEXT_NUMBER_WORDS = re.compile(
    rf"(?:{MONTHS}|No\.|Nos\.|Document|Documents|page|pages|p\.|pp\.|Box|Vol\.|vol\.|Tab|"
    r"Annex|Article|Section|Paragraph|paragraph|para\.|Room|Folder|Part|Hakto|Tohak|"
    r"Secto|Tosec|Chapter|Annex|Volume|number|Number|Appendix)\s+$"
)

GLUED, SPACED_END, GLUED_AFTER_NUMBER, FUSED_DATE, SPACED_MID, FUSED_NUMBER = 10, 8, 7, 3, 2, 1


@dataclass(frozen=True, slots=True)
class Candidate:
    pos: int  # offset in the joined text where the marker digits start
    end: int  # offset after the marker digits
    score: int
    space_before: bool = False  # "Reagan 1": the space belongs to the marker's layout


def _line_end_after(text: str, end: int) -> bool:
    rest = text[end:]
    nl = rest.find("\n")
    return not rest[: nl if nl >= 0 else len(rest)].strip("\x00 ")


def candidates(text: str, n: str) -> list[Candidate]:
    """Every plausible place for marker ``n`` in ``text`` (page markers masked with NUL)."""
    found: list[Candidate] = []
    for m in _DIGITS.finditer(text):
        run, start, end = m.group(), m.start(), m.end()
        after = text[end : end + 1]
        if after and (after.isalnum() or after in "–-/"):
            continue
        if after == "." and text[end + 1 : end + 2].isdigit():
            continue  # section number 3.2
        before = text[start - 1] if start else "\n"
        if run == n:
            if before not in " \n\t" and before not in _NOT_BEFORE_GLUED and not before.isdigit():
                # "Deptel 1602.2": after a number and its full stop; weaker (could be 3.2)
                weak = before == "." and start >= 2 and text[start - 2].isdigit()
                found.append(Candidate(start, end, GLUED_AFTER_NUMBER if weak else GLUED))
            elif before == " " and start >= 2 and text[start - 2] not in " \n\x00" \
                    and not text[start - 2].isdigit():
                line_start = text.rfind("\n", 0, start) + 1
                if _TEXT_NUMBER_WORDS.search(text[line_start : start - 1] + " "):
                    continue
                if _line_end_after(text, end):
                    # "Reagan 1" at the end of a line (heading, signature, item)
                    found.append(Candidate(start - 1, end, SPACED_END, True))
                elif re.search(r"[A-Z][a-z]+$", text[line_start : start - 1]) and \
                        re.match(r" [a-z]", text[end : end + 2]):
                    # "talks with Pushkin 4 about": a name, then the call, then the sentence
                    found.append(Candidate(start - 1, end, SPACED_MID, True))
        elif run.endswith(n) and len(run) > len(n):
            prefix = run[: -len(n)]
            if prefix.startswith("0") or before not in " (":
                continue
            value = int(prefix)
            head = text[max(0, start - 12) : start]
            if 1 <= value <= 31 and _MONTH_BEFORE.search(head):
                if not re.match(r",? \d{4}", text[end : end + 6]):  # "July 15, 1969": day whole
                    found.append(Candidate(start + len(prefix), end, FUSED_DATE))
            elif 1900 <= value <= 2099 and len(prefix) == 4 and re.search(r"(?:\d,|[a-z]) $", head):
                found.append(Candidate(start + len(prefix), end, FUSED_DATE))
            elif after in ").,;:" or after == " ":
                # "(Athens 6755)": telegram number 675 + call 5 — weakest evidence
                found.append(Candidate(start + len(prefix), end, FUSED_NUMBER))
    return found


def assign(text: str, numbers: list[str]) -> dict[str, Candidate]:
    """Choose one increasing position per note number (or none) maximising the evidence."""
    per_note = [candidates(text, n) for n in numbers]
    # DP over notes; state = chosen candidate index (or -1 = skipped) with its end position
    # best[i] maps last position -> (score, choices)
    states: dict[int, tuple[int, tuple[Candidate | None, ...]]] = {-1: (0, ())}
    for cands in per_note:
        nxt: dict[int, tuple[int, tuple[Candidate | None, ...]]] = {}
        for last, (score, chosen) in states.items():
            # skip this note
            key = last
            if key not in nxt or nxt[key][0] < score:
                nxt[key] = (score, (*chosen, None))
            for c in cands:
                if c.pos >= last:
                    s = score + c.score
                    if c.end not in nxt or nxt[c.end][0] < s:
                        nxt[c.end] = (s, (*chosen, c))
        # keep the state space small: the best few by score
        states = dict(sorted(nxt.items(), key=lambda kv: -kv[1][0])[:64])
    best = max(states.values(), key=lambda v: v[0])[1]
    return {n: c for n, c in zip(numbers, best, strict=True) if c is not None}


def stray_markers(text: str, numbers: list[str], taken: set[int]) -> list[tuple[int, str]]:
    """Glued digits right after the last note number: markers whose note is missing."""
    start = int(numbers[-1]) + 1 if numbers else 1
    out: list[tuple[int, str]] = []
    for n in range(start, start + 3):
        for c in candidates(text, str(n)):
            if c.score == GLUED and c.pos not in taken:
                before = text[max(0, c.pos - 1)]
                if before.isalpha() or before in ".,;:)]”’\"'?!":
                    out.append((c.pos, str(n)))
    return out
