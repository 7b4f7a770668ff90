"""The ensemble check: run a scenario over spawned seeds and compare every target with history.

Statistics per run come from :class:`~dualpower.calibration.statistics.TargetStatistics`; a
target passes where :func:`~dualpower.calibration.distance.discrepancy` is at most 1 (inside
its tolerance). The ensemble passes a target when the median run's statistics do.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, as_completed
import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from ..api import simulate
from ..core import InputError, spawn
from ..core.files import write_json, write_parquet
from ..core.results import git_revision, staging, versions
from ..core.params import override
from ..scenarios import Scenario, load
from .distance import Term, discrepancy
from .statistics import TargetStatistics
from .workflow import read_targets, terms_of


@dataclass(frozen=True)
class Row:
    """One statistic of one target across the ensemble.

    Attributes:
        target, key: the target id and the statistic (``id`` or ``id:party``).
        kind: the target's kind. historical: its historical value (days for dates: 0).
        date: the historical date for date-like targets, else "". median, q05, q95: over runs (NaN-aware).
        missing: share of runs in which it never happened. passed: the ensemble's verdict for the target.
        pass_rate: share of runs in which the whole target passed. statistic: what the row measures, as a table
        names it (:func:`statistic_of`).
    """

    target: str
    key: str
    kind: str
    historical: float
    date: str
    median: float
    q05: float
    q95: float
    missing: float
    passed: bool
    pass_rate: float
    statistic: str


def scenario_targets(sc: Scenario, targets: Path | None = None) -> Path:
    """The targets file: given, else the one the scenario's inputs name."""
    path = targets or getattr(getattr(sc.model, "inputs", None), "targets", None)
    if path is None:
        raise InputError(str(sc.path), "inputs.targets", "the scenario names no targets file (give --targets)")
    return Path(path)


def run_statistics(
    scenario: str, values: dict[str, Any], steps: int, seed: np.random.SeedSequence, targets: tuple
) -> dict[str, float]:
    """One run's statistics (module level, so a process pool can pickle it)."""
    return TargetStatistics(targets)(simulate(scenario, seed=seed, steps=steps, params=values, source="check"))


def ensemble_statistics(
    sc: Scenario, values: dict[str, Any], runs: int, seed: int, targets: tuple, executor: Executor,
    progress: Callable[[int, int], None] | None = None,
) -> list[dict[str, float]]:
    """Statistics of ``runs`` runs whose seeds are spawned from one SeedSequence, in the seeds' order;
    ``progress(done, runs)`` is called as runs finish, in any order."""
    futures = [executor.submit(run_statistics, str(sc.path), values, sc.steps, s, targets) for s in spawn(seed, runs)]
    if progress is not None:
        for done, _ in enumerate(as_completed(futures), 1):
            progress(done, runs)
    return [f.result() for f in futures]


def summarise(targets: Sequence[dict[str, Any]], terms: Sequence[Term], stats: list[dict[str, float]]) -> list[Row]:
    """Median, 90% range, ensemble verdict and per-run pass rate of every statistic."""
    rows = []
    for target, term in zip(targets, terms):
        medians = {k: _quantile([s.get(k, math.nan) for s in stats], 0.5) for k in term.keys}
        passed = discrepancy(term, medians) <= 1.0
        rate = float(np.mean([discrepancy(term, s) <= 1.0 for s in stats])) if stats else 0.0
        for key, hist in zip(term.keys, term.observed):
            values = [s.get(key, math.nan) for s in stats]
            rows.append(
                Row(
                    term.target,
                    key,
                    str(target.get("kind")),
                    hist,
                    str(target.get("date_os", "")),
                    medians[key],
                    _quantile(values, 0.05),
                    _quantile(values, 0.95),
                    float(np.mean([not math.isfinite(v) for v in values])) if values else 1.0,
                    passed,
                    rate,
                    statistic_of(target, key),
                )
            )
    return rows


