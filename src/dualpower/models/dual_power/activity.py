"""Activity, Epstein's rule at district level: grievance against the risk of arrest, plus calls."""

from __future__ import annotations

import numpy as np

from .groups import district_of, district_sums
from .kernels import ActivityRule, Grievance, Slices, decide_activity
from .params import DualPowerParams
from .state import ACTIVE, QUIET, State, evolve

NO_UNITS = np.zeros(0, bool)
NO_UNITS.flags.writeable = False


def arrest_probability(enforcers: np.ndarray, active: np.ndarray, k: float) -> np.ndarray:
    """``P_d = 1 - exp(-k C_d / max(A_d, 1))`` per district."""
    return 1.0 - np.exp(-k * enforcers / np.maximum(active, 1.0))


def decide(state: State, params: DualPowerParams, rng: np.random.Generator, participation: float,
           calls: np.ndarray, disarmed: np.ndarray = NO_UNITS, safe: bool = False) -> State:
    """Free people are mobilised when ``h (1 - Lg) + outrage - r P_d > T - m`` (``m`` where ``calls`` reach
    them; ``P_d`` 0 on a ``safe`` day), and the mobilised take part with chance ``participation``; the day's
    actives by district are kept for tomorrow's risk, and the units whose armed take part without arms
    (``disarmed``, empty: none) for the day's count."""
    people, units, pol = state.people, state.world.units, state.polity
    p_d = arrest_probability(pol.enforcers_d, pol.active_d, params.arrest_k) * (not safe)
    rule = ActivityRule(calls, state.world.inputs.classes.council_voter, params.mobilisation, params.threshold,
                        params.outrage, participation)
    grievance = Grievance(people.hardship, people.lg, people.outrage, people.risk, people.condition, people.party,
                          people.allegiance, people.cls)
    condition, actives = decide_activity(Slices(units.start, units.size), p_d[units.district], grievance, rule, rng)
    active_d = district_sums(actives.astype(np.float64), units, state.world.n_districts)
    people = evolve(people, condition=condition)
    return evolve(state, people=people, polity=evolve(pol, active_d=active_d, disarmed=disarmed))


def step_activity(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """The mobilised take part today with chance ``participation``: nobody strikes or marches every day."""
    return decide(state, params, rng, params.participation, state.polity.calls)


def turn_out(state: State, params: DualPowerParams, rng: np.random.Generator, disarmed: np.ndarray,
             marchers: np.ndarray, safe: bool = False) -> State:
    """On a day units come out armed, the armed units call the whole city out, and everyone so mobilised
    comes out with them (the April Days brought some 100,000 into the streets around 15,000-25,000 armed
    soldiers; docs/ODD.md 6.1). The units that defied their leaders come out whole: their council-loyal
    armed (``marchers``, int64 indices into People) march if free. The other garrison units (``disarmed``)
    keep to their leaders' restraint: their armed come without arms (on 20 April 1917 the Soviet's executive
    forbade soldiers to go out armed without its leave, and on the 21st they kept to it, while the workers'
    guards marched armed at the head of their plants; Trotsky, History of the Russian Revolution, ch. 17).
    On a ``safe`` day, when the councils themselves have called the city out, nobody reckons with arrest."""
    state = decide(state, params, rng, 1.0, np.ones_like(state.polity.calls), disarmed, safe)
    people, world = state.people, state.world
    joining = marchers[people.condition[marchers] == QUIET]
    condition = people.condition.copy()
    condition[joining] = ACTIVE
    joined = np.bincount(district_of(joining, people.unit, world.units), minlength=world.n_districts)
    return evolve(state, people=evolve(people, condition=condition),
                  polity=evolve(state.polity, active_d=state.polity.active_d + joined))
