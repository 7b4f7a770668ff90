"""Opinion: social influence in unit and district, party agitation, hardship, frustration, rumour."""

from __future__ import annotations

import dataclasses as dc

import numpy as np

from .groups import district_sums, unit_sums
from .kernels import update_demands
from .tallies import tally
from .params import DualPowerParams
from .state import ACTIVE, GOV, State

DEMANDS = ("peace", "land", "power")


def agitation_weights(state: State, params: DualPowerParams) -> np.ndarray:
    """Each party's agitation strength today (cut while the party is repressed), float64 (n_parties,)."""
    p, pol = state.world.inputs.parties, state.polity
    cut = np.where(pol.repressed_until >= state.day, params.agitation_cut, 1.0)
    return params.agitation * p.agitation * cut


def activist_shares(state: State) -> np.ndarray:
    """Share of each unit's people who are free members of each party, float64 (n_units, n_parties)."""
    people, units, classes = state.people, state.world.units, state.world.inputs.classes.names
    ids = np.arange(len(units.size), dtype=np.int32)
    counted = (np.ones(len(classes), np.bool_), True, ACTIVE, state.world.n_parties)
    counts = tally(ids, people.unit, people.party, (people.cls, people.member, people.condition), counted, len(units.size))
    return counts / units.size[:, None]


def unit_pull(state: State, params: DualPowerParams, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """Per-unit keep factor ``a`` and per-demand offsets ``b`` so that ``d' = a d + b`` before frustration."""
    people, units, world = state.people, state.world.units, state.world
    shares = activist_shares(state)
    weights = shares * agitation_weights(state, params)
    keep = np.maximum(1.0 - params.mu_unit - params.mu_district - weights.sum(axis=1), 0.0)
    offsets = {}
    for k in DEMANDS:
        sums = unit_sums(getattr(people, k), units)
        district_mean = district_sums(sums, units, world.n_districts) / np.maximum(world.district_size, 1)
        platform = getattr(world.inputs.parties, k)
        shock = params.shock_sd * rng.standard_normal(len(units.size))
        offsets[k] = (params.mu_unit * sums / units.size + params.mu_district * district_mean[units.district]
                      + weights @ platform + shock)
    return keep, offsets


def frustration(d: np.ndarray, h: np.ndarray, unmet_of: float, params: DualPowerParams) -> np.ndarray:
    """Hardening of a demand the government leaves unmet, plus the plain push of hardship (the
    per-person term of :func:`update_demands`, for checking it by hand), float32 (n,)."""
    return (1.0 - d) * h * (params.hardship_push + params.frustration * np.maximum(d - np.float32(unmet_of), 0.0))


def step_opinion(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Move every person's demands; unmet peace and land also feed the demand for council power."""
    people, units, g = state.people, state.world.units, state.polity.g
    keep, offsets = unit_pull(state, params, rng)
    rally = params.coup_radicalise if state.polity.coup_will > 0 else 0.0
    rates = np.array([params.frustration, params.hardship_push, 0.5 * params.frustration * params.power_feed, rally])
    peace, land, power = update_demands(
        units.start, units.size, keep, np.stack([offsets[k] for k in DEMANDS]), people.peace, people.land, people.power,
        people.hardship, people.allegiance == GOV, np.array([g.peace, g.land, g.power]), rates)
    return dc.replace(state, people=dc.replace(people, peace=peace, land=land, power=power))


__all__ = ["DEMANDS", "activist_shares", "agitation_weights", "frustration", "step_opinion"]
