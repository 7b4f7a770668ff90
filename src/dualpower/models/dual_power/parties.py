"""Party choice with inertia and straddling, membership growth, and parties entering the menu on their dates or
when a wing splits."""

from __future__ import annotations

import numpy as np

from .inputs import WING, Founding
from .kernels import Affiliation, Demands, PartyRule, choose_parties, nearer_members
from .tallies import ranked
from .params import DualPowerParams
from .questions import on_open, open_questions
from .state import State, evolve

OFF = -10.0
"""Every coordinate of the line of a party not on offer: nobody's nearest line (demands lie in [0, 1]), never
claiming power, never the most radical."""


def offered(platforms: np.ndarray, offer: np.ndarray) -> np.ndarray:
    """``platforms`` with the lines of parties not on offer (``offer``, bool (n_parties,)) moved out of reach
    (``OFF``)."""
    return np.where(offer[:, None], platforms, OFF)


def perceived_platforms(state: State) -> np.ndarray:
    """Platforms as people see them: a cabinet party shares the government's record.

    ``pi~_p = (1 - w_p) pi_p + w_p g``; float64 (n_parties, 3), columns peace, land, power.
    """
    pol = state.polity
    plat = pol.platforms
    g = np.array([pol.g.peace, pol.g.land, pol.g.power])
    w = pol.cabinet[:, None]
    return (1.0 - w) * plat + w * g


def found(state: State, params: DualPowerParams) -> State:
    """Today's foundings (dated ones, and wings that split today): each new party's line goes on offer (a
    replaced parent's comes off), and the parent's members whose demands are nearer the new line than the
    parent's (as perceived today) follow it, members still."""
    state = split_wings(state, params.split_patience)
    pol = state.polity
    todays = [f for f in pol.foundings if f.day == state.day]
    if not todays:
        return state
    p = state.world.inputs.parties
    platforms = offered(np.where(pol.on_offer(state.day - 1)[:, None], pol.platforms, p.platforms),
                        pol.on_offer(state.day))
    state = evolve(state, polity=evolve(pol, platforms=platforms))
    plat = perceived_platforms(state)
    party = state.people.party.copy()
    events = list(state.events)
    for f in todays:
        moved, followers, _ = _nearer(state, f.parent, plat[f.party], plat[f.parent])
        party[moved] = f.party
        events.append(("party-founded", _founding_text(f, followers / state.world.scale, p.names)))
    return evolve(state, people=evolve(state.people, party=party), events=tuple(events))


def split_wings(state: State, patience: float) -> State:
    """Wings decide whether to leave their party. Each day the share of the parent's members whose demands lie
    nearer the wing's line than the parent's (as perceived) adds its excess over one half to the wing's pressure
    (a shortfall takes from it, never below 0: a cumulative sum, Page 1954); a wing whose pressure exceeds
    ``patience`` splits today. A wing that has held its party's majority long enough leaves it."""
    pol = state.polity
    wings = [i for i, f in enumerate(pol.foundings) if f.day == WING]
    if not wings:
        return state
    lines = state.world.inputs.parties.platforms
    plat = perceived_platforms(state)
    push = pol.split_pressure.copy()
    foundings = list(pol.foundings)
    for i in wings:
        f = foundings[i]
        _, nearer, members = _nearer(state, f.parent, lines[f.party], plat[f.parent])
        push[f.party] = max(push[f.party] + nearer / max(members, 1) - 0.5, 0.0)
        if push[f.party] > patience:
            foundings[i] = evolve(f, day=state.day)
    return evolve(state, polity=evolve(pol, split_pressure=push, foundings=tuple(foundings)))


def _nearer(state: State, parent: int, line: np.ndarray, parent_line: np.ndarray) -> tuple[np.ndarray, int, int]:
    """Which of ``parent``'s members (none for no parent, -1) have demands nearer ``line`` than ``parent_line``,
    bool (n,), how many they are, and how many members ``parent`` has."""
    people = state.people
    if parent < 0:
        return np.zeros(len(people.party), bool), 0, 0
    lines = np.array([line, parent_line], np.float64)
    demands, lines = on_open(Demands(people.peace, people.land, people.power), lines,
                             open_questions(state.world, state.day))
    return nearer_members(demands, people.party, people.member, parent, lines[0], lines[1])


def _founding_text(f: Founding, members: float, names: tuple[str, ...]) -> str:
    if f.parent < 0:
        return f"{names[f.party]} is founded"
    how = "takes the place of" if f.replaces else "splits from"
    return f"{names[f.party]} {how} {names[f.parent]}: {members:.0f} of its members follow"


def step_parties(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Found today's new parties; re-choose parties (supporters in lasting doubt switch, and members who no longer
    share their party's line leave it, at daily rates; leavers lapse); close supporters join at a daily rate."""
    state = found(state, params)
    people = state.people
    p = state.world.inputs.parties
    cut = np.where(state.polity.repressed_until >= state.day, params.agitation_cut, 1.0)
    join = params.join_rate * p.recruitment * cut
    demands, plat = on_open(Demands(people.peace, people.land, people.power), perceived_platforms(state),
                            open_questions(state.world, state.day))
    rule = PartyRule(plat, float(params.inertia), float(params.inertia_member), float(params.join_radius), join,
                     float(params.defection_rate), float(params.reconsider))
    party, member, restless = choose_parties(demands, Affiliation(people.party, people.member, people.condition),
                                             rule, rng)
    member = lapse(member, params.lapse_rate, rng)
    return evolve(state, people=evolve(people, party=party, member=member, restless=restless & member))


def lapse(member: np.ndarray, rate: float, rng: np.random.Generator) -> np.ndarray:
    """Membership after today's lapses: each member lets it lapse with daily chance ``rate`` (the number drawn at
    once, then which members, by their rank among the members: :func:`.tallies.ranked`)."""
    if rate <= 0:
        return member
    n = int(np.count_nonzero(member))
    lapsing = rng.choice(n, size=rng.binomial(n, rate), replace=False)
    out = member.copy()
    out[ranked(member, np.sort(lapsing))] = False
    return out
