"""Perceived legitimacy of the two authorities: distance of one's demands to their policies, class bias."""

from __future__ import annotations

import dataclasses as dc

import numpy as np

from .groups import spread
from .params import DualPowerParams
from .state import GOV, Policy, State

ROOT3 = np.float32(np.sqrt(3.0))


def closeness(people, policy: Policy) -> np.ndarray:
    """``1 - ||d - policy|| / sqrt(3)``, float32 (n,)."""
    sq = (people.peace - np.float32(policy.peace)) ** 2
    sq += (people.land - np.float32(policy.land)) ** 2
    sq += (people.power - np.float32(policy.power)) ** 2
    np.sqrt(sq, out=sq)
    return 1.0 - sq / ROOT3


def targets(state: State) -> tuple[np.ndarray, np.ndarray]:
    """Legitimacy targets of government and councils, float32 (n,) each."""
    people, c, pol = state.people, state.world.inputs.classes, state.polity
    lg = closeness(people, pol.g)
    lg += (c.bias_g.astype(np.float32) - np.float32(pol.discredit))[people.cls]
    ls = closeness(people, pol.s)
    ls += c.bias_s.astype(np.float32)[people.cls]
    return lg, ls


def step_legitimacy(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Relax legitimacy toward its targets; repression seen in one's district costs the government."""
    people, rate = state.people, np.float32(params.legitimacy_rate)
    lg_star, ls_star = targets(state)
    lg = people.lg + rate * (lg_star - people.lg)
    ls = people.ls + rate * (ls_star - people.ls)
    seen = state.polity.repressed_d
    if seen.any():
        units = state.world.units
        hit = spread(params.repression_penalty * seen[units.district], units)
        lg -= hit * (people.allegiance != GOV)
    np.clip(lg, 0.0, 1.0, out=lg)
    np.clip(ls, 0.0, 1.0, out=ls)
    return dc.replace(state, people=dc.replace(people, lg=lg, ls=ls))
