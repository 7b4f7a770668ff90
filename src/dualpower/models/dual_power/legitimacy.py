"""Perceived legitimacy of the two authorities: distance of one's demands to their policies, class bias."""

from __future__ import annotations

import dataclasses as dc

import numpy as np

from .kernels import Demands, LegitimacyRule, Slices, Standing, relax_legitimacy
from .params import DualPowerParams
from .state import GOV, State


def officer_authority(state: State, params: DualPowerParams) -> float:
    """Legitimacy the officers lend the government among garrison classes: theirs while no rule like
    Order No. 1 puts the units under elected committees."""
    order_1 = params.order_1 and state.day >= state.world.inputs.order_1_day
    return 0.0 if order_1 else params.officer_authority


def relax(state: State, rate: float, hit: np.ndarray, officers: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Lg and Ls moved ``rate`` of the way to ``1 - ||d - policy|| / sqrt(3) + class bias`` (Lg also less the
    government's discredit and, for people not loyal to it, the unit's ``hit``; garrison classes' biases
    moved ``officers`` toward the government)."""
    people, c, pol, units = state.people, state.world.inputs.classes, state.polity, state.world.units
    policies = np.array([[pol.g.peace, pol.g.land, pol.g.power], [pol.s.peace, pol.s.land, pol.s.power]])
    shift = officers * c.garrison
    biases = np.stack([c.bias_g - pol.discredit + shift, c.bias_s - shift])
    standing = Standing(people.cls, people.lg, people.ls, people.allegiance == GOV)
    return relax_legitimacy(Slices(units.start, units.size), hit, Demands(people.peace, people.land, people.power),
                            standing, LegitimacyRule(policies, biases, float(rate)))


def step_legitimacy(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Relax legitimacy toward its targets; repression seen in one's district costs the government."""
    units = state.world.units
    hit = params.repression_penalty * state.polity.repressed_d[units.district]
    lg, ls = relax(state, params.legitimacy_rate, hit, officer_authority(state, params))
    return dc.replace(state, people=dc.replace(state.people, lg=lg, ls=ls))
