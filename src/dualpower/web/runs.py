"""Runs started from the dashboard: a bounded worker pool, live partial data, cancel, results on disk.

A run goes through ``dualpower.simulate`` like ``dualpower run`` does; an observer keeps each
observed row in memory, which is what the live charts draw while the run goes on.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from ..api import simulate
from ..core import InputError, Metric, Observer, Params
from ..core.files import read_json
from ..report import from_tables, run_payload, write_report
from ..scenarios import Scenario

RUN_ID = re.compile(r"^[0-9a-f]{12}$")
PARTIAL_EVERY_S = 0.5
PARTIAL_POINTS = 1000


class Cancelled(Exception):
    """Raised inside a run's thread to stop it at the next step."""


@dataclass
class LiveRun:
    """One dashboard run: its request, progress, rows observed so far and final status."""

    id: str
    scenario: str
    params: Params
    steps: int
    seed: int | None
    status: str = "queued"
    done: int = 0
    error: str = ""
    outcome: str | None = None
    created: float = field(default_factory=time.time)
    rows: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    schema: dict[str, Any] = field(default_factory=dict)
    cancel: threading.Event = field(default_factory=threading.Event)
    _partial: dict | None = None
    _partial_at: float = 0.0
    _partial_lock: threading.Lock = field(default_factory=threading.Lock)

    def info(self) -> dict[str, Any]:
        """What the API reports about the run."""
        return {"id": self.id, "scenario": self.scenario, "status": self.status, "done": self.done, "total": self.steps,
                "error": self.error, "created": self.created, "outcome": self.outcome}

    def partial(self) -> dict | None:
        """The report payload of the rows observed so far (None before the first row).

        However many viewers ask, it is built at most once per ``PARTIAL_EVERY_S`` and from at most
        ``PARTIAL_POINTS`` rows (evenly thinned, the last kept), so that watching never slows the run.
        """
        with self._partial_lock:
            if self._partial is None or time.monotonic() - self._partial_at >= PARTIAL_EVERY_S:
                self._partial = self._build_partial()
                self._partial_at = time.monotonic()
            return self._partial

    def _build_partial(self) -> dict | None:
        seen, extra = self.rows, self.extra
        n = len(seen)
        if n == 0:
            return None
        stride = -(-n // PARTIAL_POINTS)
        picks = sorted(set(range(0, n, stride)) | {n - 1})
        rows = [{"step": i, **seen[i]} for i in picks]
        tables = {k: pa.Table.from_pylist(list(v)) for k, v in extra.items() if v}
        return run_payload(from_tables(pa.Table.from_pylist(rows), tables, {"scenario": self.scenario, **self.schema}))

    def release(self) -> None:
        """Drop the rows kept for live charts: an ended run is read back from its folder."""
        self.rows, self.extra, self._partial = [], {}, None


class Live(Observer):
    """Keeps each observed row for the live charts, counts progress, and stops the run when cancelled."""

    def __init__(self, live: LiveRun, case: dict[str, Any] | None) -> None:
        self.live, self.case = live, case

    def start(self, total: int, metrics: list[Metric]) -> None:
        self.live.schema = {"metrics": [m.as_dict() for m in metrics], **({"case": self.case} if self.case else {})}

    def observe(self, step: int, row: dict[str, Any], tables: dict[str, list[dict[str, Any]]]) -> None:
        self.live.rows.append(row)
        for name, rows in tables.items():
            self.live.extra.setdefault(name, []).extend({"step": step, **r} for r in rows)
        self.live.done = step
        if self.live.cancel.is_set():
            raise Cancelled


class RunManager:
    """Starts runs on at most ``workers`` threads (the rest queue) and stores results under ``root``."""

    def __init__(self, root: Path, workers: int = 1) -> None:
        self.root = root
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dualpower-run")
        self.live: dict[str, LiveRun] = {}

    def submit(self, scenario: Scenario, params: Params, steps: int, seed: int | None) -> LiveRun:
        """Queue a validated run; returns at once."""
        live = LiveRun(secrets.token_hex(6), scenario.name, params, steps, seed)
        self.live[live.id] = live
        self.pool.submit(self._execute, scenario, live)
        return live

    def _execute(self, scenario: Scenario, live: LiveRun) -> None:
        """Run, write the results folder with its report, and record how it ended; never raise."""
        if live.cancel.is_set():
            live.status = "cancelled"
            return
        live.status = "running"
        try:
            results = simulate(
                scenario, seed=live.seed, steps=live.steps, params=live.params, observers=[Live(live, scenario.case)]
            )
            results.write(self.folder(live.id), extra=write_report)
            live.outcome = (results.manifest.get("outcome") or {}).get("type")
            live.status = "done"
        except Cancelled:
            live.status = "cancelled"
        except Exception as err:  # a failing run must not take the server down
            live.status, live.error = "failed", f"{type(err).__name__}: {err}"
        finally:
            live.release()

    def cancel(self, run_id: str) -> bool:
        """Ask a queued or running run to stop; False when it already ended."""
        live = self.live.get(run_id)
        if live is None or live.status not in ("queued", "running"):
            return False
        live.cancel.set()
        return True

    def folder(self, run_id: str) -> Path:
        """The results folder of a run id (ids are checked; never a path from a request)."""
        if not RUN_ID.match(run_id):
            raise KeyError(run_id)
        return self.root / run_id

    def finished(self, run_id: str) -> Path | None:
        """The results folder of a completed run, if it exists."""
        try:
            folder = self.folder(run_id)
        except KeyError:
            return None
        return folder if (folder / "manifest.json").is_file() else None

    def listing(self) -> list[dict[str, Any]]:
        """Runs of this session and earlier ones found under ``root``, newest first."""
        out = {k: v.info() for k, v in self.live.items()}
        for folder in self.root.iterdir() if self.root.is_dir() else ():
            if RUN_ID.match(folder.name) and folder.name not in out and (folder / "manifest.json").is_file():
                with contextlib.suppress(InputError):  # one unreadable folder must not hide the others
                    out[folder.name] = past_run(folder)
        return sorted(out.values(), key=lambda r: r["created"], reverse=True)

    def shutdown(self) -> None:
        """Cancel everything and stop the workers."""
        for live in self.live.values():
            live.cancel.set()
        self.pool.shutdown(wait=False, cancel_futures=True)


def past_run(folder: Path) -> dict[str, Any]:
    """A run found on disk, described from its manifest."""
    m = read_json(folder / "manifest.json")
    return {
        "id": folder.name,
        "scenario": m.get("scenario", "?"),
        "status": "done",
        "done": m.get("steps", 0),
        "total": m.get("steps", 0),
        "error": "",
        "created": folder.stat().st_mtime,
        "outcome": (m.get("outcome") or {}).get("type"),
    }
