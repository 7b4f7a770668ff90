"""Units at their real sizes (deterministic from the data) and the sampled people of a run."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .groups import seat_rows, unit_rows
from .inputs import Inputs
from .state import NEUTRAL, People, Units, World
from .world import Plants

SEAT_QUOTA = 1000.0


@dataclass(frozen=True)
class Blueprint:
    """Units at scale 1.0, shape (n_units,), and their constituencies' seats."""

    cls: np.ndarray
    district: np.ndarray
    size: np.ndarray
    constituency: np.ndarray
    plant: np.ndarray
    seats: np.ndarray


def plant_sizes(p: Plants, workers: int) -> np.ndarray:
    """Workplace sizes: a Pareto tail of big plants holding ``big_share`` and an exponential body."""
    u = (np.arange(p.big) + 0.5) / p.big
    target = p.big_share * workers
    lo, hi = 0.5, 20.0
    for _ in range(60):
        a = 0.5 * (lo + hi)
        big = np.minimum(p.big_min * u ** (-1.0 / a), p.largest)
        lo, hi = (lo, a) if big.sum() < target else (a, hi)
    small_n = p.total - p.big
    rest = workers - big.sum()
    small = -np.log1p(-(np.arange(small_n) + 0.5) / small_n)
    for _ in range(8):
        small = np.clip(small * rest / small.sum(), 1.0, p.small_max)
    out = np.maximum(np.round(np.concatenate([big, small])), 1).astype(np.int64)
    out[0] += workers - out.sum()
    return out


