"""Diagnostics as data: every problem carries a file, a line and a stable code.

Stages never print; they report to a :class:`Reporter`. The CLI decides what is fatal
(errors always; warnings with ``--strict``) and how to print (``file:line:col: level[code]``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2


@dataclass(frozen=True, slots=True)
class Span:
    """Where a thing came from: 1-based line and column in the input file."""

    line: int
    col: int = 1


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    path: str = "<input>"
    line: int = 0
    col: int = 0

    def format(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        return f"{where}: {self.severity.name.lower()}[{self.code}]: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.path,
            "line": self.line,
            "col": self.col,
            "level": self.severity.name.lower(),
            "code": self.code,
            "message": self.message,
        }


@dataclass
class Reporter:
    """Collects diagnostics for one input file."""

    path: str = "<input>"
    items: list[Diagnostic] = field(default_factory=list)

    def report(self, severity: Severity, code: str, message: str, span: Span | None = None) -> None:
        line, col = (span.line, span.col) if span else (0, 0)
        self.items.append(Diagnostic(severity, code, message, self.path, line, col))

    def error(self, code: str, message: str, span: Span | None = None) -> None:
        self.report(Severity.ERROR, code, message, span)

    def warning(self, code: str, message: str, span: Span | None = None) -> None:
        self.report(Severity.WARNING, code, message, span)

    def info(self, code: str, message: str, span: Span | None = None) -> None:
        self.report(Severity.INFO, code, message, span)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def max_severity(self) -> Severity | None:
        return max((d.severity for d in self.items), default=None)


class ConversionError(Exception):
    """Input that cannot be converted; carries the diagnostics that explain why."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))
