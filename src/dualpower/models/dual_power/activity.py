"""Activity, Epstein's rule at district level: grievance against the risk of arrest, plus calls."""

from __future__ import annotations

import dataclasses as dc

import numpy as np

from .groups import district_sums, spread, unit_sums
from .params import DualPowerParams
from .state import ACTIVE, COUNCILS, QUIET, State


def arrest_probability(enforcers: np.ndarray, active: np.ndarray, k: float) -> np.ndarray:
    """``P_d = 1 - exp(-k C_d / max(A_d, 1))`` per district."""
    return 1.0 - np.exp(-k * enforcers / np.maximum(active, 1.0))


def mobilised(state: State, params: DualPowerParams) -> np.ndarray:
    """Bonus to net grievance of people whose party, or whose councils, call them out today; float32 (n,)."""
    people, calls = state.people, state.polity.calls
    called = calls[people.party] | (bool(calls[-1]) & (people.allegiance == COUNCILS))
    return called * np.float32(params.mobilisation)


def step_activity(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Free people are active when ``h (1 - Lg) - r P_d > T - m``."""
    people, units, pol = state.people, state.world.units, state.polity
    p_d = arrest_probability(pol.enforcers_d, pol.active_d, params.arrest_k)
    net = people.hardship * (1.0 - people.lg)
    net -= people.risk * spread(p_d[units.district], units)
    net += mobilised(state, params)
    free = people.condition <= ACTIVE
    active = free & (net > np.float32(params.threshold))
    condition = np.where(free, np.where(active, np.int8(ACTIVE), np.int8(QUIET)), people.condition)
    active_d = district_sums(unit_sums(active.view(np.int8), units), units, state.world.n_districts)
    return dc.replace(state, people=dc.replace(people, condition=condition.astype(np.int8, copy=False)),
                      polity=dc.replace(pol, active_d=active_d))
