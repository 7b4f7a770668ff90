"""Compiled one-pass counts and selections over people: tallies by group, the census, the armed, jail."""

from __future__ import annotations

import numba as nb
import numpy as np

from .kernels import EXACT


@nb.njit(cache=True, nogil=True, fastmath=True, error_model="numpy")
def tally(group_of_unit, unit, party, who, counted, n_groups):
    """Count people by (group of their unit, party), skipping groups < 0.

    Args:
        group_of_unit: int32 (n_units,). unit: int32 (n,). party: int8 (n,).
        who: a tuple (cls int8 (n,), member bool (n,), condition int8 (n,)).
        counted: a tuple (classes bool (n_classes,), members only, highest condition, n_parties).

    Returns:
        int64 (n_groups, n_parties).
    """
    cls, member, condition = who
    classes, members_only, max_condition, n_parties = counted
    out = np.zeros((n_groups, n_parties), np.int64)
    for i in range(len(unit)):
        if condition[i] <= max_condition and (member[i] or not members_only) and classes[cls[i]]:
            g = group_of_unit[unit[i]]
            if g >= 0:
                out[g, party[i]] += 1
    return out


@nb.njit(cache=True, nogil=True, fastmath=EXACT, error_model="numpy")
def census(allegiance, condition, party, member, armed, class_armed, lg, ls, n_parties, units):
    """One pass of counts for observation; ``units`` is (start, size, class, district, plant) of every unit
    and n_districts. Allegiances and the armed are counted per unit, then added to the unit's class and
    district; Lg and Ls are summed person by person, in order.

    Returns:
        int64 (n_classes, 3) living people by class and allegiance; int64 (n_districts, 3) by district and
        allegiance; int64 (4,) people by condition; int64 (3,) the active by kind: armed, on strike
        (unarmed, of a workplace), demonstrating (the rest);
        int64 (n_parties,) living supporters and (n_parties,) living members; int64 living Red Guards;
        float64 sums of Lg and Ls over the living.
    """
    start, size, unit_cls, district, plant, n_districts = units
    kinds = np.zeros(3, np.int64)
    by_class = np.zeros((len(class_armed), 3), np.int64)
    by_district = np.zeros((n_districts, 3), np.int64)
    conditions = np.zeros(4, np.int64)
    support = np.zeros(n_parties, np.int64)
    members = np.zeros(n_parties, np.int64)
    sides = np.zeros(3, np.int64)
    red_guard = 0
    sum_g = 0.0
    sum_s = 0.0
    for u in range(len(start)):
        sides[:] = 0
        armed_here = 0
        for i in range(start[u], start[u] + size[u]):
            conditions[condition[i]] += 1
            if condition[i] == 1:
                kinds[0 if armed[i] else (1 if plant[u] else 2)] += 1
            if condition[i] == 3:
                continue
            sides[allegiance[i]] += 1
            support[party[i]] += 1
            members[party[i]] += member[i]
            armed_here += armed[i]
            sum_g += lg[i]
            sum_s += ls[i]
        by_class[unit_cls[u]] += sides
        by_district[district[u]] += sides
        if not class_armed[unit_cls[u]]:
            red_guard += armed_here
    return by_class, by_district, conditions, kinds, support, members, red_guard, sum_g, sum_s


@nb.njit(cache=True, nogil=True, error_model="numpy")
def armed_index(start, size, armed, condition):
    """Indices of the armed people who are free (condition below 2), int64 (k,), ascending.

    Only the given units (slices ``start``, ``size``) are scanned: those of classes that carry or may
    take arms, a fraction of the population.
    """
    k = 0
    for u in range(len(start)):
        for i in range(start[u], start[u] + size[u]):
            k += armed[i] and condition[i] <= 1
    out = np.empty(k, np.int64)
    k = 0
    for u in range(len(start)):
        for i in range(start[u], start[u] + size[u]):
            if armed[i] and condition[i] <= 1:
                out[k] = i
                k += 1
    return out


@nb.njit(cache=True, nogil=True, error_model="numpy")
def loyal_by_unit(index, unit, allegiance, n_units):
    """Council-loyal (allegiance 2) and all people at ``index``, by unit; float64 (n_units,) each."""
    loyal = np.zeros(n_units)
    present = np.zeros(n_units)
    for i in index:
        present[unit[i]] += 1.0
        if allegiance[i] == 2:
            loyal[unit[i]] += 1.0
    return loyal, present


@nb.njit(cache=True, nogil=True, error_model="numpy")
def rifle_pool(start, size, armed, condition, allegiance):
    """Indices of unarmed, active, council-loyal people in the given units (those of classes that may
    take rifles), int64 (k,), ascending."""
    k = 0
    for u in range(len(start)):
        for i in range(start[u], start[u] + size[u]):
            k += not armed[i] and condition[i] == 1 and allegiance[i] == 2
    out = np.empty(k, np.int64)
    k = 0
    for u in range(len(start)):
        for i in range(start[u], start[u] + size[u]):
            if not armed[i] and condition[i] == 1 and allegiance[i] == 2:
                out[k] = i
                k += 1
    return out


@nb.njit(cache=True, nogil=True, error_model="numpy")
def serve_jail(condition, jail):
    """One day off every jail term (jailed: condition 2); who finishes goes home quiet (0).

    Returns:
        int8 (n,) condition, int16 (n,) days left, int64 (k,) indices of the active (condition 1).
    """
    cond = condition.copy()
    left = jail.copy()
    k = 0
    for i in range(len(cond)):
        if cond[i] == 2:
            left[i] -= 1
            if left[i] <= 0:
                cond[i] = 0
        k += cond[i] == 1
    actives = np.empty(k, np.int64)
    k = 0
    for i in range(len(cond)):
        if cond[i] == 1:
            actives[k] = i
            k += 1
    return cond, left, actives


@nb.njit(cache=True, nogil=True, error_model="numpy")
def unit_totals(start, size, demands, party, member, condition, n_parties):
    """Per unit, in one pass: the sums of the three demands and the free members of each party.

    Args:
        start, size: int64 (n_units,). demands: tuple of three float32 (n,) arrays (peace, land, power).
        party: int8 (n,). member: bool (n,). condition: int8 (n,) (free below 2).

    Returns:
        float64 (n_units, 3 + n_parties).
    """
    out = np.zeros((len(start), 3 + n_parties))
    peace, land, power = demands
    for u in range(len(start)):
        for i in range(start[u], start[u] + size[u]):
            out[u, 0] += peace[i]
            out[u, 1] += land[i]
            out[u, 2] += power[i]
            if member[i] and condition[i] <= 1:
                out[u, 3 + party[i]] += 1.0
    return out
