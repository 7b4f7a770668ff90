"""Compiled loops for what NumPy does not vectorise: nearest platform with inertia, tallies by group."""

from __future__ import annotations

from typing import NamedTuple

import numba as nb
import numpy as np

from .state import ACTIVE, COUNCILS, GOV, NEUTRAL

EXACT = {"nnan", "ninf", "nsz"}
"""Fast-math that leaves rounding alone (no reassociation, reciprocals or fused multiply-adds): float32 results
are those NumPy gives for the same expressions."""


@nb.njit(cache=True, nogil=True, fastmath=True, error_model="numpy")
def choose_parties(peace, land, power, party, member, condition, plat, inertia, radius, join, rng):
    """Nearest perceived platform, switching only when the gain in squared distance beats inertia; free
    non-members within ``radius`` of their party join it with its daily chance. Joins are drawn as
    geometric gaps between joiners of each party (same law as one draw per candidate, far fewer draws).

    Args:
        peace, land, power: float32 (n,) demands. party: int8 (n,) current party. member: bool (n,).
        condition: int8 (n,) (free below 2). plat: float64 (n_parties, 3) perceived platforms.
        inertia: float64 (2,) gains needed to switch for supporters and members.
        radius: squared distance to one's party within which a free non-member may join it.
        join: float64 (n_parties,) daily chance of joining. rng: the run's Generator.

    Returns:
        int8 (n,) new party; bool (n,) member (a member who switches lapses).
    """
    n, k = len(peace), plat.shape[0]
    out = np.empty(n, np.int8)
    kept = np.empty(n, np.bool_)
    gap = np.array([rng.geometric(j) if j > 0 else -1 for j in join])
    p32 = plat.astype(np.float32)
    for i in range(n):
        x, y, z = peace[i], land[i], power[i]
        q = party[i]
        best, best_d, own_d = 0, np.float32(1e9), np.float32(0.0)
        for p in range(k):
            d = (x - p32[p, 0]) ** 2 + (y - p32[p, 1]) ** 2 + (z - p32[p, 2]) ** 2
            own_d = d if p == q else own_d
            better = d < best_d
            best = p if better else best
            best_d = d if better else best_d
        switch = own_d - best_d > (inertia[1] if member[i] else inertia[0])
        o = best if switch else q
        out[i] = o
        keep = member[i] and not switch
        if not keep and condition[i] <= 1 and gap[o] > 0 and (best_d if switch else own_d) < radius:
            gap[o] -= 1
            if gap[o] == 0:
                keep = True
                gap[o] = rng.geometric(join[o])
        kept[i] = keep
    return out, kept


@nb.njit(cache=True, nogil=True, fastmath=True, error_model="numpy")
def apply_allegiance(current, lg, ls, theta):
    """Councils (2) if ``ls - lg > theta``, government (0) if ``lg - ls > theta``, else unchanged; int8 (n,)."""
    out = current.copy()
    for i in range(len(current)):
        gap = ls[i] - lg[i]
        if gap > theta:
            out[i] = 2
        elif gap < -theta:
            out[i] = 0
    return out


