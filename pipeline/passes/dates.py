"""Dates: calendar dates in text and notes → ``DateRef`` with ISO values, and the document's
own date (``Document.creation``).

The calendar part (is "February 30" a date?) is python-dateutil's; the inference is ours:
a date printed without its year takes the document's year, found from full dates in the
text, numeric archive dates in the source note ("[6/77–12/77]") and the volume's span, and
is marked ``inferred``. Numbers that are not dates (Box 18, Lot 84D204, telegram numbers)
never match: every pattern needs a month name, or a m/yy form inside a note.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from collections import Counter
from datetime import date, timedelta

from dateutil import parser as date_parser

from pipeline.model import DateRef, DateWindow, Document, Inline, Text, inline_text
from pipeline.passes.base import Context, Match, iter_inlines, map_inlines, splice
from pipeline.registry import Registry

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
        "sept": 9, "oct": 10, "nov": 11, "dec": 12}
# full names; abbreviations with a period; telegraphese abbreviations without one ("Oct 7
# 1966", "on Nov 17") only directly followed by a day or a year. One alternative per month,
# each starting with its three letters, so the regex engine rejects most positions at once.
_MONTH_TAILS = (("Jan", "uary"), ("Feb", "ruary"), ("Mar", "ch"), ("Apr", "il"), ("Jun", "e"),
                ("Jul", "y"), ("Aug", "ust"), ("Sep", "tember|t\\.|(?<![\\w.]Sep)t(?= \\d)"),
                ("Oct", "ober"), ("Nov", "ember"), ("Dec", "ember"))
_M = ("(?:May|" + "|".join(rf"{a}(?:{tail}|\.|(?<![\w.]{a})(?= \d))"
                            for a, tail in _MONTH_TAILS) + ")")
_D = r"(?:[12]\d|3[01]|0?[1-9])"
_Y = r"(?:1[89]\d\d|20\d\d)"
_DASH = r"\s?[–-]\s?"
_END = r"(?![\d\w])"
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # October 20–November 9, 1974
    ("range2", re.compile(rf"(?P<m1>{_M}) (?P<d1>{_D}){_DASH}(?P<m2>{_M}) (?P<d2>{_D})"
                          rf"(?:, (?P<y>{_Y}))?{_END}")),
    # May 18–20, 1972 / May 18–20
    ("range1", re.compile(rf"(?P<m1>{_M}) (?P<d1>{_D}){_DASH}(?P<d2>{_D})"
                          rf"(?:, (?P<y>{_Y}))?{_END}")),
    # November 14 [15], 1977: the editor's correction of the day wins
    ("day", re.compile(rf"(?P<m1>{_M}) (?P<d1>{_D})(?: \[(?P<fix>{_D})\])?"
                       rf"(?:,? (?P<y>{_Y}))?{_END}")),
    # 15 December 1977
    ("dmy", re.compile(rf"(?<![\d\w])(?P<d1>{_D}) (?P<m1>{_M}) (?P<y>{_Y}){_END}")),
    # May 1972
    ("month", re.compile(rf"(?P<m1>{_M}),? (?P<y>{_Y}){_END}")),
    # the 15th
    ("ordinal", re.compile(rf"(?<=the )(?P<d1>{_D})(?:st|nd|rd|th){_END}")),
]
# numeric archive dates, notes only: 6/77, 8/9/79, 6/77–12/77
NUMERIC = re.compile(r"(?<![\w/])(?P<a>(?:1[0-2]|0?[1-9])(?:/(?:[12]\d|3[01]|0?[1-9]))?/\d\d)"
                     r"(?:–(?P<b>(?:1[0-2]|0?[1-9])(?:/(?:[12]\d|3[01]|0?[1-9]))?/\d\d))?"
                     r"(?![\w/])")


# State Department Central Files date codes: 747C.00/8–2356 = 23 August 1956
CENTRAL = re.compile(r"(?<=[0-9A-Z.]/)(?P<m>1[0-2]|[1-9])[–-](?P<d>[1-3]?\d)(?P<y>\d\d)"
                     r"(?![\d/])")
# month ranges in archive folder names: 7–9/77
MRANGE = re.compile(r"(?<![\w/–-])(?P<a>1[0-2]|0?[1-9])–(?P<b>1[0-2]|0?[1-9])/(?P<y>\d\d)"
                    r"(?![\w/])")


CODE_SLACK = timedelta(days=14)


def central_code(m: re.Match[str], ctx_year: int | None) -> str | None:
    return iso_day(_century(int(m.group("y")), ctx_year), int(m.group("m")), int(m.group("d")))


def month_of(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or ABBR[key]


def iso_day(year: int, month: int, day: int) -> str | None:
    """The ISO date, or None when the calendar has no such day (dateutil decides)."""
    try:
        parsed = date_parser.parse(f"{year:04d}-{month:02d}-{day:02d}", yearfirst=True)
    except (ValueError, OverflowError):
        return None
    return parsed.date().isoformat()


def _century(yy: int, ctx_year: int | None) -> int:
    if ctx_year:
        base = ctx_year - ctx_year % 100
        year = base + yy
        return year - 100 if year > ctx_year + 50 else year
    return 1900 + yy


def _numeric(text: str, ctx_year: int | None) -> tuple[str, str] | None:
    """"6/77" → (1977-06, 1977-06); "8/9/79" → (1979-08-09, …)."""
    parts = [int(p) for p in text.split("/")]
    year = _century(parts[-1], ctx_year)
    if len(parts) == 2:
        return f"{year:04d}-{parts[0]:02d}", f"{year:04d}-{parts[0]:02d}"
    day = iso_day(year, parts[0], parts[1])
    return (day, day) if day else None


def volume_span(volume: str | None) -> tuple[int, int] | None:
    """frus1977-80v01 → (1977, 1980)."""
    m = re.match(r"frus(\d{4})-(\d\d)", volume or "")
    if not m:
        return None
    start = int(m.group(1))
    end = start - start % 100 + int(m.group(2))
    return start, end


OFFICE_CUES = {
    "president-us": re.compile(r"\bPresident (?!of )(?=[A-Z])"),
    "secretary-of-state": re.compile(r"\bSecretary of State (?=[A-Z])"),
    "apnsa": re.compile(r"(?<!Deputy )Assistant for National Security Affairs \("),
    "us-ambassador-ussr": re.compile(r"Ambassador to the Soviet Union \("),
    "soviet-premier": re.compile(r"Chairman of the Council of Ministers"),
    "gensec-cpsu": re.compile(r"General Secretary (?=[A-Z])"),
}


def heading_window(doc: Document, reg: Registry) -> tuple[str, str] | None:
    """The days on which every titled correspondent of the heading held the office the
    heading gives them ("From Secretary of State Haig to President Reagan")."""
    head = inline_text(doc.body.head.inlines)
    lo, hi = "", "9999"
    found = False
    for office, cue in OFFICE_CUES.items():
        for m in cue.finditer(head):
            near = head[m.end():m.end() + 40]
            for e in reg.entries.values():
                if e.surname and re.match(rf"\(?{re.escape(e.surname)}\b", near):
                    for key, _, start, end in e.offices:
                        if key == office:
                            lo, hi, found = max(lo, start), min(hi, end), True
    return (lo, hi) if found and lo <= hi else None


def archive_window(source_text: str, century_hint: int | None) -> tuple[str, str, str] | None:
    """(first day, last day, evidence) from the source note: a Central Files date code
    (the day the file was made; in the corpus the document lies within two weeks of it,
    either way: despatches are filed after, cables sometimes before), else an archive
    folder's dates."""
    m = CENTRAL.search(source_text)
    if m:
        when = central_code(m, century_hint)
        if when:
            day = date.fromisoformat(when)
            return ((day - CODE_SLACK).isoformat(), (day + CODE_SLACK).isoformat(),
                    "the Central Files date code in the source note")
    m = MRANGE.search(source_text)
    if m:
        y = _century(int(m.group("y")), century_hint)
        a, b = int(m.group("a")), int(m.group("b"))
        if a < b:
            return (f"{y:04d}-{a:02d}-01", _month_end(f"{y:04d}-{b:02d}"),
                    "archive folder dates in the source note")
    m = NUMERIC.search(source_text)
    if m:
        first = _numeric(m.group("a"), century_hint)
        last = _numeric(m.group("b"), century_hint) if m.group("b") else first
        if first and last and first[0] <= last[1]:
            return (_month_start(first[0]), last[1] if len(last[1]) == 10
                    else _month_end(last[1]), "archive folder dates in the source note")
    return None


