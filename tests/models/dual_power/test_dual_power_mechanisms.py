"""Each mechanism in isolation, on tiny hand-made populations with exact expected values."""

from __future__ import annotations

import dataclasses as dc
import math

import numpy as np
import pytest

from dualpower.models.dual_power import DualPowerParams
from dualpower.models.dual_power.activity import arrest_probability
from dualpower.models.dual_power.allegiance import allegiance_rule
from dualpower.models.dual_power.confrontation import COUNCIL_POWER, contest, decide
from dualpower.models.dual_power.councils import plurality, recalls, seat_shares, weighted_median
from dualpower.models.dual_power.elections import count_votes
from dualpower.models.dual_power.enforcement import serve_time
from dualpower.models.dual_power.force import armed_people, unit_obeys_government
from dualpower.models.dual_power.government import policy_of
from dualpower.models.dual_power.leadership import initial_platforms
from dualpower.models.dual_power.opinion import frustration
from dualpower.models.dual_power.parties import perceived_platforms
from dualpower.models.dual_power.population import plant_sizes
from dualpower.models.dual_power.state import COUNCILS, DEAD, GOV, JAILED, NEUTRAL, QUIET, VACANT, People, Polity, State, Units, World
from dualpower.scenarios import load

IN_COUNCILS = np.array([False, True, True, True])  # Kadet, SR, Menshevik, Bolshevik
SR, BOL = 1, 3


@pytest.fixture(scope="module")
def inputs():
    return load("petrograd-1917").model.inputs


def tiny_state(inputs, classes: list[int], sizes: list[int], allegiance: list[int], committee_day: int = -1) -> State:
    """A state of a few hand-made units (one district), everybody free, quiet and armed as their class."""
    n = sum(sizes)
    start = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    units = Units(np.array(classes, np.int8), np.zeros(len(sizes), np.int16), start, np.array(sizes, np.int64),
                  np.arange(len(sizes), dtype=np.int32), np.zeros(len(sizes), bool))
    world = World(inputs, units, np.ones(len(sizes), np.int64), np.array([float(n)] + [0.0] * 13), 1.0)
    cls = np.repeat(units.cls, units.size)
    half = np.full(n, 0.5, np.float32)
    people = People(cls=cls, unit=np.repeat(np.arange(len(sizes), dtype=np.int32), units.size), h0=half, risk=half, hardship=half,
                    peace=half, land=half, power=half, party=np.zeros(n, np.int8), member=np.zeros(n, bool),
                    lg=half, ls=half, allegiance=np.array(allegiance, np.int8), condition=np.zeros(n, np.int8),
                    jail=np.zeros(n, np.int16), armed=inputs.classes.armed[cls])
    cabinet = inputs.cabinets[0][2]
    pol = Polity(cabinet=cabinet, cabinet_name="test", g=None, s=None, delegates=np.full(len(sizes), VACANT, np.int8),
                 repressed_until=np.full(4, -1, np.int64), committee_day=committee_day, platforms=initial_platforms(inputs),
                 pressure=np.zeros(len(sizes)))
    pol = dc.replace(pol, g=policy_of(pol, 0, DualPowerParams(), world))
    return State(day=10, world=world, people=people, polity=dc.replace(pol, s=pol.g), closed_until=np.zeros(len(sizes), np.int32))


def test_recall_replaces_delegate_when_majority_switches_party():
    votes = np.array([[0, 10, 2, 30], [0, 20, 2, 18]])
    delegates = np.array([SR, SR], np.int8)
    assert recalls(delegates, votes, IN_COUNCILS, 0.15).tolist() == [True, False]
    assert plurality(votes, IN_COUNCILS).tolist() == [BOL, SR]


def test_plurality_ignores_parties_outside_the_councils_and_leaves_empty_seats_vacant():
    votes = np.array([[50, 1, 0, 0], [0, 0, 0, 0]])
    assert plurality(votes, IN_COUNCILS).tolist() == [SR, VACANT]


def test_seat_shares_count_filled_seats_only():
    shares = seat_shares(np.array([SR, BOL, VACANT], np.int8), np.array([3, 1, 5]), 4)
    assert shares.tolist() == [0.0, 0.75, 0.0, 0.25]


def test_weighted_median_is_the_seat_weighted_middle_platform():
    assert weighted_median(np.array([0.1, 0.5, 0.9]), np.array([0.2, 0.2, 0.6])) == 0.9
    assert weighted_median(np.array([0.1, 0.5, 0.9]), np.array([0.4, 0.2, 0.4])) == 0.5


def test_order_1_blocks_an_order_to_a_council_loyal_company():
    share = np.array([0.6, 0.3])
    assert unit_obeys_government(share, order_1=True, mutiny_share=0.8).tolist() == [False, True]
    assert unit_obeys_government(share, order_1=False, mutiny_share=0.8).tolist() == [True, True]