@nb.njit(cache=True, nogil=True, fastmath=True, error_model="numpy")
def update_demands(start, size, keep, offsets, peace, land, power, hardship, loyal_gov, g, rates):
    """New demands: ``d' = keep_u d + offset_u + (1 - d) h (push + phi max(0, d - g))``, plus the feed of
    unmet peace and land into the demand for power and, during a coup march, the rally of non-loyalists.

    Args:
        start, size: int64 (n_units,) slices of people. keep: float64 (n_units,).
        offsets: float64 (3, n_units), rows peace, land, power. peace, land, power, hardship: float32 (n,).
        loyal_gov: bool (n,). g: float64 (3,) the government's policy.
        rates: float64 (4,) phi, push, phi x power_feed / 2, rally.

    Returns:
        float32 (n,) new peace, land and power, clipped to [0, 1].
    """
    demands = (peace, land, power)
    out = (np.empty_like(peace), np.empty_like(land), np.empty_like(power))
    phi, push, feed, rally = rates[0], rates[1], rates[2], rates[3]
    for u in range(len(start)):
        a = keep[u]
        for i in range(start[u], start[u] + size[u]):
            h = hardship[i]
            gaps = max(peace[i] - g[0], 0.0) + max(land[i] - g[1], 0.0)
            for k in range(3):
                d = demands[k][i]
                new = a * d + offsets[k, u] + (1.0 - d) * h * (push + phi * max(d - g[k], 0.0))
                if k == 2:
                    new += feed * h * (1.0 - d) * gaps
                    if rally > 0 and not loyal_gov[i]:
                        new += rally * (1.0 - d)
                out[k][i] = min(max(new, 0.0), 1.0)
    return out


@nb.njit(cache=True, nogil=True, fastmath=True, error_model="numpy")
def relax_legitimacy(start, size, hit, peace, land, power, cls, lg, ls, loyal_gov, policies, biases, rate):
    """Legitimacy relaxed toward ``1 - ||d - policy|| / sqrt(3) + bias`` (in float32, like the state); people not loyal to the
    government also lose their unit's ``hit`` of Lg (repression seen in the district).

    Args:
        start, size: int64 (n_units,). hit: float64 (n_units,). peace, land, power: float32 (n,).
        cls: int8 (n,). lg, ls: float32 (n,). loyal_gov: bool (n,).
        policies: float64 (2, 3) rows g, s. biases: float64 (2, n_classes) rows government (less the
        discredit), councils. rate: relaxation rate (1 sets legitimacy to its target).

    Returns:
        float32 (n,) new Lg and Ls, clipped to [0, 1].
    """
    new_g = np.empty_like(lg)
    new_s = np.empty_like(ls)
    pol = policies.astype(np.float32)
    bias = biases.astype(np.float32)
    inv3 = np.float32(1.0 / np.sqrt(3.0))
    r = np.float32(rate)
    for u in range(len(start)):
        cut_u = np.float32(hit[u])
        for i in range(start[u], start[u] + size[u]):
            x, y, z = peace[i], land[i], power[i]
            dg = (x - pol[0, 0]) ** 2 + (y - pol[0, 1]) ** 2 + (z - pol[0, 2]) ** 2
            ds = (x - pol[1, 0]) ** 2 + (y - pol[1, 1]) ** 2 + (z - pol[1, 2]) ** 2
            tg = np.float32(1.0) - np.sqrt(dg) * inv3 + bias[0, cls[i]]
            ts = np.float32(1.0) - np.sqrt(ds) * inv3 + bias[1, cls[i]]
            cut = np.float32(0.0) if loyal_gov[i] else cut_u
            new_g[i] = min(max(lg[i] + r * (tg - lg[i]) - cut, np.float32(0.0)), np.float32(1.0))
            new_s[i] = min(max(ls[i] + r * (ts - ls[i]), np.float32(0.0)), np.float32(1.0))
    return new_g, new_s


class ActivityRule(NamedTuple):
    """Who is called out and how strongly: ``calls`` bool (n_parties + 1,), the last entry the councils';
    ``organised`` bool (n_classes,) the classes the councils reach (their electors); ``bonus``, ``threshold``."""

    calls: np.ndarray
    organised: np.ndarray
    bonus: float
    threshold: float


