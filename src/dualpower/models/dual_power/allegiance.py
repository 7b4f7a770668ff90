"""Declared allegiance: whose orders one obeys, with hysteresis, the risk of declaring it, and belief."""

from __future__ import annotations

import numpy as np

from .activity import arrest_probability
from .kernels import Slices, apply_allegiance
from .params import DualPowerParams
from .state import State, evolve


def danger(state: State, params: DualPowerParams) -> np.ndarray:
    """Risk of declaring for each side, per unit: the arrest probability that the other side's obeying armed
    men in the unit's district (yesterday's, the government's with the troops called from the front, posted
    where its own men are) pose to this side's; float64 (2, n_units), rows government, councils."""
    pol, world = state.polity, state.world
    gov, cs = pol.enforcers_d, pol.council_armed_d
    posts = gov / gov.sum() if gov.sum() > 0 else np.full(len(gov), 1.0 / max(len(gov), 1))
    gov = gov + pol.reinforcements * world.scale * posts
    k = params.arrest_k * params.deterrence
    return np.stack([arrest_probability(cs, gov, k), arrest_probability(gov, cs, k)])[:, world.units.district]


def allegiance_rule(state: State, params: DualPowerParams, threat: np.ndarray) -> np.ndarray:
    """Everybody's declared allegiance given today's legitimacy and ``threat`` (:func:`danger`); int8 (n,)."""
    p, units = state.people, state.world.units
    return apply_allegiance(Slices(units.start, units.size), p.allegiance, p.lg, p.ls, p.risk, threat,
                            np.float32(params.hysteresis), np.float32(params.belief))


def step_allegiance(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Apply the rule to everybody."""
    allegiance = allegiance_rule(state, params, danger(state, params))
    return evolve(state, people=evolve(state.people, allegiance=allegiance))
