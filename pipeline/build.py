"""``teipipe build``: the per-document chain over many inputs, optionally in parallel.

``build_one`` is a plain, picklable function of one :class:`Job`, so a process pool (and,
later, a Dask cluster) can map it over a volume or a series. Each worker process compiles
schemas and stylesheets once (module-level caches in validate/render) and reuses them.

Validation is a gate, not a step: the serialised TEI is validated in memory (lines are
those of the bytes about to be written) and only valid TEI reaches ``DIR/<stem>.xml``. Invalid
TEI is kept beside it as ``DIR/<stem>.rejected.xml`` so the reported lines can be read, and
the build fails. Steps after the TEI is written are functions ``(tei_path, tree, options) ->
(diagnostics, outputs)`` registered in ``AFTER_TEI`` (rendering, later deposit writers).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline.diagnostics import ConversionError, Diagnostic, Reporter, Severity
from pipeline.encode import serialize
from pipeline.io import atomic_write, safe_output_path


@dataclass(frozen=True)
class Options:
    out_dir: Path
    volume: str | None = None
    encoding: str | None = None
    strict: bool = False
    validate: bool = True


@dataclass(frozen=True)
class Job:
    path: Path
    options: Options


@dataclass
class Result:
    path: Path
    outputs: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


AfterTei = Callable[[Path, etree._Element, Options], tuple[list[Diagnostic], list[Path]]]
AFTER_TEI: list[tuple[str, AfterTei]] = []


def steps() -> list[tuple[str, AfterTei]]:
    """The registered after-TEI steps, in registration order."""
    return list(AFTER_TEI)


def validation_gate(data: bytes, target: Path, options: Options
                    ) -> tuple[bool, list[Diagnostic]]:
    """(valid, diagnostics): all three layers on the bytes about to be written
    (``Options.validate`` switches it off). When invalid the bytes go to
    ``<stem>.rejected.xml`` instead, and the diagnostics name that file, so ``file:line``
    points at the line that broke the rule."""
    if not options.validate:
        return True, []
    from pipeline.validate import validate_bytes

    rejected = target.with_name(target.stem + ".rejected.xml")
    report = validate_bytes(data, rejected)
    if not report.ok:
        atomic_write(rejected, data)
        return False, report.diagnostics
    rejected.unlink(missing_ok=True)  # a stale rejection from an earlier run
    return True, [Diagnostic(d.severity, d.code, d.message, str(target), d.line, d.col)
                  for d in report.diagnostics]


def promote_warnings(diags: list[Diagnostic]) -> list[Diagnostic]:
    """--strict: every warning becomes an error (CI wants a red build, not a log line)."""
    return [
        Diagnostic(Severity.ERROR, d.code, d.message + " (--strict)", d.path, d.line, d.col)
        if d.severity is Severity.WARNING else d
        for d in diags
    ]


def convert_one(path: Path, volume: str | None, encoding: str | None,
                strict: bool) -> tuple[etree._Element | None, list[Diagnostic]]:
    """Text → TEI tree for one file, or None with the diagnostics that say why not."""
    from pipeline.convert import convert_file

    reporter = Reporter(str(path))
    try:
        _, tei = convert_file(path, volume=volume, encoding=encoding, reporter=reporter)
    except ConversionError:
        return None, reporter.items
    if strict and reporter.warnings:
        return None, promote_warnings(reporter.items)
    return tei, reporter.items


def build_one(job: Job) -> Result:
    from pipeline.convert import volume_from_manifest

    opts = job.options
    result = Result(job.path)
    try:
        volume = opts.volume or volume_from_manifest(job.path)
    except ValueError as exc:
        result.diagnostics.append(Diagnostic(Severity.ERROR, "input.manifest", str(exc),
                                             str(job.path)))
        return result
    tei, diags = convert_one(job.path, volume, opts.encoding, opts.strict)
    result.diagnostics.extend(diags)
    if tei is None:
        return result
    target = safe_output_path(opts.out_dir, job.path.stem + ".xml")
    data = serialize(tei)
    valid, gate = validation_gate(data, target, opts)
    result.diagnostics.extend(gate)
    if not valid:
        return result
    atomic_write(target, data)
    result.outputs.append(target)
    for _name, step in steps():
        step_diags, outputs = step(target, tei, opts)
        result.diagnostics.extend(step_diags)
        result.outputs.extend(outputs)
        if any(d.severity is Severity.ERROR for d in step_diags):
            break
    return result


def run(paths: Iterable[Path], options: Options, jobs: int = 1) -> Iterator[Result]:
    """Results in input order. ``jobs`` > 1 uses that many worker processes."""
    work = [Job(p, options) for p in paths]
    if jobs <= 1 or len(work) <= 1:
        yield from map(build_one, work)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(work))) as pool:
        yield from pool.map(build_one, work, chunksize=max(1, len(work) // (jobs * 8)))


def default_jobs() -> int:
    return max(1, (os.cpu_count() or 1))
