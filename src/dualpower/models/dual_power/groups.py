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
