"""Opinion: social influence in unit and district, party agitation, hardship, frustration, rumour."""

from __future__ import annotations

import numpy as np

from .groups import consistent_estimates, district_sums, row_means
from .kernels import Affiliation, DemandRule, Demands, Exposure, Pull, Slices, unit_pull_terms, update_demands
from .tallies import unit_totals
from .params import DualPowerParams
from .questions import open_questions
from .state import State, evolve

DEMANDS = ("peace", "land", "power")


def agitation_weights(state: State, params: DualPowerParams) -> np.ndarray:
    """Each party's agitation strength today (cut while the party is repressed), float64 (n_parties,)."""
    p, pol = state.world.inputs.parties, state.polity
    cut = np.where(pol.repressed_until >= state.day, params.agitation_cut, 1.0)
    return params.agitation * p.agitation * cut


def unit_estimates(state: State, params: DualPowerParams) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each unit's mean demands (n_units, 3) and free-activist shares (n_units, n_parties; members who still
    share their party's line), and each district's mean demands (n_districts, 3)."""
    people, units, world = state.people, state.world.units, state.world
    totals = unit_totals(Slices(units.start, units.size), Demands(people.peace, people.land, people.power),
                         Affiliation(people.party, people.member, people.condition), people.restless, world.n_parties)
    sums, squares, activists = totals[:, :3], totals[:, 3:6], totals[:, 6:]
    if world.scale >= 1.0:
        means, shares = row_means(sums, units.size), row_means(activists, units.size)
    else:
        means, shares = sampled_means(state, sums, squares, activists)
    district = np.stack([district_sums(sums[:, k], units, world.n_districts) for k in range(3)], axis=1)
    return means, shares, district / np.maximum(world.district_size, 1.0)[:, None]


def sampled_means(state: State, sums: np.ndarray, squares: np.ndarray,
                  activists: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unit means of a thinned population with the spread the real units' means have (docs/ODD.md, Scale): a
    unit's few sampled members would otherwise pull one another toward their own sampling noise, and their
    units drift apart faster than real ones."""
    world = state.world
    return consistent_estimates(sums, squares, activists, world.units.size, world.unit_rows)


def unit_pull(state: State, params: DualPowerParams, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Per-unit keep factor ``a`` (n_units,) and offsets ``b`` (3, n_units) so that ``d' = a d + b`` before
    frustration."""
    units = state.world.units
    means, shares, district = unit_estimates(state, params)
    weights = shares * agitation_weights(state, params)
    shock = rng.standard_normal((3, len(units.size)))
    return unit_pull_terms(means, district, units.district, weights, weights @ state.polity.platforms, shock,
                           (float(params.mu_unit), float(params.mu_district)), float(params.shock_sd))


def step_opinion(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Move every person's demands; unmet peace and land also feed the demand for council power, and partisans
    are drawn toward their party's line. A closed question counts as met (its policy coordinate 1), so it
    frustrates no one, feeds nothing and draws no one to a line."""
    people, units, g = state.people, state.world.units, state.polity.g
    keep, offsets = unit_pull(state, params, rng)
    rally = params.rally * state.polity.coup_will
    open_ = open_questions(state.world, state.day)
    policy = np.where(open_ > 0, [g.peace, g.land, g.power], 1.0)
    rule = DemandRule(policy, float(params.frustration), float(params.hardship_push),
                      float(0.5 * params.frustration * params.power_feed), float(rally),
                      np.ascontiguousarray(state.polity.platforms, np.float64), open_, float(params.discipline),
                      float(params.cue))
    peace, land, power = update_demands(
        Slices(units.start, units.size), Pull(keep, offsets), Demands(people.peace, people.land, people.power),
        Exposure(people.hardship, people.lg, people.ls, people.party, people.member), rule)
    return evolve(state, people=evolve(people, peace=peace, land=land, power=power))


__all__ = ["DEMANDS", "unit_estimates", "agitation_weights", "step_opinion"]
