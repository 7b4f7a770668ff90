"""A run's results in memory, their manifest, and atomic writing of a results folder."""

from __future__ import annotations

import contextlib
import functools
import glob
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from .errors import InputError
from .files import RESULTS_MARKER, foreign, mark_ours, read_json, umask, write_json
from .params import Params
from .rng import describe

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Results:
    """One run's outputs.

    Attributes:
        timeseries: one row per step: ``step`` plus one column per metric.
        tables: extra tables by name (``events``, ``elections``), each with a ``step`` column.
        manifest: scenario, parameters, seed, versions, timings and the model's summary.
    """

    timeseries: pa.Table
    tables: dict[str, pa.Table] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def events(self) -> pa.Table | None:
        return self.tables.get("events")

    @property
    def elections(self) -> pa.Table | None:
        return self.tables.get("elections")

    def to_pandas(self, name: str = "timeseries"):
        """A table as a pandas DataFrame (needs pandas)."""
        return self._table(name).to_pandas()

    def to_polars(self, name: str = "timeseries"):
        """A table as a polars DataFrame (needs polars)."""
        import polars as pl

        return pl.from_arrow(self._table(name))

    def _table(self, name: str) -> pa.Table:
        return self.timeseries if name == "timeseries" else self.tables[name]

    def write(self, out: Path | str, extra: Callable[[Path], None] | None = None, overwrite: bool = False) -> Path:
        """Write the folder atomically; ``extra(tmpdir)`` may add files (a report) before commit.

        ``overwrite`` allows a folder holding files dualpower did not write; they are kept.
        """
        with staging(Path(out), overwrite) as tmp:
            write_tables(self, tmp)
            if extra is not None:
                extra(tmp)
        return Path(out)


def write_tables(results: Results, folder: Path) -> None:
    """Write Parquet tables and the manifest into an existing folder."""
    pq.write_table(results.timeseries, folder / "timeseries.parquet")
    for name, table in results.tables.items():
        pq.write_table(table, folder / f"{name}.parquet")
    write_json(folder / MANIFEST, results.manifest)


def read_results(folder: Path | str) -> Results:
    """Load a results folder written by :meth:`Results.write`."""
    folder = Path(folder)
    if not (folder / MANIFEST).is_file():
        raise InputError(str(folder), MANIFEST, "not a results folder (no manifest.json)")
    tables = {
        p.stem: pq.read_table(p) for p in sorted(folder.glob("*.parquet")) if p.stem != "timeseries"
    }
    info = read_json(folder / MANIFEST)
    return Results(pq.read_table(folder / "timeseries.parquet"), tables, info)


def check_writable(out: Path, overwrite: bool = False) -> None:
    """Refuse an output path we could not, or should not, write.

    A folder is replaced only if every entry in it was written by dualpower (its marker says so);
    with ``overwrite`` our files are written into any folder and the others are kept.
    """
    if out.name in ("", ".", ".."):
        raise InputError(str(out), "--out", "must name a folder, not the current or parent folder")
    if out.exists() and not out.is_dir():
        raise InputError(str(out), "--out", "exists and is not a folder")
    others = foreign(out)
    if others and not overwrite:
        shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
        raise InputError(str(out), "--out", f"folder holds files dualpower did not write ({shown}); "
                                            "choose another folder, or pass --overwrite to add results and keep them")
    parent = out.parent if out.parent != Path("") else Path(".")
    probe = parent
    while not probe.exists():
        probe = probe.parent
    if not os.access(probe, os.W_OK | os.X_OK):
        raise InputError(str(out), "--out", "folder is not writable")


@contextlib.contextmanager
def staging(out: Path, overwrite: bool = False) -> Iterator[Path]:
    """A temporary sibling folder renamed onto ``out`` on success, removed on failure.

    An existing results folder at ``out`` is replaced only once the new one is complete; into a
    folder holding other files (allowed by ``overwrite``) our files are moved one by one.
    Leftovers of a writer killed mid-commit are cleaned first (see :func:`recover`).
    """
    check_writable(out, overwrite)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        recover(out)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-{os.getpid()}-", dir=out.parent))
        os.chmod(tmp, 0o777 & ~umask())
    except OSError as err:
        raise InputError(str(out), "--out", err.strerror or "cannot create folder") from None
    try:
        yield tmp
        mark_ours(tmp)
        if foreign(out):
            _merge_into(tmp, out)
        else:
            _swap(tmp, out)
    except OSError as err:  # a full disk, a quota: say where
        raise InputError(str(out), "--out", f"cannot write results: {err.strerror or err}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _swap(tmp: Path, out: Path) -> None:
    """Rename ``tmp`` onto ``out``; a previous folder is parked until the new one is in place."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}-", dir=out.parent))
        os.replace(out, old / "x")
    os.replace(tmp, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _merge_into(tmp: Path, out: Path) -> None:
    """Move our files into a folder that also holds others', which stay as they are."""
    for f in sorted(tmp.iterdir(), key=lambda p: p.name == RESULTS_MARKER):
        os.replace(f, out / f.name)


def recover(out: Path) -> None:
    """Clean what a writer of ``out`` killed mid-commit left: its temporary folder, and its parked
    previous folder, which is put back when ``out`` itself is missing. Folders of live writers are left."""
    for tmp in out.parent.glob(f".{glob.escape(out.name)}.*-*-*"):
        kind, _, rest = tmp.name[len(out.name) + 2:].partition("-")
        pid = rest.split("-", 1)[0]
        if kind not in ("tmp", "old") or not pid.isdigit() or _alive(int(pid)):
            continue
        if kind == "old" and (tmp / "x").is_dir() and not out.exists():
            os.replace(tmp / "x", out)
        shutil.rmtree(tmp, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MiB."""
    try:
        import resource

        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return kb / 1024 if sys.platform != "darwin" else kb / 2**20
    except ImportError:  # pragma: no cover - Windows
        import psutil

        return psutil.Process().memory_info().peak_wset / 2**20


@functools.cache
def git_revision() -> str | None:
    """The git commit of the source tree the package runs from, if it is a checkout."""
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


@functools.cache
def _versions() -> tuple[tuple[str, str], ...]:
    """Looked up once per process: a sweep's thousand runs share one interpreter."""
    return tuple(_lookup_versions().items())


def versions() -> dict[str, str]:
    """Versions of Python and the libraries that decide the numbers."""
    return dict(_versions())


def _lookup_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version(), "platform": platform.platform()}
    for pkg in ("dualpower", "numpy", "numba", "pyarrow", "pydantic"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "unknown"
    return out


def manifest(
    *,
    model: str,
    scenario: str,
    params: Params,
    seed: np.random.SeedSequence,
    steps: int,
    wall_time_s: float,
    agents: int,
    peak_rss_mb: float,
    extra: dict[str, Any],
) -> dict[str, Any]:
    """The provenance record written as ``manifest.json``."""
    return {
        "scenario": scenario,
        "model": model,
        "parameters": params.model_dump(mode="json"),
        "seed": describe(seed),
        "steps": steps,
        "agents": agents,
        "wall_time_s": round(wall_time_s, 4),
        "peak_rss_mb": round(peak_rss_mb, 1),
        "versions": versions(),
        "git_revision": git_revision(),
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        **extra,
    }
