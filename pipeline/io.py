"""Safe file output: atomic writes and output paths that cannot escape their directory."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same directory + rename, so
    readers (and an interrupted build) never see a partial file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def safe_output_path(out_dir: Path | str, name: str) -> Path:
    """``out_dir/name`` with ``name`` reduced to a plain file name: inputs called
    ``../../etc/x.txt`` or ``/abs/x.txt`` still land inside ``out_dir``."""
    out_dir = Path(out_dir).resolve()
    base = Path(name).name
    if base in ("", ".", ".."):
        raise ValueError(f"unusable output name {name!r}")
    target = (out_dir / base).resolve()
    if target.parent != out_dir:
        raise ValueError(f"output path {target} escapes {out_dir}")
    return target
