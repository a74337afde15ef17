"""Conversion throughput: text → TEI (read + encode + serialise), in process.

Usage: python bench/convert_bench.py [--repeat N] [FILES_OR_DIRS…]
Default inputs: the seeds and the 40 corpus texts. Reports documents/s, MB/s of input and
peak resident memory. Not a test: numbers depend on the machine; see README for figures.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.convert import convert_text  # noqa: E402
from pipeline.encode import serialize  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    paths: list[Path] = []
    for p in args.inputs or [ROOT / "seeds", ROOT / "tests/data/corpus"]:
        paths.extend(sorted(p.rglob("*.txt")) if p.is_dir() else [p])
    texts = [(str(p), p.read_text(encoding="utf-8")) for p in paths]
    size = sum(len(t.encode()) for _, t in texts)
    for name, text in texts:  # warm-up: imports, regex compilation
        convert_text(text, name)
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for name, text in texts:
            serialize(convert_text(text, name)[1])
    dt = time.perf_counter() - t0
    n = len(texts) * args.repeat
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents: {len(texts)} × {args.repeat} = {n}; input {size / 1e6:.3f} MB per pass")
    mbps = size * args.repeat / dt / 1e6
    print(f"time: {dt:.2f} s  →  {n / dt:.1f} documents/s, {mbps:.2f} MB/s")
    print(f"peak RSS: {peak:.0f} MB")


if __name__ == "__main__":
    main()
