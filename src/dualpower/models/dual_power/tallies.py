"""Compiled one-pass counts and selections over people: tallies by group, the census, the armed, jail."""

from __future__ import annotations

from typing import NamedTuple

import numba as nb
import numpy as np

from .kernels import EXACT, PARALLEL, add_to, as_bytes, popcount, unit_spans
from .state import ACTIVE, COUNCILS, DEAD, GOV, JAILED, NEUTRAL, QUIET


class Electorate(NamedTuple):
    """Who is counted by :func:`tally`: ``party`` int8 (n,), ``member`` bool (n,), ``condition`` int8 (n,)."""

    party: np.ndarray
    member: np.ndarray
    condition: np.ndarray


class Grouping(NamedTuple):
    """Units as :func:`tally` groups them: ``start``, ``size`` int64 (n_units,) slices of people, ``cls`` int8
    (n_units,) their one class, ``group`` int32 (n_units,) their group or -1 (not counted)."""

    start: np.ndarray
    size: np.ndarray
    cls: np.ndarray
    group: np.ndarray


class Counting(NamedTuple):
    """What :func:`tally` counts: people of ``classes`` bool (n_classes,), ``members_only`` or all, up to
    condition ``max_condition``, into ``n_groups`` x ``n_parties`` cells."""

    classes: np.ndarray
    members_only: bool
    max_condition: int
    n_parties: int
    n_groups: int


@nb.njit(cache=True, nogil=True, fastmath=True, error_model="numpy")
def tally(units, who, counted):
    """Count people by (group of their unit, party), unit by unit, skipping the units of classes not counted
    and of groups < 0 without reading their people (a unit holds one class).

    Args:
        units: Grouping. who: Electorate. counted: Counting.

    Returns:
        int64 (n_groups, n_parties).
    """
    start, size, unit_cls, group = units
    party, member, condition = who
    classes, members_only, max_condition, n_parties, n_groups = counted
    out = np.zeros((n_groups, n_parties), np.int64)
    for u in range(len(start)):
        g = group[u]
        if g < 0 or not classes[unit_cls[u]]:
            continue
        row = out[g]
        for i in range(start[u], start[u] + size[u]):
            if condition[i] <= max_condition and (member[i] or not members_only):
                row[party[i]] += 1
    return out


class Citizens(NamedTuple):
    """Everybody as the census sees them: ``allegiance``, ``condition``, ``party`` int8 (n,); ``member``,
    ``armed`` bool (n,); ``lg``, ``ls`` float32 (n,)."""

    allegiance: np.ndarray
    condition: np.ndarray
    party: np.ndarray
    member: np.ndarray
    armed: np.ndarray
    lg: np.ndarray
    ls: np.ndarray


class UnitTable(NamedTuple):
    """Every unit: ``start``, ``size`` int64, ``cls`` int8, ``district`` int16, ``plant`` bool; (n_units,)."""

    start: np.ndarray
    size: np.ndarray
    cls: np.ndarray
    district: np.ndarray
    plant: np.ndarray


KINDS = 7
"""First of :func:`unit_census`'s three columns of the active by kind: armed, on strike, demonstrating."""
ARMED, STRIKE, MARCH = KINDS, KINDS + 1, KINDS + 2


class Census(NamedTuple):
    """The day's counts.

    Attributes:
        by_class: int64 (n_classes, 3) living people by class and allegiance. by_district: int64
            (n_districts, 3) by district and allegiance. conditions: int64 (4,) people by condition.
        kinds: int64 (3,) the active by kind: armed, on strike (unarmed, of a workplace), demonstrating.
        support, members: int64 (n_parties,) living supporters and members. red_guard: living Red Guards.
        sum_g, sum_s: float64 sums of Lg and Ls over the living.
    """

    by_class: np.ndarray
    by_district: np.ndarray
    conditions: np.ndarray
    kinds: np.ndarray
    support: np.ndarray
    members: np.ndarray
    red_guard: int
    sum_g: float
    sum_s: float


def census(people, units, class_armed, n_parties, n_districts, disarmed) -> Census:
    """One pass of counts for observation (a Census of Citizens, by UnitTable). People are counted unit by unit
    in parallel (:func:`unit_census`), and the units' counts added to their class and district
    (:func:`add_units`); Lg and Ls are summed over the living by :func:`living_sums`. The active armed of the
    ``disarmed`` units (bool (n_units,), or empty: none) count as on strike or demonstrating."""
    counts = unit_census(people, units, n_parties)
    if disarmed.any():
        bare = np.where(units.plant, STRIKE, MARCH)[disarmed]
        counts[disarmed, bare] += counts[disarmed, ARMED]
        counts[disarmed, ARMED] = 0
    sums = add_units(counts, units.cls, units.district, class_armed, n_parties, n_districts)
    sum_g, sum_s, _ = living_sums(people.lg, people.ls, people.condition)
    return Census(*sums, sum_g, sum_s)