def test_neutral_soldiers_of_a_council_majority_company_obey_nobody_without_a_committee(inputs):
    soldier = inputs.classes.names.index("soldier")
    state = tiny_state(inputs, [soldier], [5], [COUNCILS, COUNCILS, COUNCILS, NEUTRAL, GOV])
    armed = armed_people(state, DualPowerParams())
    assert armed.obeys_gov.tolist() == [False] * 5
    assert armed.obeys_councils.tolist() == [True, True, True, False, False]
    without = armed_people(state, DualPowerParams(order_1=False))
    assert without.obeys_gov.tolist() == [False, False, False, True, True]
    with_committee = armed_people(dc.replace(state, polity=dc.replace(state.polity, committee_day=1)), DualPowerParams())
    assert with_committee.obeys_councils.tolist() == [True, True, True, True, False]


def test_a_contest_with_zero_defenders_succeeds(inputs):
    assert contest(10.0, 0.0, 2.0) == 1.0
    assert contest(3.0, 1.0, 2.0) == pytest.approx(0.9)
    sailor = inputs.classes.names.index("sailor")
    state = tiny_state(inputs, [sailor], [4], [COUNCILS] * 4, committee_day=0)
    people = dc.replace(state.people, lg=np.full(4, 0.1, np.float32), ls=np.full(4, 0.9, np.float32))
    state = dc.replace(state, people=people, polity=dc.replace(state.polity, claims=True, readiness=1.0))
    params = DualPowerParams(insurrection_rate=1.0)
    armed = armed_people(state, params)
    out = decide(state, armed, params, 0.0, 4.8, np.random.default_rng(0))
    assert out.polity.outcome == COUNCIL_POWER and out.polity.outcome_day == 10
    assert (out.people.condition == DEAD).sum() == 0


def test_elections_count_every_voter_once():
    party = np.array([0, 1, 1, 3, 3, 3, 2], np.int8)
    voting = np.array([True, True, False, True, True, True, False])
    votes = count_votes(party, voting, 4)
    assert votes.tolist() == [1, 1, 0, 3]
    assert votes.sum() == voting.sum()


def test_allegiance_changes_only_beyond_the_hysteresis_gap():
    current = np.array([GOV, GOV, NEUTRAL, COUNCILS, COUNCILS], np.int8)
    lg = np.array([0.5, 0.3, 0.5, 0.6, 0.5], np.float32)
    ls = np.array([0.55, 0.5, 0.45, 0.55, 0.2], np.float32)
    assert allegiance_rule(current, lg, ls, 0.1).tolist() == [GOV, COUNCILS, NEUTRAL, COUNCILS, GOV]


def test_arrest_probability_is_epsteins_at_one_enforcer_per_active():
    p = arrest_probability(np.array([1.0, 0.0, 5.0]), np.array([1.0, 10.0, 0.0]), 2.3)
    assert p[0] == pytest.approx(1 - math.exp(-2.3))
    assert p[1] == 0.0
    assert p[2] == pytest.approx(1 - math.exp(-11.5))


def test_frustration_hardens_only_demands_the_government_leaves_unmet():
    params = DualPowerParams(frustration=0.1, hardship_push=0.0)
    d = np.array([0.5, 0.1], np.float32)
    out = frustration(d, np.ones(2, np.float32), 0.2, params)
    assert out.tolist() == pytest.approx([0.1 * 0.3 * 0.5, 0.0])


def test_a_party_wholly_in_the_cabinet_is_seen_as_the_government(inputs):
    state = tiny_state(inputs, [0], [1], [NEUTRAL])
    weights = np.array([0.0, 1.0, 0.0, 0.0])
    pol = dc.replace(state.polity, cabinet=weights)
    pol = dc.replace(pol, g=policy_of(pol, 0, DualPowerParams(), state.world))
    plat = perceived_platforms(dc.replace(state, polity=pol))
    assert plat[1].tolist() == pytest.approx([pol.g.peace, pol.g.land, pol.g.power])
    assert plat[3].tolist() == pytest.approx(pol.platforms[3].tolist())


def test_jail_terms_run_down_and_release_people_quiet():
    condition = np.array([JAILED, JAILED, QUIET], np.int8)
    jail = np.array([1, 3, 0], np.int16)
    cond, left = serve_time(condition, jail)
    assert cond.tolist() == [QUIET, JAILED, QUIET]
    assert left.tolist() == [0, 2, 0]


def test_plant_sizes_have_a_heavy_tail_as_in_the_sources(inputs):
    sizes = plant_sizes(inputs.plants, 392_000)
    big = np.sort(sizes)[::-1][:38]
    assert sizes.sum() == 392_000 and len(sizes) == 958
    assert big.min() >= 2000 and big.sum() / sizes.sum() >= 2 / 3 - 0.01
    assert sizes[sizes < 2000].max() < 1000
