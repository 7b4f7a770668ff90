"""Posterior summaries: weighted quantiles, medians, intervals and how much the data narrowed each prior."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


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
