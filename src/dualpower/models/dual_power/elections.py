"""Elections on scenario dates: every voter (entitled, then a turnout draw) votes once for their current party,
unless that party boycotts the election."""

from __future__ import annotations

import numpy as np

from .params import DualPowerParams
from .state import JAILED, State, evolve


def count_votes(party: np.ndarray, voting: np.ndarray, n_parties: int) -> np.ndarray:
    """Votes per party, int64 (n_parties,); each voting person counted exactly once."""
    return np.bincount(party[voting], minlength=n_parties)


def step_elections(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Hold today's elections and record the share of the votes cast of each party on offer beside the
    historical one (a boycotting party's supporters abstain, so its share is 0)."""
    todays = [e for e in state.world.inputs.elections if e.day == state.day]
    if not todays:
        return state
    people, names = state.people, state.world.inputs.parties.names
    offer = state.polity.on_offer(state.day)
    rows = list(state.votes)
    for election in todays:
        abstain = np.zeros(len(names), bool)
        abstain[list(election.boycott)] = True
        chance = (params.turnout * state.world.inputs.classes.voters).astype(np.float32)[people.cls]
        voting = (people.condition < JAILED) & (rng.random(len(people.party), dtype=np.float32) < chance)
        votes = count_votes(people.party, voting & ~abstain[people.party], len(names))
        shares = votes / max(votes.sum(), 1)
        for p in np.flatnonzero(offer):
            rows.append({"election": election.name, "party": names[p], "share": float(shares[p]),
                         "historical": election.historical.get(names[p], float("nan"))})
    events = state.events + tuple(("election", f"{e.name}") for e in todays)
    return evolve(state, votes=tuple(rows), events=events)
