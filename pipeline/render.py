"""Stage 4, render: TEI → HTML reading view, print HTML (CSS Paged Media) and PDF.

All TEI → HTML is XSLT 3.0 (``xslt/html.xsl``, ``xslt/print.xsl``, ``xslt/index.xsl``, sharing
``xslt/common.xsl``) run by saxonche. Saxon's start-up and stylesheet compilation cost far more
than a transformation, so each process holds one :class:`PySaxonProcessor` and compiles each
stylesheet once (:func:`renderer`). PDFs are the print HTML laid out by WeasyPrint.
"""

from __future__ import annotations

import locale
import logging
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

from lxml import etree

from pipeline.diagnostics import Diagnostic, Severity
from pipeline.io import atomic_write
from pipeline.resources import xslt_dir

TEI_NS = "http://www.tei-c.org/ns/1.0"
FORMATS: tuple[str, ...] = ("html", "print", "pdf")
SUFFIXES: dict[str, str] = {"html": ".html", "print": ".print.html", "pdf": ".pdf"}
MIN_DOCS_PER_WORKER = 8
STYLESHEETS: dict[str, str] = {"html": "html.xsl", "print": "print.xsl", "index": "index.xsl"}

TeiInput = Path | str | bytes | etree._Element


class RenderError(Exception):
    """A stylesheet or layout failure; the message is Saxon's or WeasyPrint's."""


class Renderer:
    """One Saxon processor and one compiled executable per stylesheet, reused for every
    document (compiling html.xsl costs ~100× transforming a document with it)."""

    def __init__(self, fail_on_unknown: bool = False) -> None:
        # Saxon's native start-up switches the process locale to C.UTF-8; elementpath (the
        # XSD validator, same process) then fails on collations. Put the locale back.
        saved_locale = locale.setlocale(locale.LC_ALL)
        from saxonche import PySaxonProcessor

        self.fail_on_unknown = fail_on_unknown
        self._proc = PySaxonProcessor(license=False)
        locale.setlocale(locale.LC_ALL, saved_locale)
        self._xslt = self._proc.new_xslt30_processor()
        self._executables: dict[str, object] = {}

    def _executable(self, name: str):  # noqa: ANN202 - saxonche has no type stubs
        exe = self._executables.get(name)
        if exe is None:
            from saxonche import PySaxonApiError

            path = xslt_dir() / STYLESHEETS[name]
            try:
                exe = self._xslt.compile_stylesheet(stylesheet_file=str(path))
            except PySaxonApiError as exc:
                raise RenderError(f"{path}: {exc}".strip()) from exc
            self._executables[name] = exe
        return exe

    def compile_all(self) -> None:
        """Compile every stylesheet now (warm-up for benchmarks and long-running workers)."""
        for name in STYLESHEETS:
            self._executable(name)

    def _node(self, tei: TeiInput):  # noqa: ANN202
        if isinstance(tei, etree._Element):
            return self._proc.parse_xml(xml_text=etree.tostring(tei, encoding="unicode"))
        if isinstance(tei, bytes):
            return self._proc.parse_xml(xml_text=tei.decode("utf-8"))
        return self._proc.parse_xml(xml_file_name=str(Path(tei).resolve()))

    def transform(self, name: str, tei: TeiInput, params: dict[str, str | bool] | None = None,
                  ) -> str:
        from saxonche import PySaxonApiError

        exe = self._executable(name)
        exe.clear_parameters()
        all_params: dict[str, str | bool] = {"fail-on-unknown": self.fail_on_unknown}
        all_params.update(params or {})
        for key, value in all_params.items():
            xdm = (self._proc.make_boolean_value(value) if isinstance(value, bool)
                   else self._proc.make_string_value(value))
            exe.set_parameter(key, xdm)
        exe.set_save_xsl_message(True)
        exe.clear_xsl_messages()
        try:
            node = self._node(tei)
            out = exe.transform_to_string(xdm_node=node)
        except PySaxonApiError as exc:
            messages = exe.get_xsl_messages()
            text = (" ".join(str(m.string_value) for m in messages) if messages is not None
                    else "")
            raise RenderError((text or str(exc)).strip()) from exc
        if out is None:  # saxonche reports some dynamic errors by returning None
            raise RenderError(f"{STYLESHEETS[name]}: transformation produced no output")
        return out

    def html(self, tei: TeiInput, **params: str | bool) -> str:
        return self.transform("html", tei, _xslt_params(params))

    def print_html(self, tei: TeiInput, **params: str | bool) -> str:
        return self.transform("print", tei, _xslt_params(params))

    def index(self, listing: str, title: str = "Documents") -> str:
        return self.transform("index", listing.encode("utf-8"), {"title": title})


