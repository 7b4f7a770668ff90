"""Per-unit and per-district reductions; people are sorted by unit, so units are contiguous.

Unit-level estimates (a unit's mean demand, its activist shares, a constituency's votes, a
company's council-loyal share) are shrunk toward the mean of the unit's district and class with
a prior weight of ``pool`` simulated people, ``(sum_u + pool * mean_g) / (n_u + pool)``. Their
sampling variance is then at most ``var / (4 pool)`` at every scale, so that thinned units (a
company of 250 is 5 people at scale 0.02) do not tip on sampling noise (docs/ODD.md, Scale).
"""

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


def shrunk(sums: np.ndarray, sizes: np.ndarray, group: np.ndarray, pool: float) -> np.ndarray:
    """Per-row means shrunk toward their group's mean.

    Args:
        sums: float64 (n_rows, k) totals per row (unit or constituency). sizes: (n_rows,) people counted.
        group: int64 (n_rows,) group of each row. pool: prior weight of the group mean, in simulated people.

    Returns:
        float64 (n_rows, k) estimates of each row's mean.
    """
    n_groups = int(group.max()) + 1 if len(group) else 0
    g_size = np.bincount(group, weights=sizes, minlength=n_groups)
    g_sum = np.stack([np.bincount(group, weights=col, minlength=n_groups) for col in sums.T], axis=1)
    g_mean = g_sum / np.maximum(g_size, 1.0)[:, None]
    return (sums + pool * g_mean[group]) / (sizes + pool)[:, None]