@nb.njit(cache=True, nogil=True, error_model="numpy")
def add_units(counts, unit_cls, district, class_armed, n_parties, n_districts):
    """The units' counts (:func:`unit_census`) added to their class and district: the fields of :class:`Census`
    before ``sum_g``."""
    kinds = np.zeros(3, np.int64)
    by_class = np.zeros((len(class_armed), 3), np.int64)
    by_district = np.zeros((n_districts, 3), np.int64)
    conditions = np.zeros(4, np.int64)
    support = np.zeros(n_parties, np.int64)
    members = np.zeros(n_parties, np.int64)
    red_guard = 0
    for u in range(len(counts)):  # index by index: a slice a unit would cost more than its adds
        for k in range(3):
            by_class[unit_cls[u], k] += counts[u, k]
            by_district[district[u], k] += counts[u, k]
            kinds[k] += counts[u, KINDS + k]
        for k in range(4):
            conditions[k] += counts[u, 3 + k]
        for p in range(n_parties):
            support[p] += counts[u, 11 + p]
            members[p] += counts[u, 11 + n_parties + p]
        if not class_armed[unit_cls[u]]:
            red_guard += counts[u, 10]
    return by_class, by_district, conditions, kinds, support, members, red_guard


@nb.njit(cache=True, nogil=True, error_model="numpy", parallel=PARALLEL)
def unit_census(people, units, n_parties):
    """Each unit's counts, int64 (n_units, 11 + 2 n_parties): the living by allegiance (3), everybody by
    condition (4), the active by kind (3: armed, on strike, demonstrating), the living armed (1), and the living
    supporters and members of each party. A unit's people are read as bytes (:func:`.kernels.as_bytes`) and every
    count is a sum of 0s and 1s in its own 32-bit register (:func:`.kernels.add_to`), so that the loops vectorise:
    one pass for the first eleven counts, one a party for the rest."""
    allegiance, condition, party = as_bytes(people.allegiance), as_bytes(people.condition), as_bytes(people.party)
    member, armed = as_bytes(people.member), as_bytes(people.armed)
    start, size, plant = units.start, units.size, units.plant
    out = np.zeros((len(start), 11 + 2 * n_parties), np.int64)
    spans = unit_spans(start, size)
    quiet_, active, jailed_, dead = np.uint8(QUIET), np.uint8(ACTIVE), np.uint8(JAILED), np.uint8(DEAD)
    gov, neutral, councils = np.uint8(GOV), np.uint8(NEUTRAL), np.uint8(COUNCILS)
    for b in nb.prange(len(spans) - 1):
        for u in range(spans[b], spans[b + 1]):
            lo, hi = start[u], start[u] + size[u]
            cond, side, arms = condition[lo:hi], allegiance[lo:hi], armed[lo:hi]
            ties, firm = party[lo:hi], member[lo:hi]
            n_gov = n_neutral = n_councils = quiet = acting = jailed = died = act_armed = act_bare = live_armed = (
                np.uint32(0))
            for i in range(hi - lo):
                c, a, r = cond[i], side[i], arms[i]
                living = np.uint8(c != dead)
                act = np.uint8(c == active)
                n_gov = add_to(n_gov, living & np.uint8(a == gov))
                n_neutral = add_to(n_neutral, living & np.uint8(a == neutral))
                n_councils = add_to(n_councils, living & np.uint8(a == councils))
                quiet = add_to(quiet, c == quiet_)
                acting = add_to(acting, act)
                jailed = add_to(jailed, c == jailed_)
                died = add_to(died, c == dead)
                act_armed = add_to(act_armed, act & r)
                act_bare = add_to(act_bare, act & (r ^ np.uint8(1)))
                live_armed = add_to(live_armed, living & r)
            row = out[u]
            row[0], row[1], row[2] = n_gov, n_neutral, n_councils
            row[3], row[4], row[5], row[6] = quiet, acting, jailed, died
            row[7], row[8 if plant[u] else 9], row[10] = act_armed, act_bare, live_armed
            for p in range(n_parties):
                supporters = members = np.uint32(0)
                line = np.uint8(p)
                for i in range(hi - lo):
                    here = np.uint8(cond[i] != dead) & np.uint8(ties[i] == line)
                    supporters = add_to(supporters, here)
                    members = add_to(members, here & firm[i])
                row[11 + p], row[11 + n_parties + p] = supporters, members
    return out


