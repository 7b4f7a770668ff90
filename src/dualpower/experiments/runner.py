"""Run tasks on any ``concurrent.futures.Executor``; each run writes its own Parquet part, atomically.

Workers return small dicts (status, final values, outcome), never tables, so the client's
memory does not grow with the size of runs; submission is windowed so it does not grow
with their number either.
"""

from __future__ import annotations

import functools
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from ..api import simulate
from ..core.errors import interrupted
from ..core.files import file_digest, write_parquet
from ..scenarios import Scenario, load
from .spec import Condition

SUCCEEDED, FAILED = "SUCCEEDED", "FAILED"
DATE_COLUMNS = ("date_os", "date")


@dataclass(frozen=True)
class Task:
    """Everything one run needs; small and picklable.

    Attributes:
        run: run id.
        scenario: a scenario file path (loaded once per worker process) or a Scenario.
        overrides: parameter values over the scenario's.
        entropy, spawn_key: the run's ``SeedSequence``.
        steps: maximum run length.
        keep: metrics written to the part.
        every: keep every N-th step (and the last); 0 keeps the last only.
        when: stop conditions, any of which ends the run.
        output: (label, metric, at) of a value probed at a step or date, or None.
        part: where the run's Parquet part goes.
    """

    run: int
    scenario: str | Scenario
    overrides: dict[str, Any]
    entropy: int
    spawn_key: tuple[int, ...]
    steps: int
    keep: tuple[str, ...]
    every: int
    when: tuple[Condition, ...]
    output: tuple[str, str, int | str | None] | None
    part: str

    @property
    def seed(self) -> np.random.SeedSequence:
        return np.random.SeedSequence(self.entropy, spawn_key=self.spawn_key)


@functools.lru_cache(maxsize=8)
def _load(path: str) -> Scenario:
    """Load a scenario once per worker process."""
    return load(path)


def scenario_of(ref: str | Scenario) -> Scenario:
    """The Scenario behind a task's reference."""
    return ref if isinstance(ref, Scenario) else _load(ref)


def execute(task: Task) -> dict[str, Any]:
    """Run one task in a worker; a failure is returned as data, never raised."""
    started = time.perf_counter()
    try:
        result = _simulate(task)
    except Exception as err:  # noqa: BLE001 - any model error becomes a FAILED record
        if interrupted(err):
            raise KeyboardInterrupt from None
        tb = traceback.extract_tb(err.__traceback__)[-1:]
        where = f" ({Path(tb[0].filename).name}:{tb[0].lineno})" if tb else ""
        result = {"status": FAILED, "error": f"{type(err).__name__}: {err}{where}"}
    return {"run": task.run, **result, "wall_s": round(time.perf_counter() - started, 4)}


def _simulate(task: Task) -> dict[str, Any]:
    sc = scenario_of(task.scenario)
    stop = (lambda row: any(c.holds(row) for c in task.when)) if task.when else None
    res = simulate(sc, seed=task.seed, steps=task.steps, params=task.overrides, stop_when=stop, source="task")
    ts = res.timeseries
    write_parquet(thin(ts, task.keep, task.every), task.part)
    last = {c: ts.column(c)[-1].as_py() for c in task.keep}
    out = {"status": SUCCEEDED, "steps": res.manifest["steps"], "final": last, "outcome": res.manifest.get("outcome"),
           "part": file_digest(task.part)}
    if task.output is not None:
        out["output"] = {task.output[0]: probe(ts, task.output[1], task.output[2])}
    return out


def thin(ts: pa.Table, keep: tuple[str, ...], every: int) -> pa.Table:
    """Keep the chosen metrics at every ``every``-th step and the last (the last only if 0)."""
    steps = ts.column("step").to_numpy()
    mask = steps == steps[-1]
    if every:
        mask |= steps % every == 0
    return ts.select(["step", *keep]).filter(pa.array(mask))


def probe(ts: pa.Table, metric: str, at: int | str | None) -> Any:
    """A metric's value at a step or date (its last value if the run ended before)."""
    column = ts.column(metric).to_pylist()
    if at is None:
        return column[-1]
    if isinstance(at, int):
        keys = ts.column("step").to_pylist()
    else:
        keys = [str(d) for d in ts.column(next(c for c in DATE_COLUMNS if c in ts.column_names)).to_pylist()]
    return column[keys.index(at)] if at in keys else column[-1]


def run_tasks(
    executor: Executor,
    tasks: Iterable[Task],
    on_result: Callable[[Task, dict[str, Any]], None],
    window: int = 256,
) -> None:
    """Submit tasks with at most ``window`` in flight; call ``on_result`` as each completes.

    A worker that dies (or an executor that breaks) turns its task into a FAILED record.
    """
    pending: dict[Future, Task] = {}
    queue = iter(tasks)
    for task in _take(queue, window):
        pending[executor.submit(execute, task)] = task
    while pending:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for fut in done:
            task = pending.pop(fut)
            on_result(task, _result(fut, task))
        for task in _take(queue, len(done)):
            pending[executor.submit(execute, task)] = task


def _take(queue: Iterator[Task], n: int) -> list[Task]:
    return [task for _, task in zip(range(n), queue)]


def _result(fut: Future, task: Task) -> dict[str, Any]:
    try:
        return fut.result()
    except Exception as err:  # noqa: BLE001 - a lost worker is a failed run, not a failed sweep
        if interrupted(err):
            raise KeyboardInterrupt from None
        return {"run": task.run, "status": FAILED, "error": f"{type(err).__name__}: {err}", "wall_s": None}
