"""Safe file output: atomic writes and output paths that cannot escape their directory."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def _default_mode(path: Path) -> int:
    """The mode a plain ``open(path, "w")`` would give: the existing file's, else 0o666
    less the umask (mkstemp's 0o600 would make outputs unreadable to a web server)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same directory + rename, so
    readers (and an interrupted build) never see a partial file: on any failure the old
    file, if there was one, is left as it was and the temporary file is removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _default_mode(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def safe_output_path(out_dir: Path | str, name: str) -> Path:
    """``out_dir/name`` with ``name`` reduced to a plain file name: inputs called
    ``../../etc/x.txt`` or ``/abs/x.txt`` still land inside ``out_dir``.

    The last component is deliberately not resolved: if ``out_dir/x.xml`` is a symlink to
    somewhere else, :func:`atomic_write`'s rename replaces the link itself with a regular
    file, so nothing outside ``out_dir`` is ever written."""
    out_dir = Path(out_dir).resolve()
    base = Path(name).name
    if base in ("", ".", "..") or "\x00" in base:
        raise ValueError(f"unusable output name {name!r}")
    target = out_dir / base
    if target.parent != out_dir:
        raise ValueError(f"output path {target} escapes {out_dir}")
    return target


def refuse_overwrite(target: Path | str, *inputs: Path | str) -> None:
    """Raise ``ValueError`` if ``target`` is one of ``inputs`` (same file, however named):
    a command never writes over what it reads."""
    target = Path(target)
    if not target.exists():
        return
    for src in inputs:
        try:
            if Path(src).exists() and os.path.samefile(target, src):
                raise ValueError(f"{target}: refusing to overwrite the input file")
        except OSError:
            continue
