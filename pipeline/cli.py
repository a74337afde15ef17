"""The command line: the only code that reads input files and writes output files.

Exit status: 0 success, 1 invalid input/output (conversion or validation errors),
2 usage errors or unreadable input (click's convention).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline import __version__
from pipeline.diagnostics import Diagnostic, Severity
from pipeline.io import atomic_write, refuse_overwrite

DEFAULT_SEEDS = Path("seeds")


def _print_diagnostics(diags: list[Diagnostic]) -> None:
    for d in diags:
        click.echo(d.format(), err=True)


def _convert_one(path: Path, volume: str | None, encoding: str | None,
                 strict: bool) -> tuple[bytes | None, list[Diagnostic]]:
    """Convert one file; returns (TEI bytes or None on failure, diagnostics)."""
    from pipeline.build import convert_one
    from pipeline.encode import serialize

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
    try:
        refuse_overwrite(target, input_file)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
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
@click.option("--formats", default="html,print,pdf", show_default=True,
              help="Rendered outputs besides the TEI: any of html, print, pdf ('' for none).")
@click.option("--no-pdf", is_flag=True, help="Skip the PDFs (the slow part of rendering).")
def build(inputs: tuple[Path, ...], output_dir: Path, volume: str | None,
          encoding: str | None, strict: bool, jobs: int, formats: str, no_pdf: bool) -> None:
    """Convert INPUTS (default: the bundled seeds/) and write OUTPUT_DIR/<stem>.xml, then
    render <stem>.html, <stem>.print.html, <stem>.pdf and index.html (see --formats)."""
    from pipeline import build as build_stage

    files = _inputs(inputs)  # every written TEI file is validated (build.steps)
    options = build_stage.Options(out_dir=output_dir, volume=volume, encoding=encoding,
                                  strict=strict)
    from pipeline import render

    fmts = [f for f in formats.replace(" ", "").split(",") if f and not (no_pdf and f == "pdf")]
    if unknown := [f for f in fmts if f not in render.FORMATS]:
        raise click.UsageError(f"--formats: unknown {', '.join(unknown)}")
    failed = 0
    built: list[Path] = []
    for result in build_stage.run(files, options, jobs or build_stage.default_jobs()):
        _print_diagnostics(result.diagnostics)
        failed += not result.ok
        built.extend(p for p in result.outputs[:1] if result.ok)
    if fmts and built:  # HTML, print HTML, PDF of every good TEI file, then index.html
        render_diags, _ = render.render_all(built, output_dir, fmts,
                                            jobs or build_stage.default_jobs())
        _print_diagnostics([d for d in render_diags if d.severity >= Severity.WARNING])
        failed += len({d.path for d in render_diags if d.severity is Severity.ERROR})
    click.echo(f"teipipe build: {len(files) - failed} of {len(files)} built into "
               f"{output_dir}/", err=True)
    if failed:
        sys.exit(1)


@main.command()
@click.argument("input_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Output text file (default: stdout).")
def totext(input_file: Path, output: Path | None) -> None:
    """Render a TEI file back to the plain-text input form (the inverse of convert)."""
    from pipeline.diagnostics import ConversionError, Reporter
    from pipeline.totext import totext_file

    reporter = Reporter(str(input_file))
    try:
        text = totext_file(input_file, reporter)
    except ConversionError:
        _print_diagnostics(reporter.items)
        sys.exit(1)
    data = (text + "\n").encode("utf-8")
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
        return
    try:
        refuse_overwrite(output, input_file)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    atomic_write(output, data)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--layers", default="tei_all,xsd,schematron", show_default=True,
              help="Comma-separated layers: tei_all, xsd, schematron.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit"]), default="text",
              show_default=True, help="Report format (on stdout).")
@click.option("--full-tei-all", is_flag=True,
              help="Use the complete tei_all grammar (slow) instead of the exact derived one.")
def validate(paths: tuple[Path, ...], layers: str, fmt: str, full_tei_all: bool) -> None:
    """Validate TEI files (a directory means its *.xml files) against tei_all, the project
    XSD and the project Schematron. Exit 0 all valid, 1 any invalid, 2 unreadable/not XML."""
    from pipeline.validate import check_layers, validate_file
    from pipeline.validation.report import FORMATS

    try:
        chosen = check_layers(layers.split(","))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(p.glob("*.xml")) if p.is_dir() else [p])
    if not files:
        raise click.UsageError("no .xml files found")
    reports = [validate_file(f, chosen, full_tei_all) for f in files]
    click.echo(FORMATS[fmt](reports), nl=False)
    if any(r.fatal is not None for r in reports):
        sys.exit(2)
    if not all(r.ok for r in reports):
        sys.exit(1)


@main.command()
@click.argument("corpus_dir", required=False, default="tests/data/corpus",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json for CI.")
def evaluate(corpus_dir: Path, fmt: str) -> None:
    """Convert every corpus .txt and score it against its gold .tei.xml."""
    from pipeline.evaluate import evaluate_dir, format_json, format_text

    report = evaluate_dir(corpus_dir)
    click.echo(format_json(report) if fmt == "json" else format_text(report))


@main.command()
@click.argument("input_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--to", "fmt", type=click.Choice(["html", "print", "pdf"]), default="html",
              show_default=True, help="html: reading view; print: paged HTML; pdf: via WeasyPrint.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Output file (default: INPUT with .html / .print.html / .pdf; '-' stdout).")
@click.option("--pdf-variant", help="WeasyPrint PDF variant, e.g. pdf/a-3b (with --to pdf).")
def render(input_file: Path, fmt: str, output: Path | None, pdf_variant: str | None) -> None:
    """Render one TEI file (from convert or build) as HTML, print HTML or PDF."""
    from pipeline import render as render_stage

    to_stdout = output is not None and str(output) == "-"
    try:
        target, data = render_stage.render_file(input_file, fmt, None if to_stdout else output,
                                                pdf_variant=pdf_variant)
    except render_stage.RenderError as exc:
        _print_diagnostics([Diagnostic(Severity.ERROR, f"render.{fmt}", str(exc),
                                       str(input_file))])
        sys.exit(1)
    if to_stdout:
        sys.stdout.buffer.write(data)
    else:
        atomic_write(target, data)