def _intersect(a: tuple[str, str] | None, b: tuple[str, str] | None) -> tuple[str, str] | None:
    if a is None or b is None:
        return a or b
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return (lo, hi) if lo <= hi else a


def infer_date(doc: Document, volume: str | None, reg: Registry) -> tuple[int | None,
                                                                              DateWindow | None]:
    """The document's year (for dates printed without one) and its date window.

    Evidence, strongest first: the source note's archive dates, the terms of office of the
    heading's titled correspondents, the years of the text's full dates (the latest: papers
    mostly look back), a year in the source note; all within the volume's span."""
    span = volume_span(volume)
    hint = span[0] if span else None
    source = next((n for n in doc.notes if n.kind == "source"), None)
    source_text = inline_text(source.inlines) if source is not None else ""
    evidence: list[str] = []
    window: tuple[str, str] | None = None
    archive = archive_window(source_text, hint)
    archive_used = False
    if archive and (span is None or span[0] <= int(archive[0][:4]) <= span[1]):
        archive_used = True
        window = archive[:2]
        evidence.append(archive[2])
    office = heading_window(doc, reg)
    if office:
        narrowed = _intersect(window, office)
        if narrowed != window:
            evidence.append("terms of office of the correspondents in the heading")
        window = narrowed
    lo_y, hi_y = span if span else (0, 9999)
    if window:
        lo_y, hi_y = max(lo_y, int(window[0][:4])), min(hi_y, int(window[1][:4]))
    if lo_y == hi_y:
        year: int | None = lo_y
    else:
        year = None
        # the document's own words first: footnotes are the editors', written later, and
        # often tell what happened after ("He was released in October 1968")
        years: Counter[int] = Counter()
        note_years: Counter[int] = Counter()
        for inlines, where in iter_inlines(doc):
            text = inline_text(inlines)
            counter = note_years if where in ("note", "source") else years
            for _, pat in PATTERNS:
                if "y" in pat.groupindex:
                    counter.update(int(m.group("y")) for m in pat.finditer(text)
                                   if m.group("y"))
        def latest(good: list[int], _c: Counter[int]) -> int:
            return max(good)

        def commonest(good: list[int], c: Counter[int]) -> int:  # ties: the latest
            return max(good, key=lambda y: (c[y], y))

        for counter, why, ahead, pick in (
                (years, "the latest year of the full dates in the text, or the year after", 1,
                 latest),
                (note_years, "the commonest year of the full dates in the footnotes, or the "
                 "year after", 1, commonest),
                (Counter(int(y) for y in re.findall(
                    rf"(?<![\d/–-])({_Y})(?![\d/–-]|–\d)", source_text)),
                 "a year in the source note", 0, latest)):
            good = [y for y in counter if lo_y <= y <= hi_y]
            if good:
                year = pick(good, counter)
                evidence.append(why)
                # papers look back at dates they mention, mostly; an archive window is
                # firmer than that, an office window (years wide) is not
                guess = (f"{year}-01-01", f"{min(year + ahead, hi_y)}-12-31")
                window = guess if window is None else \
                    window if archive_used else _intersect(window, guess)
                break
    if window is None and year is not None:
        window = (f"{year}-01-01", f"{year}-12-31")
        evidence.append("the only year the volume allows")
    if window is None:
        return year, None
    return year, DateWindow(not_before=window[0], not_after=window[1],
                            evidence="; ".join(evidence))


