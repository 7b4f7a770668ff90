"""Compiled step of the civil-violence model: random asynchronous activation on a torus.

Speed comes from never scanning a neighbourhood to count it: every cell keeps how many
actives and cops can see it (``actives_seen``, ``cops_seen``), and an agent that moves or
changes its mind adds -1/+1 along the rows of its view. A citizen's decision is then two
reads; only moves of actives and cops, changes of mind and arrests pay a view-sized update.
Empty cells are probed in a bitset of vacancies (1 bit per cell: it stays in cache even at
a million cells), and each step renumbers the agents in the order they will act, so that
their records are walked front to back while the cells of the agents next in line are
already being fetched.

Random choices use ``rng.random()`` alone, in an order :mod:`.reference` repeats exactly:
integers are ``floor(u * n)``; an empty cell is found by up to ``TRIES`` uniform draws over
the view, then, if all hit occupied cells, by counting the empty ones and taking the
``floor(u * empties)``-th in scan order (rows top to bottom, each left to right); a cop
takes the ``floor(u * actives)``-th active in view, own cell first, then in scan order.

Numba pays two atomic reference-count updates per array for every call of a compiled
function that itself calls functions taking arrays, and each atomic waits for all pending
stores, cache misses included. Functions that allocate nothing are therefore compiled
without Numba's reference counting (``LEAN``); only the few that build the new state use it.
All compiled code lives in this one module because Numba's cache notices changes only in
the file a function is defined in.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.core import cgutils
from numba.extending import intrinsic

from .rules import FLOOR, RATIO
from .state import ACTIVE, COP, JAILED, QUIET

TRIES = 16
AHEAD = 16
LANES = 16
JIT = {"cache": True, "error_model": "numpy"}
LEAN = {**JIT, "_nrt": False}  # no reference counting: for functions that allocate nothing
ONE = np.uint64(1)


class CellArrays(NamedTuple):
    """The arrays of :class:`~.state.Lattice`, in a form Numba accepts."""

    head: np.ndarray
    actives_here: np.ndarray
    actives_seen: np.ndarray
    cops_seen: np.ndarray
    actives_seen_by_cops: np.ndarray
    vacant: np.ndarray


@intrinsic
def prefetch(typingctx, array, index):
    """Ask for the cache line of ``array[index]`` without waiting for it (LLVM's ``llvm.prefetch``)."""

    def codegen(context, builder, signature, args):
        data = context.make_array(signature.args[0])(context, builder, args[0]).data
        byte_ptr = ir.IntType(8).as_pointer()
        i32 = ir.IntType(32)
        fn = cgutils.get_or_insert_function(
            builder.module, ir.FunctionType(ir.VoidType(), [byte_ptr, i32, i32, i32]), "llvm.prefetch.p0"
        )
        address = builder.bitcast(builder.gep(data, [args[1]]), byte_ptr)
        builder.call(fn, [address, i32(0), i32(3), i32(1)])
        return context.get_dummy_value()

    return types.void(array, index), codegen


@intrinsic
def add_lanes(typingctx, array, start, lo, hi, delta):
    """Add ``delta`` to ``array[start + k]`` for the ``k`` in ``lo..hi`` among 0..LANES-1, as one vector op.

    All ``LANES`` elements from ``start`` are read and written back, so they must lie inside the array.
    """

    def codegen(context, builder, signature, args):
        data = context.make_array(signature.args[0])(context, builder, args[0]).data
        element = data.type.pointee
        lanes = ir.VectorType(element, LANES)
        i32 = ir.IntType(32)
        index = ir.Constant(ir.VectorType(i32, LANES), list(range(LANES)))

        def splat(value, kind):
            vector = ir.VectorType(kind, LANES)
            one = builder.insert_element(ir.Constant(vector, ir.Undefined), value, i32(0))
            return builder.shuffle_vector(one, one, ir.Constant(ir.VectorType(i32, LANES), [0] * LANES))

        inside = builder.and_(
            builder.icmp_signed(">=", index, splat(builder.trunc(args[2], i32), i32)),
            builder.icmp_signed("<=", index, splat(builder.trunc(args[3], i32), i32)),
        )
        step = builder.select(inside, splat(builder.trunc(args[4], element), element), ir.Constant(lanes, None))
        address = builder.bitcast(builder.gep(data, [args[1]]), lanes.as_pointer())
        builder.store(builder.add(builder.load(address, align=1), step), address, align=1)
        return context.get_dummy_value()

    return types.void(array, start, lo, hi, delta), codegen


@njit(**LEAN)
def draw_index(rng, n):
    """A uniform integer in [0, n) from one ``rng.random()``."""
    return min(int(rng.random() * n), n - 1)


@njit(**JIT)
def shuffled_order(n, rng):
    """A uniform random permutation of 0..n-1 (inside-out Fisher-Yates)."""
    order = np.empty(n, dtype=np.int32)
    for i in range(n):
        j = draw_index(rng, i + 1)
        order[i] = order[j]
        order[j] = i
    return order


@njit(**LEAN)
def wrap(v, size):
    """``v`` taken back onto 0..size-1, for ``v`` less than one ``size`` outside."""
    return v + size if v < 0 else (v - size if v >= size else v)


@njit(**LEAN)
def shift(cell, dx, dy, width, height):
    """The cell at offset (dx, dy) from ``cell`` on the torus."""
    y = cell // width
    return wrap(y + dy, height) * width + wrap(cell - y * width + dx, width)


@njit(**LEAN)
def popcount(bits):
    """Set bits of a uint64 (LLVM turns this into one ``popcnt``)."""
    bits = bits - ((bits >> np.uint64(1)) & np.uint64(0x5555555555555555))
    bits = (bits & np.uint64(0x3333333333333333)) + ((bits >> np.uint64(2)) & np.uint64(0x3333333333333333))
    bits = (bits + (bits >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return np.int64((bits * np.uint64(0x0101010101010101)) >> np.uint64(56))


@njit(**LEAN)
def nth_bit(bits, j):
    """Position of the ``j``-th (from 0) set bit of ``bits``."""
    for _ in range(j):
        bits &= bits - ONE
    return popcount((bits & (~bits + ONE)) - ONE)


@njit(**LEAN)
def slot(cell):
    """Word and bit mask of ``cell`` in the vacancy bitset."""
    return cell >> 6, ONE << np.uint64(cell & 63)


@njit(**LEAN)
def is_vacant(vacant, cell):
    """Whether ``cell`` has no visible agent."""
    return (vacant[cell >> 6] >> np.uint64(cell & 63)) & ONE == ONE


@njit(**LEAN)
def row_vacancies(vacant, view, row, start, length):
    """Vacancy bits of ``length`` (under 64) cells of ``row`` from column ``start``, wrapping.

    A run inside the row is cut from at most two words; one that wraps is gathered bit by bit.
    """
    base = row * view.width
    if 0 <= start and start + length <= view.width:
        first = base + start
        q, r = first >> 6, first & 63
        bits = vacant[q] >> np.uint64(r)
        if r + length > 64:
            bits |= vacant[q + 1] << np.uint64(64 - r)
        return bits & ((ONE << np.uint64(length)) - ONE)
    bits = np.uint64(0)
    for k in range(length):
        if is_vacant(vacant, base + wrap(start + k, view.width)):
            bits |= ONE << np.uint64(k)
    return bits


@njit(**LEAN)
def probe_empty(cell, view, vacant, rng):
    """Up to ``TRIES`` uniform draws over the view: the first that hits an empty cell, else -1.

    Away from the edges an offset is one addition; near them it wraps round the torus.
    """
    ring_dx, ring_dy, ring_step, width, height, v = (
        view.ring_dx,
        view.ring_dy,
        view.ring_step,
        view.width,
        view.height,
        view.vision,
    )
    y = cell // width
    x = cell - y * width
    inside = v <= x < width - v and v <= y < height - v
    for _ in range(TRIES):
        o = draw_index(rng, ring_dx.size)
        if inside:
            target = cell + ring_step[o]
        else:
            target = wrap(y + ring_dy[o], height) * width + wrap(x + ring_dx[o], width)
        if is_vacant(vacant, target):
            return target
    return -1


@njit(**LEAN)
def nth_empty(cell, view, vacant, rng):
    """The ``floor(u * empties)``-th empty cell in view in scan order, or -1 if there is none."""
    y = cell // view.width
    x = cell - y * view.width
    empties = 0
    for s in range(view.span_dy.size):
        w = view.span_w[s]
        empties += popcount(row_vacancies(vacant, view, wrap(y + view.span_dy[s], view.height), x - w, 2 * w + 1))
    if empties == 0:
        return -1
    j = draw_index(rng, empties)
    for s in range(view.span_dy.size):
        w, row = view.span_w[s], wrap(y + view.span_dy[s], view.height)
        bits = row_vacancies(vacant, view, row, x - w, 2 * w + 1)
        if j < popcount(bits):
            return row * view.width + wrap(x - w + nth_bit(bits, j), view.width)
        j -= popcount(bits)
    return -1


@njit(**LEAN)
def link(i, cell, agents, cells):
    """Make agent ``i`` visible on ``cell``."""
    q, bit = slot(cell)
    head = cells.head[cell]
    cells.vacant[q] = cells.vacant[q] & ~bit if head < 0 else cells.vacant[q]
    agents.next_in_cell[i] = head
    cells.head[cell] = i


@njit(**LEAN)
def unlink(i, cell, agents, cells):
    """Take agent ``i`` off the visible list of ``cell``."""
    q, bit = slot(cell)
    nxt, head = agents.next_in_cell, cells.head
    if head[cell] == i:
        head[cell] = nxt[i]
    else:
        p = head[cell]
        while nxt[p] != i:
            p = nxt[p]
        nxt[p] = nxt[i]
    nxt[i] = -1
    cells.vacant[q] = cells.vacant[q] | bit if head[cell] < 0 else cells.vacant[q]


@njit(**LEAN)
def runs(lo, hi, width):
    """Columns ``lo..hi`` of a row, wrapped round the torus, as two index ranges [a1, b1), [a2, b2).

    The run is at most ``width`` long and overhangs at most one edge.
    """
    if lo < 0:
        return lo + width, width, 0, hi + 1
    if hi >= width:
        return lo, width, 0, hi - width + 1
    return lo, hi + 1, 0, 0


@njit(**LEAN)
def add_seen(grid, cell, view, delta):
    """Add ``delta`` to every cell whose closed view contains ``cell`` (views are symmetric).

    Away from the edges each row of the view is a few vector adds of ``LANES`` cells (those
    past the row's end get 0); near them rows wrap round the torus one cell at a time.
    """
    width, v = view.width, view.vision
    y = cell // width
    x = cell - y * width
    if v <= x < width - v and v <= y and (y + v) * width + x - v + LANES * (2 * v // LANES + 1) <= grid.size:
        for s in range(view.span_dy.size):
            start, w = cell + view.span_dy[s] * width - v, view.span_w[s]
            for k in range(0, 2 * v + 1, LANES):
                add_lanes(grid, start + k, v - w - k, v + w - k, delta)
        return
    for s in range(view.span_dy.size):
        base = wrap(y + view.span_dy[s], view.height) * width
        a1, b1, a2, b2 = runs(x - view.span_w[s], x + view.span_w[s], width)
        for c in range(base + a1, base + b1):
            grid[c] += delta
        for c in range(base + a2, base + b2):
            grid[c] += delta


@njit(**LEAN)
def count_active(cell, delta, cells, rules):
    """Count an active citizen on ``cell`` in (``delta`` = 1) or out (-1) of every view."""
    cells.actives_here[cell] += delta
    add_seen(cells.actives_seen, cell, rules.citizen_view, delta)
    if not rules.shared_view:
        add_seen(cells.actives_seen_by_cops, cell, rules.cop_view, delta)


@njit(**LEAN)
def carry(old, new, condition, cells, rules):
    """Move an active's or a cop's contribution to what others see from ``old`` to ``new``."""
    if condition == ACTIVE:
        count_active(old, -1, cells, rules)
        count_active(new, 1, cells, rules)
    elif condition == COP:
        add_seen(cells.cops_seen, old, rules.citizen_view, -1)
        add_seen(cells.cops_seen, new, rules.citizen_view, 1)


@njit(**LEAN)
def set_condition(i, condition, agents, cells, rules):
    """Change a citizen's condition, keeping the counts of actives in view current."""
    was = agents.condition[i] == ACTIVE
    now = condition == ACTIVE
    if was != now:
        count_active(agents.cell[i], 1 if now else -1, cells, rules)
    agents.condition[i] = condition


@njit(**LEAN)
def arrest_probability(cops, actives, arrest_rule, k):
    """P = 1 - exp(-k f(C/A)), f the variant's rounding of the cop-to-active ratio.

    Written with an early return: one shared ``ratio`` made LLVM compile it seven times slower.
    """
    if arrest_rule == RATIO:
        return 1.0 - math.exp(-k * (cops / actives))
    q = cops // actives
    if arrest_rule != FLOOR:
        twice_rest = 2 * (cops - q * actives)
        if twice_rest > actives or (twice_rest == actives and q % 2 == 1):
            q += 1
    return 1.0 - math.exp(-k * float(q))


@njit(**LEAN)
def decide(i, agents, cells, rules):
    """Rule A: the condition a free citizen chooses, active if grievance - net risk > threshold.

    A grievance at or below the threshold can never win (net risk is not negative), so such
    citizens, often most of them, skip looking around: same answer, fewer memory reads.
    """
    grievance = np.float64(agents.hardship[i]) * (1.0 - rules.legitimacy)
    if grievance <= rules.active_threshold:
        return QUIET
    cell = agents.cell[i]
    actives = 1 + np.int64(cells.actives_seen[cell])
    if agents.condition[i] == ACTIVE and not rules.self_counts_twice:
        actives -= 1
    cops = np.int64(cells.cops_seen[cell])
    p = arrest_probability(cops, actives, rules.arrest_rule, rules.arrest_prob_constant)
    net_risk = np.float64(agents.risk_aversion[i]) * p
    return ACTIVE if grievance - net_risk > rules.active_threshold else QUIET


@njit(**LEAN)
def free_to_act(i, agents, jail_off_grid):
    """Whether citizen ``i`` acts this turn; in mesa a prisoner serves a step of its term instead."""
    if agents.condition[i] != JAILED:
        return True
    if jail_off_grid or agents.jail[i] == 0:
        return not jail_off_grid
    agents.jail[i] -= 1
    return False


@njit(**LEAN)
def kth_active_on(cell, k, agents, cells):
    """The ``k``-th (from 0) active citizen on ``cell`` in increasing index order."""
    last = -1
    for _ in range(k + 1):
        best = agents.size
        p = cells.head[cell]
        while p >= 0:
            if agents.condition[p] == ACTIVE and last < p < best:
                best = p
            p = agents.next_in_cell[p]
        last = best
    return last


@njit(**LEAN)
def pick_active(cell, j, agents, cells, view):
    """The ``j``-th active in view: own cell first, then the ring in scan order."""
    here = cells.actives_here[cell]
    o = 0
    target = cell
    while j >= here:
        j -= here
        target = shift(cell, view.ring_dx[o], view.ring_dy[o], view.width, view.height)
        here = cells.actives_here[target]
        o += 1
    return kth_active_on(target, j, agents, cells)


@njit(**LEAN)
def move_cop(i, target, agents, cells, rules):
    """Put cop ``i`` on ``target``, carrying what citizens see of it."""
    old = relocate(i, target, agents, cells, rules.stacking)
    carry(old, target, COP, cells, rules)


@njit(**LEAN)
def in_cop_view(i, agents, cells, rules):
    """How many actives cop ``i`` sees (own cell included)."""
    cell = agents.cell[i]
    return cells.actives_seen[cell] if rules.shared_view else cells.actives_seen_by_cops[cell]


@njit(**LEAN)
def arrest(i, seen, agents, cells, rules, rng):
    """Rule C: jail a random one of the ``seen`` actives in view; NetLogo's cop then steps onto its cell."""
    cell = agents.cell[i]
    suspect = pick_active(cell, draw_index(rng, seen), agents, cells, rules.cop_view)
    term = draw_index(rng, rules.jail_span)
    hidden = rules.jail_off_grid and term > 0
    set_condition(suspect, JAILED if hidden or not rules.jail_off_grid else QUIET, agents, cells, rules)
    agents.jail[suspect] = term
    target = agents.cell[suspect]
    if hidden:
        unlink(suspect, target, agents, cells)
    if rules.cop_follows and target != cell:
        move_cop(i, target, agents, cells, rules)


@njit(**LEAN)
def serve_sentences(agents, cells):
    """End of step (paper, netlogo): every prisoner serves a step; the released reappear in place."""
    for i in range(agents.size):
        if agents.condition[i] == JAILED:
            agents.jail[i] -= 1
            if agents.jail[i] == 0:
                agents.condition[i] = QUIET
                link(i, agents.cell[i], agents, cells)


@njit(**LEAN)
def relocate(i, target, agents, cells, stacking):
    """Move agent ``i`` to ``target`` on the lattice; returns its old cell."""
    if stacking:
        return restack(i, target, agents, cells)
    return hop(i, target, agents.cell, cells.head, cells.vacant)


@njit(**LEAN)
def hop(i, target, cell, head, vacant):
    """Move agent ``i`` where a cell never holds two agents (mesa): stores only, no list to read."""
    old = cell[i]
    q_old, bit_old = slot(old)
    q_new, bit_new = slot(target)
    vacant[q_old] |= bit_old
    vacant[q_new] &= ~bit_new
    head[old] = -1
    head[target] = i
    cell[i] = target
    return old


@njit(**LEAN)
def restack(i, target, agents, cells):
    """Move agent ``i`` between cell lists that may hold several agents (paper, netlogo)."""
    old = agents.cell[i]
    unlink(i, old, agents, cells)
    link(i, target, agents, cells)
    agents.cell[i] = target
    return old


@njit(**JIT)
def renumbered(agents, order, stacking):
    """The agents in activation order (new agent ``t`` is old agent ``order[t]``), and the inverse.

    Without stacking the cell lists hold one agent each: ``next_in_cell`` is all -1 and stays so.
    """
    n = order.size
    where = np.empty(n, dtype=np.int32)
    out = np.empty_like(agents)
    for t in range(n):
        i = order[t]
        where[i] = t
        out[t] = agents[i]
    nxt = out.next_in_cell
    for t in range(n if stacking else 0):
        nxt[t] = where[nxt[t]] if nxt[t] >= 0 else -1
    return out, where


@njit(**JIT)
def relisted(cells, where):
    """A copy of the lattice whose lists name agents by their new numbers."""
    head = np.empty_like(cells.head)
    for c in range(head.size):
        head[c] = where[cells.head[c]] if cells.head[c] >= 0 else -1
    return CellArrays(
        head,
        cells.actives_here.copy(),
        cells.actives_seen.copy(),
        cells.cops_seen.copy(),
        cells.actives_seen_by_cops.copy(),
        cells.vacant.copy(),
    )


@njit(**LEAN)
def act(agents, cells, rules, rng):
    """Every agent acts once, in index order, each seeing the current state.

    A free citizen decides (rule A) and moves (rule M), a cop arrests (rule C) and moves, in
    the variant's order. Cops and citizens take separate paths, each with its own view: picking
    a view per agent copies the whole tuple of tables. The cells of the agent ``AHEAD`` turns
    on are fetched into cache while this one acts.
    """
    citizen_view, cop_view, act_first, stacking = rules.citizen_view, rules.cop_view, rules.act_first, rules.stacking
    cell, head, vacant, cops_seen = agents.cell, cells.head, cells.vacant, cells.cops_seen
    for i in range(cell.size):
        if i + AHEAD < cell.size:
            ahead = cell[i + AHEAD]
            prefetch(cells.actives_seen, ahead)
            prefetch(cops_seen, ahead)
            prefetch(head, ahead)
            prefetch(vacant, ahead >> 6)
        if agents.condition[i] == COP:
            for arresting in (act_first, not act_first):
                if arresting:
                    seen = in_cop_view(i, agents, cells, rules)
                    if seen > 0:
                        arrest(i, seen, agents, cells, rules, rng)
                elif rules.cops_move:
                    target = probe_empty(cell[i], cop_view, vacant, rng)
                    if target < 0:
                        target = nth_empty(cell[i], cop_view, vacant, rng)
                    if target >= 0:
                        old = restack(i, target, agents, cells) if stacking else hop(i, target, cell, head, vacant)
                        add_seen(cops_seen, old, citizen_view, -1)
                        add_seen(cops_seen, target, citizen_view, 1)
        elif free_to_act(i, agents, rules.jail_off_grid):
            for deciding in (act_first, not act_first):
                if deciding:
                    condition = decide(i, agents, cells, rules)
                    if condition != agents.condition[i]:
                        set_condition(i, condition, agents, cells, rules)
                elif rules.citizens_move:
                    target = probe_empty(cell[i], citizen_view, vacant, rng)
                    if target < 0:
                        target = nth_empty(cell[i], citizen_view, vacant, rng)
                    if target >= 0:
                        old = restack(i, target, agents, cells) if stacking else hop(i, target, cell, head, vacant)
                        if agents.condition[i] == ACTIVE:
                            carry(old, target, ACTIVE, cells, rules)
    if rules.jail_off_grid:
        serve_sentences(agents, cells)


@njit(**JIT)
def step_agents(agents, cells, rules, rng):
    """One step into fresh arrays: draw a random order, renumber the agents by it, let them act.

    Returns:
        The new agent records and CellArrays; the given arrays are not modified.
    """
    order = shuffled_order(agents.size, rng)
    new_agents, where = renumbered(agents, order, rules.stacking)
    new_cells = relisted(cells, where)
    act(new_agents, new_cells, rules, rng)
    return new_agents, new_cells


@njit(**LEAN)
def count_cops(agents, cells, rules):
    """Fill ``cops_seen`` from scratch (initialisation)."""
    for i in range(agents.size):
        if agents.condition[i] == COP:
            add_seen(cells.cops_seen, agents.cell[i], rules.citizen_view, 1)


@njit(**LEAN)
def paint_codes(agents, out):
    """Each cell's occupant as an ASCII digit, condition + 1 (0 empty); free agents drawn over jailed ones."""
    out[:] = 48
    for i in range(agents.size):
        if agents.condition[i] == JAILED:
            out[agents.cell[i]] = 48 + JAILED + 1
    for i in range(agents.size):
        if agents.condition[i] != JAILED:
            out[agents.cell[i]] = 48 + agents.condition[i] + 1


__all__ = ["TRIES", "CellArrays", "count_cops", "paint_codes", "step_agents"]
