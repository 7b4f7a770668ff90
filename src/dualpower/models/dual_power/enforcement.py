"""Enforcement: obeying enforcers arrest actives; armed actives and enforcers clash; jail terms run."""

from __future__ import annotations

import numpy as np

from .activity import arrest_probability
from .force import armed_people, sides_by_district
from .groups import district_of
from .news import newsworthy
from .params import DualPowerParams
from .state import ACTIVE, COUNCILS, DEAD, JAILED, State, evolve
from .tallies import serve_jail


def step_enforcement(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Arrest, clash, count; the district shares hit feed tomorrow's legitimacy."""
    people, world, pol = state.people, state.world, state.polity
    condition, jail, actives = serve_jail(people.condition, people.jail)
    armed = armed_people(state, params)
    n_d = world.n_districts
    enforcers, council_armed = sides_by_district(armed, n_d)
    p_d = arrest_probability(enforcers, pol.active_d, params.arrest_k)
    arrested = actives[rng.random(len(actives)) < params.arrest_efficiency * p_d[district_of(actives, people.unit, world.units)]]
    condition[arrested] = JAILED
    jail[arrested] = rng.integers(1, params.jail_max + 1, size=len(arrested))
    fighters = armed.index[(condition[armed.index] == ACTIVE) & (people.allegiance[armed.index] == COUNCILS)]
    f_d = district_of(fighters, people.unit, world.units)
    fighting = np.bincount(f_d, minlength=n_d)
    killed = fighters[rng.random(len(fighters)) < params.lethality * p_d[f_d]]
    guards = armed.index[armed.obeys_gov]
    ratio = np.minimum(fighting / np.maximum(enforcers, 1.0), 1.0)
    killed = np.concatenate([killed, guards[rng.random(len(guards)) < params.lethality * ratio[armed.district[armed.obeys_gov]]]])
    condition[killed] = DEAD
    jail[killed] = 0
    hit = np.bincount(district_of(np.concatenate([arrested, killed]), people.unit, world.units), minlength=n_d)
    events, dead, jailed = state.events, len(killed) / world.scale, len(arrested) / world.scale
    if len(killed):
        if newsworthy("clash", state.day, pol.clash_day, dead):
            events += (("clash", f"{dead:.0f} dead, {jailed:.0f} arrested"),)
        pol = evolve(pol, clash_day=state.day)
    pol = evolve(pol, enforcers_d=enforcers, council_armed_d=council_armed, repressed_d=hit / np.maximum(world.district_size, 1.0),
                 killed_today=dead, arrested_today=jailed)
    return evolve(state, people=evolve(people, condition=condition, jail=jail), polity=pol, events=events)
