"""Sweeps: validate, open the folder and the executor, run what is not done yet, index the results."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .executors import ExecutorOptions, open_executor
from .plan import Plan, plan_experiment
from .runner import SUCCEEDED, Task, run_tasks
from .spec import ExperimentSpec, load_spec
from .store import Store, check_folder, record

SweepProgress = Callable[[int, int, int], None]
"""Called as ``progress(done, failed, total)`` after each run (runs skipped on resume count as done)."""


@dataclass(frozen=True)
class SweepReport:
    """How a sweep went: where its results are and how many runs succeeded, failed or were skipped."""

    out: Path
    runs: int
    skipped: int
    succeeded: int
    failed: int

    @property
    def ok(self) -> bool:
        return self.failed == 0


def sweep(
    spec: ExperimentSpec | str | Path,
    out: str | Path,
    executor: Executor | ExecutorOptions | None = None,
    resume: bool = False,
    progress: SweepProgress | None = None,
) -> SweepReport:
    """Run an experiment into ``out``: one Parquet part per run, a status log, runs.parquet.

    Args:
        spec: an :class:`ExperimentSpec` or the path of a spec TOML file.
        out: the experiment folder (refused if it holds another experiment).
        executor: any ``concurrent.futures.Executor`` (left open), or options for one the
            sweep opens and closes; default: a local process pool on all cores.
        resume: skip runs that SUCCEEDED and have their part; rerun failed or missing ones.
        progress: called as ``progress(done, failed, total)``.

    Raises:
        InputError: bad spec, folder or scheduler; raised before any run starts.
    """
    spec = spec if isinstance(spec, ExperimentSpec) else load_spec(spec)
    return run_plan(plan_experiment(spec), Path(out), executor, resume, progress)


def run_plan(
    plan: Plan, out: Path, executor: Executor | ExecutorOptions | None, resume: bool, progress: SweepProgress | None
) -> SweepReport:
    """Run a validated plan (see :func:`sweep`)."""
    check_folder(out, plan, resume)
    options = executor if isinstance(executor, ExecutorOptions) else ExecutorOptions()
    with _executor(executor) as ex:
        store = Store.open(out, plan, resume)
        try:
            return _run(plan, store, ex, options.window, progress)
        finally:
            try:
                store.write_runs()
            finally:
                store.close()


@contextlib.contextmanager
def _executor(executor: Executor | ExecutorOptions | None):
    """Borrow a given executor, or open (and later close) the one the options name."""
    if isinstance(executor, Executor):
        yield executor
    else:
        with open_executor(executor or ExecutorOptions()) as ex:
            yield ex


def _run(plan: Plan, store: Store, ex: Executor, window: int, progress: SweepProgress | None) -> SweepReport:
    skip = store.finished() & set(range(plan.runs))
    counts = {"done": len(skip), "failed": 0, "succeeded": 0}

    def on_result(task: Task, result: dict[str, Any]) -> None:
        point, rep = divmod(task.run, plan.spec.repetitions)
        store.append(record(task, plan.points[point], rep, result))
        counts["done"] += 1
        counts["succeeded" if result["status"] == SUCCEEDED else "failed"] += 1
        if progress is not None:
            progress(counts["done"], counts["failed"], plan.runs)

    if progress is not None:
        progress(counts["done"], 0, plan.runs)
    tasks = (plan.task(r, store.entropy, store.part(r)) for r in range(plan.runs) if r not in skip)
    run_tasks(ex, tasks, on_result, window)
    return SweepReport(store.root, plan.runs, len(skip), counts["succeeded"], counts["failed"])
