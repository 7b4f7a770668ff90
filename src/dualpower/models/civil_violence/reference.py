"""Slow, plain-Python statement of the same rules, for tests only.

Nothing here is kept incrementally: every neighbourhood is recounted from the agents'
positions, shapes come from their defining inequalities, and Mesa's rounding is Python's own
``round``. Given the same random stream it must reproduce :mod:`.kernels` exactly, draw for
draw (see that module for the order of draws). Like the kernels, it renumbers the agents
in the order they acted, so that both states can be compared index by index.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from .kernels import TRIES
from .params import CivilViolenceParams
from .state import ACTIVE, COP, JAILED, QUIET, CivilViolenceState

IN_VIEW = {
    "mesa": lambda dx, dy, v: abs(dx) + abs(dy) <= v,
    "netlogo": lambda dx, dy, v: dx * dx + dy * dy <= v * v,
    "paper": lambda dx, dy, v: (dx == 0 or dy == 0) and max(abs(dx), abs(dy)) <= v,
}


@dataclass
class Snapshot:
    """One state as Python lists (agent ``i`` at index ``i``) plus the step count."""

    cell: list[int]
    condition: list[int]
    jail: list[int]
    hardship: list[float]
    risk_aversion: list[float]
    ident: list[int]
    step: int


def snapshot(state: CivilViolenceState) -> Snapshot:
    """The agents of a kernel state as lists."""
    a = state.agents
    return Snapshot(
        cell=a.cell.tolist(),
        condition=a.condition.tolist(),
        jail=a.jail.tolist(),
        hardship=[float(h) for h in a.hardship],
        risk_aversion=[float(r) for r in a.risk_aversion],
        ident=a.ident.tolist(),
        step=state.step,
    )


def ring(variant: str, vision: int) -> list[tuple[int, int]]:
    """Offsets in view, own cell excluded, rows top to bottom, each left to right."""
    span = range(-vision, vision + 1)
    return [(dx, dy) for dy in span for dx in span if (dx or dy) and IN_VIEW[variant](dx, dy, vision)]


class World:
    """A step in progress: who is visible where, and the rules of the variant."""

    def __init__(self, snap: Snapshot, params: CivilViolenceParams, rng: np.random.Generator, rank: list[int]) -> None:
        self.s, self.p, self.rng, self.v, self.rank = snap, params, rng, params.variant, rank
        self.legitimacy = params.legitimacy_at(snap.step + 1)
        self.citizen_ring = ring(self.v, params.citizen_vision)
        self.cop_ring = ring(self.v, params.cop_vision)
        self.on = defaultdict(list)
        for i, c in enumerate(snap.cell):
            if self.visible(i):
                self.on[c].append(i)

    def visible(self, i: int) -> bool:
        """Jailed citizens stand on the lattice only in Mesa."""
        return self.s.condition[i] != JAILED or self.v == "mesa"

    def draw(self, n: int) -> int:
        """floor(u * n), as the kernels draw it."""
        return min(int(self.rng.random() * n), n - 1)

    def cells_in_view(self, cell: int, offsets: list[tuple[int, int]]) -> list[int]:
        """The own cell, then the view in scan order."""
        w, h = self.p.width, self.p.height
        x, y = cell % w, cell // w
        return [cell] + [((y + dy) % h) * w + (x + dx) % w for dx, dy in offsets]

    def move(self, i: int, offsets: list[tuple[int, int]]) -> None:
        """Rule M: probe up to TRIES random cells in view, then count the empty ones."""
        cells = self.cells_in_view(self.s.cell[i], offsets)[1:]
        target = None
        for _ in range(TRIES):
            candidate = cells[self.draw(len(cells))]
            if not self.on[candidate]:
                target = candidate
                break
        if target is None:
            empties = [c for c in cells if not self.on[c]]
            if not empties:
                return
            target = empties[self.draw(len(empties))]
        self.on[self.s.cell[i]].remove(i)
        self.on[target].append(i)
        self.s.cell[i] = target

    def decide(self, i: int) -> None:
        """Rule A, counting cops and actives afresh."""
        seen = [j for c in self.cells_in_view(self.s.cell[i], self.citizen_ring) for j in self.on[c]]
        cops = sum(self.s.condition[j] == COP for j in seen)
        actives = 1 + sum(self.s.condition[j] == ACTIVE for j in seen)
        if self.s.condition[i] == ACTIVE and self.v != "netlogo":
            actives -= 1
        ratio = {"paper": cops / actives, "netlogo": cops // actives, "mesa": round(cops / actives)}[self.v]
        p = 1.0 - math.exp(-self.p.arrest_prob_constant * ratio)
        net_risk = self.s.risk_aversion[i] * p
        grievance = self.s.hardship[i] * (1.0 - self.legitimacy)
        self.s.condition[i] = ACTIVE if grievance - net_risk > self.p.active_threshold else QUIET

    def arrest(self, i: int) -> None:
        """Rule C: jail a random active in view (own cell first; within a cell, in order of acting)."""
        cells = self.cells_in_view(self.s.cell[i], self.cop_ring)
        actives = [
            j for c in cells for j in sorted(self.on[c], key=self.rank.__getitem__) if self.s.condition[j] == ACTIVE
        ]
        if not actives:
            return
        suspect = actives[self.draw(len(actives))]
        jmax = self.p.max_jail_term
        term = self.draw(max(jmax, 1) if self.v == "netlogo" else jmax + 1)
        self.s.jail[suspect] = term
        place = self.s.cell[suspect]
        if self.v == "mesa" or term > 0:
            self.s.condition[suspect] = JAILED
            if self.v != "mesa":
                self.on[place].remove(suspect)
        else:
            self.s.condition[suspect] = QUIET
        if self.v == "netlogo" and place != self.s.cell[i]:
            self.on[self.s.cell[i]].remove(i)
            self.on[place].append(i)
            self.s.cell[i] = place

    def cop_turn(self, i: int) -> None:
        """Mesa arrests then moves; the others move (NetLogo's cops always) then arrest."""
        moves = self.p.movement or self.v == "netlogo"
        if self.v == "mesa":
            self.arrest(i)
        if moves:
            self.move(i, self.cop_ring)
        if self.v != "mesa":
            self.arrest(i)

    def citizen_turn(self, i: int) -> None:
        """Mesa: a prisoner serves a step at its turn; a free citizen decides then moves. Others: move, decide."""
        if self.s.condition[i] == JAILED:
            if self.v != "mesa":
                return
            if self.s.jail[i] > 0:
                self.s.jail[i] -= 1
                return
        if self.v == "mesa":
            self.decide(i)
        if self.p.movement:
            self.move(i, self.citizen_ring)
        if self.v != "mesa":
            self.decide(i)

    def release(self) -> None:
        """End of step off Mesa: every prisoner serves a step; the released reappear in place."""
        for i, c in enumerate(self.s.condition):
            if c == JAILED:
                self.s.jail[i] -= 1
                if self.s.jail[i] == 0:
                    self.s.condition[i] = QUIET
                    self.on[self.s.cell[i]].append(i)


def order(n: int, rng: np.random.Generator) -> list[int]:
    """A random permutation, drawn as the kernel draws it (inside-out Fisher-Yates)."""
    out = [0] * n
    for i in range(n):
        j = min(int(rng.random() * (i + 1)), i)
        out[i] = out[j]
        out[j] = i
    return out


def step(snap: Snapshot, params: CivilViolenceParams, rng: np.random.Generator) -> Snapshot:
    """One step of the rules; returns the agents renumbered in the order they acted."""
    s = Snapshot(
        list(snap.cell), list(snap.condition), list(snap.jail), snap.hardship, snap.risk_aversion, snap.ident, snap.step
    )
    turns = order(len(s.cell), rng)
    rank = [0] * len(turns)
    for t, i in enumerate(turns):
        rank[i] = t
    world = World(s, params, rng, rank)
    for i in turns:
        if s.condition[i] == COP:
            world.cop_turn(i)
        else:
            world.citizen_turn(i)
    if params.variant != "mesa":
        world.release()
    lists = (s.cell, s.condition, s.jail, s.hardship, s.risk_aversion, s.ident)
    return Snapshot(*([x[i] for i in turns] for x in lists), step=s.step + 1)


def seen_counts(snap: Snapshot, params: CivilViolenceParams) -> dict[str, np.ndarray]:
    """What each cell's view holds, recounted: the kernels' incremental counts must equal these."""
    v, w, h = params.variant, params.width, params.height
    hidden = [c == JAILED and v != "mesa" for c in snap.condition]
    out = {k: np.zeros(w * h, dtype=np.int64) for k in ("actives_here", "actives_seen", "cops_seen", "by_cops")}
    occupied = np.zeros(w * h, dtype=bool)
    for i, c in enumerate(snap.cell):
        occupied[c] |= not hidden[i]
        active, cop = snap.condition[i] == ACTIVE, snap.condition[i] == COP
        out["actives_here"][c] += active
        for name, vision, counts in (
            ("actives_seen", params.citizen_vision, active),
            ("cops_seen", params.citizen_vision, cop),
            ("by_cops", params.cop_vision, active),
        ):
            if counts:
                for dx, dy in [(0, 0)] + ring(v, vision):
                    out[name][((c // w + dy) % h) * w + (c % w + dx) % w] += 1
    out["vacant"] = ~occupied
    return out


__all__ = ["Snapshot", "seen_counts", "snapshot", "step"]