def assign_districts(sizes: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Give each unit, largest first, to the district furthest below its share."""
    target = shares * sizes.sum()
    got = np.zeros(len(shares))
    out = np.empty(len(sizes), np.int64)
    for i in np.argsort(-sizes, kind="stable"):
        d = int(np.argmax(np.where(shares > 0, target - got, -np.inf)))
        out[i] = d
        got[d] += sizes[i]
    return out


def blueprint(inp: Inputs) -> Blueprint:
    """All units of the case at real size, sorted by district then class, with seats."""
    rows: list[tuple[int, int, int, bool, bool]] = []
    p = inp.plants
    sizes = plant_sizes(p, int(inp.classes.counts[p.cls])) if inp.classes.counts[p.cls] else np.zeros(0, np.int64)
    for s, d in zip(sizes, assign_districts(sizes, inp.district_shares[:, p.cls])):
        rows.append((int(d), p.cls, int(s), True, s >= p.group_below))
    for kind in inp.kinds:
        for d, share in enumerate(inp.district_shares[:, kind.cls]):
            people = int(round(inp.classes.counts[kind.cls] * share))
            n = -(-people // kind.size)
            for k in range(n):
                rows.append((d, kind.cls, people // n + (k < people % n), False, kind.seats))
    rows.sort(key=lambda r: (r[0], r[1], -r[2]))
    district = np.array([r[0] for r in rows], np.int16)
    cls = np.array([r[1] for r in rows], np.int8)
    size = np.array([r[2] for r in rows], np.int64)
    plant = np.array([r[3] for r in rows], bool)
    own = np.array([r[4] for r in rows], bool)
    constituency, seats = _constituencies(district, size, plant, own, p.cls, cls)
    return Blueprint(cls, district, size, constituency, plant, seats)


def _constituencies(district, size, plant, own, plant_cls, cls) -> tuple[np.ndarray, np.ndarray]:
    """Own constituency for big plants and seat-bearing units; small plants grouped by district."""
    constituency = np.full(len(size), -1, np.int32)
    seats: list[int] = []
    for i in np.flatnonzero(own):
        constituency[i] = len(seats)
        seats.append(max(1, int(round(size[i] / SEAT_QUOTA))) if plant[i] else 1)
    small = plant & ~own & (cls == plant_cls)
    for d in np.unique(district[small]):
        members = small & (district == d)
        constituency[members] = len(seats)
        seats.append(max(1, int(round(size[members].sum() / SEAT_QUOTA))))
    return constituency, np.array(seats, np.int64)


def sample_world(inp: Inputs, bp: Blueprint, scale: float, rng: np.random.Generator) -> World:
    """Draw each unit's simulated members (binomial at ``scale``) and keep the populated units."""
    n = rng.binomial(bp.size, scale)
    keep = n > 0
    size = n[keep]
    start = np.concatenate([[0], np.cumsum(size)[:-1]]).astype(np.int64)
    units = Units(bp.cls[keep], bp.district[keep], start, size.astype(np.int64), bp.constituency[keep], bp.plant[keep])
    district_size = np.bincount(units.district, weights=size, minlength=len(inp.district_names))
    return make_world(inp, units, bp.seats, district_size, scale, bp.size[keep])


def make_world(inp: Inputs, units: Units, seats: np.ndarray, district_size: np.ndarray, scale: float,
               real_size: np.ndarray) -> World:
    """A World, with the groups of its units and constituencies worked out once for the run."""
    c = inp.classes
    return World(inp, units, seats, district_size, scale, real_size, c.armed[units.cls] | c.red_guard_pool[units.cls],
                 unit_rows(units, real_size, len(c.names)), seat_rows(units, real_size, len(seats), len(c.names)))


def unit_consistent(z: np.ndarray, units: Units, real: np.ndarray) -> np.ndarray:
    """Standard normal draws whose unit means vary as they would among a unit's real members, and whose
    members vary about their unit's mean as the real members do.

    A unit of ``n`` sampled people stands for ``N`` real ones: its mean draw has variance ``1/n``, the real
    unit's ``1/N``, and its members' deviations from the sampled mean ``(n - 1)/n``, the real members'
    ``(N - 1)/N``. Each unit's mean is scaled by ``sqrt(n/N)`` and the deviations by
    ``sqrt((N - 1)/N x n/(n - 1))``, so that units start as alike, and people as far from their class mean,
    at every scale (docs/ODD.md, Scale): unscaled, a company of 13 sampled soldiers held a tenth less
    variance than a company of 200 real ones, and fewer of its soldiers stood near a radical line. A unit of
    one sampled person keeps that person's draw: one draw cannot hold both parts."""
    size = units.size.astype(np.float64)
    n_real = np.maximum(real, size)
    mean = np.add.reduceat(z, units.start, dtype=np.float64) / size
    keep_mean = np.where(size > 1, np.sqrt(size / n_real), 1.0)
    spread = np.sqrt((n_real - 1.0) / n_real * size / np.maximum(size - 1.0, 1.0))
    deviation = z - np.repeat(mean, units.size)
    return (np.repeat(mean * keep_mean, units.size) + deviation * np.repeat(spread, units.size)).astype(np.float32)


def sample_people(world: World, rng: np.random.Generator) -> People:
    """People with class traits drawn around their class means; parties and legitimacy come later."""
    u, c = world.units, world.inputs.classes
    unit = np.repeat(np.arange(len(u.size), dtype=np.int32), u.size)
    cls = np.repeat(u.cls, u.size)
    n = len(unit)

    def around(mean: np.ndarray, sd: np.ndarray) -> np.ndarray:
        z = unit_consistent(rng.standard_normal(n, dtype=np.float32), u, world.real_size)
        return np.clip(mean.astype(np.float32)[cls] + sd.astype(np.float32)[cls] * z, 0.0, 1.0)

    f32 = np.zeros(n, np.float32)
    return People(
        cls=cls, unit=unit, h0=around(c.h0_mean, c.h0_sd), risk=rng.random(n, dtype=np.float32),
        hardship=f32.copy(), peace=around(c.peace0, c.demand_sd), land=around(c.land0, c.demand_sd),
        power=around(c.power0, c.demand_sd), party=np.zeros(n, np.int8), member=np.zeros(n, bool),
        restless=np.zeros(n, bool), lg=f32.copy(), ls=f32.copy(), allegiance=np.full(n, NEUTRAL, np.int8),
        condition=np.zeros(n, np.int8), jail=np.zeros(n, np.int16), armed=c.armed[cls].copy(), outrage=f32.copy(),
    )


def recruit_members(people: People, members: np.ndarray, scale: float, rng: np.random.Generator) -> np.ndarray:
    """Initial activists: each party's members (real units) drawn among its supporters."""
    out = np.zeros(len(people.party), bool)
    for p, real in enumerate(members):
        pool = np.flatnonzero(people.party == p)
        k = min(len(pool), int(round(real * scale)))
        out[rng.choice(pool, size=k, replace=False)] = True
    return out


__all__ = ["Blueprint", "blueprint", "recruit_members", "sample_people", "sample_world"]