def _xslt_params(params: dict[str, str | bool]) -> dict[str, str | bool]:
    """Python keyword names (tei_href) → stylesheet parameter names (tei-href)."""
    return {k.replace("_", "-"): v for k, v in params.items()}


_RENDERERS: dict[bool, Renderer] = {}


def renderer(fail_on_unknown: bool = False) -> Renderer:
    """This process's renderer (created and compiled on first use)."""
    r = _RENDERERS.get(fail_on_unknown)
    if r is None:
        r = _RENDERERS[fail_on_unknown] = Renderer(fail_on_unknown)
    return r


# ----------------------------------------------------------------------------- PDF

@contextmanager
def _captured_weasyprint_log(into: list[str]) -> Iterator[None]:
    """WeasyPrint logs CSS it ignores; collect those lines instead of printing them."""

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            into.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler = _Collect(logging.WARNING)
    old_propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate


def pdf_from_print_html(print_html: str, base_url: Path | str | None = None,
                        pdf_variant: str | None = None,
                        warnings: list[str] | None = None) -> bytes:
    """Lay out the print HTML with WeasyPrint. Title, author and subject come from the page's
    <title>, <meta name=author> and <meta name=description>, which html.xsl takes from the
    teiHeader."""
    import weasyprint

    log: list[str] = warnings if warnings is not None else []
    options: dict[str, object] = {}
    if pdf_variant:
        options["pdf_variant"] = pdf_variant
    try:
        with _captured_weasyprint_log(log):
            doc = weasyprint.HTML(string=print_html,
                                  base_url=str(base_url) if base_url else None)
            data = doc.write_pdf(**options)
    except Exception as exc:  # WeasyPrint raises many types; all mean "no PDF"
        raise RenderError(f"WeasyPrint: {type(exc).__name__}: {exc}") from exc
    assert isinstance(data, bytes)
    return data


# ----------------------------------------------------------------------------- files

def output_path(tei_path: Path, fmt: str, out_dir: Path | None = None) -> Path:
    """``out/x.xml`` → ``out/x.html`` / ``out/x.print.html`` / ``out/x.pdf``."""
    base = (out_dir or tei_path.parent) / tei_path.name
    return base.with_name(Path(base.name).stem + SUFFIXES[fmt])


def render_file(tei_path: Path, fmt: str, output: Path | None = None, doc_links: str = "",
                pdf_variant: str | None = None, index_href: str = "",
                warnings: list[str] | None = None) -> tuple[Path, bytes]:
    """Render one TEI file to one format; returns (target path, bytes) without writing."""
    if fmt not in SUFFIXES:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    target = output or output_path(tei_path, fmt)
    r = renderer()
    tei_href = os.path.relpath(tei_path.resolve(), target.resolve().parent)
    params: dict[str, str | bool] = {"doc_links": doc_links, "index_href": index_href}
    if fmt == "html":
        return target, r.html(tei_path, tei_href=Path(tei_href).as_posix(),
                              **params).encode("utf-8")
    print_html = r.print_html(tei_path, **params)
    if fmt == "print":
        return target, print_html.encode("utf-8")
    return target, pdf_from_print_html(print_html, target.parent, pdf_variant, warnings)


@dataclass
class DocInfo:
    """What the build needs to know about one TEI file to link documents to each other."""

    path: Path
    div_id: str | None = None
    volume: str | None = None
    outputs: dict[str, Path] = field(default_factory=dict)


def doc_info(tei_path: Path) -> DocInfo:
    tree = etree.parse(str(tei_path))
    ns = {"t": TEI_NS}
    div_id = tree.xpath("string((//t:text/t:body//t:div[@type='document'])[1]/@xml:id)",
                        namespaces=ns)
    volume = tree.xpath("string((//t:sourceDesc//t:idno[@type='frus-volume'])[1])",
                        namespaces=ns)
    return DocInfo(tei_path, div_id or None, volume or None)


