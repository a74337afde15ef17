"""Reading input bytes into text: the only place that knows about encodings and newlines.

Errors name the file and the problem; recoverable oddities (BOM, CRLF) become warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.diagnostics import ConversionError, Reporter, Span


@dataclass(frozen=True, slots=True)
class SourceText:
    path: str
    text: str  # newline-normalised, BOM removed


def _guess_encoding(data: bytes) -> str:
    """A hint for the error message: which 8-bit encoding the bytes look like."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    if any(0x80 <= b <= 0x9F for b in data):
        return "Windows-1252 (cp1252)"
    return "Latin-1 (ISO-8859-1)"


def decode(data: bytes, path: str, encoding: str | None, reporter: Reporter) -> SourceText:
    if not data.strip():
        reporter.error("input.empty", "file is empty" if not data else "file holds only whitespace",
                       Span(1, 1))
        raise ConversionError(reporter.errors)
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        offset = data.index(b"\x00")
        line = data.count(b"\n", 0, offset) + 1
        reporter.error("input.binary", "file looks like binary data (NUL byte), not text",
                       Span(line, 1))
        raise ConversionError(reporter.errors)
    if encoding:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            reporter.error("input.encoding", f"cannot decode as {encoding}: {exc}", Span(1, 1))
            raise ConversionError(reporter.errors) from exc
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            reporter.error(
                "input.encoding",
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); it looks like "
                f"{_guess_encoding(data)}: try --encoding latin-1 or --encoding cp1252",
                Span(line, col),
            )
            raise ConversionError(reporter.errors) from exc
    if text.startswith("\ufeff"):
        reporter.warning("input.bom", "UTF-8 byte-order mark removed", Span(1, 1))
        text = text[1:]
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        reporter.warning("input.crlf", "CRLF/CR line endings normalised to LF", Span(line, 1))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceText(path, text)


def load(path: Path | str, encoding: str | None, reporter: Reporter) -> SourceText:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reporter.error("input.unreadable", f"cannot read file: {exc.strerror or exc}")
        raise ConversionError(reporter.errors) from exc
    return decode(data, str(path), encoding, reporter)
