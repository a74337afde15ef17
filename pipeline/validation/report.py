"""Validation reports as text, JSON or JUnit XML (one testcase per file and layer), for
terminals, scripts and CI dashboards respectively."""

from __future__ import annotations

import json
from collections.abc import Sequence

from lxml import etree

from pipeline.diagnostics import Diagnostic, Severity
from pipeline.validate import FileReport, layer_of


def _where(d: Diagnostic) -> str:
    return f"{d.path}:{d.line}:{d.col}"


def _line(d: Diagnostic) -> str:
    level = "" if d.severity is Severity.ERROR else f"{d.severity.name.lower()}: "
    return f"{_where(d)}: {layer_of(d)}: {level}{d.message} [{d.code}]"


def summary(reports: Sequence[FileReport]) -> str:
    diags = [d for r in reports for d in r.diagnostics]
    errors = sum(d.severity is Severity.ERROR for d in diags)
    warnings = sum(d.severity is Severity.WARNING for d in diags)
    valid = sum(r.ok for r in reports)
    unreadable = sum(r.fatal is not None for r in reports)
    extra = f", {unreadable} unreadable" if unreadable else ""
    return (f"teipipe validate: {len(reports)} file(s), {valid} valid, "
            f"{len(reports) - valid - unreadable} invalid{extra}; "
            f"{errors} error(s), {warnings} warning(s)")


def as_text(reports: Sequence[FileReport]) -> str:
    lines = []
    for r in reports:
        lines.extend(_line(d) for d in r.diagnostics)
        lines.extend(f"{r.path}: {lay.layer}: skipped: {lay.skipped}"
                     for lay in r.layers if lay.skipped)
    lines.append(summary(reports))
    return "\n".join(lines) + "\n"


def as_json(reports: Sequence[FileReport]) -> str:
    items = [{"file": d.path, "line": d.line, "col": d.col, "layer": layer_of(d),
              "code": d.code, "level": d.severity.name.lower(), "message": d.message}
             for r in reports for d in r.diagnostics]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def as_junit(reports: Sequence[FileReport]) -> str:
    suites = etree.Element("testsuites", name="teipipe validate")
    suite = etree.SubElement(suites, "testsuite", name="teipipe validate")
    tests = failures = errors = skipped = 0
    for r in reports:
        if r.fatal is not None:
            tests += 1
            errors += 1
            case = etree.SubElement(suite, "testcase", classname=r.path, name="parse")
            err = etree.SubElement(case, "error", message=r.fatal.message, type=r.fatal.code)
            err.text = _line(r.fatal)
            continue
        for lay in r.layers:
            tests += 1
            case = etree.SubElement(suite, "testcase", classname=r.path, name=lay.layer)
            if lay.skipped:
                skipped += 1
                etree.SubElement(case, "skipped", message=lay.skipped)
                continue
            bad = [d for d in lay.diagnostics if d.severity is Severity.ERROR]
            if bad:
                failures += 1
                fail = etree.SubElement(case, "failure", type=bad[0].code,
                                        message=f"{len(bad)} error(s); first: {bad[0].message}")
                fail.text = "\n".join(_line(d) for d in lay.diagnostics)
            elif lay.diagnostics:
                out = etree.SubElement(case, "system-out")
                out.text = "\n".join(_line(d) for d in lay.diagnostics)
    for el in (suites, suite):
        el.set("tests", str(tests))
        el.set("failures", str(failures))
        el.set("errors", str(errors))
    suite.set("skipped", str(skipped))
    return etree.tostring(suites, xml_declaration=True, encoding="UTF-8",
                          pretty_print=True).decode("utf-8")


FORMATS = {"text": as_text, "json": as_json, "junit": as_junit}
