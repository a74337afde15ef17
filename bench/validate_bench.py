"""Cold one-file tei_all validation: teipipe (fresh process each run) versus jing.

Usage: python bench/validate_bench.py [--runs N] [--full] [FILE]
Default FILE: the first seed built to TEI (``out/*.xml``, built first if missing).

Each run is a new process, so interpreter start, imports and schema compilation are all
counted, as a user running one command would see them. Rows:

- ``jing``: ``jing tei_all.rng FILE`` (the same tei_all.rng that teipipe uses). Install it with
  ``apt-get install jing`` (Debian/Ubuntu package ``jing``, Java); the row is skipped without it.
- ``teipipe tei_all (cached)``: ``teipipe validate --layers tei_all FILE`` with the derived
  grammar already in the on-disk cache (the normal case after the first run).
- ``teipipe tei_all (empty cache)``: the same with an empty cache directory each run (derives
  the grammar from tei_all.rng, writes the cache, then validates).
- ``teipipe all layers (cached)``: tei_all + project XSD + Schematron.
- ``lxml full tei_all`` (``--full``): compiling the complete tei_all with lxml, the baseline the
  derived grammar avoids (~7 s a run; off by default).

Prints the median and min of N runs (default 5) in seconds. Not a test: figures depend on
the machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.validation.relaxng import tei_all_path  # noqa: E402


def timed(cmd: list[str], env: dict[str, str], expect_ok: bool = True,
          before: object = None) -> float:
    if callable(before):
        before()
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True)
    dt = time.perf_counter() - t0
    if expect_ok and proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n"
                         f"{proc.stdout.decode()}{proc.stderr.decode()}")
    return dt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--full", action="store_true", help="also time lxml with full tei_all")
    args = ap.parse_args()
    target = args.file
    if target is None:
        outs = sorted((ROOT / "out").glob("*.xml"))
        if not outs:
            subprocess.run([sys.executable, "-m", "pipeline", "build"], cwd=ROOT, check=True)
            outs = sorted((ROOT / "out").glob("*.xml"))
        target = outs[0]
    target = target.resolve()
    rng = str(tei_all_path())
    cache = Path(tempfile.mkdtemp(prefix="teipipe-bench-cache-"))
    env = dict(os.environ, TEIPIPE_CACHE_DIR=str(cache))
    py = [sys.executable, "-m", "pipeline", "validate"]

    def empty_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir()

    rows: list[tuple[str, list[str], dict[str, str], object]] = []
    jing = shutil.which("jing")
    if jing:
        rows.append(("jing", [jing, rng, str(target)], env, None))
    rows += [
        ("teipipe tei_all (empty cache)", py + ["--layers", "tei_all", str(target)], env,
         empty_cache),
        ("teipipe tei_all (cached)", py + ["--layers", "tei_all", str(target)], env, None),
        ("teipipe all layers (cached)", py + [str(target)], env, None),
    ]
    if args.full:
        code = ("import sys; from lxml import etree; "
                "s = etree.RelaxNG(etree.parse(sys.argv[1])); "
                "sys.exit(0 if s.validate(etree.parse(sys.argv[2])) else 1)")
        rows.append(("lxml full tei_all", [sys.executable, "-c", code, rng, str(target)], env,
                     None))
    print(f"file: {target.relative_to(ROOT) if ROOT in target.parents else target}")
    print(f"tei_all.rng: {rng}")
    print(f"runs: {args.runs} (fresh process each)\n")
    print(f"{'command':34} {'median s':>9} {'min s':>7}")
    print("-" * 52)
    results = {}
    for name, cmd, e, before in rows:
        timed(cmd, e, before=before)  # warm-up: page cache, and the disk cache for "cached"
        times = [timed(cmd, e, before=before) for _ in range(args.runs)]
        results[name] = statistics.median(times)
        print(f"{name:34} {statistics.median(times):9.3f} {min(times):7.3f}")
    if "jing" in results:
        speedup = results["jing"] / results["teipipe tei_all (cached)"]
        print(f"\nteipipe tei_all (cached) is {speedup:.1f}x faster than jing (median).")
    else:
        print("\njing not found: apt-get install jing")
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
