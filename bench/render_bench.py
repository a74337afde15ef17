"""Per-document render times over the seeds: reading HTML, print HTML, PDF.

The seeds are converted in-process first; one warm-up pass compiles the stylesheets and
loads WeasyPrint's fonts, then each document is rendered ``--repeat`` times per format and
the median is reported (milliseconds).

    python bench/render_bench.py [--repeat 5] [SEEDS_DIR]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from pipeline import render  # noqa: E402
from pipeline.convert import convert_file, volume_from_manifest  # noqa: E402
from pipeline.encode import serialize  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("seeds", nargs="?", type=Path, default=ROOT / "seeds")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        teis = []
        for seed in sorted(args.seeds.glob("*.txt")):
            _, root = convert_file(seed, volume=volume_from_manifest(seed))
            path = Path(tmp) / f"{seed.stem}.xml"
            path.write_bytes(serialize(root))
            teis.append(path)

        t0 = time.perf_counter()
        r = render.renderer()
        r.compile_all()
        compile_ms = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        render.pdf_from_print_html(r.print_html(teis[0]))  # warm-up: fonts, CSS parser
        warm_ms = (time.perf_counter() - t0) * 1000

        def timed(fn, *a) -> float:  # noqa: ANN001
            runs = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                fn(*a)
                runs.append((time.perf_counter() - t) * 1000)
            return statistics.median(runs)

        print(f"stylesheet compile (4 stylesheets, once per process): {compile_ms:8.1f} ms")
        print(f"first PDF (WeasyPrint warm-up):                      {warm_ms:8.1f} ms")
        print(f"median of {args.repeat} runs, ms")
        print(f"{'document':<26} {'KiB TEI':>8} {'html':>8} {'print':>8} {'pdf':>9} {'pages':>6}")
        totals = [0.0, 0.0, 0.0]
        for path in teis:
            html_ms = timed(r.html, path)
            print_ms = timed(r.print_html, path)
            print_html = r.print_html(path)
            pdf_ms = timed(render.pdf_from_print_html, print_html)
            pdf = render.pdf_from_print_html(print_html)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            for i, v in enumerate((html_ms, print_ms, pdf_ms)):
                totals[i] += v
            print(f"{path.stem:<26} {path.stat().st_size / 1024:8.1f} {html_ms:8.1f} "
                  f"{print_ms:8.1f} {pdf_ms:9.1f} {pages:6d}")
        print(f"{'total':<26} {'':>8} {totals[0]:8.1f} {totals[1]:8.1f} {totals[2]:9.1f}")


if __name__ == "__main__":
    main()
