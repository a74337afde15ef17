"""The command line: the only code that reads input files and writes output files.

Exit status: 0 success, 1 invalid input/output (conversion or validation errors),
2 usage errors or unreadable input (click's convention).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline import __version__
from pipeline.diagnostics import Diagnostic
from pipeline.encode import serialize
from pipeline.io import atomic_write

DEFAULT_SEEDS = Path("seeds")


def _print_diagnostics(diags: list[Diagnostic]) -> None:
    for d in diags:
        click.echo(d.format(), err=True)


def _convert_one(path: Path, volume: str | None, encoding: str | None,
                 strict: bool) -> tuple[bytes | None, list[Diagnostic]]:
    """Convert one file; returns (TEI bytes or None on failure, diagnostics)."""
    from pipeline.build import convert_one

    tei, diags = convert_one(path, volume, encoding, strict)
    return (serialize(tei) if tei is not None else None), diags


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="teipipe")
def main() -> None:
    """teipipe: plain-text historical documents → validated TEI P5 → HTML and print."""


@main.command()
@click.argument("input_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Output TEI file (default: INPUT with .xml, or stdout with '-').")
@click.option("--volume", help="FRUS volume id (e.g. frus1977-80v06): links 'See Document N'.")
@click.option("--encoding", help="Input encoding when not UTF-8 (e.g. latin-1, cp1252).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (for CI).")
def convert(input_file: Path, output: Path | None, volume: str | None, encoding: str | None,
            strict: bool) -> None:
    """Convert one plain-text document to TEI."""
    data, diags = _convert_one(input_file, volume or _manifest_volume(input_file), encoding,
                               strict)
    _print_diagnostics(diags)
    if data is None:
        sys.exit(1)
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(data)
        return
    target = output or input_file.with_suffix(".xml")
    atomic_write(target, data)


def _manifest_volume(path: Path) -> str | None:
    from pipeline.convert import volume_from_manifest

    try:
        return volume_from_manifest(path)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc


def _inputs(paths: tuple[Path, ...]) -> list[Path]:
    if not paths:
        paths = (DEFAULT_SEEDS,)
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(p.glob("*.txt")))
        elif p.exists():
            files.append(p)
        else:
            raise click.UsageError(f"{p}: no such file or directory")
    if not files:
        raise click.UsageError("no .txt inputs found")
    return files


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output-dir", default="out", show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
@click.option("--volume", help="FRUS volume id for every input (links 'See Document N').")
@click.option("--encoding", help="Input encoding when not UTF-8.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (for CI).")
@click.option("-j", "--jobs", type=int, default=1, show_default=True,
              help="Worker processes (0 = one per CPU).")
def build(inputs: tuple[Path, ...], output_dir: Path, volume: str | None,
          encoding: str | None, strict: bool, jobs: int) -> None:
    """Convert INPUTS (default: the bundled seeds/) and write OUTPUT_DIR/<stem>.xml."""
    from pipeline import build as build_stage

    files = _inputs(inputs)
    options = build_stage.Options(out_dir=output_dir, volume=volume, encoding=encoding,
                                  strict=strict)
    failed = 0
    for result in build_stage.run(files, options, jobs or build_stage.default_jobs()):
        _print_diagnostics(result.diagnostics)
        failed += not result.ok
    click.echo(f"teipipe build: {len(files) - failed} of {len(files)} built into "
               f"{output_dir}/", err=True)
    if failed:
        sys.exit(1)
