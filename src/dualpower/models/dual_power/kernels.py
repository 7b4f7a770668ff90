"""Compiled loops for what NumPy does not vectorise: nearest platform with inertia, tallies by group."""

from __future__ import annotations

import numba as nb
import numpy as np


@nb.njit(cache=True, nogil=True)
def choose_parties(peace, land, power, party, member, plat, inertia, inertia_member):
    """Nearest perceived platform, switching only when the gain in squared distance beats inertia.

    Args:
        peace, land, power: float32 (n,) demands. party: int8 (n,) current party. member: bool (n,).
        plat: float64 (n_parties, 3) perceived platforms (rows: parties; columns: peace, land, power).
        inertia, inertia_member: gains needed to switch for supporters and members.

    Returns:
        int8 (n,) new party and float32 (n,) squared distance to it.
    """
    n, k = len(peace), plat.shape[0]
    out = np.empty(n, np.int8)
    dist = np.empty(n, np.float32)
    for i in range(n):
        best, best_d, own_d = 0, 1e9, 0.0
        for p in range(k):
            d = (peace[i] - plat[p, 0]) ** 2 + (land[i] - plat[p, 1]) ** 2 + (power[i] - plat[p, 2]) ** 2
            if d < best_d:
                best, best_d = p, d
            if p == party[i]:
                own_d = d
        need = inertia_member if member[i] else inertia
        if own_d - best_d > need:
            out[i], dist[i] = best, best_d
        else:
            out[i], dist[i] = party[i], own_d
    return out, dist


@nb.njit(cache=True, nogil=True)
def tally(group_of_unit, unit, party, mask, n_groups, n_parties):
    """Count people by (group of their unit, party), for people with ``mask`` and a group >= 0.

    Returns:
        int64 (n_groups, n_parties).
    """
    out = np.zeros((n_groups, n_parties), np.int64)
    for i in range(len(unit)):
        if mask[i]:
            g = group_of_unit[unit[i]]
            if g >= 0:
                out[g, party[i]] += 1
    return out