class _Finder:
    """Finds dates in one text, remembering the last month (for "the 15th")."""

    def __init__(self, year: int | None, in_note: bool):
        self.year = year
        self.in_note = in_note
        self.month: int | None = None

    def __call__(self, text: str, _index: int) -> list[Match]:
        found: list[Match] = []
        taken: list[tuple[int, int]] = []

        def free(a: int, b: int) -> bool:
            return all(b <= s or a >= e for s, e in taken)

        for kind, pat in PATTERNS:
            for m in pat.finditer(text):
                if not free(m.start(), m.end()):
                    continue
                node = self.node(kind, m)
                if node is not None:
                    taken.append((m.start(), m.end()))
                    found.append((m.start(), m.end(), node))
        if self.in_note:
            for m in CENTRAL.finditer(text):
                when = central_code(m, self.year)
                if when and free(m.start(), m.end()):
                    taken.append((m.start(), m.end()))
                    found.append((m.start(), m.end(), DateRef(m.group(0), when=when)))
            for m in MRANGE.finditer(text):
                year = _century(int(m.group("y")), self.year)
                a, b = int(m.group("a")), int(m.group("b"))
                if a < b and free(m.start(), m.end()):
                    taken.append((m.start(), m.end()))
                    found.append((m.start(), m.end(), DateRef(
                        m.group(0), from_=f"{year:04d}-{a:02d}", to=f"{year:04d}-{b:02d}")))
            for m in NUMERIC.finditer(text):
                if not free(m.start(), m.end()):
                    continue
                a = _numeric(m.group("a"), self.year)
                b = _numeric(m.group("b"), self.year) if m.group("b") else a
                if a and b:
                    node = (DateRef(m.group(0), when=a[0]) if a == b and not m.group("b")
                            else DateRef(m.group(0), from_=a[0], to=b[1]))
                    taken.append((m.start(), m.end()))
                    found.append((m.start(), m.end(), node))
        return found

    def node(self, kind: str, m: re.Match[str]) -> DateRef | None:
        g = m.groupdict()
        year = int(g["y"]) if g.get("y") else self.year
        inferred = not g.get("y")
        if kind == "ordinal":
            if self.month is None or year is None:
                return None
            when = iso_day(year, self.month, int(g["d1"]))
            return DateRef(m.group(0), when=when, inferred=True) if when else None
        m1 = month_of(g["m1"])
        self.month = m1
        if kind == "month":
            return DateRef(m.group(0), when=f"{year:04d}-{m1:02d}")
        if year is None:
            # no year in sight: an ISO 8601 / XSD gMonthDay ("--10-02"), true as far as it goes
            return _yearless(kind, m, m1)
        if kind in ("day", "dmy"):
            day = int(g.get("fix") or g["d1"])
            when = iso_day(year, m1, day)
            return DateRef(m.group(0), when=when, inferred=inferred) if when else None
        m2 = month_of(g["m2"]) if g.get("m2") else m1
        start, end = iso_day(year, m1, int(g["d1"])), iso_day(year, m2, int(g["d2"]))
        if not start or not end or end < start:
            return None
        self.month = m2
        return DateRef(m.group(0), from_=start, to=end, inferred=inferred)


