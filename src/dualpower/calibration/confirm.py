"""Confirm a posterior at a costlier setting: rerun its most probable points there and keep the best.

A calibration at a small scale is affordable (thousands of runs) but a model need not behave
identically at full scale. Confirmation reruns the posterior median and the ``top`` particles of
highest estimated posterior density (MAP candidates) at ``scale`` with ``seeds`` seeds each, and
ranks them by their mean distance to the record. The winner is a point the posterior supports and
the costlier setting fits best: a point estimate for shipping, beside (not instead of) the
posterior intervals.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from ..core import InputError, spawn
from ..core.files import write_json, write_text
from ..experiments.executors import ExecutorOptions, open_executor
from ..scenarios import load
from .distance import discrepancy
from .outputs import CALIBRATED, calibrated_toml
from .priors import Prior, as_values, priors_for
from .problem import Problem, Summarise, statistics
from .workflow import default_summarise, read_targets, terms_of


def confirm(folder: Path, scale: float | None, top: int, seeds: int, executor: ExecutorOptions, seed: int = 0,
            summarise: Summarise | None = None) -> dict[str, Any]:
    """Rerun the posterior median and ``top`` densest posterior points in ``folder``; calibrated.toml gets the best.

    ``summarise`` turns a run into the targets' statistics (default: read from the model's public outputs).

    Returns:
        The ``confirmed`` entry added to ``summary.json``: the setting, every candidate (the median first) with its
        mean distance and per-target pass rate, and the index of the chosen one.

    Raises:
        InputError: when the folder holds no finished calibration or the options are out of range.
    """
    if top < 1 or seeds < 1:
        raise InputError("--top/--seeds", str(min(top, seeds)), "must be at least 1")
    summary, posterior = _read(Path(folder))
    problem = _problem(summary, scale, seed, summarise)
    median = {n: float(summary["parameters"][n]["median"]) for n in problem.names}
    points = [median] + [
        {n: float(posterior[n].iloc[i]) for n in problem.names} for i in densest(posterior, problem.priors)[:top]
    ]
    with open_executor(executor) as ex:
        futures = [[ex.submit(statistics, problem, pt, s) for s in spawn(seed, seeds)] for pt in points]
        stats = [[f.result() for f in fs] for fs in futures]
    candidates = [_score(problem, pt, st) for pt, st in zip(points, stats)]
    best = min(range(len(candidates)), key=lambda k: candidates[k]["distance"])
    entry = {"scale": scale, "top": top, "seeds": seeds, "candidates": candidates, "chosen": best}
    summary["confirmed"] = entry
    write_json(Path(folder) / "summary.json", summary)
    chosen = candidates[best]
    which = "the posterior median" if best == 0 else f"posterior point {best} by density"
    note = (
        f"Point: {which}; of the median and the {top} densest posterior points, the closest to the record "
        f"at scale {scale} over {seeds} seeds (mean distance {chosen['distance']:.3f})."
    )
    write_text(Path(folder) / CALIBRATED, calibrated_toml(summary, problem, chosen["values"], note))
    return entry


def densest(posterior: Any, priors: tuple[Prior, ...]) -> np.ndarray:
    """Indices of the posterior's particles, highest estimated density first.

    The density is a weighted Gaussian kernel estimate on the priors' unit cube. Ranking by
    importance weight instead would put a lone heavy particle above a dense cluster of lighter
    ones that together hold more of the posterior.
    """
    from scipy.stats import gaussian_kde

    weights = posterior["weight"].to_numpy(float)
    cube = np.array([(posterior[p.name].to_numpy(float) - p.low) / p.width for p in priors])
    try:
        density = gaussian_kde(cube, weights=weights)(cube)
    except (np.linalg.LinAlgError, ValueError):
        density = weights
    return np.argsort(-density, kind="stable")


def _read(folder: Path) -> tuple[dict[str, Any], Any]:
    import pandas as pd

    path = folder / "summary.json"
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
        posterior = pd.read_parquet(folder / "posterior.parquet")
    except (OSError, ValueError) as err:
        raise InputError(str(folder), "summary.json/posterior.parquet", f"not a finished calibration ({err})") from None
    return summary, posterior


def _problem(summary: dict[str, Any], scale: float | None, seed: int, summarise: Summarise | None) -> Problem:
    """The calibration's problem, with every target fitted and runs at ``scale``."""
    sc = load(summary["scenario"])
    path = Path(summary["targets"])
    targets = read_targets(path)
    fixed = dict(summary.get("fixed") or {})
    if scale is not None:
        fixed["scale"] = scale
    return Problem(
        scenario=str(sc.path),
        priors=priors_for(sc),
        terms=terms_of(targets, path),
        summarise=summarise or default_summarise(targets, path),
        fixed=fixed,
        seed=seed,
    )


def _score(problem: Problem, point: dict[str, float], runs: list[dict[str, float]]) -> dict[str, Any]:
    """A candidate's values, mean distance over its runs and each target's share of runs within tolerance."""
    return {
        "values": as_values(problem.priors, point),
        "distance": float(np.mean([problem.distance(st) for st in runs])),
        "pass_rate": {t.target: float(np.mean([discrepancy(t, st) <= 1.0 for st in runs])) for t in problem.terms},
    }


__all__ = ["confirm", "densest"]
