"""Ensembles: many seeds of one parameter set, summarised as outcome frequencies and date ranges."""

from __future__ import annotations

import datetime as dt
import math
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..core.files import write_json
from ..scenarios import Scenario
from .executors import ExecutorOptions
from .plan import plan_experiment
from .runner import SUCCEEDED
from .spec import ExperimentSpec
from .store import RUNS
from .sweep import SweepProgress, SweepReport, run_plan

SUMMARY = "summary.json"
Z95 = 1.959963984540054


def ensemble_spec(
    scenario: str | Path | Scenario, runs: int, overrides: dict[str, Any] | None = None, seed: int | None = None
) -> ExperimentSpec:
    """The spec of an ensemble: a sweep with nothing varied and ``runs`` repetitions."""
    return ExperimentSpec(
        scenario=scenario, fixed=dict(overrides or {}), repetitions=runs, seed=seed, source="ensemble"
    )


def ensemble(
    spec: ExperimentSpec,
    out: str | Path,
    executor: Executor | ExecutorOptions | None = None,
    resume: bool = False,
    progress: SweepProgress | None = None,
) -> tuple[SweepReport, dict[str, Any]]:
    """Run an ensemble (see :func:`ensemble_spec`) and write its summary to ``OUT/summary.json``.

    Returns:
        The sweep report and the summary (see :func:`summarise`).
    """
    plan = plan_experiment(spec)
    report = run_plan(plan, Path(out), executor, resume, progress)
    summary = summarise(pq.read_table(report.out / RUNS), plan.keep)
    write_json(report.out / SUMMARY, summary)
    return report, summary


def summarise(runs: pa.Table, metrics: tuple[str, ...]) -> dict[str, Any]:
    """Outcome frequencies (Wilson 95% intervals), outcome dates and steps, final-metric spreads."""
    rows = [r for r in runs.to_pylist() if r["status"] == SUCCEEDED]
    n = len(rows)
    types = [r.get("outcome_type") for r in rows if r.get("outcome_type") is not None]
    outcomes = {t: _share(types.count(t), n) for t in sorted(set(types))}
    dates = [dt.date.fromisoformat(r["outcome_date"]) for r in rows if r.get("outcome_date")]
    steps = [r["outcome_step"] for r in rows if r.get("outcome_step") is not None]
    numeric = [m for m in metrics if all(isinstance(r.get(m), (int, float)) for r in rows)]
    return {
        "runs": runs.num_rows,
        "succeeded": n,
        "failed": runs.num_rows - n,
        "outcomes": outcomes,
        "outcome_date": _date_spread(dates),
        "outcome_step": _spread(steps),
        "final": {m: _spread([r[m] for r in rows]) for m in numeric} if n else {},
    }


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion ``k/n``: sound at 0, 1 and small ``n``."""
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (max(0.0, centre - half), min(1.0, centre + half))


def _share(k: int, n: int) -> dict[str, Any]:
    lo, hi = wilson(k, n)
    return {"count": k, "share": k / n if n else None, "ci95": [round(lo, 4), round(hi, 4)]}


def _spread(values: list[float]) -> dict[str, Any] | None:
    """Mean, standard deviation and the 5/50/95% quantiles."""
    if not values:
        return None
    x = np.asarray(values, dtype=float)
    p05, p50, p95 = np.quantile(x, [0.05, 0.5, 0.95])
    return {
        "n": x.size,
        "mean": float(x.mean()),
        "sd": float(x.std(ddof=1)) if x.size > 1 else 0.0,
        "p05": float(p05),
        "median": float(p50),
        "p95": float(p95),
    }


def _date_spread(dates: list[dt.date]) -> dict[str, Any] | None:
    """Median and 5-95% range of dates (as ISO strings)."""
    if not dates:
        return None
    ords = np.quantile([d.toordinal() for d in dates], [0.05, 0.5, 0.95], method="nearest")
    p05, p50, p95 = (dt.date.fromordinal(int(o)).isoformat() for o in ords)
    return {"n": len(dates), "p05": p05, "median": p50, "p95": p95}
