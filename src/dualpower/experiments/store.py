"""An experiment folder: spec and hash, an append-only status log, per-run parts, runs.parquet.

Layout::

    OUT/experiment.json                      spec, its hash, the seed entropy
    OUT/status.jsonl                         one line per finished attempt (latest wins)
    OUT/timeseries/run=00042/part.parquet    one part per run (a hive-partitioned dataset)
    OUT/runs.parquet                         one row per run: parameters, seed, outcome, finals
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from ..core import InputError
from ..core.files import file_digest, read_json, write_json, write_parquet
from ..core.results import versions
from .plan import Plan
from .runner import SUCCEEDED, Task

EXPERIMENT, STATUS, RUNS, TIMESERIES = "experiment.json", "status.jsonl", "runs.parquet", "timeseries"
LOCK = ".lock"
"""Held (flock) by the one process writing the folder, so that two resumes never run the same runs."""


def check_folder(out: Path, plan: Plan, resume: bool) -> dict[str, Any] | None:
    """Refuse a folder holding anything but this experiment; return its record when resuming."""
    if out.exists() and not out.is_dir():
        raise InputError(str(out), "--out", "exists and is not a folder")
    if not out.is_dir() or all(p.name == LOCK for p in out.iterdir()):
        return None
    if not (out / EXPERIMENT).is_file():
        raise InputError(str(out), "--out", "folder is not empty and holds no dualpower experiment")
    held = read_json(out / EXPERIMENT)
    if held.get("hash") != plan.hash:
        raise InputError(
            str(out), "--out", f"holds a different experiment (spec hash {held.get('hash')} != {plan.hash})"
        )
    if not resume:
        raise InputError(str(out), "--out", "already holds this experiment; pass --resume to finish it")
    return held


def lock_folder(out: Path) -> int:
    """An exclusive lock on the folder (a descriptor to close), or an error if another process holds it."""
    fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except ImportError:  # pragma: no cover - no flock (Windows): no lock
        pass
    except OSError:
        os.close(fd)
        raise InputError(str(out), "--out", "another process is writing this experiment; wait for it to end") from None
    return fd


class Store:
    """The client's handle on an experiment folder; the only writer of its status log."""

    def __init__(self, root: Path, entropy: int, lock: int | None = None) -> None:
        self.root, self.entropy, self._lock = root, entropy, lock
        self._log = None

    @classmethod
    def open(cls, out: Path, plan: Plan, resume: bool) -> "Store":
        """Create or reopen the folder and lock it; seeds come from the spec, the scenario, or entropy kept here."""
        check_folder(out, plan, resume)
        out.mkdir(parents=True, exist_ok=True)
        lock = lock_folder(out)
        try:
            return cls._open_locked(out, plan, resume, lock)
        except BaseException:
            os.close(lock)
            raise

    @classmethod
    def _open_locked(cls, out: Path, plan: Plan, resume: bool, lock: int) -> "Store":
        held = check_folder(out, plan, resume)
        if held is not None:
            store = cls(out, int(held["entropy"]), lock)
            store._clean_temp()
            return store
        seed = plan.spec.seed if plan.spec.seed is not None else plan.scenario.seed
        entropy = int(np.random.SeedSequence(seed).entropy)
        record = {
            "hash": plan.hash,
            "entropy": str(entropy),
            "runs": plan.runs,
            "varied": list(plan.varied),
            "keep": list(plan.keep),
            **plan.identity(),
            "versions": versions(),
            "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        }
        write_json(out / EXPERIMENT, record)
        return cls(out, entropy, lock)

    def part(self, run: int) -> Path:
        """Where run ``run`` writes its time series."""
        return self.root / TIMESERIES / f"run={run:05d}" / "part.parquet"

    def latest(self) -> dict[int, dict[str, Any]]:
        """The last complete status line of each run (a line torn by a crash is skipped)."""
        path = self.root / STATUS
        out: dict[int, dict[str, Any]] = {}
        if not path.is_file():
            return out
        with path.open(encoding="utf-8") as f:
            for line in f:
                rec = _status_line(line)
                if rec is not None:
                    out[rec["run"]] = rec
        return out

    def finished(self) -> set[int]:
        """Runs that need no rerun: SUCCEEDED in the log, and their part on disk with the size and checksum logged."""
        return {r for r, rec in self.latest().items() if rec["status"] == SUCCEEDED and self.intact(r, rec.get("part"))}

    def intact(self, run: int, logged: Any) -> bool:
        """Whether run ``run``'s part is the file its status line describes (truncated or altered parts are not)."""
        path = self.part(run)
        if not path.is_file():
            return False
        if not isinstance(logged, dict):
            return path.stat().st_size > 0
        return path.stat().st_size == logged.get("bytes") and file_digest(path) == logged

    def append(self, record: dict[str, Any]) -> None:
        """Append one status line, flushed and synced so that a crash loses at most this line."""
        if self._log is None:
            self._log = (self.root / STATUS).open("a+", encoding="utf-8")
            self._end_torn_line()
        self._log.write(json.dumps(record, default=str) + "\n")
        self._log.flush()
        os.fsync(self._log.fileno())

    def _end_torn_line(self) -> None:
        """Start on a fresh line if a crash left the log mid-line."""
        size = self._log.seek(0, os.SEEK_END)
        if size:
            self._log.seek(size - 1)
            if self._log.read(1) != "\n":
                self._log.write("\n")

    def _clean_temp(self) -> None:
        """Remove half-written parts of runs a crash interrupted."""
        for tmp in (self.root / TIMESERIES).glob("run=*/.*.tmp"):
            tmp.unlink(missing_ok=True)

    def close(self) -> None:
        """Close the status log and release the folder."""
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def write_runs(self) -> Path:
        """Write runs.parquet from the status log (atomically), one row per run, by run id."""
        latest = self.latest()
        rows = [flatten(latest[r]) for r in sorted(latest)]
        names = [k for k in dict.fromkeys(k for row in rows for k in row) if k != "error"] + ["error"]
        table = pa.table({k: pa.array([row.get(k) for row in rows]) for k in names})
        path = self.root / RUNS
        write_parquet(table, path)
        return path


def _status_line(line: str) -> dict[str, Any] | None:
    """A status record, or None for a line torn by a crash or not one of ours."""
    try:
        rec = json.loads(line)
    except (ValueError, RecursionError):
        return None
    ok = isinstance(rec, dict) and isinstance(rec.get("run"), int) and isinstance(rec.get("status"), str)
    return rec if ok else None


def record(task: Task, params: dict[str, Any], rep: int, result: dict[str, Any]) -> dict[str, Any]:
    """The status line of a finished attempt."""
    seed = {"entropy": str(task.entropy), "spawn_key": list(task.spawn_key)}
    return {
        "run": task.run,
        "status": result["status"],
        "params": params,
        "rep": rep,
        "seed": seed,
        **{k: v for k, v in result.items() if k != "run"},
    }


def flatten(rec: dict[str, Any]) -> dict[str, Any]:
    """One runs.parquet row: ids, parameters, seed, outcome, final metrics, probed output, error."""
    outcome = rec.get("outcome") or {}
    return {
        "run": rec["run"],
        "rep": rec.get("rep"),
        "status": rec["status"],
        **rec.get("params", {}),
        "seed_entropy": rec["seed"]["entropy"],
        "seed_key": rec["seed"]["spawn_key"][0],
        "steps": rec.get("steps"),
        "wall_s": rec.get("wall_s"),
        "outcome_type": outcome.get("type"),
        "outcome_date": _text(outcome.get("date_os")),
        "outcome_step": outcome.get("step"),
        **(rec.get("final") or {}),
        **(rec.get("output") or {}),
        "error": rec.get("error"),
    }


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
