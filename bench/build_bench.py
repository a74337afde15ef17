"""Whole-volume build throughput: ``teipipe build`` on a volume-sized input directory.

Usage: python bench/build_bench.py [--copies N] [--jobs 1,2] [--formats ''|html,print|...]

Makes a volume of N × the 40 corpus texts (default 10 → 400 documents, the size of a FRUS
volume) in a temporary directory, then runs the real command (``python -m pipeline build``,
a fresh process each time: imports and schema compilation included) once per ``--jobs``
value. Every document is converted and validated by all three layers before it is written.
Reports documents/s, MB/s of input text, and the peak resident memory of the largest single
process (the parent or one worker). Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_volume(target: Path, copies: int) -> tuple[int, int]:
    texts = sorted((ROOT / "tests/data/corpus").glob("*/*.txt"))
    n = size = 0
    for _ in range(copies):
        for text in texts:
            n += 1
            dest = target / f"doc{n:05d}.txt"
            shutil.copyfile(text, dest)
            size += dest.stat().st_size
    return n, size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--jobs", default=f"1,{os.cpu_count() or 1}")
    ap.add_argument("--formats", default="", help="rendered outputs ('' = TEI only)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "volume"
        src.mkdir()
        n, size = make_volume(src, args.copies)
        print(f"volume: {n} documents, {size / 1e6:.2f} MB of text; formats: "
              f"{args.formats or 'TEI only'}")
        print(f"{'jobs':>4} {'seconds':>8} {'docs/s':>8} {'MB/s':>6} {'peak RSS MB':>12}")
        for jobs in sorted({int(j) for j in args.jobs.split(",")}):
            out = Path(tmp) / f"out{jobs}"
            t0 = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "pipeline", "build", str(src), "-o", str(out),
                 "--formats", args.formats, "-j", str(jobs)],
                cwd=ROOT, capture_output=True, text=True)
            dt = time.perf_counter() - t0
            if proc.returncode != 0:
                sys.exit(f"build failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
            # the largest child process so far (monotonic across runs)
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            written = len(list(out.glob("*.xml")))
            assert written == n, f"{written} of {n} TEI files written"
            print(f"{jobs:>4} {dt:>8.2f} {n / dt:>8.1f} {size / dt / 1e6:>6.2f} {peak:>12.0f}")


if __name__ == "__main__":
    main()
