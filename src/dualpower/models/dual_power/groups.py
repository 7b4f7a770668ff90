"""Per-unit and per-district reductions; people are sorted by unit, so units are contiguous."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .kernels import consistent_rows
from .state import Units


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


class Rows(NamedTuple):
    """The rows of a scale-consistent estimate (units, or constituencies), fixed for a run: ``group`` int64
    (n_rows,) each row's group (its district and class) numbered 0, 1, ... (:func:`dense`), ``n_groups``, and
    ``fraction`` float64 (n_rows,) the share of each row's real people that is sampled (clipped to [1e-12, 1])."""

    group: np.ndarray
    n_groups: int
    fraction: np.ndarray


def rows_of(group: np.ndarray, fraction: np.ndarray) -> Rows:
    """:class:`Rows` of rows in ``group`` (non-negative integers) with sampled ``fraction``."""
    inverse = dense(group)
    return Rows(inverse, int(inverse.max()) + 1 if len(inverse) else 0,
                np.clip(np.asarray(fraction, np.float64), 1e-12, 1.0))


def unit_rows(units: Units, real_size: np.ndarray, n_classes: int) -> Rows:
    """Each unit as a row, grouped by district and class."""
    return rows_of(district_class(units, n_classes), units.size / np.maximum(real_size, 1.0))


def seat_rows(units: Units, real_size: np.ndarray, n_seats: int, n_classes: int) -> Rows:
    """Each constituency as a row, in the group of its units' district and class, sampled as its units are."""
    seated = units.constituency >= 0
    group = np.zeros(n_seats, np.int64)
    group[units.constituency[seated]] = district_class(units, n_classes)[seated]
    sampled = np.bincount(units.constituency[seated], weights=units.size[seated], minlength=n_seats)
    real = np.bincount(units.constituency[seated], weights=real_size[seated], minlength=n_seats)
    return rows_of(group, sampled / np.maximum(real, 1.0))


def consistent(sums: np.ndarray, sizes: np.ndarray, rows: Rows) -> np.ndarray:
    """Per-row shares with the spread they would have among the rows' real people.

    A row's sampled share deviates from its group's share by the real difference between rows (variance
    ``tau2``, estimated per group and column as the observed variance less the sampling part, negative when
    the rows vary less than their sampling noise would make them) plus sampling noise ``p(1 - p)/n``; among
    its real people the noise would be ``p(1 - p)/N``. The deviation is scaled by
    ``sqrt(max(tau2 + p(1 - p)/N, 0) / (tau2 + p(1 - p)/n))``, which keeps the real differences and removes
    the excess noise; at scale 1 the shares are the raw ones.

    Args:
        sums: float64 (n_rows, k) counts per row. sizes: (n_rows,) people counted. rows: their groups and
        sampled fractions.

    Returns:
        float64 (n_rows, k) estimates of each row's shares (the group's where nobody is counted).
    """
    none = np.zeros((len(sums), 0))
    return consistent_estimates(none, none, sums, sizes, rows)[1]


def consistent_estimates(sums: np.ndarray, squares: np.ndarray, counts: np.ndarray, sizes: np.ndarray,
                         rows: Rows) -> tuple[np.ndarray, np.ndarray]:
    """Per-row means of continuous values (``sums``, with ``squares`` the sums of their squares) and per-row
    shares (``counts``, as :func:`consistent`), with the spread they would have among the rows' real people.

    For the means the sampling variance ``s2/n`` takes the spread ``s2`` of values within the rows of the
    group, pooled: one row's few members would give too noisy a spread of their own. Columns are
    independent, so means and shares come out of one pass over the groups as they would alone.
    """
    n = np.asarray(sizes, np.float64)
    k = sums.shape[1]
    f64 = [np.asarray(a, np.float64) for a in (sums, squares, counts)]
    out = consistent_rows(*f64, n, rows.group, rows.n_groups, n / rows.fraction)
    return out[:, :k], out[:, k:]


def dense(group: np.ndarray) -> np.ndarray:
    """Each row's group (non-negative integers) numbered 0, 1, ... in ascending order, as ``np.unique``'s
    inverse, int64, without a sort: the groups are few and their numbers small."""
    group = np.asarray(group, np.int64)
    if not len(group):
        return group
    present = np.zeros(group.max() + 1, bool)
    present[group] = True
    return (np.cumsum(present) - 1)[group]
