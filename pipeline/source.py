"""Reading input bytes into text: the only place that knows about encodings and newlines.

Errors name the file and the problem; recoverable oddities (BOM, CRLF) become warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.diagnostics import ConversionError, Reporter, Span

# characters XML 1.0 cannot carry at all (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF,
# lone surrogates from a lenient --encoding): such input cannot become TEI, so it is an
# error with a position rather than a crash in the encoder
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class SourceText:
    path: str
    text: str  # newline-normalised, BOM removed


def _guess_encoding(data: bytes) -> tuple[str, str]:
    """A hint for the error message: what the bytes look like, and the --encoding to try."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 (it starts with a UTF-16 byte-order mark)", "--encoding utf-16"
    if any(0x80 <= b <= 0x9F for b in data):
        # C1 bytes are unused in Latin-1 text but are cp1252's curly quotes and dashes
        return "Windows-1252 (cp1252)", "--encoding cp1252"
    return "Latin-1 (ISO-8859-1)", "--encoding latin-1"


# file signatures worth naming in the "binary data" message
_MAGIC = {
    b"%PDF": "a PDF file", b"PK\x03\x04": "a ZIP archive (or .docx/.odt)",
    b"\x1f\x8b": "a gzip file", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office file (.doc)", b"{\\rtf": "an RTF file",
}
_TEXT_CONTROLS = frozenset(b"\t\n\r\f")


def _binary_reason(data: bytes) -> tuple[str, int] | None:
    """Why ``data`` is not text at all (and the byte offset to point at), or None.

    NUL bytes, a known binary signature, or many C0 control bytes (over 5% of the first
    8 KB; text has none but tab, LF, CR, FF) — UTF-16 with a BOM is text and is let through.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return f"this looks like {what}, not a text file", 0
    if b"\x00" in data:
        return "file looks like binary data (NUL byte), not text", data.index(b"\x00")
    head = data[:8192]
    controls = [i for i, b in enumerate(head) if (b < 0x20 or b == 0x7F)
                and b not in _TEXT_CONTROLS]
    if len(controls) > max(2, len(head) // 20):
        return (f"file looks like binary data ({len(controls)} control bytes in the first "
                f"{len(head)}), not text", controls[0])
    return None


def decode(data: bytes, path: str, encoding: str | None, reporter: Reporter) -> SourceText:
    if not data.strip():
        reporter.error("input.empty", "file is empty" if not data else "file holds only whitespace",
                       Span(1, 1))
        raise ConversionError(reporter.errors)
    binary = _binary_reason(data)
    if binary is not None:
        message, offset = binary
        line = data.count(b"\n", 0, offset) + 1
        reporter.error("input.binary", message, Span(line, 1))
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
            looks, option = _guess_encoding(data)
            reporter.error(
                "input.encoding",
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); it looks like {looks}: "
                f"try {option}",
                Span(line, col),
            )
            raise ConversionError(reporter.errors) from exc
    if text.startswith("\ufeff"):
        reporter.warning("input.bom", "UTF-8 byte-order mark removed", Span(1, 1))
        text = text[1:]
    if not text.strip():
        reporter.error("input.empty", "file holds only whitespace", Span(1, 1))
        raise ConversionError(reporter.errors)
    bad = NOT_XML.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        reporter.error("input.control",
                       f"control character U+{ord(bad.group()):04X} cannot be represented in "
                       "XML; remove it (or is this a binary file?)", Span(line, col))
        raise ConversionError(reporter.errors)
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
