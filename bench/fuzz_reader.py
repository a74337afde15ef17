"""Fuzz the reader: random and mutated inputs must convert or fail with ConversionError.

Usage: python bench/fuzz_reader.py [--minutes M] [--seed S] [--roundtrip] [--validate]

Hypothesis drives three input families, chosen at random per example:

* *mutants*: a seed or corpus text with a few random edits (lines deleted, duplicated or
  swapped; ``[Page N]`` markers, footnote digits, tabs, bullets, CR, BOM, NUL or random
  characters inserted at random places) — close to real input, so it reaches deep code;
* *synthetic*: documents assembled from the input format's building blocks;
* *bytes*: arbitrary bytes through the decoder.

Every input goes through ``source.decode`` → ``read`` → the passes (dates, persons,
correspondents) → ``encode`` → ``serialize``. Any
exception other than :class:`ConversionError` is a crash: its shrunk input and traceback are
printed and the run goes on with a fresh seed. ``--roundtrip`` also checks that ``totext``
gives the input back (modulo trailing whitespace) and counts mismatches. At the end the
script prints how many inputs were tried, how many converted, how many were rejected, and
the crashes. Exit status 1 if anything crashed. Not a test: the run length is the point.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import source as source_stage  # noqa: E402
from pipeline.checks import ANNOUNCES  # noqa: E402
from pipeline.convert import convert_source  # noqa: E402
from pipeline.diagnostics import ConversionError, Reporter, Severity  # noqa: E402
from pipeline.encode import serialize  # noqa: E402

TEXTS = [
    p.read_text(encoding="utf-8")
    for p in [*sorted((ROOT / "seeds").glob("*.txt")),
              *sorted((ROOT / "tests/data/corpus").glob("*/*.txt"))]
]
SNIPPETS = [
    "[Page 12]", "[Page 3", "Page 4]", "[Page ]", "[Page 1][Page 2]", "1", "2", "3", "12",
    "0", "99", ".", ",", ")", "]", "(", "[", "•", "  • ", "    • ", "  a. ", "  (1) ",
    "  II. ", "\t", "\n", "\n\n", "\n\n\n", "\r\n", "\r", "\ufeff", "\x00", " ", "  ",
    "  1. ", "  2. ", "Dear Sir:", "Sincerely,", "Document 5", "Documents 3 and 4",
    "Begin text: Dear Mr. President: We", "September 162", "Reagan 1", "—", "’", "é",
    "Attachment", "Letter From A to B", "Source: X.", "1.", "[1].", "Tab A",
]


# ---------------------------------------------------------------- strategies
@st.composite
def mutants(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(TEXTS))
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["del", "dup", "swap", "ins", "ins", "ins", "cut", "blank"]))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if op == "del" and len(lines) > 1:
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "blank":
            lines.insert(i, "")
        elif op == "cut":
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k]
        else:
            piece = draw(st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=4)))
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k] + piece + lines[i][k:]
    return "\n".join(lines)


WORD = st.text(alphabet="abcdeéüXYZ’“”—–.,;:()[]0123456789 ", min_size=1, max_size=12)


@st.composite
def synthetic(draw: st.DrawFn) -> str:
    parts = [draw(st.sampled_from(["1", "12", "[3]", "7a", "x"])) + ". " +
             " ".join(draw(st.lists(WORD, min_size=1, max_size=5)))]
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["p", "pb", "item", "label", "table", "sig", "raw"]))
        gap = "\n" * draw(st.integers(1, 4))
        body = " ".join(draw(st.lists(st.one_of(WORD, st.sampled_from(SNIPPETS)),
                                      min_size=1, max_size=8)))
        line = {
            "p": body, "pb": f"[Page {draw(st.integers(0, 999))}]", "item": f"  • {body}",
            "label": f"  {draw(st.sampled_from(['a.', '1)', '(ii)', 'IV.']))} {body}",
            "table": body.replace(" ", "\t", 2), "sig": body[:20],
            "raw": draw(st.text(max_size=30)),
        }[kind]
        parts.append(gap + line)
    n_notes = draw(st.integers(0, 4))
    if n_notes:
        parts.append("\n" * draw(st.integers(1, 2)))
        parts.extend(f"\n  {i}. " + draw(WORD) for i in range(1, n_notes + 1))
    return "".join(parts)


INPUTS = st.one_of(
    mutants().map(lambda s: s.encode("utf-8")),
    mutants().map(lambda s: s.encode("utf-8")),
    synthetic().map(lambda s: s.encode("utf-8")),
    st.binary(max_size=300),
)


# ---------------------------------------------------------------- the run
class Stats:
    tried = 0
    converted = 0
    rejected = 0
    mismatches = 0
    mismatch_examples: list[str] = []
    invalid = 0
    invalid_examples: list[tuple[str, list[str]]] = []
    crashes: list[tuple[bytes, str]] = []
    last_failure: tuple[bytes, str] | None = None


def check(data: bytes, roundtrip: bool, validate: bool) -> None:
    Stats.tried += 1
    reporter = Reporter("<fuzz>")
    try:
        src = source_stage.decode(data, "<fuzz>", None, reporter)
        _, tei = convert_source(src, reporter)
        data_out = serialize(tei)
    except ConversionError:
        Stats.rejected += 1
        return
    except Exception:
        Stats.last_failure = (data, traceback.format_exc())
        raise
    Stats.converted += 1
    if validate:
        from pipeline.validate import validate_bytes

        report = validate_bytes(data_out, "<fuzz>.xml")
        # rules the reader already warned about (with the input's line) are expected
        warned = {ANNOUNCES[d.code] for d in reporter.items if d.code in ANNOUNCES}
        errors = [d.format() for d in report.diagnostics if d.severity is Severity.ERROR
                  and d.code not in warned]
        if errors:
            Stats.invalid += 1
            Stats.invalid_examples.append((src.text, errors))
            Stats.invalid_examples.sort(key=lambda e: len(e[0]))
            del Stats.invalid_examples[5:]
    if roundtrip:
        from pipeline.totext import normalise, totext

        try:
            back = totext(tei)
        except Exception:
            Stats.last_failure = (data, traceback.format_exc())
            raise
        if normalise(back) != normalise(src.text):
            Stats.mismatches += 1
            Stats.mismatch_examples.append(src.text)
            Stats.mismatch_examples.sort(key=len)
            del Stats.mismatch_examples[5:]  # keep the five shortest


def run(minutes: float, seed_value: int, roundtrip: bool, validate: bool) -> int:
    deadline = time.monotonic() + minutes * 60
    rnd = random.Random(seed_value)
    chunk = 0
    while time.monotonic() < deadline:
        chunk += 1

        @settings(max_examples=500, deadline=None, database=None, derandomize=False,
                  suppress_health_check=list(HealthCheck), print_blob=False)
        @given(INPUTS)
        def fuzz(data: bytes) -> None:
            check(data, roundtrip, validate)

        # a fresh random seed per chunk so chunks explore different inputs
        fuzz = seed(rnd.getrandbits(64))(fuzz)
        try:
            fuzz()
        except Exception as exc:  # a crash: hypothesis has shrunk it; record and go on
            data, tb = Stats.last_failure or (b"", repr(exc))
            if not any(tb.splitlines()[-1] == t.splitlines()[-1] for _, t in Stats.crashes):
                Stats.crashes.append((data, tb))
                print(f"CRASH #{len(Stats.crashes)} input={data!r}\n{tb}", flush=True)
        if chunk % 10 == 0:
            print(f"[{time.strftime('%H:%M:%S')}] tried {Stats.tried}, converted "
                  f"{Stats.converted}, rejected {Stats.rejected}, crashes "
                  f"{len(Stats.crashes)}, round-trip mismatches {Stats.mismatches}, invalid "
                  f"outputs {Stats.invalid}", flush=True)
    print(f"inputs tried: {Stats.tried}  converted: {Stats.converted}  "
          f"rejected (ConversionError): {Stats.rejected}  distinct crashes: "
          f"{len(Stats.crashes)}" + (f"  round-trip mismatches: {Stats.mismatches}"
                                     if roundtrip else "")
          + (f"  invalid outputs: {Stats.invalid}" if validate else ""))
    for i, (data, tb) in enumerate(Stats.crashes, 1):
        print(f"--- crash {i}: {data!r}\n{tb}")
    for i, text in enumerate(Stats.mismatch_examples, 1):
        print(f"--- round-trip mismatch {i} (shortest first): {text!r}")
    for i, (text, errors) in enumerate(Stats.invalid_examples, 1):
        print(f"--- invalid output {i} (shortest first): {text!r}\n" + "\n".join(errors))
    return 1 if Stats.crashes else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--roundtrip", action="store_true",
                    help="also check totext(encode(read(x))) == x (mod trailing whitespace)")
    ap.add_argument("--validate", action="store_true",
                    help="also validate every output (tei_all, XSD, Schematron; ~30x slower) and "
                         "count errors the reader did not announce with a warning")
    args = ap.parse_args()
    sys.exit(run(args.minutes, args.seed, args.roundtrip, args.validate))


if __name__ == "__main__":
    main()
