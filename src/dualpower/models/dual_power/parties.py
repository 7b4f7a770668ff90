"""Party choice with inertia and straddling, and membership growth."""

from __future__ import annotations

import dataclasses as dc

import numpy as np

from .kernels import Affiliation, Demands, PartyRule, choose_parties
from .params import DualPowerParams
from .state import State


def perceived_platforms(state: State) -> np.ndarray:
    """Platforms as people see them: a cabinet party shares the government's record.

    ``pi~_p = (1 - w_p) pi_p + w_p g``; float64 (n_parties, 3), columns peace, land, power.
    """
    pol = state.polity
    plat = pol.platforms
    g = np.array([pol.g.peace, pol.g.land, pol.g.power])
    w = pol.cabinet[:, None]
    return (1.0 - w) * plat + w * g


def step_parties(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Re-choose parties; members who leave their party lapse; close supporters join at a daily rate."""
    people = state.people
    p = state.world.inputs.parties
    cut = np.where(state.polity.repressed_until >= state.day, params.agitation_cut, 1.0)
    join = params.join_rate * p.recruitment * cut
    rule = PartyRule(perceived_platforms(state), float(params.inertia), float(params.inertia_member),
                     float(params.join_radius), join)
    party, member = choose_parties(Demands(people.peace, people.land, people.power),
                                   Affiliation(people.party, people.member, people.condition), rule, rng)
    return dc.replace(state, people=dc.replace(people, party=party, member=member))
