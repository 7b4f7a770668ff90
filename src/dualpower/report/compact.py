"""Make chart data small: fewer points and fewer digits, so a full-scale report stays a few MB."""

from __future__ import annotations

import math

import numpy as np

MAX_POINTS = 1000
SIGNIFICANT = 4


def pick(n: int, limit: int = MAX_POINTS) -> np.ndarray:
    """Indices of at most ``limit`` evenly spaced rows, always keeping the first and the last."""
    if n <= limit:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, limit).round().astype(int))


def sig(values: np.ndarray, digits: int = SIGNIFICANT) -> list:
    """Round to ``digits`` significant digits of the largest magnitude; NaN becomes None (JSON null)."""
    arr = np.asarray(values, dtype=float)
    finite = arr[np.isfinite(arr)]
    top = float(np.abs(finite).max()) if finite.size else 0.0
    places = max(0, digits - 1 - math.floor(math.log10(top))) if top > 0 else 0
    out = np.round(arr, places)
    if places == 0:
        return [None if not math.isfinite(v) else int(v) for v in out.tolist()]
    return [None if not math.isfinite(v) else v for v in out.tolist()]