def armed_roll(units, scan, armed, condition, allegiance):
    """The armed people who are free (QUIET or ACTIVE) in the units where ``scan`` (those of classes that carry
    or may take arms, a fraction of the population), int64 (k,) in the units' order, and by unit how many of
    them are council-loyal, how many there are, and how many of the council-loyal are ACTIVE, float64
    (n_units,) each (0 where not scanned).

    Args:
        units: Slices of every unit. scan: bool (n_units,). armed: bool (n,). condition, allegiance: int8 (n,).
    """
    return pick(units, scan, armed, condition, allegiance, False)


def rifle_pool(units, scan, armed, condition, allegiance):
    """Indices of unarmed, free (QUIET or ACTIVE), council-loyal people in the units where ``scan`` (the classes
    that may take rifles), int64 (k,), in the units' order."""
    return pick(units, scan, armed, condition, allegiance, True)[0]


@nb.njit(cache=True, nogil=True, error_model="numpy", parallel=PARALLEL)
def pick(units, scan, armed, condition, allegiance, pool):
    """The people of the units where ``scan`` who are armed and free, or (``pool``) unarmed, free and
    council-loyal, int64 (k,) in the units' order, and by unit how many of them are council-loyal, how many
    there are and how many of the council-loyal are ACTIVE, float64 (n_units,) each: counted share by share in
    parallel, unit by unit (in bytes and 32-bit counts, so that the count vectorises), then written from each
    share's offset."""
    start, size = units
    armed, condition, allegiance = as_bytes(armed), as_bytes(condition), as_bytes(allegiance)
    chosen = np.flatnonzero(scan)
    spans = unit_spans(start[chosen], size[chosen])
    loyal = np.zeros(len(start))
    present = np.zeros(len(start))
    out_loyal = np.zeros(len(start))
    ends = np.zeros(len(spans), np.int64)
    councils, active = np.uint8(COUNCILS), np.uint8(ACTIVE)
    for b in nb.prange(len(spans) - 1):
        k = 0
        for u in chosen[spans[b]:spans[b + 1]]:
            lo, hi = start[u], start[u] + size[u]
            arms, cond, side = armed[lo:hi], condition[lo:hi], allegiance[lo:hi]
            here = ours = ours_out = np.uint32(0)
            for j in range(hi - lo):
                taken = picked(arms[j], cond[j], side[j], pool)
                mine = taken & np.uint8(side[j] == councils)
                here = add_to(here, taken)
                ours = add_to(ours, mine)
                ours_out = add_to(ours_out, mine & np.uint8(cond[j] == active))
            present[u], loyal[u], out_loyal[u] = here, ours, ours_out
            k += here
        ends[b + 1] = k
    ends = np.cumsum(ends)
    out = np.empty(ends[-1], np.int64)
    for b in nb.prange(len(spans) - 1):
        k = ends[b]
        for u in chosen[spans[b]:spans[b + 1]]:
            for i in range(start[u], start[u] + size[u]):
                if picked(armed[i], condition[i], allegiance[i], pool):
                    out[k] = i
                    k += 1
    return out, loyal, present, out_loyal


@nb.njit(inline="always", nogil=True)
def picked(armed, condition, allegiance, pool):
    """:func:`pick`'s test of one person (bytes), 1 or 0."""
    if pool:
        return (armed ^ np.uint8(1)) & np.uint8(condition <= ACTIVE) & np.uint8(allegiance == COUNCILS)
    return armed & np.uint8(condition <= ACTIVE)


STRETCH = 1 << 15
"""People per stretch of :func:`living_sums`: stretches are summed in parallel and their sums added in order."""


@nb.njit(cache=True, nogil=True, fastmath=EXACT, error_model="numpy", parallel=PARALLEL)
def living_sums(first, second, condition):
    """Sums of ``first`` and ``second`` float32 (n,) over the living, float64, and their number. The sums are the
    same on any number of threads: stretches of ``STRETCH`` people are summed in parallel, each in order, and
    the stretches' sums are added in order."""
    n = len(condition)
    k = (n + STRETCH - 1) // STRETCH
    sums = np.zeros((k, 2))
    counts = np.zeros(k, np.int64)
    for b in nb.prange(k):
        one = 0.0
        two = 0.0
        c = 0
        for i in range(b * STRETCH, min((b + 1) * STRETCH, n)):
            living = condition[i] != DEAD
            one += first[i] if living else 0.0
            two += second[i] if living else 0.0
            c += living
        sums[b, 0] = one
        sums[b, 1] = two
        counts[b] = c
    one = 0.0
    two = 0.0
    for b in range(k):
        one += sums[b, 0]
        two += sums[b, 1]
    return one, two, counts.sum()