def doc_links_for(infos: Sequence[DocInfo], fmt: str = "html") -> str:
    """``cRef="d60"`` is only written when the volume is unknown, so it may link to a document
    of this build that is in no known volume either; the stylesheet's map is "d60=x.html"."""
    table: dict[str, str] = {}
    for info in infos:
        if info.div_id and not info.volume and info.div_id not in table:
            table[info.div_id] = info.path.stem + SUFFIXES[fmt]
    return " ".join(f"{k}={v}" for k, v in table.items())


@dataclass(frozen=True)
class _Task:
    tei_path: Path
    out_dir: Path
    formats: tuple[str, ...]
    doc_links: str
    pdf_variant: str | None


def _render_task(task: _Task) -> tuple[list[Diagnostic], list[Path]]:
    diags: list[Diagnostic] = []
    outputs: list[Path] = []
    name = str(task.tei_path)
    print_html: str | None = None
    for fmt in task.formats:
        target = output_path(task.tei_path, fmt, task.out_dir)
        warnings: list[str] = []
        try:
            if fmt == "pdf" and print_html is not None:
                data = pdf_from_print_html(print_html, task.out_dir, task.pdf_variant, warnings)
            else:
                _, data = render_file(task.tei_path, fmt, target, task.doc_links,
                                      task.pdf_variant, "index.html", warnings)
                if fmt == "print":
                    print_html = data.decode("utf-8")
        except RenderError as exc:
            diags.append(Diagnostic(Severity.ERROR, f"render.{fmt}", str(exc), name))
            continue
        diags.extend(Diagnostic(Severity.INFO, "render.css", w, name)
                     for w in dict.fromkeys(warnings))
        atomic_write(target, data)
        outputs.append(target)
    return diags, outputs


def render_all(tei_paths: Iterable[Path], out_dir: Path, formats: Sequence[str] = FORMATS,
               jobs: int = 1, pdf_variant: str | None = None,
               ) -> tuple[list[Diagnostic], list[Path]]:
    """The build's rendering: every TEI file to every format in ``out_dir``, then
    ``out_dir/index.html`` listing them all. All files are written atomically."""
    unknown = [f for f in formats if f not in SUFFIXES]
    if unknown:
        raise ValueError(f"unknown format(s) {', '.join(unknown)} (use {', '.join(FORMATS)})")
    infos = [doc_info(Path(p)) for p in tei_paths]
    links = doc_links_for(infos)
    tasks = [_Task(i.path, out_dir, tuple(formats), links, pdf_variant) for i in infos]
    diags: list[Diagnostic] = []
    outputs: list[Path] = []
    # A worker costs ~1.5 s to start (Python, Saxon, WeasyPrint fonts): give each at least
    # MIN_DOCS_PER_WORKER documents, else serial is faster (measured on the seeds).
    workers = min(jobs, len(tasks) // MIN_DOCS_PER_WORKER)
    if workers > 1:
        # spawn, not fork: a forked child would inherit this process's Saxon (GraalVM) state
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            results = list(pool.map(_render_task, tasks))
    else:
        results = [_render_task(t) for t in tasks]
    for info, (d, o) in zip(infos, results, strict=True):
        diags.extend(d)
        outputs.extend(o)
        info.outputs = {fmt: output_path(info.path, fmt, out_dir) for fmt in formats
                        if output_path(info.path, fmt, out_dir) in o}
    if infos:
        index = out_dir / "index.html"
        try:
            atomic_write(index, renderer().index(index_listing(infos, out_dir)).encode("utf-8"))
            outputs.append(index)
        except RenderError as exc:
            diags.append(Diagnostic(Severity.ERROR, "render.index", str(exc), str(index)))
    return diags, outputs


def index_listing(infos: Sequence[DocInfo], out_dir: Path) -> str:
    """The small XML document index.xsl reads: one <doc> per TEI file, links relative to
    out_dir, ``src`` the TEI's file URI (the stylesheet reads the metadata from there)."""
    attr_names = {"html": "href", "print": "print", "pdf": "pdf"}
    rows = []
    for info in infos:
        attrs = {"src": info.path.resolve().as_uri(),
                 "xml": os.path.relpath(info.path.resolve(), out_dir.resolve())}
        for fmt, path in info.outputs.items():
            attrs[attr_names[fmt]] = path.name
        rows.append("<doc " + " ".join(f"{k}={quoteattr(Path(v).as_posix() if k != 'src' else v)}"
                                       for k, v in attrs.items()) + "/>")
    return "<docs>" + "".join(rows) + "</docs>"
