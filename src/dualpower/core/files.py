"""Atomic file writes and TOML reading shared by every layer that touches disk.

A reader (a dashboard, a resumed sweep, a second process) must never see half a file:
everything is written to a hidden temporary sibling, synced, then renamed into place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import numpy as np

from .errors import InputError


@contextlib.contextmanager
def atomic_file(path: Path | str, mode: str = "wb") -> Iterator[IO]:
    """Open a temporary sibling of ``path`` for writing; rename it onto ``path`` on success.

    On any error the temporary file is removed and ``path`` is left as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~umask())
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@functools.cache
def umask() -> int:
    """The process umask (read once: reading it means setting it, which is not thread-safe).

    Temporary files are created private and must get the usual modes back.
    """
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(path: Path | str, text: str) -> Path:
    """Write a text file atomically."""
    with atomic_file(path, "w") as f:
        f.write(text)
    return Path(path)


def write_json(path: Path | str, data: Any) -> Path:
    """Write JSON atomically, turning NumPy scalars, dates and paths into plain values."""
    return write_text(path, json.dumps(data, indent=2, default=_json_default) + "\n")


def write_parquet(table: Any, path: Path | str) -> Path:
    """Write an Arrow table as Parquet atomically."""
    import pyarrow.parquet as pq

    with atomic_file(path, "wb") as f:
        pq.write_table(table, f)
    return Path(path)


def _json_default(obj: Any) -> Any:
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, (dt.date, Path)):
        return str(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def read_toml(path: Path | str) -> dict[str, Any]:
    """Parse a TOML file, naming the file and line on a syntax error."""
    path = Path(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise InputError(str(path), "", f"malformed TOML: {err}") from None
    except UnicodeDecodeError as err:
        raise InputError(str(path), "", f"not UTF-8 text (byte {err.start})") from None
    except RecursionError:
        raise InputError(str(path), "", "malformed TOML: nested too deeply") from None
    except OSError as err:
        raise InputError(str(path), "", err.strerror or "cannot read") from None


RESULTS_MARKER = ".dualpower-results"
"""Written last into every results folder: the names of the files dualpower wrote there."""


def mark_ours(folder: Path) -> None:
    """Record every entry of ``folder`` as written by dualpower (call when the folder is complete)."""
    names = sorted(p.name for p in folder.iterdir() if p.name != RESULTS_MARKER)
    write_json(folder / RESULTS_MARKER, {"written_by": "dualpower", "files": names})


def ours(folder: Path) -> set[str]:
    """Names the marker of ``folder`` says dualpower wrote (empty when there is no readable marker)."""
    try:
        data = json.loads((folder / RESULTS_MARKER).read_text(encoding="utf-8"))
        files = data["files"] if isinstance(data, dict) and data.get("written_by") == "dualpower" else []
    except (OSError, ValueError, KeyError):
        return set()
    return {f for f in files if isinstance(f, str)} | {RESULTS_MARKER}


def foreign(folder: Path) -> list[str]:
    """Entries of an existing folder that dualpower did not write, sorted (empty for a missing folder)."""
    if not folder.is_dir():
        return []
    mine = ours(folder)
    return sorted(p.name for p in folder.iterdir() if p.name not in mine)


def read_json(path: Path | str) -> dict[str, Any]:
    """A JSON object from a file we wrote earlier, naming the file if it is not one."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, RecursionError) as err:
        raise InputError(str(path), "", f"corrupt JSON: {str(err).splitlines()[0][:120]}") from None
    except OSError as err:
        raise InputError(str(path), "", err.strerror or "cannot read") from None
    if not isinstance(data, dict):
        raise InputError(str(path), "", f"corrupt: a JSON object was expected, not {type(data).__name__}")
    return data


def file_digest(path: Path | str) -> dict[str, Any]:
    """Size and SHA-256 of a file, recorded when it is written and checked before it is trusted again."""
    import hashlib

    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
            size += len(block)
    return {"bytes": size, "sha256": h.hexdigest()}
