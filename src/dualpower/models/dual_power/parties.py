"""Party choice with inertia and straddling, membership growth, and parties entering the menu on their dates."""

from __future__ import annotations

import numpy as np

from .inputs import Founding, Inputs
from .kernels import Affiliation, Demands, PartyRule, choose_parties
from .params import DualPowerParams
from .state import State, evolve

OFF = -10.0
"""Every coordinate of the line of a party not on offer: nobody's nearest line (demands lie in [0, 1]), never
claiming power, never the most radical."""


def offered(platforms: np.ndarray, inputs: Inputs, day: int) -> np.ndarray:
    """``platforms`` with the lines of parties not on offer on ``day`` moved out of reach (``OFF``)."""
    return np.where(inputs.on_offer(day)[:, None], platforms, OFF)


def perceived_platforms(state: State) -> np.ndarray:
    """Platforms as people see them: a cabinet party shares the government's record.

    ``pi~_p = (1 - w_p) pi_p + w_p g``; float64 (n_parties, 3), columns peace, land, power.
    """
    pol = state.polity
    plat = pol.platforms
    g = np.array([pol.g.peace, pol.g.land, pol.g.power])
    w = pol.cabinet[:, None]
    return (1.0 - w) * plat + w * g


def found(state: State) -> State:
    """Today's foundings: each new party's line goes on offer (a replaced parent's comes off), and the parent's
    members whose demands are nearer the new line than the parent's (as perceived today) follow it, members still."""
    inputs = state.world.inputs
    todays = [f for f in inputs.foundings if f.day == state.day]
    if not todays:
        return state
    p = inputs.parties
    table = np.stack([p.peace, p.land, p.power], axis=1)
    platforms = offered(np.where(inputs.on_offer(state.day - 1)[:, None], state.polity.platforms, table), inputs,
                        state.day)
    state = evolve(state, polity=evolve(state.polity, platforms=platforms))
    plat = perceived_platforms(state)
    party = state.people.party.copy()
    events = list(state.events)
    for f in todays:
        moved = _followers(state, plat, f)
        party[moved] = f.party
        events.append(("party-founded", _founding_text(f, len(moved) / state.world.scale, p.names)))
    return evolve(state, people=evolve(state.people, party=party), events=tuple(events))


def _followers(state: State, plat: np.ndarray, f: Founding) -> np.ndarray:
    """Indices of the parent's members nearer the new party's perceived line than the parent's."""
    people = state.people
    if f.parent < 0:
        return np.zeros(0, np.int64)
    idx = np.flatnonzero(people.member & (people.party == f.parent))
    d = np.stack([people.peace[idx], people.land[idx], people.power[idx]], axis=1).astype(np.float64)
    near = ((d - plat[f.party]) ** 2).sum(axis=1) < ((d - plat[f.parent]) ** 2).sum(axis=1)
    return idx[near]


def _founding_text(f: Founding, members: float, names: tuple[str, ...]) -> str:
    if f.parent < 0:
        return f"{names[f.party]} is founded"
    how = "takes the place of" if f.replaces else "splits from"
    return f"{names[f.party]} {how} {names[f.parent]}: {members:.0f} of its members follow"


def step_parties(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Found today's new parties; re-choose parties; members who leave their party lapse; close supporters join
    at a daily rate."""
    state = found(state)
    people = state.people
    p = state.world.inputs.parties
    cut = np.where(state.polity.repressed_until >= state.day, params.agitation_cut, 1.0)
    join = params.join_rate * p.recruitment * cut
    rule = PartyRule(perceived_platforms(state), float(params.inertia), float(params.inertia_member),
                     float(params.join_radius), join)
    party, member = choose_parties(Demands(people.peace, people.land, people.power),
                                   Affiliation(people.party, people.member, people.condition), rule, rng)
    return evolve(state, people=evolve(people, party=party, member=lapse(member, params.lapse_rate, rng)))


def lapse(member: np.ndarray, rate: float, rng: np.random.Generator) -> np.ndarray:
    """Membership after today's lapses: each member lets it lapse with daily chance ``rate`` (the number drawn at
    once, then which members)."""
    if rate <= 0:
        return member
    idx = np.flatnonzero(member)
    out = member.copy()
    out[rng.choice(idx, size=rng.binomial(len(idx), rate), replace=False)] = False
    return out
