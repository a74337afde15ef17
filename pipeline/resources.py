"""Where the shipped schemas and stylesheets live: inside the wheel (``pipeline/_data``) or,
in a source checkout, at the repository's top level (``schemas/``, ``xslt/``)."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    for candidate in (_PKG / "_data" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"teipipe resource directory {name!r} not found (broken install?)")


def schemas_dir() -> Path:
    return data_dir("schemas")


def xslt_dir() -> Path:
    return data_dir("xslt")
