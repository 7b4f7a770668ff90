"""Compiled loops for what NumPy does not vectorise, and the named bundles of arrays and scalars they take."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

import numba as nb
import numpy as np
from llvmlite import ir
from numba.core import types
from numba.extending import intrinsic

from .state import ACTIVE, COUNCILS, GOV, NEUTRAL, QUIET


def thread_safe_layer() -> bool:
    """Whether Numba can load a threading layer that parallel loops may be launched from several threads at
    once (TBB or OpenMP; the dashboard runs simulations in threads), and if so make it the one used."""
    for pool in ("tbbpool", "omppool"):
        try:
            importlib.import_module(f"numba.np.ufunc.{pool}")
        except (ImportError, OSError):
            continue
        nb.config.THREADING_LAYER = "threadsafe"
        return True
    return False


PARALLEL = thread_safe_layer()
"""Whether the passes that draw nothing run on all cores (each person's result is the same either way)."""

GRAIN = 50_000
"""People per thread below which a parallel loop's threads cost more than they save: each loop waits for its
slowest thread, and on a machine whose cores are busy with other work that wait is a scheduler's time slice
(docs/ODD.md, section 2; benchmarks/small_threads.py)."""


@contextmanager
def threads_for(people: int) -> Iterator[None]:
    """Run the enclosed loops on at most one thread per :data:`GRAIN` people (at least one), then restore the
    calling thread's setting (Numba's is per thread, so simulations in other threads keep theirs)."""
    if not PARALLEL:
        yield
        return
    before = nb.get_num_threads()
    nb.set_num_threads(max(1, min(before, people // GRAIN)))
    try:
        yield
    finally:
        nb.set_num_threads(before)


EXACT = {"nnan", "ninf", "nsz"}
"""Fast-math that leaves rounding alone (no reassociation, reciprocals or fused multiply-adds): float32 results
are those NumPy gives for the same expressions."""


@intrinsic
def fma(typingctx, a, b, c):
    """``a x b + c`` rounded once (IEEE fused multiply-add), for floats of one type. Written out where a loop
    must give the same bits however the compiler vectorises, inlines or caches it (fast-math leaves it free
    to fuse or not)."""
    if not (isinstance(a, types.Float) and a == b == c):
        return None

    def codegen(context, builder, signature, args):
        kind = args[0].type
        fused = builder.module.declare_intrinsic("llvm.fma", [kind], ir.FunctionType(kind, [kind] * 3))
        return builder.call(fused, args)

    return a(a, b, c), codegen


@nb.njit(inline="always", nogil=True)
def as_bytes(a):
    """A bool or int8 array as uint8: loops then do byte arithmetic, which vectorises (Numba's bools do not)."""
    return a.view(np.uint8)


@nb.njit(inline="always", nogil=True)
def add_to(count, x):
    """``count + x`` held in 32 bits (Numba widens integer sums to 64 bits, which halves the lanes of a
    vectorised count); for counts of people in one unit or stretch, far below 2**32."""
    return np.uint32(count + np.uint32(x))


class Slices(NamedTuple):
    """Units as contiguous slices of people: ``start``, ``size`` int64 (n_units,)."""

    start: np.ndarray
    size: np.ndarray


class Demands(NamedTuple):
    """The three demands of every person, float32 (n,) each."""

    peace: np.ndarray
    land: np.ndarray
    power: np.ndarray


class Affiliation(NamedTuple):
    """Party ties: ``party`` int8 (n,), ``member`` bool (n,), ``condition`` int8 (n,) (free up to ACTIVE)."""

    party: np.ndarray
    member: np.ndarray
    condition: np.ndarray


class PartyRule(NamedTuple):
    """Party choice: ``plat`` float64 (n_parties, 3) perceived platforms; the gains in squared distance needed
    to switch at once for supporters and for members; ``radius``, the squared distance to one's party within
    which a free non-member may join it; ``join`` float64 (n_parties,) daily chance of joining; ``defect``, the
    daily chance that a member who would switch leaves (1: at once); ``reconsider``, the daily chance that a
    supporter whose gain falls short of inertia switches, at a gain equal to inertia (in proportion below)."""

    plat: np.ndarray
    inertia: float
    inertia_member: float
    radius: float
    join: np.ndarray
    defect: float
    reconsider: float


def choose_parties(demands, ties, rule, rng):
    """Nearest perceived platform, switching at once when the gain in squared distance beats inertia; a supporter
    whose gain falls short switches with daily chance ``rule.reconsider x gain / inertia`` (a standing doubt
    wears a loyalty down); a member who would switch leaves the party with daily chance ``rule.defect`` (and
    lapses), else stays in it, restless; free non-members within ``rule.radius`` of their party join it with
    its daily chance. Reconsiderations, defections and joins are drawn as geometric gaps between the chosen
    (same law as one draw per candidate, far fewer draws; a reconsideration is then kept in proportion to the
    gain).

    The distances and every choice that needs no draw are made in one parallel pass (:func:`settle_parties`),
    which also counts the candidates of each kind stretch by stretch; the draws are then made in order from the
    run's Generator, each walk skipping what holds no draw (the reconsiderations whole words of doubters by
    their bit counts, :func:`nth_set`; the defections and joins whole stretches by their counts,
    :func:`next_draw`), and a draw that changes a choice mends its stretch's counts.

    Args:
        demands: Demands. ties: Affiliation. rule: PartyRule. rng: the run's Generator.

    Returns:
        int8 (n,) new party; bool (n,) member (a member who switches lapses); bool (n,) restless members.
    """
    at_once = rule.defect >= 1.0
    choice, counts = settle_parties(demands, ties, rule, at_once)
    return draw_parties(choice, counts, ties.condition, rule, at_once, rng)


@nb.njit(cache=True, nogil=True, fastmath=True, error_model="numpy")
def draw_parties(choice, counts, condition, rule, at_once, rng):
    """The draws of :func:`choose_parties`, in order from the run's Generator, on the choices and stretch counts of
    :func:`settle_parties` (mended as a draw changes a choice)."""
    best, best_d, own_d, out, kept, near, restless, doubt = choice
    n_p = len(rule.join)
    if rule.reconsider > 0:
        i = nth_set(doubt, 0, rng.geometric(rule.reconsider))
        while i < len(near):
            if rng.random() * rule.inertia < own_d[i] - best_d[i]:
                s = i // STRIDE
                counts[s, out[i]] -= near[i]
                out[i] = best[i]
                near[i] = (condition[i] <= ACTIVE) & (best_d[i] < rule.radius)
                counts[s, out[i]] += near[i]
            i = nth_set(doubt, i + 1, rng.geometric(rule.reconsider))
    if not at_once and rule.defect > 0:
        s, i = next_draw(restless, counts[:, n_p], 0, 0, rng.geometric(rule.defect))
        while i < len(restless):
            out[i], kept[i], restless[i] = best[i], False, False
            near[i] = (condition[i] <= ACTIVE) & (best_d[i] < rule.radius)
            counts[s, out[i]] += near[i]
            s, i = next_draw(restless, counts[:, n_p], s, i + 1, rng.geometric(rule.defect))
    join = rule.join
    gap = np.array([rng.geometric(j) if j > 0 else -1 for j in join])
    for s in range(len(counts)):
        lo, hi, here = s * STRIDE, min((s + 1) * STRIDE, len(near)), counts[s]
        due = False
        for p in range(len(gap)):
            due |= (gap[p] > 0) & (here[p] >= gap[p])
        if not due:
            for p in range(len(gap)):
                gap[p] -= here[p] if gap[p] > 0 else 0
            continue
        for i in range(lo, hi):
            if near[i]:
                o = out[i]
                if gap[o] > 0:
                    gap[o] -= 1
                    if gap[o] == 0:
                        kept[i] = True
                        gap[o] = rng.geometric(join[o])
    return out, kept, restless


@nb.njit(cache=True, nogil=True, error_model="numpy")
def next_draw(flag, per_stretch, s, i, gap):
    """The ``gap``-th flagged person from ``i`` on (``i`` lies in stretch ``s``; ``per_stretch``, int64
    (n_stretches,), the flagged people of each stretch), skipping whole stretches where it does not fall: its
    stretch and index, the index ``len(flag)`` when there is none."""
    n = len(flag)
    while s < len(per_stretch):
        lo, hi = max(i, s * STRIDE), min((s + 1) * STRIDE, n)
        if i <= s * STRIDE and gap > per_stretch[s]:
            gap -= per_stretch[s]
        else:
            for j in range(lo, hi):
                if flag[j]:
                    gap -= 1
                    if gap == 0:
                        return s, j
        s += 1
        i = s * STRIDE
    return s, n


@nb.njit(cache=True, nogil=True, error_model="numpy")
def nth_set(words, i, k):
    """The index of the ``k``-th set bit from bit ``i`` on in ``words`` (uint64, bit ``b`` of word ``w`` standing
    for person ``64 w + b``), or ``64 len(words)`` when there is none: whole words are skipped by their count."""
    w = i // 64
    if w >= len(words):
        return 64 * len(words)
    word = words[w] & (~np.uint64(0) << np.uint64(i % 64))
    while True:
        c = popcount(word)
        if k <= c:
            for _ in range(k - 1):
                word &= word - np.uint64(1)
            return 64 * w + popcount((word & (~word + np.uint64(1))) - np.uint64(1))
        k -= c
        w += 1
        if w >= len(words):
            return 64 * len(words)
        word = words[w]


@nb.njit(inline="always", nogil=True)
def popcount(x):
    """Set bits of a uint64 (the parallel bit count, which compilers turn into one instruction)."""
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return np.int64((x * np.uint64(0x0101010101010101)) >> np.uint64(56))


BLOCK = 4096
"""People per block in blocked passes: a block's arrays stay in cache while every party is visited (a whole
number of stretches, so that no two blocks count into one stretch)."""
SPAN = 16384
"""People per share of a parallel pass over units."""
LANES = 8
"""Parties whose distances one pass over a block takes together, held in registers (the menu is padded to a
multiple with lines at ``FAR``, nearest to nobody)."""
FAR = np.float32(1e6)
STRIDE = 256
"""People per stretch that a walk drawing at rare intervals counts at once, and skips when no draw falls in it."""
CHUNK = 512
"""People per chunk of a pass that first spreads per-party values over them: the values stay in the fastest cache."""


@nb.njit(cache=True, nogil=True, error_model="numpy")
def unit_spans(start, size):
    """Runs of whole units of at least ``SPAN`` people each (the last may be smaller), as boundaries between unit
    indices, int64 (k + 1,): the shares of a parallel pass over units, of even work however uneven the units."""
    bounds = [0]
    edge = SPAN
    for u in range(len(start)):
        if start[u] >= edge:
            bounds.append(u)
            edge = start[u] + SPAN
    bounds.append(len(start))
    return np.array(bounds, np.int64)


@nb.njit(cache=True, nogil=True, error_model="numpy")
def floor32(t):
    """The largest float32 not above the float64 ``t``: a float32 exceeds it exactly when it exceeds ``t``, so that
    a threshold compared in 32-bit lanes decides every case as the float64 threshold does (a gain equal to
    ``float32(0.15)``, which is above 0.15, switches)."""
    f = np.float32(t)
    if np.float64(f) > t:
        f = np.nextafter(f, np.float32(-np.inf))
    return f


@nb.njit(cache=True, nogil=True, error_model="numpy")
def ceil32(t):
    """The smallest float32 not below the float64 ``t``: a float32 is below it exactly when it is below ``t``
    (:func:`floor32`'s counterpart, for thresholds that must not be reached)."""
    f = np.float32(t)
    if np.float64(f) < t:
        f = np.nextafter(f, np.float32(np.inf))
    return f


@nb.njit(cache=True, nogil=True, fastmath=True, error_model="numpy", parallel=PARALLEL)
def settle_parties(demands, ties, rule, at_once):
    """Each person's nearest perceived platform, and their choice before any draw: who switches at once (gain
    beyond inertia), stays a member, is near enough to their party to join it, is a restless member (would
    switch but waits to leave) or a supporter in doubt (a smaller positive gain). People are taken block by
    block (:func:`settle_block`), the blocks in parallel.

    Returns:
        (int8 (n,) nearest party; float32 (n,) its distance and one's own party's; int8 (n,) party; bool (n,)
        kept, near, restless; uint64 (ceil(n / 64),) the doubters as bits, :func:`nth_set`'s words) and int64
        (n_stretches, n_parties + 1): of every ``STRIDE``-person stretch, those near enough to join each party,
        and the restless.
    """
    n = len(ties.party)
    n_p = rule.plat.shape[0]
    p32 = np.full(((n_p + LANES - 1) // LANES * LANES, 3), FAR, np.float32)
    p32[:n_p] = rule.plat
    out = (np.empty(n, np.int8), np.empty(n, np.float32), np.empty(n, np.float32), np.empty(n, np.int8),
           np.empty(n, np.bool_), np.empty(n, np.bool_), np.empty(n, np.bool_), np.zeros((n + 63) // 64, np.uint64))
    counts = np.zeros(((n + STRIDE - 1) // STRIDE, n_p + 1), np.int64)
    limits = floor32(rule.inertia), floor32(rule.inertia_member), ceil32(rule.radius), at_once
    for blk in nb.prange((n + BLOCK - 1) // BLOCK):
        lo = blk * BLOCK
        settle_block(lo, min(lo + BLOCK, n), demands, ties, p32, limits, out, counts)
    return out, counts


@nb.njit(cache=True, nogil=True, fastmath=True, error_model="numpy")
def settle_block(lo, hi, demands, ties, p32, limits, out, counts):
    """:func:`settle_parties` for the people ``lo:hi``: the parties are visited ``LANES`` at a time, each person's
    nearest so far held in registers over a loop of the block's own arrays (in cache, and known not to overlap,
    so that the loops vectorise); in party order, so that a tie goes to the first party as one at a time would;
    writes into ``out`` and ``counts``."""
    peace, land, power = demands
    party, member, condition = ties
    m = hi - lo
    x, y, z = peace[lo:hi].copy(), land[lo:hi].copy(), power[lo:hi].copy()
    q = party[lo:hi].astype(np.int32)  # 32-bit lanes like the distances', so that the selects vectorise
    bp = np.zeros(m, np.int32)
    bd = np.full(m, np.float32(1e9))
    od = np.zeros(m, np.float32)
    for g in range(0, p32.shape[0], LANES):
        lane = p32[g:g + LANES]
        for j in range(m):
            xj, yj, zj, qj = x[j], y[j], z[j], q[j]
            near_p, near_d, own = bp[j], bd[j], od[j]
            for k in range(LANES):
                d = (xj - lane[k, 0]) ** 2 + (yj - lane[k, 1]) ** 2 + (zj - lane[k, 2]) ** 2
                own = d if qj == g + k else own
                better = d < near_d
                near_p = np.int32(g + k) if better else near_p
                near_d = d if better else near_d
            bp[j], bd[j], od[j] = near_p, near_d, own
    best, best_d, own_d, chosen = out[0][lo:hi], out[1][lo:hi], out[2][lo:hi], as_bytes(out[3][lo:hi])
    kept, near, restless = as_bytes(out[4][lo:hi]), as_bytes(out[5][lo:hi]), as_bytes(out[6][lo:hi])
    mine, free, doubt = as_bytes(member[lo:hi]), as_bytes(condition[lo:hi]), np.empty(m, np.uint8)
    loose, firm, radius, at_once = limits
    one, waits, free_max = np.uint8(1), np.uint8(not at_once), np.uint8(ACTIVE)
    for j in range(m):  # in bytes and 32-bit ints, so that it vectorises
        gain, mj = od[j] - bd[j], mine[j]
        switch = np.uint8(gain > (firm if mj else loose))
        stays = switch & mj & waits
        moves = switch & (stays ^ one)
        keep = mj & (moves ^ one)
        best[j], best_d[j], own_d[j] = bp[j], bd[j], od[j]
        chosen[j] = np.int32(q[j] + np.int32(bp[j] - q[j]) * np.int32(moves))
        kept[j], restless[j] = keep, stays
        near[j] = (keep ^ one) & np.uint8(free[j] <= free_max) & np.uint8((bd[j] if moves else od[j]) < radius)
        doubt[j] = (switch ^ one) & (mj ^ one) & np.uint8(gain > 0)
    n_p = counts.shape[1] - 1
    for a in range(0, m, STRIDE):
        e = min(a + STRIDE, m)
        row = counts[(lo + a) // STRIDE]
        here, party_here, rest = near[a:e], chosen[a:e], restless[a:e]
        for k in range(n_p):
            c, line = np.uint32(0), np.uint8(k)
            for j in range(e - a):
                c = add_to(c, here[j] & np.uint8(party_here[j] == line))
            row[k] = c
        r = np.uint32(0)
        for j in range(e - a):
            r = add_to(r, rest[j])
        row[n_p] = r
    words = out[7]
    for a in range(0, m, 64):
        w = np.uint64(0)
        for b in range(min(64, m - a)):
            w |= np.uint64(doubt[a + b]) << np.uint64(b)
        words[(lo + a) // 64] = w


@nb.njit(cache=True, nogil=True, fastmath=True, error_model="numpy", parallel=PARALLEL)
def apply_allegiance(units, current, lg, ls, risk, danger, theta, belief):
    """Declared allegiance: a person declares for the side whose legitimacy leads the other's by more than
    ``theta`` once the net risk of doing so (risk aversion times ``danger``, the chance of arrest by the other
    side's armed men in one's district) is deducted, and stands aside when their lead no longer covers that
    risk (by ``theta``) or when the side has less than ``belief`` legitimacy in their eyes; else keeps their
    allegiance; int8 (n,).

    Args:
        units: Slices. current int8 (n,). lg, ls, risk: float32 (n,). danger: float64 (2, n_units), rows the
        risk of declaring for the government and for the councils. theta, belief: float32.
    """
    start, size = units
    out = np.empty_like(current)
    spans = unit_spans(start, size)
    for b in nb.prange(len(spans) - 1):
        for u in range(spans[b], spans[b + 1]):
            to_gov, to_councils = danger[0, u], danger[1, u]
            lo, hi = start[u], start[u] + size[u]
            was, g, s, r, now = current[lo:hi], lg[lo:hi], ls[lo:hi], risk[lo:hi], out[lo:hi]
            for j in range(hi - lo):  # selects on per-unit slices, so that the loop vectorises
                gap = s[j] - g[j]
                for_councils = gap - r[j] * to_councils
                for_gov = -gap - r[j] * to_gov
                a = was[j]
                stand = ((a == COUNCILS) & (for_councils < -theta)) | ((a == GOV) & (for_gov < -theta))
                a = np.int8(NEUTRAL) if stand else a
                a = np.int8(GOV) if for_gov > theta else a
                a = np.int8(COUNCILS) if for_councils > theta else a
                aside = ((a == COUNCILS) & (s[j] < belief)) | ((a == GOV) & (g[j] < belief))
                now[j] = np.int8(NEUTRAL) if aside else a
    return out


@nb.njit(cache=True, nogil=True, fastmath=EXACT, error_model="numpy", parallel=PARALLEL)
def nearer_members(demands, party, member, parent, line, parent_line):
    """Which of ``parent``'s members have demands nearer ``line`` than ``parent_line`` (float64 (3,) each;
    squared distance in float64), bool (n,), how many they are, and how many members ``parent`` has: one pass
    over everybody."""
    peace, land, power = demands
    l0, l1, l2 = line[0], line[1], line[2]
    p0, p1, p2 = parent_line[0], parent_line[1], parent_line[2]
    out = np.empty(len(party), np.bool_)
    k = n = 0
    for i in nb.prange(len(party)):  # branch-free, so that the loop vectorises
        ours = member[i] & (party[i] == parent)
        d0, d1, d2 = np.float64(peace[i]), np.float64(land[i]), np.float64(power[i])
        a0, a1, a2 = d0 - l0, d1 - l1, d2 - l2
        b0, b1, b2 = d0 - p0, d1 - p1, d2 - p2
        nearer = ours & (a0 * a0 + a1 * a1 + a2 * a2 < b0 * b0 + b1 * b1 + b2 * b2)
        out[i] = nearer
        k += nearer
        n += ours
    return out, k, n


@nb.njit(cache=True, nogil=True, fastmath=EXACT, error_model="numpy")
def consistent_rows(sums, squares, counts, n, inverse, n_groups, real):
    """Rows' means (``sums / n``) and shares (``counts / n``) moved toward their group's centre so that their
    deviations carry the noise ``spread / real`` of the rows' real people instead of the sampled ``spread / n``,
    keeping the group's real variance between rows ``tau2`` (:func:`.groups.consistent_estimates`). A mean's
    ``spread`` is the within-row variance pooled over the group's rows, a share's ``p (1 - p)``. ``tau2`` is the
    observed variance less the sampling part, not clipped at 0: rows that vary less than their sampling noise
    alone would make them show no real difference, and clipping kept a share of their noise. A row of all its
    real people is kept as is. The group sums run in row order.

    Args:
        sums, squares: float64 (n_rows, k) sums of values and of their squares. counts: float64 (n_rows, c).
        n, real: float64 (n_rows,) sampled and real sizes. inverse: int64 (n_rows,) group of each row, below
        ``n_groups``.

    Returns:
        float64 (n_rows, k + c): means, then shares; the group's centre where nobody is counted.
    """
    n_rows, k = sums.shape
    w = k + counts.shape[1]
    values = np.empty((n_rows, w))
    values[:, :k] = sums
    values[:, k:] = counts
    size = np.zeros(n_groups)
    pooled = np.zeros(n_groups)
    total = np.zeros((n_groups, w))
    within = np.zeros((n_groups, k))
    for i in range(n_rows):
        g = inverse[i]
        size[g] += n[i]
        pooled[g] += max(n[i] - 1.0, 0.0)
        for j in range(w):
            total[g, j] += values[i, j]
        for j in range(k):
            m = sums[i, j] / max(n[i], 1.0)
            within[g, j] += max(squares[i, j] - n[i] * (m * m), 0.0)
    centre = np.empty((n_groups, w))
    spread = np.empty((n_groups, w))
    for g in range(n_groups):
        for j in range(w):
            centre[g, j] = total[g, j] / max(size[g], 1.0)
        for j in range(k):
            spread[g, j] = within[g, j] / max(pooled[g], 1.0)
        for j in range(k, w):
            spread[g, j] = centre[g, j] * (1.0 - centre[g, j])
    rows = np.zeros(n_groups)
    observed = np.zeros((n_groups, w))
    sampling = np.zeros((n_groups, w))
    means = np.zeros((n_rows, w))
    noise = np.zeros((n_rows, w))
    for i in range(n_rows):
        if n[i] > 0:
            g = inverse[i]
            rows[g] += 1.0
            for j in range(w):
                means[i, j] = values[i, j] / n[i]
                noise[i, j] = spread[g, j] / n[i]
                d = means[i, j] - centre[g, j]
                observed[g, j] += d * d
                sampling[g, j] += noise[i, j]
    tau2 = np.empty((n_groups, w))
    for g in range(n_groups):
        m = max(rows[g], 1.0)
        for j in range(w):
            tau2[g, j] = observed[g, j] / m - sampling[g, j] / m
    out = np.empty((n_rows, w))
    for i in range(n_rows):  # branch-free, so that the loop vectorises
        g = inverse[i]
        thinned = real[i] > n[i]
        for j in range(w):
            kept = tau2[g, j] + spread[g, j] / max(real[i], 1.0)
            weight = np.sqrt(max(kept, 0.0) / max(tau2[g, j] + noise[i, j], 1e-300)) if thinned else 1.0
            moved = centre[g, j] + min(weight, 1.0) * (means[i, j] - centre[g, j])
            out[i, j] = moved if n[i] > 0 else centre[g, j]
    return out


@nb.njit(cache=True, nogil=True, error_model="numpy")
def unit_pull_terms(means, district_means, unit_district, weights, lined, shock, mu, shock_sd):
    """Each unit's keep factor ``max(1 - mu_unit - mu_district - sum of weights, 0)`` (n_units,) and offsets
    ``mu_unit x unit mean + mu_district x district mean + lined + shock_sd x shock`` (3, n_units), added in
    that order (:func:`.opinion.unit_pull`).

    Args:
        means: float64 (n_units, 3). district_means: float64 (n_districts, 3). unit_district: (n_units,).
        weights: float64 (n_units, n_parties) agitation weights. lined: float64 (n_units, 3) their pull toward
        the parties' lines. shock: float64 (3, n_units) standard normal draws. mu: (mu_unit, mu_district).
    """
    mu_unit, mu_district = mu
    n = len(means)
    keep = np.empty(n)
    offsets = np.empty((3, n))
    for u in range(n):
        total = 0.0
        for p in range(weights.shape[1]):
            total += weights[u, p]
        keep[u] = max(1.0 - mu_unit - mu_district - total, 0.0)
        d = unit_district[u]
        for k in range(3):
            offsets[k, u] = (mu_unit * means[u, k] + mu_district * district_means[d, k] + lined[u, k]
                             + shock_sd * shock[k, u])
    return keep, offsets


class Pull(NamedTuple):
    """Social pull on demands, ``d' = keep d + offsets`` per unit: ``keep`` float64 (n_units,), ``offsets``
    float64 (3, n_units), rows peace, land, power."""

    keep: np.ndarray
    offsets: np.ndarray


class Exposure(NamedTuple):
    """What presses on each person: ``hardship`` float32 (n,); ``lg``, ``ls`` float32 (n,): legitimacy of the
    government and of the councils (who holds the councils the more legitimate rallies to them against a coup
    march); ``party`` int8 and ``member`` bool (n,): whose line pulls each person, and whether with a member's
    strength."""

    hardship: np.ndarray
    lg: np.ndarray
    ls: np.ndarray
    party: np.ndarray
    member: np.ndarray


class DemandRule(NamedTuple):
    """Frustration: ``g`` float64 (3,) the government's policy; ``phi``, ``push``, ``feed`` (phi x power_feed
    / 2) and ``rally`` (of those who prefer the councils, during a coup march), floats; ``lines`` float64
    (n_parties, 3) the parties' lines (``OFF`` for a party not on offer), ``open`` float64 (3,) 1 for a question
    still open; ``discipline`` and ``cue``, the daily pull of a member and of another supporter toward their
    party's line on the open questions."""

    g: np.ndarray
    phi: float
    push: float
    feed: float
    rally: float
    lines: np.ndarray
    open: np.ndarray
    discipline: float
    cue: float


@nb.njit(cache=True, nogil=True, fastmath=EXACT, error_model="numpy", parallel=PARALLEL)
def update_demands(units, pull, demands, exposure, rule):
    """New demands: ``d' = keep_u d + offset_u + (1 - d) h (push + phi max(0, d - g))``, plus the feed of
    unmet peace and land into the demand for power, during a coup march the rally of those who hold the
    councils more legitimate than the government, and the pull of their party's line on its partisans:
    ``discipline (1 - h) (pi_p - d)`` for a member, ``cue (1 - h) (pi_p - d)`` for another supporter.

    Args:
        units: Slices. pull: Pull. demands: Demands. exposure: Exposure. rule: DemandRule.

    Returns:
        float32 (n,) new peace, land and power, clipped to [0, 1].
    """
    start, size = units
    o0, o1, o2 = np.empty_like(demands.peace), np.empty_like(demands.land), np.empty_like(demands.power)
    spans = unit_spans(start, size)
    for b in nb.prange(len(spans) - 1):
        lo, hi = spans[b], spans[b + 1]
        if hi == lo:
            continue
        spread = np.empty((7, CHUNK))
        u = lo
        first, last = start[lo], start[hi - 1] + size[hi - 1]
        for a in range(first, last, CHUNK):
            k = min(CHUNK, last - a)
            u = by_unit(start, size, u, a, k, pull, spread)
            demand_chunk(a, k, demands, exposure, rule, spread, (o0, o1, o2))
    return o0, o1, o2


@nb.njit(inline="always", nogil=True)
def next_segment(start, size, u, at, stop):
    """The unit that holds person ``at`` (looked for from unit ``u`` on, skipping empty units) and how many of its
    people from ``at`` lie below ``stop``: one unit's share of a chunk that may span several."""
    while start[u] + size[u] <= at:
        u += 1
    return u, min(start[u] + size[u], stop) - at


@nb.njit(inline="always", nogil=True)
def by_unit(start, size, u, a, k, pull, spread):
    """Spread the units' pull (keep, then the three offsets) over the people ``a:a + k`` (rows 3-6 of
    ``spread``), from unit ``u`` on (the first unit that may hold person ``a``); returns the unit that holds
    the chunk's last person, where the next chunk starts looking."""
    j = 0
    while j < k:
        u, n = next_segment(start, size, u, a + j, a + k)
        spread[3, j:j + n] = pull.keep[u]
        spread[4, j:j + n] = pull.offsets[0, u]
        spread[5, j:j + n] = pull.offsets[1, u]
        spread[6, j:j + n] = pull.offsets[2, u]
        j += n
    return u


@nb.njit(cache=True, nogil=True, fastmath=EXACT, error_model="numpy")
def demand_chunk(a, k, demands, exposure, rule, spread, out):
    """:func:`update_demands` for the people ``a:a + k`` (at most ``CHUNK``, of one or more units): their units'
    pull is spread over them (rows 3-6 of ``spread``, :func:`by_unit`) and then their party lines (rows 0-2,
    :func:`by_party`), so that the loop reads contiguous arrays that overlap nothing it writes, and
    vectorises. Its products and sums are written out in a fixed order, as fused multiply-adds
    (:func:`fma`) but for the line's pull on peace, which is rounded before it is added, so that every person
    gets the same bits however the loop is compiled."""
    g, phi, push, feed, rally, party_lines, open_, discipline, cue = rule
    hardship, lg, ls = exposure.hardship[a:a + k], exposure.lg[a:a + k], exposure.ls[a:a + k]
    party, member = exposure.party[a:a + k], exposure.member[a:a + k]
    x, y, z = demands.peace[a:a + k], demands.land[a:a + k], demands.power[a:a + k]
    o0, o1, o2 = out[0][a:a + k], out[1][a:a + k], out[2][a:a + k]
    for c in range(3):
        by_party(party_lines[:, c], party, spread[c])
    l0, l1, l2, keep, b0, b1, b2 = spread[0], spread[1], spread[2], spread[3], spread[4], spread[5], spread[6]
    open0, open1, open2 = open_[0] > 0, open_[1] > 0, open_[2] > 0
    rallies = rally > 0
    g0, g1, g2 = g[0], g[1], g[2]
    for j in range(k):
        h = np.float64(hardship[j])
        xj, yj, zj = np.float64(x[j]), np.float64(y[j]), np.float64(z[j])
        w = discipline if member[j] else cue
        w = fma(-h, w, w)
        lined = l0[j] >= 0.0
        m0, m1, m2 = max(xj - g0, 0.0), max(yj - g1, 0.0), max(zj - g2, 0.0)
        n0 = fma((1.0 - xj) * h, fma(m0, phi, push), fma(keep[j], xj, b0[j]))
        n0 = n0 + w * (l0[j] - xj) if open0 & lined else n0
        n1 = fma((1.0 - yj) * h, fma(m1, phi, push), fma(keep[j], yj, b1[j]))
        n1 = fma(w, l1[j] - yj, n1) if open1 & lined else n1
        n2 = fma((1.0 - zj) * h, fma(m2, phi, fma(m0 + m1, feed, push)), fma(keep[j], zj, b2[j]))
        n2 = fma(rally, 1.0 - zj, n2) if rallies and ls[j] > lg[j] else n2
        n2 = fma(w, l2[j] - zj, n2) if open2 & lined else n2
        o0[j] = min(max(n0, 0.0), 1.0)
        o1[j] = min(max(n1, 0.0), 1.0)
        o2[j] = min(max(n2, 0.0), 1.0)


class Standing(NamedTuple):
    """Each person's view of the two powers: ``cls``, ``party`` int8 (n,), ``lg``, ``ls`` float32 (n,),
    ``allegiance`` int8 (n,)."""

    cls: np.ndarray
    party: np.ndarray
    lg: np.ndarray
    ls: np.ndarray
    allegiance: np.ndarray


class LegitimacyRule(NamedTuple):
    """Targets of legitimacy: ``policies`` float64 (2, 3) rows g, s; ``biases`` float64 (2, n_classes) rows
    government (less the discredit), councils; ``sanction`` float64 (2, n_classes, n_parties) legitimacy a
    party lends the government and the councils among its supporters of each class; ``rate`` of relaxation
    (1 sets legitimacy to its target)."""

    policies: np.ndarray
    biases: np.ndarray
    sanction: np.ndarray
    rate: float


@nb.njit(cache=True, nogil=True, fastmath=True, error_model="numpy", parallel=PARALLEL)
def relax_legitimacy(units, hit, demands, standing, rule):
    """Legitimacy relaxed toward ``1 - ||d - policy|| / sqrt(3) + bias`` (in float32, like the state), Lg's
    bias plus the sanction one's party lends that authority; people not loyal to the government also lose
    their unit's ``hit`` of Lg (repression seen in the district).

    Args:
        units: Slices. hit: float64 (n_units,). demands: Demands. standing: Standing. rule: LegitimacyRule.

    Returns:
        float32 (n,) new Lg and Ls, clipped to [0, 1]; float32 (n,) outrage, ``max(Lg - target, 0)``: the
        standing one granted the government that today's conduct denies.
    """
    start, size = units
    policies, biases, sanction, rate = rule
    new_g = np.empty_like(standing.lg)
    new_s = np.empty_like(standing.ls)
    outrage = np.empty_like(standing.lg)
    pol = policies.astype(np.float32)
    bias = biases.astype(np.float32)
    lent = sanction.astype(np.float32)
    spans = unit_spans(start, size)
    for b in nb.prange(len(spans) - 1):
        lo, hi = spans[b], spans[b + 1]
        if hi > lo:
            first, last = start[lo], start[hi - 1] + size[hi - 1]
            g, s, o = relax_units(units, lo, hi, hit, demands, standing, (pol, bias, lent, rate))
            new_g[first:last], new_s[first:last], outrage[first:last] = g, s, o
    return new_g, new_s, outrage


@nb.njit(cache=True, nogil=True, fastmath=EXACT, error_model="numpy")
def relax_units(units, lo, hi, hit, demands, standing, rule):
    """:func:`relax_legitimacy` for the units ``lo:hi``, into arrays of their own people (from the first unit's
    start), a ``CHUNK`` of people at a time whatever their units. A unit is of one class, so each unit's biases,
    hit and sanctions are looked up once and spread over its people in the chunk (:func:`by_class`); the loop
    then reads contiguous arrays that overlap nothing it writes, and vectorises. Its fused multiply-adds are
    written out (:func:`fma`), so that every person gets the same bits however the loop is compiled."""
    start, size = units
    peace, land, power = demands
    cls, party, lg, ls, allegiance = standing
    pol, bias, lent, rate = rule
    base = start[lo]
    m = start[hi - 1] + size[hi - 1] - base
    new_g = np.empty(m, lg.dtype)
    new_s = np.empty(m, ls.dtype)
    outrage = np.empty(m, lg.dtype)
    spread = np.empty((5, CHUNK), np.float32)
    one, zero = np.float32(1.0), np.float32(0.0)
    down = -np.float32(1.0 / np.sqrt(3.0))
    r = np.float32(rate)
    g0, g1, g2, s0, s1, s2 = pol[0, 0], pol[0, 1], pol[0, 2], pol[1, 0], pol[1, 1], pol[1, 2]
    u = lo
    for a in range(base, base + m, CHUNK):
        k = min(CHUNK, base + m - a)
        u = by_class(start, size, u, a, k, cls, party, hit, bias, lent, spread)
        bias_g, bias_s, cut_u, lent_g, lent_s = spread[0], spread[1], spread[2], spread[3], spread[4]
        x, y, z = peace[a:a + k], land[a:a + k], power[a:a + k]
        g, s, side = lg[a:a + k], ls[a:a + k], allegiance[a:a + k]
        o = a - base
        out_g, out_s, out_o = new_g[o:o + k], new_s[o:o + k], outrage[o:o + k]
        for j in range(k):
            dx, dy, dz = x[j] - g0, y[j] - g1, z[j] - g2
            tg = fma(np.sqrt(fma(dz, dz, fma(dy, dy, dx * dx))), down, one) + bias_g[j] + lent_g[j]
            dx, dy, dz = x[j] - s0, y[j] - s1, z[j] - s2
            ts = fma(np.sqrt(fma(dz, dz, fma(dy, dy, dx * dx))), down, one) + bias_s[j] + lent_s[j]
            cut = zero if side[j] == GOV else cut_u[j]
            out_g[j] = min(max(fma(tg - g[j], r, g[j] - cut), zero), one)
            out_s[j] = min(max(fma(ts - s[j], r, s[j]), zero), one)
            out_o[j] = max(g[j] - tg, zero)
    return new_g, new_s, outrage


@nb.njit(inline="always", nogil=True)
def by_class(start, size, u, a, k, cls, party, hit, bias, lent, spread):
    """Spread over the people ``a:a + k`` their units' class biases (rows 0-1 of ``spread``), hit (row 2) and the
    sanctions their party lends in their class (rows 3-4), from unit ``u`` on (the first unit that may hold
    person ``a``); returns the unit that holds the chunk's last person."""
    j = 0
    while j < k:
        u, n = next_segment(start, size, u, a + j, a + k)
        c = cls[start[u]]
        spread[0, j:j + n] = bias[0, c]
        spread[1, j:j + n] = bias[1, c]
        spread[2, j:j + n] = np.float32(hit[u])
        by_party(lent[0, c], party[a + j:a + j + n], spread[3, j:j + n])
        by_party(lent[1, c], party[a + j:a + j + n], spread[4, j:j + n])
        j += n
    return u


@nb.njit(inline="always", nogil=True)
def by_party(table, party, out):
    """``out[j] = table[party[j]]`` for each of ``party``'s people, one select pass per party: a loop of selects
    vectorises where a lookup per person would not (for a few people, a lookup each)."""
    k = len(party)
    if k < LANES * len(table):  # too few people for a pass a party to pay: a lookup each
        for j in range(k):
            out[j] = table[party[j]]
        return
    out[:k] = table[0]
    for p in range(1, len(table)):
        v = table[p]
        for j in range(k):
            out[j] = v if party[j] == p else out[j]


class Grievance(NamedTuple):
    """Who may come out: ``hardship``, ``lg``, ``outrage``, ``risk`` float32 (n,); ``condition``, ``party``,
    ``allegiance``, ``cls`` int8 (n,)."""

    hardship: np.ndarray
    lg: np.ndarray
    outrage: np.ndarray
    risk: np.ndarray
    condition: np.ndarray
    party: np.ndarray
    allegiance: np.ndarray
    cls: np.ndarray


class ActivityRule(NamedTuple):
    """Who is called out and how strongly: ``calls`` bool (n_parties + 1,), the last entry the councils';
    ``organised`` bool (n_classes,) the classes the councils reach (their electors); ``bonus``, ``threshold``;
    ``shock``, the weight of outrage in grievance; ``participation``, the daily chance that a mobilised person
    takes part that day."""

    calls: np.ndarray
    organised: np.ndarray
    bonus: float
    threshold: float
    shock: float
    participation: float


def decide_activity(units, risk_d, people, rule, rng):
    """Epstein's rule decides who is mobilised: ``h (1 - Lg) + shock x outrage - r P_d + m > T``, where
    ``m = bonus`` for
    people whose party calls them out, or who are loyal to councils that call and belong to a class the
    councils organise (their electors). A mobilised person takes part today (is active) with chance
    ``rule.participation``: nobody strikes or marches every day of a season.

    Args:
        units: Slices. risk_d: float64 (n_units,) arrest probability of the unit's district.
        people: Grievance. rule: ActivityRule. rng: the run's Generator.

    Returns:
        int8 (n,) new condition (QUIET or ACTIVE for the free), int64 (n_units,) actives per unit.
    """
    mobilised = mobilise(units, risk_d, people, rule)
    take_part(mobilised, rule.participation, rng)
    return settle_activity(units, people.condition, mobilised)


@nb.njit(cache=True, nogil=True, error_model="numpy")
def take_part(mobilised, participation, rng):
    """Keep each mobilised person with chance ``participation``, one draw each in order, in place."""
    for i in range(len(mobilised)):
        if mobilised[i]:
            mobilised[i] = rng.random() < participation


@nb.njit(cache=True, nogil=True, error_model="numpy", parallel=PARALLEL)
def settle_activity(units, condition, active):
    """The free become ACTIVE where ``active`` and QUIET elsewhere; int8 (n,) condition, int64 (n_units,) actives
    per unit."""
    start, size = units
    out = np.empty_like(condition)
    actives = np.zeros(len(start), np.int64)
    for u in nb.prange(len(start)):
        lo, hi = start[u], start[u] + size[u]
        was, now, mobilised = condition[lo:hi], out[lo:hi], active[lo:hi]
        k = 0
        for j in range(hi - lo):  # a count held in a register and selects on per-unit slices: the loop vectorises
            free = was[j] <= ACTIVE
            now[j] = (ACTIVE if mobilised[j] else QUIET) if free else was[j]
            k += free & mobilised[j]
        actives[u] = k
    return out, actives


@nb.njit(cache=True, nogil=True, fastmath=True, error_model="numpy", parallel=PARALLEL)
def mobilise(units, risk_d, people, rule):
    """Who is free and mobilised by :func:`decide_activity`'s rule today, bool (n,): the part that needs no
    draw, in parallel."""
    start, size = units
    hardship, lg, outrage, risk, condition, party, allegiance, cls = people
    out = np.empty(len(condition), np.bool_)
    called = np.int64(0)  # the calling parties as bits (int8 party codes: fewer than 64), so that the loop shifts
    for q in range(len(rule.calls) - 1):
        called |= np.int64(rule.calls[q]) << np.int64(q)
    spans = unit_spans(start, size)
    for b in nb.prange(len(spans) - 1):
        for u in range(spans[b], spans[b + 1]):
            if size[u] == 0:
                continue
            p = risk_d[u]
            lo, hi = start[u], start[u] + size[u]
            reach = rule.calls[-1] and rule.organised[cls[lo]]  # one class to a unit
            h, g, o, r, c, q, a, now = (hardship[lo:hi], lg[lo:hi], outrage[lo:hi], risk[lo:hi], condition[lo:hi],
                                        party[lo:hi], allegiance[lo:hi], out[lo:hi])
            for j in range(hi - lo):
                calls = ((called >> np.int64(q[j])) & np.int64(1)) != 0
                m = rule.bonus if calls | (reach & (a[j] == COUNCILS)) else 0.0
                grievance = h[j] * (1.0 - g[j]) + rule.shock * o[j]
                now[j] = (c[j] <= ACTIVE) & (grievance - r[j] * p + m > rule.threshold)
    return out


@nb.njit(cache=True, nogil=True, fastmath=EXACT, error_model="numpy", parallel=PARALLEL)
def daily_hardship(units, extra, h0, cls, burden):
    """``clip(h0 + burden[class] + extra[unit], 0, 1)``, float32 (n,); ``units``: Slices. A unit holds one
    class, so its burden and extra are read once and the loop over its people vectorises."""
    start, size = units
    out = np.empty_like(h0)
    spans = unit_spans(start, size)
    for b in nb.prange(len(spans) - 1):
        for u in range(spans[b], spans[b + 1]):
            if size[u] == 0:
                continue
            lo, hi = start[u], start[u] + size[u]
            pressed, more, base, now = burden[cls[lo]], extra[u], h0[lo:hi], out[lo:hi]
            for j in range(hi - lo):
                now[j] = min(max(base[j] + pressed + more, 0.0), 1.0)
    return out


@nb.njit(cache=True, nogil=True, fastmath=EXACT, error_model="numpy", parallel=PARALLEL)
def unit_activity(units, which, condition, land):
    """Of each unit in ``which`` (bool (n_units,)): the share of its people active today and their mean land
    demand, float64 (n_units,) each (0 for the other units). The sums run over each unit's people in order."""
    start, size = units
    active = np.zeros(len(start))
    mean_land = np.zeros(len(start))
    spans = unit_spans(start, size)
    for b in nb.prange(len(spans) - 1):
        for u in range(spans[b], spans[b + 1]):
            if which[u]:
                count = 0
                total = 0.0
                for i in range(start[u], start[u] + size[u]):
                    count += condition[i] == ACTIVE
                    total += land[i]
                active[u] = count / size[u]
                mean_land[u] = total / size[u]
    return active, mean_land


class Soldiers(NamedTuple):
    """Everybody's ``unit`` int32 (n,), ``cls``, ``allegiance`` int8 (n,), ``lg``, ``ls`` float32 (n,)."""

    unit: np.ndarray
    cls: np.ndarray
    allegiance: np.ndarray
    lg: np.ndarray
    ls: np.ndarray


class ArmedUnits(NamedTuple):
    """Per unit: ``obeys_gov`` bool (n_units,) carries out government orders; ``district`` int16 (n_units,)."""

    obeys_gov: np.ndarray
    district: np.ndarray


class ArmedClasses(NamedTuple):
    """Per class: ``garrison`` bool (n_classes,), ``combat_weight`` float64 (n_classes,)."""

    garrison: np.ndarray
    combat_weight: np.ndarray


class Will(NamedTuple):
    """Willingness to fight: ``hysteresis``, ``span``, ``neutral`` (the neutral's will), floats;
    ``committee``, whether a military committee exists."""

    hysteresis: float
    span: float
    neutral: float
    committee: bool


@nb.njit(cache=True, nogil=True, fastmath=EXACT, error_model="numpy", parallel=PARALLEL)
def armed_sides(index, people, units, classes, will):
    """Whom each armed person at ``index`` would fight for, and how hard (:func:`.force.armed_people`).

    A garrison soldier follows their unit (``units.obeys_gov``): with the government if it obeys and they
    are loyal to it, or neutral while no military committee countermands its orders; with the councils if
    it does not obey and they are council-loyal, or neutral once a military committee exists. Others
    (officers, cadets, Cossacks, Red Guards) fight only for the side they are loyal to and whose legitimacy
    today leads the other's by more than the hysteresis; else they stand aside.
    Strength is combat weight times will, ``clip(neutral + (|Ls - Lg| - hysteresis) / span, neutral, 1)``
    (``neutral`` for the neutral), times the legitimacy one grants the side one would fight for (men fight
    hard only for an authority they believe in, however much they hate its rival), in float32.

    Args:
        index: int64 (k,). people: Soldiers. units: ArmedUnits. classes: ArmedClasses. will: Will.

    Returns:
        int16 (k,) district, float32 (k,) strength, bool (k,) obeys the government, bool (k,) the councils, bool
        (k,) of a garrison class.
    """
    unit, cls, allegiance, lg, ls = people
    unit_gov, district = units
    garrison, combat_weight = classes
    committee = will.committee
    k = len(index)
    where = np.empty(k, district.dtype)
    in_garrison = np.empty(k, np.bool_)
    strength = np.empty(k, np.float32)
    obeys_gov = np.empty(k, np.bool_)
    obeys_cs = np.empty(k, np.bool_)
    hysteresis, span, neutral_will = np.float32(will.hysteresis), np.float32(will.span), np.float32(will.neutral)
    for j in nb.prange(k):
        i = index[j]
        u, c, a = unit[i], cls[i], allegiance[i]
        where[j] = district[u]
        in_garrison[j] = garrison[c]
        if garrison[c]:
            obeys_gov[j] = unit_gov[u] and (a == GOV or (a == NEUTRAL and not committee))
            obeys_cs[j] = not unit_gov[u] and (a == COUNCILS or (a == NEUTRAL and committee))
        else:
            lead = ls[i] - lg[i]
            obeys_gov[j] = a == GOV and -lead > hysteresis
            obeys_cs[j] = a == COUNCILS and lead > hysteresis
        w = neutral_will
        if a != NEUTRAL:
            gap = abs(ls[i] - lg[i]) - hysteresis
            w = min(max(neutral_will + gap / span, neutral_will), np.float32(1.0))
        if obeys_gov[j]:
            w *= lg[i]
        elif obeys_cs[j]:
            w *= ls[i]
        strength[j] = np.float32(combat_weight[c] * np.float64(w))
    return where, strength, obeys_gov, obeys_cs, in_garrison


@nb.njit(cache=True, nogil=True, error_model="numpy")
def count_sides(district, obeys_gov, obeys_cs, n_districts):
    """How many of the armed obey the government and how many the councils in each district, float64
    (n_districts,) each."""
    gov = np.zeros(n_districts)
    cs = np.zeros(n_districts)
    for j in range(len(district)):
        d = district[j]
        gov[d] += obeys_gov[j]
        cs[d] += obeys_cs[j]
    return gov, cs