@nb.njit(cache=True, nogil=True, fastmath=True, error_model="numpy")
def decide_activity(start, size, risk_d, hardship, lg, risk, condition, party, allegiance, cls, rule):
    """Epstein's rule: free people are active when ``h (1 - Lg) - r P_d + m > T``, where ``m = bonus`` for
    people whose party calls them out, or who are loyal to councils that call and belong to a class the
    councils organise (their electors).

    Args:
        start, size: int64 (n_units,). risk_d: float64 (n_units,) arrest probability of the unit's district.
        hardship, lg, risk: float32 (n,). condition, party, allegiance, cls: int8 (n,). rule: ActivityRule.

    Returns:
        int8 (n,) new condition (quiet 0 / active 1 for the free), int64 (n_units,) actives per unit.
    """
    out = condition.copy()
    actives = np.zeros(len(start), np.int64)
    calls = rule.calls
    for u in range(len(start)):
        p = risk_d[u]
        for i in range(start[u], start[u] + size[u]):
            if condition[i] <= ACTIVE:
                reached = calls[-1] and allegiance[i] == COUNCILS and rule.organised[cls[i]]
                m = rule.bonus if calls[party[i]] or reached else 0.0
                active = hardship[i] * (1.0 - lg[i]) - risk[i] * p + m > rule.threshold
                out[i] = 1 if active else 0
                actives[u] += out[i]
    return out, actives


@nb.njit(cache=True, nogil=True, fastmath=True, error_model="numpy")
def daily_hardship(start, size, extra, h0, cls, burden):
    """``clip(h0 + burden[class] + extra[unit], 0, 1)``, float32 (n,)."""
    out = np.empty_like(h0)
    for u in range(len(start)):
        for i in range(start[u], start[u] + size[u]):
            out[i] = min(max(h0[i] + burden[cls[i]] + extra[u], 0.0), 1.0)
    return out


@nb.njit(cache=True, nogil=True, fastmath=EXACT, error_model="numpy")
def armed_sides(index, unit, cls, allegiance, lg, ls, unit_gov, district, garrison, combat_weight, committee, will):
    """Whom each armed person at ``index`` would fight for, and how hard (:func:`.force.armed_people`).

    A garrison soldier follows their unit (``unit_gov``): with the government if it obeys and they are not
    council-loyal, with the councils if it does not and they are council-loyal, or neutral once a military
    committee exists. Others (officers, cadets, Cossacks, Red Guards) fight only for the side they are loyal
    to and whose legitimacy today leads the other's by more than the hysteresis; else they stand aside.
    Strength is combat weight times will, ``clip(neutral + (|Ls - Lg| - hysteresis) / span, neutral, 1)``
    (``neutral`` for the neutral), in float32.

    Args:
        index: int64 (k,). unit: int32 (n,). cls, allegiance: int8 (n,). lg, ls: float32 (n,).
        unit_gov: bool (n_units,). district: int16 (n_units,). garrison: bool (n_classes,).
        combat_weight: float64 (n_classes,). committee: whether a military committee exists.
        will: float64 (3,) hysteresis, will span, neutral will.

    Returns:
        int16 (k,) district, float32 (k,) strength, bool (k,) obeys the government, bool (k,) the councils.
    """
    k = len(index)
    where = np.empty(k, district.dtype)
    strength = np.empty(k, np.float32)
    obeys_gov = np.empty(k, np.bool_)
    obeys_cs = np.empty(k, np.bool_)
    hysteresis, span, neutral_will = np.float32(will[0]), np.float32(will[1]), np.float32(will[2])
    for j in range(k):
        i = index[j]
        u, c, a = unit[i], cls[i], allegiance[i]
        where[j] = district[u]
        if garrison[c]:
            obeys_gov[j] = unit_gov[u] and a != COUNCILS
            obeys_cs[j] = not unit_gov[u] and (a == COUNCILS or (a == NEUTRAL and committee))
        else:
            lead = ls[i] - lg[i]
            obeys_gov[j] = a == GOV and -lead > hysteresis
            obeys_cs[j] = a == COUNCILS and lead > hysteresis
        w = neutral_will
        if a != NEUTRAL:
            gap = abs(ls[i] - lg[i]) - hysteresis
            w = min(max(neutral_will + gap / span, neutral_will), np.float32(1.0))
        strength[j] = np.float32(combat_weight[c] * np.float64(w))
    return where, strength, obeys_gov, obeys_cs
