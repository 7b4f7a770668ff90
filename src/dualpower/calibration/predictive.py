"""Posterior-predictive check: rerun the model at posterior draws and set each target's simulated
spread beside the record."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..core import spawn
from ..experiments.executors import ExecutorOptions, open_executor
from .distance import discrepancy
from .problem import Problem, statistics


def predictive(
    problem: Problem, samples: Any, weights: Any, draws: int, seed: int, executor: ExecutorOptions | None = None
) -> Any:
    """Simulate ``draws`` parameter sets drawn from the posterior (by weight), each with its own seed.

    Returns:
        A long pandas DataFrame: ``draw``, ``target``, ``key``, ``simulated``,
        ``historical``, ``side`` (of a bound), ``fitted`` (False for held-out targets) and ``discrepancy``
        (the target's, in tolerance units: <= 1 is within tolerance).
    """
    import pandas as pd

    rows = samples.to_dict("records")
    picks = np.random.default_rng(seed).choice(len(rows), size=draws, p=np.asarray(weights, float))
    seeds = spawn(seed, draws)
    with open_executor(executor or ExecutorOptions("serial")) as ex:
        futures = [ex.submit(statistics, problem, rows[i], s) for i, s in zip(picks, seeds)]
        stats = [f.result() for f in futures]
    out = [_rows(problem, d, st) for d, st in enumerate(stats)]
    columns = ["draw", "target", "key", "simulated", "historical", "side", "fitted", "discrepancy"]
    return pd.DataFrame([r for rs in out for r in rs], columns=columns)


def _rows(problem: Problem, draw: int, stats: dict[str, float]) -> list[dict[str, Any]]:
    """One row per statistic of every target, fitted or held out."""
    fitted = {t.target for t in problem.terms}
    return [
        {
            "draw": draw,
            "target": t.target,
            "key": k,
            "simulated": float(stats.get(k, np.nan)),
            "historical": obs,
            "side": t.side,
            "fitted": t.target in fitted,
            "discrepancy": discrepancy(t, stats),
        }
        for t in problem.terms + problem.held_out
        for k, obs in zip(t.keys, t.observed)
    ]


def check_table(checks: Any) -> dict[str, dict[str, Any]]:
    """Per statistic: median and 90% interval of the simulated values, the record, and whether it lies inside.

    A statistic that did not occur counts as later than any that did (None when a
    quantile falls there). For a bound, "inside" means the record is not beyond the simulated 5% tail on the
    bound's side. ``never`` is the share of draws in which the statistic did not occur (NaN: an event
    that never happened, an outcome of another type).
    """
    out: dict[str, dict[str, Any]] = {}
    for key, g in checks.groupby("key", sort=False):
        sim = g["simulated"].to_numpy(float)
        late = np.where(np.isfinite(sim), sim, np.inf)
        q05, q50, q95 = (float(q) for q in np.quantile(late, (0.05, 0.5, 0.95), method="inverted_cdf"))
        hist = float(g["historical"].iloc[0])
        out[key] = {
            "target": g["target"].iloc[0],
            "fitted": bool(g["fitted"].iloc[0]),
            "historical": hist,
            "median": _finite(q50),
            "q05": _finite(q05),
            "q95": _finite(q95),
            "inside_90": _inside(g["side"].iloc[0], hist, q05, q95),
            "never": float(np.mean(~np.isfinite(sim))),
            "within_tolerance": float(np.mean(g["discrepancy"].to_numpy(float) <= 1.0)),
        }
    return out


def _inside(side: str, hist: float, q05: float, q95: float) -> bool:
    """Whether the record is compatible with the simulated 90% interval (one-sided for bounds)."""
    if side == "max":
        return bool(q05 <= hist)
    if side == "min":
        return bool(q95 >= hist)
    return bool(q05 <= hist <= q95)


def _finite(q: float) -> float | None:
    """A quantile for JSON: None where it falls among the runs in which the event never happened."""
    return q if np.isfinite(q) else None