def _yearless(kind: str, m: re.Match[str], m1: int) -> DateRef | None:
    g = m.groupdict()
    if kind in ("day", "dmy"):
        day = int(g.get("fix") or g["d1"])
        when = iso_day(2000, m1, day)  # a leap year: 29 February is a real month-day
        return DateRef(m.group(0), when=f"--{when[5:]}") if when else None
    m2 = month_of(g["m2"]) if g.get("m2") else m1
    start, end = iso_day(2000, m1, int(g["d1"])), iso_day(2000, m2, int(g["d2"]))
    if not start or not end or end < start:
        return None
    return DateRef(m.group(0), from_=f"--{start[5:]}", to=f"--{end[5:]}")


def _month_start(iso: str) -> str:
    return iso if len(iso) == 10 else f"{iso}-01"


def _month_end(iso: str) -> str:
    y, m = int(iso[:4]), int(iso[5:7])
    return date(y, m, calendar.monthrange(y, m)[1]).isoformat()


def run(doc: Document, ctx: Context) -> Document:
    year, window = infer_date(doc, ctx.volume or doc.volume, ctx.registry)
    ctx.year = year

    def fn(inlines: tuple[Inline, ...], where: str) -> tuple[Inline, ...]:
        if not any(isinstance(n, Text) for n in inlines):
            return inlines
        return splice(inlines, _Finder(year, where in ("note", "source")))

    doc = map_inlines(doc, fn)
    if window is not None:
        ctx.window = (window.not_before or "", window.not_after or "")
    return dataclasses.replace(doc, creation=window)
