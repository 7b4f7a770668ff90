"""Perceived legitimacy of the two authorities: distance of one's demands to their policies, class bias."""

from __future__ import annotations

import dataclasses as dc

import numpy as np

from .kernels import relax_legitimacy
from .params import DualPowerParams
from .state import GOV, State


def relax(state: State, rate: float, hit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lg and Ls moved ``rate`` of the way to ``1 - ||d - policy|| / sqrt(3) + class bias`` (Lg also less the
    government's discredit and, for people not loyal to it, the unit's ``hit``)."""
    people, c, pol, units = state.people, state.world.inputs.classes, state.polity, state.world.units
    policies = np.array([[pol.g.peace, pol.g.land, pol.g.power], [pol.s.peace, pol.s.land, pol.s.power]])
    biases = np.stack([c.bias_g - pol.discredit, c.bias_s])
    return relax_legitimacy(units.start, units.size, hit, people.peace, people.land, people.power, people.cls,
                            people.lg, people.ls, people.allegiance == GOV, policies, biases, rate)


def step_legitimacy(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Relax legitimacy toward its targets; repression seen in one's district costs the government."""
    units = state.world.units
    hit = params.repression_penalty * state.polity.repressed_d[units.district]
    lg, ls = relax(state, params.legitimacy_rate, hit)
    return dc.replace(state, people=dc.replace(state.people, lg=lg, ls=ls))
