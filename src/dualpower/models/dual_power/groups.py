"""Per-unit and per-district reductions; people are sorted by unit, so units are contiguous."""

from __future__ import annotations

import numpy as np

from .state import Units


def unit_sums(values: np.ndarray, units: Units) -> np.ndarray:
    """Sum of ``values`` (shape (n_people,)) over each unit, float64 (n_units,)."""
    return np.add.reduceat(values, units.start, dtype=np.float64)


def unit_means(values: np.ndarray, units: Units) -> np.ndarray:
    """Mean of ``values`` over each unit, float64 (n_units,)."""
    return unit_sums(values, units) / units.size


def district_sums(unit_values: np.ndarray, units: Units, n_districts: int) -> np.ndarray:
    """Sum of per-unit values over each district, float64 (n_districts,)."""
    return np.bincount(units.district, weights=unit_values, minlength=n_districts)


def district_of(index: np.ndarray, people_unit: np.ndarray, units: Units) -> np.ndarray:
    """District of the people at ``index``."""
    return units.district[people_unit[index]]


def district_class(units: Units, n_classes: int) -> np.ndarray:
    """Each unit's (district, class) group, int64 (n_units,)."""
    return units.district.astype(np.int64) * n_classes + units.cls


def row_means(sums: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Per-row means of (n_rows, k) totals over (n_rows,) counts; 0 where nobody is counted."""
    return sums / np.maximum(sizes, 1)[:, None]


def consistent(sums: np.ndarray, sizes: np.ndarray, group: np.ndarray, fraction: np.ndarray) -> np.ndarray:
    """Per-row means with the sampling noise of the real rows: ``m_g + sqrt(f) (sum / n - m_g)``.

    Args:
        sums: float64 (n_rows, k) totals per row. sizes: (n_rows,) people counted. group: int64 (n_rows,)
        group of each row (its district and class). fraction: (n_rows,) share of the row's real people sampled.

    Returns:
        float64 (n_rows, k) estimates of each row's mean (the group's where nobody is counted).
    """
    _, inverse = np.unique(group, return_inverse=True)
    n_groups = int(inverse.max()) + 1 if len(inverse) else 0
    g_size = np.bincount(inverse, weights=sizes, minlength=n_groups)
    g_sum = np.stack([np.bincount(inverse, weights=col, minlength=n_groups) for col in sums.T], axis=1)
    g_mean = (g_sum / np.maximum(g_size, 1.0)[:, None])[inverse]
    raw = sums / np.maximum(sizes, 1.0)[:, None]
    weight = np.where(sizes > 0, np.sqrt(np.clip(fraction, 0.0, 1.0)), 0.0)[:, None]
    return g_mean + weight * (raw - g_mean)
