"""Design points: full factorials of listed values, crossed with scipy.stats.qmc or SALib samples."""

from __future__ import annotations

import itertools
from collections.abc import Collection
from typing import Any

import numpy as np

from .spec import ExperimentSpec, Sample

SALIB_LEVELS = 4


def points(spec: ExperimentSpec, integers: Collection[str] = ()) -> list[dict[str, Any]]:
    """Every design point, factorial-major: one dict of parameter values per point.

    Args:
        spec: the experiment.
        integers: parameters of integer type, whose sampled values are rounded.
    """
    grid = factorial(spec.vary)
    if spec.sample is None:
        return grid
    sampled = sample_points(spec.sample, integers)
    return [{**g, **s} for g in grid for s in sampled]


def factorial(vary: dict[str, tuple[Any, ...]]) -> list[dict[str, Any]]:
    """All combinations, the last parameter varying fastest (one empty point if nothing varies)."""
    names = list(vary)
    return [dict(zip(names, combo)) for combo in itertools.product(*(vary[n] for n in names))]


def problem(sample: Sample) -> dict[str, Any]:
    """The SALib problem dict of a sample's bounds."""
    names = list(sample.bounds)
    return {"num_vars": len(names), "names": names, "bounds": [list(sample.bounds[n]) for n in names]}


def unit_sample(sample: Sample) -> np.ndarray:
    """Points in parameter units, shape (points, parameters)."""
    prob = problem(sample)
    if sample.method == "salib-sobol":
        from SALib.sample import sobol

        return sobol.sample(prob, sample.n, calc_second_order=False, seed=sample.seed)
    if sample.method == "salib-morris":
        from SALib.sample import morris

        return morris.sample(prob, sample.n, num_levels=SALIB_LEVELS, seed=sample.seed)
    lows, highs = np.array(prob["bounds"]).T
    return lows + _qmc(sample, prob["num_vars"]) * (highs - lows)


def _qmc(sample: Sample, d: int) -> np.ndarray:
    """A design in the unit cube from scipy.stats.qmc (or plain uniform draws)."""
    from scipy.stats import qmc

    if sample.method == "random":
        return np.random.default_rng(sample.seed).random((sample.n, d))
    engines = {"sobol": qmc.Sobol, "lhs": qmc.LatinHypercube, "halton": qmc.Halton}
    return engines[sample.method](d=d, rng=sample.seed).random(sample.n)


def sample_points(sample: Sample, integers: Collection[str] = ()) -> list[dict[str, Any]]:
    """The sample as dicts; integer parameters rounded to the nearest integer."""
    names = list(sample.bounds)
    rows = unit_sample(sample)
    return [
        {n: int(round(v)) if n in integers else float(v) for n, v in zip(names, row)}
        for row in rows
    ]