def living_mean(values: np.ndarray, condition: np.ndarray) -> float:
    """Mean of ``values`` over the living (:func:`living_sums`); nan when nobody lives."""
    total, _, count = living_sums(values, values, condition)
    return total / count if count else float("nan")


@nb.njit(cache=True, nogil=True, error_model="numpy")
def ranked(flags, ranks):
    """Indices of the true entries of ``flags`` (bool (n,)) of the given ``ranks`` (int64 (k,), ascending and
    distinct; rank r is the (r + 1)-th true entry), int64 (k,): eight entries at a time are skipped by their
    count (a bool is one byte, 0 or 1, so a word's set bits count its true entries)."""
    data = as_bytes(flags)
    n_words = len(data) // 8
    words = data[:8 * n_words].view(np.uint64)
    out = np.empty(len(ranks), np.int64)
    seen = r = w = 0
    while r < len(ranks) and w <= n_words:
        if w < n_words and seen + popcount(words[w]) <= ranks[r]:
            seen += popcount(words[w])
        else:
            for i in range(8 * w, min(8 * w + 8, len(data))):
                if data[i]:
                    if r < len(ranks) and seen == ranks[r]:
                        out[r] = i
                        r += 1
                    seen += 1
        w += 1
    return out[:r]


@nb.njit(cache=True, nogil=True, error_model="numpy")
def serve_jail(condition, jail):
    """One day off every jail term of the JAILED; who finishes goes home QUIET. Both passes are free of branches
    (selects on bytes; every index is written, and the count of the ACTIVE moves past it only for them).

    Returns:
        int8 (n,) condition, int16 (n,) days left, int64 (k,) indices of the ACTIVE.
    """
    cond, left = np.empty_like(condition), np.empty_like(jail)
    was, now = as_bytes(condition), as_bytes(cond)
    jailed, quiet, active = np.uint8(JAILED), np.uint8(QUIET), np.uint8(ACTIVE)
    k = 0
    for i in range(len(was)):
        inside = was[i] == jailed
        days = np.int16(jail[i] - np.int16(inside))
        left[i] = days
        c = quiet if inside & (days <= 0) else was[i]
        now[i] = c
        k += np.int64(c == active)
    actives = np.empty(k + 1, np.int64)
    k = 0
    for i in range(len(now)):
        actives[k] = i
        k += np.int64(now[i] == active)
    return cond, left, actives[:k]


@nb.njit(cache=True, nogil=True, error_model="numpy", parallel=PARALLEL)
def unit_totals(units, demands, ties, restless, n_parties):
    """Per unit, in one pass: the sums of the three demands, of their squares (for the spread within units),
    and the free members of each party who are not ``restless`` (counted apart, a pass of bytes a party, so
    that the sums' loop has no branch).

    Args:
        units: Slices. demands: Demands. ties: Affiliation. restless: bool (n,).

    Returns:
        float64 (n_units, 6 + n_parties): demand sums, squared-demand sums, free members by party.
    """
    start, size = units
    party, member, condition = as_bytes(ties.party), as_bytes(ties.member), as_bytes(ties.condition)
    doubt = as_bytes(restless)
    out = np.zeros((len(start), 6 + n_parties))
    peace, land, power = demands
    spans = unit_spans(start, size)
    free_max = np.uint8(ACTIVE)
    for b in nb.prange(len(spans) - 1):
        for u in range(spans[b], spans[b + 1]):
            lo, hi = start[u], start[u] + size[u]
            px, py, pz = peace[lo:hi], land[lo:hi], power[lo:hi]
            sx = sy = sz = qx = qy = qz = 0.0  # in registers, added in the people's order
            for j in range(hi - lo):
                x, y, z = np.float64(px[j]), np.float64(py[j]), np.float64(pz[j])
                sx += x
                sy += y
                sz += z
                qx += x * x
                qy += y * y
                qz += z * z
            out[u, 0], out[u, 1], out[u, 2], out[u, 3], out[u, 4], out[u, 5] = sx, sy, sz, qx, qy, qz
            ties_u, firm, cond, torn = party[lo:hi], member[lo:hi], condition[lo:hi], doubt[lo:hi]
            for p in range(n_parties):
                line, count = np.uint8(p), np.uint32(0)
                for j in range(hi - lo):
                    counted = firm[j] & (torn[j] ^ np.uint8(1)) & np.uint8(cond[j] <= free_max)
                    count = add_to(count, counted & np.uint8(ties_u[j] == line))
                out[u, 6 + p] = count
    return out
