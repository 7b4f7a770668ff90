"""Posterior summaries: weighted quantiles, medians, intervals and how much the data narrowed each prior."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .priors import Prior


def weighted_quantiles(values: np.ndarray, weights: np.ndarray | None, qs: Sequence[float]) -> list[float]:
    """Quantiles of a weighted sample (the inverse of its weighted empirical CDF, interpolated).

    Args:
        values: shape (n,), the sample.
        weights: shape (n,), non-negative; None for equal weights.
        qs: probabilities in [0, 1].
    """
    values = np.asarray(values, dtype=float)
    w = np.ones_like(values) if weights is None else np.asarray(weights, dtype=float)
    keep = np.isfinite(values)
    values, w = values[keep], w[keep]
    if values.size == 0:
        return [float("nan")] * len(qs)
    order = np.argsort(values)
    values, w = values[order], w[order]
    cdf = (np.cumsum(w) - 0.5 * w) / w.sum()
    return [float(np.interp(q, cdf, values)) for q in qs]


def narrowing(width: float, prior: Prior) -> float:
    """Posterior 90% width over the prior's (uniform) 90% width: ~1 means the data say nothing."""
    return width / (0.9 * prior.width)


MIN_ESS = 30.0
"""Effective sample size below which a weighted posterior's intervals say nothing about identifiability."""


def effective_sample_size(weights: np.ndarray) -> float:
    """Kish's effective sample size of normalised importance weights, ``1 / sum w^2``."""
    w = np.asarray(weights, float)
    return float(w.sum() ** 2 / np.sum(w**2))


def verdict(ratio: float, ess: float = np.inf) -> str:
    """Plain words for how well the targets pin a parameter.

    A posterior carried by a handful of particles has narrow intervals because it has few
    points, not because the data are informative: below :data:`MIN_ESS` it is "not converged".
    """
    if ess < MIN_ESS:
        return f"not converged (ESS {ess:.1f})"
    if ratio < 0.5:
        return "pinned"
    if ratio < 0.8:
        return "partly pinned"
    return "not identified"


def parameter_table(samples: Any, weights: np.ndarray, priors: Sequence[Prior]) -> dict[str, dict[str, Any]]:
    """Per free parameter: weighted median, 90% interval, prior range and how much the data narrowed it."""
    out = {}
    ess = effective_sample_size(weights)
    for p in priors:
        q05, q50, q95 = weighted_quantiles(samples[p.name].to_numpy(float), weights, (0.05, 0.5, 0.95))
        ratio = narrowing(q95 - q05, p)
        out[p.name] = {
            "median": q50, "q05": q05, "q95": q95, "prior_low": p.low, "prior_high": p.high,
            "narrowing": ratio, "verdict": verdict(ratio, ess),
        }
    return out


def point_table(best: dict[str, float], priors: Sequence[Prior]) -> dict[str, dict[str, Any]]:
    """The table of a point estimate: no interval, so no claim about identifiability."""
    return {
        p.name: {
            "median": float(best[p.name]), "q05": None, "q95": None, "prior_low": p.low, "prior_high": p.high,
            "narrowing": None, "verdict": "point estimate (no interval)",
        }
        for p in priors
    }