def statistic_of(target: Mapping[str, Any], key: str) -> str:
    """The party of an election's share; otherwise the target's kind, with the size an event must reach."""
    party = key.partition(":")[2]
    if party:
        return party
    if target.get("kind") == "event" and "at_least" in target:
        return f"event, {target['column']} >= {target['at_least']:g}"
    return str(target.get("kind"))


def _quantile(values: list[float], q: float) -> float:
    """A quantile where a never-happened run (NaN) counts as beyond every value."""
    arr = np.array([v if math.isfinite(v) else math.inf for v in values], float)
    if arr.size == 0:
        return math.nan
    v = float(np.quantile(arr, q, method="inverted_cdf"))
    return v if math.isfinite(v) else math.nan


class Checked(NamedTuple):
    """A check's table (:class:`Row` per statistic), each run's statistics in the seeds' order, and what was
    checked: the scenario's name and file and the targets file."""

    rows: list[Row]
    runs: list[dict[str, float]]
    scenario: str
    source: Path
    targets: Path


def check(
    scenario: str | Path | Scenario,
    runs: int,
    values: dict[str, Any],
    seed: int,
    executor_factory: Callable[[int], Executor],
    targets: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Checked:
    """Run the ensemble check of a scenario.

    Args:
        scenario: built-in name, TOML path or loaded Scenario. runs: ensemble size. values: parameter overrides
        (``scale`` among them), checked against the scenario's parameters before any run starts.
        seed: root of the SeedSequence the runs' seeds are spawned from.
        executor_factory: ``workers -> Executor`` (e.g. a process pool). targets: a targets file to use instead.
        progress: called with (runs done, runs) as runs finish.

    Raises:
        InputError: for a bad scenario, parameter value, runs or targets file.
    """
    if runs < 1:
        raise InputError("--runs", "runs", "must be at least 1")
    sc = scenario if isinstance(scenario, Scenario) else load(scenario)
    override(sc.params, values, "command line")
    path = scenario_targets(sc, targets)
    target_list = read_targets(path)
    terms = terms_of(target_list, path)
    with executor_factory(runs) as ex:
        stats = ensemble_statistics(sc, values, runs, seed, tuple(target_list), ex, progress)
    return Checked(summarise(target_list, terms, stats), stats, sc.name, sc.path, path)


def write_check(out: Path, checked: Checked, values: dict[str, Any], seed: int) -> None:
    """A check's folder, written whole or not at all: ``check.parquet`` (the table), ``runs.parquet`` (each run's
    statistics, with its seed's spawn key) and ``check.json`` (what was checked, with versions and revision)."""
    import pyarrow as pa

    keys = list(dict.fromkeys(k for stats in checked.runs for k in stats))
    spawned = list(range(len(checked.runs)))  # run i's seed: SeedSequence(entropy).spawn(runs)[i], spawn key (i,)
    per_run = {"run": spawned, "spawn_key": spawned, **{k: [s.get(k, math.nan) for s in checked.runs] for k in keys}}
    info = {"scenario": checked.scenario, "scenario_source": str(checked.source), "targets": str(checked.targets),
            "runs": len(checked.runs), "seed": {"entropy": str(seed), "bit_generator": "PCG64"}, "changed": values,
            "passed": sorted({r.target for r in checked.rows if r.passed}),
            "targets_checked": list(dict.fromkeys(r.target for r in checked.rows)),
            "versions": versions(), "git_revision": git_revision(),
            "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    with staging(out) as tmp:
        write_parquet(pa.Table.from_pylist([asdict(r) for r in checked.rows]), tmp / "check.parquet")
        write_parquet(pa.table(per_run), tmp / "runs.parquet")
        write_json(tmp / "check.json", info)


__all__ = ["Checked", "Row", "check", "ensemble_statistics", "run_statistics", "scenario_targets", "statistic_of",
           "summarise", "write_check"]
