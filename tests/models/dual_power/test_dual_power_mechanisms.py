"""Each mechanism in isolation, on tiny hand-made populations with exact expected values."""

from __future__ import annotations

import dataclasses as dc
import math

import numpy as np
import pytest

from dualpower.models.dual_power import DualPowerParams
from dualpower.models.dual_power.activity import arrest_probability, step_activity
from dualpower.models.dual_power.allegiance import danger
from dualpower.models.dual_power.confrontation import COUNCIL_POWER, RESTORATION, contest, decide, defer
from dualpower.models.dual_power.councils import (
    elect, plurality, proportional, recalls, reseat, row_sum, seat_shares, weighted_median,
)
from dualpower.models.dual_power.elections import count_votes
from dualpower.models.dual_power.tallies import (
    STRETCH, Citizens, Counting, Electorate, Grouping, UnitTable, armed_roll, living_mean, living_sums, ranked,
    rifle_pool, serve_jail, tally, unit_census, unit_totals,
)
from dualpower.models.dual_power.force import armed_people, unit_obeys_government
from dualpower.models.dual_power.government import calls, policy_of
from dualpower.models.dual_power.command import DICTATORSHIP, attempt, coup_motive, prepared
from dualpower.models.dual_power.kernels import (
    DemandRule,
    Demands,
    Exposure,
    Pull,
    Affiliation,
    Slices,
    apply_allegiance,
    by_party,
    daily_hardship,
    fma,
    update_demands,
)
from dualpower.models.dual_power.leadership import armed_demonstration, claimers, initial_platforms, step_lines
from dualpower.models.dual_power.legitimacy import officer_authority, relax
from dualpower.models.dual_power.military import (
    arm, first_of_each, militia_room, open_stock, place_offsets, rises, standing_among_electors,
)
from dualpower.models.dual_power.inputs import WING, on_offer
from dualpower.models.dual_power.parties import OFF, offered, perceived_platforms, step_parties
from dualpower.models.dual_power.opinion import step_opinion
from dualpower.models.dual_power.observation import observe
from dualpower.models.dual_power.population import make_world, plant_sizes
from dualpower.models.dual_power.questions import on_open, open_questions
from dualpower.models.dual_power.state import (
    ACTIVE,
    COUNCILS,
    DEAD,
    GOV,
    JAILED,
    NEUTRAL,
    QUIET,
    People,
    Polity,
    State,
    Units,
    evolve,
)
from dualpower.models.dual_power.world import Election
from dualpower.scenarios import load

IN_COUNCILS = np.array([False, True, True, True])  # Kadet, SR, Menshevik, Bolshevik
SR, BOL = 1, 3


def seating(parties, n_parties=4, seats=1):
    """Seats by constituency and party: ``seats`` for each constituency's party (-1: vacant)."""
    out = np.zeros((len(parties), n_parties), np.int64)
    for c, p in enumerate(parties):
        if p >= 0:
            out[c, p] = seats
    return out


@pytest.fixture(scope="module")
def inputs():
    return load("petrograd-1917").model.inputs


def tiny_state(inputs, classes: list[int], sizes: list[int], allegiance: list[int], committee_day: int = -1) -> State:
    """A state of a few hand-made units (one district), everybody free, quiet and armed as their class."""
    n = sum(sizes)
    start = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    units = Units(
        np.array(classes, np.int8),
        np.zeros(len(sizes), np.int16),
        start,
        np.array(sizes, np.int64),
        np.arange(len(sizes), dtype=np.int32),
        np.zeros(len(sizes), bool),
    )
    world = make_world(inputs, units, np.ones(len(sizes), np.int64), np.array([float(n)] + [0.0] * 13), 1.0,
                       units.size)
    cls = np.repeat(units.cls, units.size)
    half = np.full(n, 0.5, np.float32)
    people = People(
        cls=cls,
        unit=np.repeat(np.arange(len(sizes), dtype=np.int32), units.size),
        h0=half,
        risk=half,
        hardship=half,
        peace=half,
        land=half,
        power=half,
        party=np.zeros(n, np.int8),
        member=np.zeros(n, bool),
        restless=np.zeros(n, bool),
        lg=half,
        ls=half,
        allegiance=np.array(allegiance, np.int8),
        condition=np.zeros(n, np.int8),
        jail=np.zeros(n, np.int16),
        armed=inputs.classes.armed[cls],
        outrage=np.zeros(n, np.float32),
    )
    cabinet = inputs.cabinets[0][2]
    pol = Polity(
        cabinet=cabinet,
        cabinet_name="test",
        g=None,
        s=None,
        delegates=np.zeros((len(sizes), len(inputs.parties.names)), np.int64),
        repressed_until=np.full(len(inputs.parties.names), -1, np.int64),
        committee_day=committee_day,
        platforms=offered(initial_platforms(inputs), on_offer(inputs.foundings, len(inputs.parties.names), 0)),
        foundings=inputs.foundings,
        split_pressure=np.zeros(len(inputs.parties.names)),
        pressure=np.zeros(len(sizes)),
        habit=np.full(len(sizes), np.nan),
        active_d=np.zeros(1),
        enforcers_d=np.zeros(1),
        calls=np.zeros(len(inputs.parties.names) + 1, bool),
    )
    pol = dc.replace(pol, g=policy_of(pol, 0, DualPowerParams(), world))
    return State(
        day=10, world=world, people=people, polity=dc.replace(pol, s=pol.g), closed_until=np.zeros(len(sizes), np.int32)
    )


def test_recall_replaces_delegate_when_majority_switches_party():
    votes = np.array([[0, 10, 2, 30], [0, 20, 2, 18]])
    one = np.ones(2, np.int64)
    assert recalls(seating([SR, SR]), votes, IN_COUNCILS, one, 0.15, False).tolist() == [True, False]
    assert (plurality(votes, IN_COUNCILS, one) == seating([BOL, SR])).all()


def test_plurality_ignores_parties_outside_the_councils_and_leaves_empty_seats_vacant():
    votes = np.array([[50, 1, 0, 0], [0, 0, 0, 0]])
    assert (plurality(votes, IN_COUNCILS, np.array([3, 2])) == seating([SR, -1], seats=3)).all()


def test_seats_in_proportion_go_by_largest_remainder_and_one_seat_to_the_leader():
    votes = np.array([[90, 50, 30, 20], [0, 10, 2, 30], [5, 0, 0, 0], [0, 20, 20, 0]])
    seats = np.array([10, 1, 4, 3])
    out = proportional(votes, IN_COUNCILS, seats)
    assert out.tolist() == [[0, 5, 3, 2], [0, 0, 0, 1], [0, 0, 0, 0], [0, 2, 1, 0]]
    assert (out[:2].sum(axis=1) == seats[:2]).all()
    assert (proportional(votes[1:2], IN_COUNCILS, seats[1:2]) == plurality(votes[1:2], IN_COUNCILS, seats[1:2])).all()


def test_a_proportional_delegation_is_recalled_when_a_party_is_short_of_its_share():
    votes = np.array([[0, 50, 0, 50], [0, 50, 0, 50]])
    seats = np.array([10, 10])
    delegates = np.array([[0, 5, 0, 5], [0, 9, 0, 1]])
    assert recalls(delegates, votes, IN_COUNCILS, seats, 0.3, True).tolist() == [False, True]
    assert recalls(np.zeros((2, 4), np.int64), votes, IN_COUNCILS, seats, 0.3, True).tolist() == [False, False]


def test_a_plant_elects_its_delegates_in_proportion_only_when_asked(inputs):
    worker = inputs.classes.names.index("worker")
    state = tiny_state(inputs, [worker], [10], [NEUTRAL])
    state = dc.replace(state, world=dc.replace(state.world, seats=np.array([4], np.int64)),
                       people=dc.replace(state.people, party=np.array([SR] * 6 + [BOL] * 4, np.int8)))
    rng = np.random.default_rng(0)
    by_plurality = elect(state.polity, state, DualPowerParams(), rng)
    in_proportion = elect(state.polity, state, DualPowerParams(proportional_seats=True), rng)
    assert by_plurality[0, [SR, BOL]].tolist() == [4, 0]
    assert in_proportion[0, [SR, BOL]].tolist() == [2, 2] and in_proportion.sum() == 4


def test_a_compiled_row_sum_adds_in_numpys_order():
    rng = np.random.default_rng(5)
    for n in list(range(0, 40)) + [127, 128, 129, 300, 1001]:
        rows = rng.random((50, n)) * rng.choice([1e-3, 1.0, 1e3, 1e7], size=(50, n))
        assert [row_sum(r) for r in rows] == rows.sum(axis=1).tolist()


def test_reseating_matches_a_numpy_reference_vote_for_vote():
    rng = np.random.default_rng(8)
    m, n_p = 400, 9
    votes = rng.random((m, n_p)) * rng.integers(0, 3, (m, n_p))
    in_councils = rng.random(n_p) < 0.7
    seats = rng.integers(1, 6, m)
    held = plurality(rng.random((m, n_p)), np.ones(n_p, bool), seats) * (rng.random(m) < 0.9)[:, None]
    redraw, off_menu = rng.random(m) < 0.1, rng.random(n_p) < 0.2
    counted = votes * in_councils
    own = counted[np.arange(m), np.argmax(held, axis=1)]
    recalled = (held.sum(axis=1) > 0) & ((counted.max(axis=1) - own) / np.maximum(counted.sum(axis=1), 1) > 0.05)
    due = recalled | redraw | (held.sum(axis=1) == 0) | (held[:, off_menu] > 0).any(axis=1)
    leader = np.zeros_like(held)
    leader[np.arange(m), np.argmax(counted, axis=1)] = seats
    leader[counted.sum(axis=1) == 0] = 0
    want = np.where(due[:, None], leader, held)
    assert 0 < due.sum() < m and 0 < recalled.sum()
    assert reseat(votes, in_councils, seats, held, redraw, off_menu, 0.05, False).tolist() == want.tolist()


def test_seat_shares_count_filled_seats_only():
    shares = seat_shares(seating([SR, BOL, -1]) * np.array([[3], [1], [5]]))
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
    with_committee = armed_people(
        dc.replace(state, polity=dc.replace(state.polity, committee_day=1)), DualPowerParams()
    )
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


def test_ministers_do_not_disband_the_councils_their_own_parties_sit_in(inputs):
    officer = inputs.classes.names.index("officer")
    state = tiny_state(inputs, [officer], [4], [GOV] * 4)
    state = evolve(state, people=evolve(state.people, lg=np.ones(4, np.float32)))
    params = DualPowerParams(crackdown_rate=1.0)
    armed = armed_people(state, params)
    names = list(inputs.parties.names)

    def cabinet_of(*parties):
        weights = np.zeros(len(names))
        weights[[names.index(p) for p in parties]] = 1.0 / len(parties)
        return evolve(state, polity=evolve(state.polity, cabinet=weights))

    outside = decide(cabinet_of("Kadet"), armed, params, 4.0, 0.0, np.random.default_rng(0))
    assert outside.polity.outcome == RESTORATION and outside.events[-1][0] == "crackdown"
    for own in (cabinet_of("SR"), cabinet_of("SR", "Menshevik")):
        for seed in range(10):
            assert not decide(own, armed, params, 4.0, 0.0, np.random.default_rng(seed)).polity.outcome
    half = [decide(cabinet_of("Kadet", "SR"), armed, params, 4.0, 0.0, np.random.default_rng(s)).polity.outcome
            for s in range(400)]
    assert 0.4 < half.count(RESTORATION) / len(half) < 0.6


def test_councils_that_refuse_power_hand_it_to_an_assembly_once_it_sits(inputs):
    sailor = inputs.classes.names.index("sailor")
    state = tiny_state(inputs, [sailor], [4], [COUNCILS] * 4)

    def sitting_from(meets: int, claims: bool = False):
        assembly = Election("assembly", 2, {}, (), meets)
        world = evolve(state.world, inputs=dc.replace(state.world.inputs, elections=(assembly,)))
        return evolve(state, world=world, polity=evolve(state.polity, claims=claims))

    assert not defer(state).polity.outcome  # no assembly
    assert not defer(sitting_from(11)).polity.outcome  # elected, not yet met (today is day 10)
    assert not defer(sitting_from(10, claims=True)).polity.outcome  # a majority that claims power keeps it
    out = defer(sitting_from(10))
    assert (out.polity.outcome, out.polity.outcome_day, out.events[-1][0]) == (RESTORATION, 10, "handover")
    assert (out.people.condition == DEAD).sum() == 0
    assert defer(sitting_from(3)).polity.outcome == RESTORATION
    entered = evolve(sitting_from(10), polity=evolve(sitting_from(10).polity, outcome=DICTATORSHIP, outcome_day=10))
    assert defer(entered) is entered  # a coup that entered the city today is not undone


def test_elections_count_every_voter_once():
    party = np.array([0, 1, 1, 3, 3, 3, 2], np.int8)
    voting = np.array([True, True, False, True, True, True, False])
    votes = count_votes(party, voting, 4)
    assert votes.tolist() == [1, 1, 0, 3]
    assert votes.sum() == voting.sum()


def declare(current, lg, ls, risk=None, threat=(0.0, 0.0), theta=0.1, belief=0.0) -> list[int]:
    """Declared allegiance of one unit's people under a uniform ``threat`` (government, councils)."""
    n = len(current)
    risk = np.zeros(n) if risk is None else risk
    arrays = [np.asarray(a, np.float32) for a in (lg, ls, risk)]
    return apply_allegiance(Slices(np.array([0]), np.array([n])), np.array(current, np.int8), *arrays,
                            np.array(threat, np.float64)[:, None], np.float32(theta), np.float32(belief)).tolist()


def test_allegiance_changes_only_beyond_the_hysteresis_gap():
    lg, ls = [0.5, 0.3, 0.5, 0.6, 0.5], [0.55, 0.5, 0.45, 0.55, 0.2]
    assert declare([GOV, GOV, NEUTRAL, COUNCILS, COUNCILS], lg, ls) == [GOV, COUNCILS, NEUTRAL, COUNCILS, GOV]


def test_the_risk_of_declaring_makes_the_fearful_stand_aside_and_the_bold_stay():
    # lead 0.3 for the councils; net risk 0.9 * 0.5 = 0.45 and 0.1 * 0.5 = 0.05; a neutral whose lead less
    # its risk (0.3 - 0.25) is inside the hysteresis band stays neutral
    out = declare([COUNCILS, COUNCILS, NEUTRAL], [0.4] * 3, [0.7] * 3, risk=[0.9, 0.1, 0.5], threat=(0.0, 0.5))
    assert out == [NEUTRAL, COUNCILS, NEUTRAL]
    # the same threat against the government's side leaves council loyalists alone
    assert declare([COUNCILS], [0.4], [0.7], risk=[0.9], threat=(0.5, 0.0)) == [COUNCILS]


def test_nobody_obeys_an_authority_they_grant_less_than_belief():
    out = declare([COUNCILS, GOV, NEUTRAL], [0.1, 0.45, 0.1], [0.4, 0.05, 0.6], belief=0.5)
    assert out == [NEUTRAL, NEUTRAL, COUNCILS]


def test_danger_is_the_arrest_probability_the_other_sides_armed_pose_with_reinforcements_at_their_posts(inputs):
    soldier = inputs.classes.names.index("soldier")
    state = tiny_state(inputs, [soldier], [4], [COUNCILS] * 4)
    world = dc.replace(state.world, scale=0.5)
    pol = dc.replace(state.polity, enforcers_d=np.array([2.0]), council_armed_d=np.array([8.0]), reinforcements=4.0)
    threat = danger(dc.replace(state, world=world, polity=pol), DualPowerParams(deterrence=1.0))
    k = DualPowerParams().arrest_k
    assert threat[:, 0] == pytest.approx([1 - math.exp(-k * 8 / 4), 1 - math.exp(-k * 4 / 8)])


def test_arrest_probability_is_epsteins_at_one_enforcer_per_active():
    p = arrest_probability(np.array([1.0, 0.0, 5.0]), np.array([1.0, 10.0, 0.0]), 2.3)
    assert p[0] == pytest.approx(1 - math.exp(-2.3))
    assert p[1] == 0.0
    assert p[2] == pytest.approx(1 - math.exp(-11.5))


def test_frustration_hardens_only_demands_the_government_leaves_unmet():
    one, zeros = np.ones(2, np.float32), np.zeros(2, np.float32)
    peace, land, power = update_demands(
        Slices(np.array([0]), np.array([2])), Pull(np.ones(1), np.zeros((3, 1))),
        Demands(np.array([0.5, 0.1], np.float32), zeros, zeros),
        Exposure(one, zeros, zeros, np.zeros(2, np.int8), np.zeros(2, bool)),
        DemandRule(np.array([0.2, 1.0, 1.0]), 0.1, 0.0, 0.0, 0.0, np.zeros((1, 3)), np.ones(3), 0.5, 0.0))
    assert peace.tolist() == pytest.approx([0.5 + 0.1 * 0.3 * 0.5, 0.1])
    assert land.tolist() == [0.0, 0.0] and power.tolist() == [0.0, 0.0]


def test_unit_pull_terms_are_the_numpy_expression_bit_for_bit():
    from dualpower.models.dual_power.kernels import unit_pull_terms

    rng = np.random.default_rng(5)
    means, district, weights = rng.random((40, 3)), rng.random((4, 3)), 0.05 * rng.random((40, 6))
    unit_district, lined, shock = rng.integers(0, 4, 40), rng.random((40, 3)), rng.standard_normal((3, 40))
    weights[0] = 0.3  # a unit whose pull and agitation leave nothing to keep
    keep, offsets = unit_pull_terms(means, district, unit_district, weights, lined, shock, (0.03, 0.002), 0.01)
    assert np.array_equal(keep, np.maximum(1.0 - 0.03 - 0.002 - weights.sum(axis=1), 0.0)) and keep[0] == 0.0
    expected = 0.03 * means.T + 0.002 * district[unit_district].T + lined.T + 0.01 * shock
    assert np.array_equal(offsets, expected)


def test_each_person_takes_their_own_units_pull_and_party_line_across_chunks_of_many_units():
    from dualpower.models.dual_power.kernels import CHUNK

    rng = np.random.default_rng(21)
    size = np.array([1, 0, 3, 700, 2, 0, 5, 1, CHUNK + 7, 4])
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    n, n_units = size.sum(), len(size)
    unit = np.repeat(np.arange(n_units), size)
    keep, offsets = rng.random(n_units) * 0.5, rng.random((3, n_units)) * 0.2
    x = rng.random(n).astype(np.float32)
    party, member = rng.integers(0, 3, n).astype(np.int8), rng.random(n) < 0.5
    lines = rng.random((3, 3))
    zeros = np.zeros(n, np.float32)
    peace, _, _ = update_demands(
        Slices(start, size), Pull(keep, offsets), Demands(x, zeros, zeros),
        Exposure(zeros, zeros, zeros, party, member),
        DemandRule(np.ones(3), 0.0, 0.0, 0.0, 0.0, lines, np.ones(3), 0.3, 0.1))
    w = np.where(member, 0.3, 0.1)
    want = keep[unit] * x + offsets[0, unit] + w * (lines[party, 0] - x)
    assert peace.tolist() == pytest.approx(np.clip(want, 0.0, 1.0).astype(np.float32).tolist(), abs=1e-6)


def test_legitimacy_takes_each_units_class_bias_hit_and_party_sanction_across_chunks_of_many_units():
    from dualpower.models.dual_power.kernels import CHUNK, LegitimacyRule, Standing, relax_legitimacy

    rng = np.random.default_rng(22)
    size = np.array([2, 0, 1, 600, 3, 0, 6, CHUNK + 3, 1])
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    n, n_units, n_classes, n_parties = size.sum(), len(size), 3, 4
    unit = np.repeat(np.arange(n_units), size)
    cls = np.repeat(rng.integers(0, n_classes, n_units).astype(np.int8), size)
    party = rng.integers(0, n_parties, n).astype(np.int8)
    demands = Demands(*(rng.random(n).astype(np.float32) for _ in range(3)))
    lg, ls = rng.random(n).astype(np.float32), rng.random(n).astype(np.float32)
    loyal = rng.random(n) < 0.3
    allegiance = np.where(loyal, GOV, COUNCILS).astype(np.int8)
    hit = rng.random(n_units) * 0.1
    policies, biases = rng.random((2, 3)), rng.random((2, n_classes)) * 0.2 - 0.1
    sanction = rng.random((2, n_classes, n_parties)) * 0.2
    standing = Standing(cls, party, lg, ls, allegiance)
    new_g, new_s, outrage = relax_legitimacy(Slices(start, size), hit, demands, standing,
                                             LegitimacyRule(policies, biases, sanction, 1.0))
    d = np.stack(demands, axis=1).astype(np.float64)
    target = [1 - np.linalg.norm(d - policies[k], axis=1) / np.sqrt(3) + biases[k, cls] + sanction[k, cls, party]
              for k in range(2)]
    cut = np.where(loyal, 0.0, hit[unit])
    assert new_g.tolist() == pytest.approx(np.clip(target[0] - cut, 0, 1).tolist(), abs=1e-5)
    assert new_s.tolist() == pytest.approx(np.clip(target[1], 0, 1).tolist(), abs=1e-5)
    assert outrage.tolist() == pytest.approx(np.maximum(lg - target[0], 0).tolist(), abs=1e-5)


def test_a_coup_march_rallies_to_council_power_those_who_hold_the_councils_more_legitimate(inputs):
    state = tiny_state(inputs, [0], [3], [NEUTRAL, NEUTRAL, GOV])
    people = dc.replace(state.people, lg=np.array([0.7, 0.3, 0.4], np.float32),
                        ls=np.array([0.3, 0.7, 0.6], np.float32), power=np.full(3, 0.2, np.float32))
    state = dc.replace(state, people=people, polity=dc.replace(state.polity, coup_will=1.0))
    params = DualPowerParams(mu_unit=0.0, mu_district=0.0, agitation=0.0, shock_sd=0.0, frustration=0.0,
                             hardship_push=0.0, rally=0.5, cue=0.0)
    power = step_opinion(state, params, np.random.default_rng(0)).people.power
    assert power.tolist() == pytest.approx([0.2, 0.6, 0.6])


def test_partisans_follow_their_partys_line_members_more_the_hungry_less_and_never_a_line_off_offer(inputs):
    state = tiny_state(inputs, [0], [4], [NEUTRAL] * 4)
    people = dc.replace(state.people, party=np.array([BOL, BOL, SR, SR], np.int8),
                        member=np.array([True, False, True, False]),
                        hardship=np.array([0.5, 0.8, 0.5, 0.5], np.float32))
    lines = state.polity.platforms.copy()
    lines[SR] = OFF
    state = dc.replace(state, people=people, polity=dc.replace(state.polity, platforms=lines))
    params = DualPowerParams(mu_unit=0.0, mu_district=0.0, agitation=0.0, shock_sd=0.0, frustration=0.0,
                             hardship_push=0.0, rally=0.0, discipline=0.2, cue=0.05)
    out = step_opinion(state, params, np.random.default_rng(0)).people
    for k, got in enumerate((out.peace, out.land, out.power)):
        line = lines[BOL, k]
        member, supporter = 0.5 + 0.2 * 0.5 * (line - 0.5), 0.5 + 0.05 * 0.2 * (line - 0.5)
        assert got.tolist() == pytest.approx([member, supporter, 0.5, 0.5])


def test_a_party_wholly_in_the_cabinet_is_seen_as_the_government(inputs):
    state = tiny_state(inputs, [0], [1], [NEUTRAL])
    weights = np.eye(len(inputs.parties.names))[SR]
    pol = dc.replace(state.polity, cabinet=weights)
    pol = dc.replace(pol, g=policy_of(pol, 0, DualPowerParams(), state.world))
    plat = perceived_platforms(dc.replace(state, polity=pol))
    assert plat[1].tolist() == pytest.approx([pol.g.peace, pol.g.land, pol.g.power])
    assert plat[3].tolist() == pytest.approx(pol.platforms[3].tolist())


def test_jail_terms_run_down_and_release_people_quiet():
    condition = np.array([JAILED, JAILED, QUIET], np.int8)
    jail = np.array([1, 3, 0], np.int16)
    cond, left, actives = serve_jail(condition, jail)
    assert cond.tolist() == [QUIET, JAILED, QUIET]
    assert left.tolist() == [0, 2, 0]
    assert actives.size == 0


def test_a_day_in_jail_matches_a_person_by_person_reference():
    rng = np.random.default_rng(12)
    n = 1003
    condition = rng.integers(0, 4, n).astype(np.int8)
    jail = np.where(condition == JAILED, rng.integers(1, 4, n), 0).astype(np.int16)
    cond, left, actives = serve_jail(condition, jail)
    inside = condition == JAILED
    want_left = np.where(inside, jail - 1, jail)
    want = np.where(inside & (want_left <= 0), QUIET, condition)
    assert left.tolist() == want_left.tolist() and cond.tolist() == want.tolist()
    assert actives.tolist() == np.flatnonzero(want == ACTIVE).tolist()
    assert condition.tolist() != cond.tolist()  # some terms ended, and the input was left alone


@pytest.mark.parametrize("n", [0, 5, 8, 9, 64, 1001])
def test_ranks_among_the_true_entries_give_their_indices(n):
    rng = np.random.default_rng(n)
    for density in (0.0, 0.05, 0.5, 1.0):
        flags = rng.random(n) < density
        every = np.flatnonzero(flags)
        assert ranked(flags, np.arange(len(every))).tolist() == every.tolist()
        some = np.sort(rng.choice(len(every), size=min(3, len(every)), replace=False))
        assert ranked(flags, some).tolist() == every[some].tolist()


def test_unit_totals_and_daily_hardship_match_a_reference():
    rng = np.random.default_rng(13)
    size = np.array([3, 0, 700, 41])
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    n, n_parties = size.sum(), 4
    unit = np.repeat(np.arange(4), size)
    demands = Demands(*(rng.random(n).astype(np.float32) for _ in range(3)))
    ties = Affiliation(rng.integers(0, n_parties, n).astype(np.int8), rng.random(n) < 0.4,
                       rng.integers(0, 4, n).astype(np.int8))
    restless = rng.random(n) < 0.3
    got = unit_totals(Slices(start, size), demands, ties, restless, n_parties)
    free = ties.member & ~restless & (ties.condition <= ACTIVE)
    for u in range(4):
        at = unit == u
        for k, d in enumerate(demands):
            x = d[at].astype(np.float64)
            assert got[u, k] == pytest.approx(x.sum(), rel=1e-12) and got[u, 3 + k] == pytest.approx((x * x).sum())
        assert got[u, 6:].tolist() == np.bincount(ties.party[at & free], minlength=n_parties).tolist()
    cls = np.repeat(np.array([0, 1, 1, 2], np.int8), size)
    h0, burden, extra = rng.random(n).astype(np.float32) * 1.2 - 0.1, np.array([0.1, -0.3, 0.4], np.float32), \
        np.array([0.0, 0.2, 0.0, 0.25])
    want = np.clip(h0 + burden[cls] + extra[unit], 0.0, 1.0).astype(np.float32)
    assert daily_hardship(Slices(start, size), extra, h0, cls, burden).tolist() == want.tolist()


def test_sums_over_the_living_skip_the_dead_and_do_not_depend_on_the_threads():
    import numba

    rng = np.random.default_rng(3)
    n = 2 * STRETCH + 123  # a stretch left over
    first, second = rng.random(n, dtype=np.float32), rng.random(n, dtype=np.float32)
    condition = rng.choice(np.array([QUIET, ACTIVE, JAILED, DEAD], np.int8), n)
    living = condition != DEAD
    threads = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        alone = living_sums(first, second, condition)
        numba.set_num_threads(min(2, numba.config.NUMBA_NUM_THREADS))
        shared = living_sums(first, second, condition)
    finally:
        numba.set_num_threads(threads)
    assert alone == shared
    assert alone[2] == living.sum()
    assert math.isclose(alone[0], first[living].sum(dtype=np.float64), rel_tol=1e-12)
    assert math.isclose(alone[1], second[living].sum(dtype=np.float64), rel_tol=1e-12)
    assert math.isclose(living_mean(first, condition), first[living].mean(dtype=np.float64), rel_tol=1e-12)
    assert math.isnan(living_mean(first, np.full(n, DEAD, np.int8)))


def test_a_tally_counts_the_counted_classes_by_group_and_party_and_nothing_else():
    """Units are slices of one class each: a unit of an uncounted class or of no group (-1) is skipped whole;
    in the others people up to ``max_condition`` (and members only, when asked) are counted by party."""
    units = Grouping(start=np.array([0, 3, 5, 9]), size=np.array([3, 2, 4, 2]), cls=np.array([0, 1, 0, 0], np.int8),
                     group=np.array([1, 0, 0, -1], np.int32))
    party = np.array([0, 1, 1, 0, 0, 2, 2, 0, 1, 1, 1], np.int8)
    member = np.array([1, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1], bool)
    condition = np.array([QUIET, ACTIVE, JAILED, QUIET, QUIET, QUIET, DEAD, ACTIVE, QUIET, QUIET, QUIET], np.int8)
    who = Electorate(party, member, condition)
    everyone = tally(units, who, Counting(np.array([True, False]), False, ACTIVE, 3, 2))
    assert everyone.tolist() == [[1, 1, 1], [1, 1, 0]]  # unit 1 (class 1) and unit 3 (group -1) skipped
    members = tally(units, who, Counting(np.array([True, True]), True, JAILED, 3, 2))
    assert members.tolist() == [[2, 1, 1], [1, 1, 0]]


def test_a_units_census_counts_what_a_count_person_by_person_counts():
    rng = np.random.default_rng(5)
    n, n_parties = 3000, 4
    size = np.array([0, 700, 1300, 1000])
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    plant = np.array([True, True, False, False])
    people = Citizens(rng.integers(0, 3, n).astype(np.int8), rng.integers(0, 4, n).astype(np.int8),
                      rng.integers(0, n_parties, n).astype(np.int8), rng.random(n) < 0.3, rng.random(n) < 0.2,
                      np.zeros(n, np.float32), np.zeros(n, np.float32))
    units = UnitTable(start, size, np.zeros(4, np.int8), np.zeros(4, np.int16), plant)
    got = unit_census(people, units, n_parties)
    for u in range(4):
        at = slice(start[u], start[u] + size[u])
        a, c, q, m, armed = (x[at] for x in people[:5])
        alive, active = c != DEAD, c == ACTIVE
        want = ([np.sum(alive & (a == k)) for k in range(3)] + [np.sum(c == k) for k in range(4)]
                + [np.sum(active & armed), np.sum(active & ~armed) * plant[u], np.sum(active & ~armed) * ~plant[u]]
                + [np.sum(alive & armed)] + [np.sum(alive & (q == p)) for p in range(n_parties)]
                + [np.sum(alive & m & (q == p)) for p in range(n_parties)])
        assert got[u].tolist() == want


def test_the_armed_roll_and_the_rifle_pool_take_only_the_scanned_units_in_order_with_their_counts():
    rng = np.random.default_rng(8)
    size = np.array([5, 0, 40, 30, 25])
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    n = size.sum()
    armed, condition = rng.random(n) < 0.5, rng.integers(0, 4, n).astype(np.int8)
    allegiance = rng.integers(0, 3, n).astype(np.int8)
    scan = np.array([True, True, False, True, True])
    units = Slices(start, size)
    unit = np.repeat(np.arange(5), size)
    idx, loyal, present, loyal_active = armed_roll(units, scan, armed, condition, allegiance)
    want = np.flatnonzero(scan[unit] & armed & (condition <= ACTIVE))
    assert idx.tolist() == want.tolist()
    assert present.tolist() == np.bincount(unit[want], minlength=5).tolist()
    assert loyal.tolist() == np.bincount(unit[want], allegiance[want] == COUNCILS, minlength=5).tolist()
    out = (allegiance[want] == COUNCILS) & (condition[want] == ACTIVE)
    assert loyal_active.tolist() == np.bincount(unit[want], out, minlength=5).tolist()
    pool = np.flatnonzero(scan[unit] & ~armed & (condition <= ACTIVE) & (allegiance == COUNCILS))
    assert rifle_pool(units, scan, armed, condition, allegiance).tolist() == pool.tolist()


def test_a_fused_multiply_add_rounds_once():
    import numba

    fused = numba.njit(lambda a, b, c: fma(a, b, c))
    assert fused(0.1, 10.0, -1.0) == 2.0 ** -54  # 0.1 is 3602879701896397 / 2**55; unfused, 10 x 0.1 rounds to 1
    assert fused(np.float32(0.1), np.float32(10.0), np.float32(-1.0)) == np.float32(2.0 ** -26)


def test_a_party_table_is_spread_over_the_first_people_of_a_buffer():
    import numba

    spread = numba.njit(lambda table, party, out: by_party(table, party, out))
    table = np.array([0.5, 1.5, 2.5])
    for k in (4, 100):  # a lookup each, and a pass a party
        party = np.arange(k, dtype=np.int8)[::-1] % 3
        out = np.full(k + 2, -1.0)
        spread(table, party, out)
        assert out.tolist() == table[party].tolist() + [-1.0, -1.0]


def test_plant_sizes_have_a_heavy_tail_as_in_the_sources(inputs):
    sizes = plant_sizes(inputs.plants, 392_000)
    big = np.sort(sizes)[::-1][:38]
    assert sizes.sum() == 392_000 and len(sizes) == 958
    assert big.min() >= 2000 and big.sum() / sizes.sum() >= 2 / 3 - 0.01
    assert sizes[sizes < 2000].max() < 1000


def test_no_parameter_or_input_is_a_clock_or_a_dated_confrontation(inputs):
    names = set(DualPowerParams.model_fields)
    assert not [n for n in names if n.endswith("_cooldown")]
    assert not names & {"prepare_days", "coup_march", "coup_rifles", "rifles", "alarm_threshold"}
    assert not hasattr(inputs, "coup")
    splits = [f for f in inputs.foundings if f.parent >= 0 and not f.replaces]
    assert splits and all(f.day == WING for f in splits)                # the Left SRs: a wing, no date


def test_the_right_has_no_motive_below_the_radical_threshold_and_prepares_only_as_far_as_it_has_one():
    params = DualPowerParams(coup_radical=0.3, conspiracy_speed=0.2)
    assert coup_motive(0.3, 1.0, params) == 0.0
    assert coup_motive(1.0, 1.0, params) == pytest.approx(1.0)
    assert coup_motive(0.65, 0.5, params) == pytest.approx(0.5 * 0.5)
    assert prepared(0.5, 0.0, params) == 0.5
    assert prepared(0.5, 0.5, params) == pytest.approx(0.6)
    assert prepared(0.95, 1.0, params) == 1.0


def test_the_command_marches_only_once_prepared(inputs):
    state = tiny_state(inputs, [0], [1], [NEUTRAL])
    seated = dc.replace(state.polity, delegates=seating([BOL], len(inputs.parties.names)),
                        platforms=inputs_lines(inputs))
    state = dc.replace(state, polity=seated)
    params = DualPowerParams(coup_rate=1.0, coup_radical=0.0, conspiracy_speed=0.5)
    first = attempt(state, params, 0.0, 1.0, np.random.default_rng(0))
    assert first.polity.coup_day == -1 and first.polity.preparation == pytest.approx(0.5)
    second = attempt(first, params, 0.0, 1.0, np.random.default_rng(0))
    assert second.polity.coup_day == state.day and second.polity.preparation == 1.0


def test_a_coup_attempt_discredits_only_the_cabinet_parties_outside_the_councils(inputs):
    state = tiny_state(inputs, [0], [1], [NEUTRAL])
    seated = dc.replace(state.polity, delegates=seating([BOL], len(inputs.parties.names)),
                        platforms=inputs_lines(inputs))
    state = dc.replace(state, polity=seated)
    params = DualPowerParams(coup_rate=1.0, coup_radical=0.0, conspiracy_speed=1.0)
    never = attempt(state, params.model_copy(update={"coup_attempts": False}), 0.0, 1.0, np.random.default_rng(0))
    assert never.polity.coup_day == -1
    out = attempt(state, params, 0.0, 1.0, np.random.default_rng(0))
    kadet_weight = float(state.polity.cabinet[0])
    assert out.polity.coup_day == state.day and out.polity.coup_will == 1.0
    assert out.polity.discredit == pytest.approx(params.complicity_discredit * kadet_weight)


def inputs_lines(inputs) -> np.ndarray:
    """The parties' lines after every dated change."""
    platforms = initial_platforms(inputs)
    for _, party, plat in inputs.lines:
        platforms[party] = plat
    return platforms


def test_a_change_of_line_takes_effect_on_its_day_and_decides_who_claims_power(inputs):
    day, party, plat = inputs.lines[0]
    state = tiny_state(inputs, [0], [1], [NEUTRAL])
    assert not claimers(state.polity.platforms)[party]
    at_once = DualPowerParams(line_adoption=1.0)
    before = step_lines(dc.replace(state, day=day - 1), at_once, np.random.default_rng(0))
    assert before.polity.platforms[party].tolist() == state.polity.platforms[party].tolist()
    after = step_lines(dc.replace(state, day=day), at_once, np.random.default_rng(0))
    assert after.polity.platforms[party].tolist() == plat.tolist() and claimers(after.polity.platforms)[party]


def test_a_party_takes_up_its_leaders_new_line_a_share_of_the_way_each_day(inputs):
    day, party, plat = inputs.lines[0]
    state = dc.replace(tiny_state(inputs, [0], [1], [NEUTRAL]), day=day)
    old = state.polity.platforms[party].copy()
    params = DualPowerParams(line_adoption=0.25)
    first = step_lines(state, params, np.random.default_rng(0))
    assert first.polity.platforms[party] == pytest.approx(old + 0.25 * (plat - old))
    assert [kind for kind, _ in first.events][-1] == "line"
    second = step_lines(dc.replace(first, day=day + 1, events=()), params, np.random.default_rng(0))
    assert second.polity.platforms[party] == pytest.approx(old + (1 - 0.75 ** 2) * (plat - old))
    assert second.events == ()
    wing = next(f.party for f in inputs.foundings if f.day == WING)      # off the menu until it splits
    unsplit = dc.replace(state, world=dc.replace(state.world, inputs=dc.replace(inputs, lines=((day, wing, plat),))))
    kept = step_lines(unsplit, params, np.random.default_rng(0)).polity.platforms[wing]
    assert kept.tolist() == state.polity.platforms[wing].tolist() and (kept < 0).all()


def test_arsenals_open_only_as_far_as_the_garrison_obeys_the_councils_under_threat():
    stocks = np.array([10.0, 100.0])
    assert open_stock(stocks, 1.0, 0.0) == 10.0
    assert open_stock(stocks, 0.5, 1.0) == 60.0
    assert open_stock(stocks, 0.0, 1.0) == 10.0


def test_arming_takes_no_more_rifles_than_the_stocks_hold(inputs):
    worker = inputs.classes.names.index("worker")
    state = tiny_state(inputs, [worker], [50], [COUNCILS] * 50)
    people = dc.replace(state.people, condition=np.ones(50, np.int8))
    state = dc.replace(state, people=people, polity=dc.replace(state.polity, stocks=np.array([7.0, 1000.0])))
    params = DualPowerParams(red_guard_rate=1.0, militia_norm=1.0)
    out = arm(state, armed_people(state, params), params, np.random.default_rng(0))
    assert out.people.armed.sum() == 7 and out.polity.stocks.tolist() == [0.0, 1000.0]


def test_a_workplace_militia_arms_its_quiet_loyal_workers_up_to_its_norm_of_the_living(inputs):
    worker = inputs.classes.names.index("worker")
    state = tiny_state(inputs, [worker, worker], [40, 30], [COUNCILS] * 70)
    condition = np.zeros(70, np.int8)
    condition[:10] = DEAD
    armed = np.zeros(70, bool)
    armed[40:42] = True
    people = dc.replace(state.people, condition=condition, armed=armed)
    state = dc.replace(state, people=people, polity=dc.replace(state.polity, stocks=np.array([1000.0, 0.0])))
    assert militia_room(state, 0.25).tolist() == [8, 5]  # 7.5 places each, the half going by the offsets
    params = DualPowerParams(red_guard_rate=1.0, militia_norm=0.25)
    out = arm(state, armed_people(state, params), params, np.random.default_rng(0))
    assert out.people.armed[:40].sum() == 8 and out.people.armed[40:].sum() == 7
    assert not out.people.armed[:10].any()
    again = arm(out, armed_people(out, params), params, np.random.default_rng(1))
    assert again.people.armed.sum() == out.people.armed.sum()


def test_small_workplaces_keep_their_share_of_militia_places_at_any_scale(inputs):
    worker = inputs.classes.names.index("worker")
    sizes = [9, 3, 14, 6, 11, 2, 7, 19, 5, 8] * 20
    state = tiny_state(inputs, [worker] * len(sizes), sizes, [COUNCILS] * sum(sizes))
    offsets = place_offsets(len(sizes))
    assert ((offsets >= 0) & (offsets < 1)).all() and abs(offsets.mean() - 0.5) < 0.01
    room = militia_room(state, 0.1)
    # 168 places in all; rounding each down would give 60
    assert abs(room.sum() - 0.1 * sum(sizes)) <= 1 and (room <= np.ceil(0.1 * np.array(sizes))).all()


def test_the_first_of_each_unit_are_kept_up_to_its_room():
    unit = np.array([0, 0, 0, 2, 2, 3])
    assert first_of_each(unit, np.array([2, 5, 0, 1])).tolist() == [True, True, False, False, False, True]


def test_officers_lend_the_government_legitimacy_among_the_garrison_only_without_order_1(inputs):
    soldier, worker = inputs.classes.names.index("soldier"), inputs.classes.names.index("worker")
    state = tiny_state(inputs, [soldier, worker], [1, 1], [NEUTRAL, NEUTRAL])
    assert officer_authority(state, DualPowerParams()) == 0.0
    authority = officer_authority(state, DualPowerParams(order_1=False))
    assert authority == DualPowerParams().officer_authority > 0
    hit = np.zeros(2)
    lg0, ls0, _ = relax(state, 1.0, hit, 0.0)
    lg1, ls1, _ = relax(state, 1.0, hit, authority)
    assert lg1[0] - lg0[0] == pytest.approx(authority, abs=1e-6)
    assert ls0[0] - ls1[0] == pytest.approx(authority, abs=1e-6)
    assert lg1[1] == lg0[1] and ls1[1] == ls0[1]


def test_loyal_cossacks_stand_aside_when_the_government_no_longer_leads_in_legitimacy(inputs):
    cossack = inputs.classes.names.index("cossack")
    state = tiny_state(inputs, [cossack], [2], [GOV, GOV])
    people = dc.replace(state.people, lg=np.array([0.8, 0.5], np.float32), ls=np.array([0.3, 0.5], np.float32))
    armed = armed_people(dc.replace(state, people=people), DualPowerParams())
    assert armed.obeys_gov.tolist() == [True, False] and armed.obeys_councils.tolist() == [False, False]


def after_the_war(state: State) -> State:
    """``state`` in a world whose war driver is zero on every day: the war is over."""
    inputs = state.world.inputs
    drivers = dc.replace(inputs.drivers, war=np.zeros_like(inputs.drivers.war))
    return dc.replace(state, world=dc.replace(state.world, inputs=dc.replace(inputs, drivers=drivers)))


def test_the_peace_question_closes_once_the_war_is_over(inputs):
    worker = inputs.classes.names.index("worker")
    state = tiny_state(inputs, [worker], [11], [NEUTRAL] * 11)
    line = perceived_platforms(state)[SR]
    people = dc.replace(state.people, peace=np.linspace(0, 1, 11, dtype=np.float32),
                        land=np.full(11, line[1], np.float32), power=np.full(11, line[2], np.float32))
    at_war, peace = dc.replace(state, people=people), after_the_war(dc.replace(state, people=people))
    assert open_questions(at_war.world, at_war.day).tolist() == [1.0, 1.0, 1.0]
    assert open_questions(peace.world, peace.day).tolist() == [0.0, 1.0, 1.0]
    demands = Demands(people.peace, people.land, people.power)
    assert on_open(demands, line, np.ones(3))[0] is demands
    params = DualPowerParams(inertia=0.0, inertia_member=0.0, join_rate=0.0)
    chosen = step_parties(at_war, params, np.random.default_rng(0)).people.party
    assert len(set(chosen.tolist())) > 1
    assert step_parties(peace, params, np.random.default_rng(0)).people.party.tolist() == [SR] * 11
    hit = np.zeros(1)
    lg_war, ls_war, _ = relax(at_war, 1.0, hit)
    lg_peace, ls_peace, _ = relax(peace, 1.0, hit)
    assert np.ptp(lg_war) > 0.1 and np.ptp(ls_war) > 0.1
    assert np.ptp(lg_peace) == 0.0 and np.ptp(ls_peace) == 0.0
    g = state.polity.g
    far = state.polity.platforms.copy()
    far[BOL] = [1.0 if g.peace < 0.5 else 0.0, g.land, g.power]
    pol, gap = dc.replace(state.polity, platforms=far), DualPowerParams(call_gap=0.4)
    assert calls(pol, at_war.world, gap, state.day)[BOL]
    assert not calls(pol, peace.world, gap, state.day)[BOL]
    far[BOL] = [g.peace, g.land, min(g.power + 0.8, 1.0)]                # apart on power alone, by 0.8 at most
    apart = np.linalg.norm(far[BOL] - [g.peace, g.land, g.power])
    pol, gap = dc.replace(state.polity, platforms=far), DualPowerParams(call_gap=apart * 1.1)
    assert not calls(pol, at_war.world, gap, state.day)[BOL]             # the questions left carry the whole gap:
    assert calls(pol, peace.world, gap, state.day)[BOL]                  # sqrt(3 / 2) = 1.22 times as far
    alone = DualPowerParams(mu_unit=0.0, mu_district=0.0, agitation=0.0, shock_sd=0.0, hardship_push=0.0, rally=0.0,
                            cue=0.0)
    wish = (people.peace > g.peace) & (people.peace < 1.0)
    moved = step_opinion(at_war, alone, np.random.default_rng(0)).people
    assert (moved.peace[wish] > people.peace[wish]).all()
    settled = step_opinion(peace, alone, np.random.default_rng(0)).people
    assert (settled.peace == people.peace).all() and (settled.power[wish] < moved.power[wish]).all()
    partisans = alone.model_copy(update={"cue": 0.5})                  # no party's line pulls on a closed question
    assert (step_opinion(at_war, partisans, np.random.default_rng(0)).people.peace != moved.peace).any()
    assert (step_opinion(peace, partisans, np.random.default_rng(0)).people.peace == people.peace).all()


def demo_state(inputs, pressure: float, habit: float, claims: bool = False) -> State:
    """Two sailor units, all armed, council-loyal and active today, with the given pressure and habit."""
    sailor = inputs.classes.names.index("sailor")
    state = tiny_state(inputs, [sailor, sailor], [5, 5], [COUNCILS] * 10)
    people = dc.replace(state.people, condition=np.ones(10, np.int8))
    polity = dc.replace(state.polity, pressure=np.full(2, pressure), habit=np.full(2, habit), claims=claims)
    return dc.replace(state, people=people, polity=polity)


def test_a_unit_always_out_builds_no_pressure(inputs):
    params = DualPowerParams(restraint=1.0, pressure_leak=0.1, demo_share=0.5)
    steady = demo_state(inputs, 0.5, 1.0)
    out = armed_demonstration(steady, armed_people(steady, params), params, 0.0, 12.0, np.random.default_rng(0))
    assert not out.events
    assert out.polity.pressure.tolist() == pytest.approx([0.45, 0.45]) and out.polity.habit.tolist() == [1.0, 1.0]


def test_units_come_out_armed_when_a_rise_in_their_activity_beats_their_leaders_restraint(inputs):
    params = DualPowerParams(restraint=1.0, pressure_leak=0.0, demo_share=0.5)
    rng = np.random.default_rng(0)
    calm = demo_state(inputs, 0.1, 0.2)
    out = armed_demonstration(calm, armed_people(calm, params), params, 0.0, 12.0, rng)
    assert not out.events and out.polity.pressure.tolist() == pytest.approx([0.9, 0.9])
    rising = demo_state(inputs, 0.5, 0.2)
    unwilling = dc.replace(armed_people(rising, params), strength=np.zeros(10, np.float32))
    assert not armed_demonstration(rising, unwilling, params, 0.0, 12.0, rng).events
    out = armed_demonstration(rising, armed_people(rising, params), params, 0.0, 12.0, rng)
    assert [e[0] for e in out.events] == ["armed-demonstration", "repression"]
    assert out.polity.pressure.tolist() == [0.0, 0.0] and out.polity.habit.tolist() == [1.0, 1.0]
    claiming = demo_state(inputs, 0.5, 0.2, claims=True)
    assert not armed_demonstration(claiming, armed_people(claiming, params), params, 0.0, 12.0, rng).events


def test_an_armed_demonstration_is_put_down_only_when_the_governments_side_prevails(inputs):
    params = DualPowerParams(restraint=1.0, pressure_leak=0.0, demo_share=0.5)
    for f_g, events in ((0.0, ["armed-demonstration"]), (1000.0, ["armed-demonstration", "repression"])):
        rising = demo_state(inputs, 0.5, 0.2)
        rising = dc.replace(rising, polity=dc.replace(rising.polity, coup_day=0))   # the command sends nobody
        out = armed_demonstration(rising, armed_people(rising, params), params, f_g, 12.0, np.random.default_rng(0))
        assert [e[0] for e in out.events] == events
        assert bool(out.polity.repressed_until.max() > rising.day) is (f_g > 0)


def test_after_units_come_out_armed_an_executive_of_parties_refusing_power_bans_arms(inputs):
    params = DualPowerParams(restraint=1.0, pressure_leak=0.0, demo_share=0.5)
    for holder, banned in ((SR, True), (BOL, False)):
        state = demo_state(inputs, 0.5, 0.2)
        seats = seating([holder, holder], len(inputs.parties.names))
        polity = dc.replace(state.polity, platforms=inputs_lines(inputs), delegates=seats)
        state = dc.replace(state, polity=polity)
        out = armed_demonstration(state, armed_people(state, params), params, 0.0, 12.0, np.random.default_rng(0))
        assert [e[0] for e in out.events] == ["armed-demonstration", "repression"]
        assert out.polity.arms_ban is banned


def test_under_a_ban_on_arms_the_executive_leads_the_units_out_unarmed_until_the_crowd_backs_the_radicals(inputs):
    params = DualPowerParams(restraint=1.0, pressure_leak=0.0, demo_share=0.5)
    for party, lapses in ((SR, False), (BOL, True)):
        state = demo_state(inputs, 0.5, 0.2)
        people = dc.replace(state.people, party=np.full(10, party, np.int8), member=np.ones(10, bool))
        polity = dc.replace(state.polity, platforms=inputs_lines(inputs), arms_ban=True)
        state = dc.replace(state, people=people, polity=polity)
        out = armed_demonstration(state, armed_people(state, params), params, 0.0, 12.0, np.random.default_rng(0))
        assert [e[0] for e in out.events] == ["council-demonstration"]
        assert (out.people.condition == ACTIVE).all() and out.polity.repressed_until.max() < 0     # nobody arrested
        assert out.polity.arms_ban is not lapses and out.polity.pressure.tolist() == [0.0, 0.0]
        row = observe(out)
        assert (row["active"], row["active_armed"]) == (10.0, 0.0)
        lapsed = dc.replace(state, polity=dc.replace(polity, arms_ban=False))
        defiant = armed_demonstration(lapsed, armed_people(state, params), params, 0.0, 12.0, np.random.default_rng(0))
        assert [e[0] for e in defiant.events] == ["armed-demonstration", "repression"]
        assert observe(defiant)["active_armed"] > 0


def crowd_state(inputs, pressure: float) -> State:
    """Two sailor units, armed, active (none was before) and pressing; a factory of ten quiet workers, of whom
    the first five are aggrieved enough to come out only when called (``h (1 - Lg) + m > T`` with ``m``, not
    without)."""
    sailor, worker = inputs.classes.names.index("sailor"), inputs.classes.names.index("worker")
    state = tiny_state(inputs, [sailor, sailor, worker], [5, 5, 10], [COUNCILS] * 20)
    hardship = np.full(20, 0.5, np.float32)
    hardship[10:15] = 0.7
    people = dc.replace(state.people, hardship=hardship, condition=np.r_[np.ones(10), np.zeros(10)].astype(np.int8))
    polity = dc.replace(state.polity, pressure=np.array([pressure, pressure, 0.0]), habit=np.zeros(3))
    return dc.replace(state, people=people, polity=polity)


def test_an_armed_demonstration_calls_out_everyone_it_mobilises_that_day(inputs):
    params = DualPowerParams(restraint=10.0, pressure_leak=0.0, demo_share=0.5, threshold=0.42, mobilisation=0.1,
                             participation=0.01)
    rng = np.random.default_rng(0)
    quiet = crowd_state(inputs, 5.0)
    calm = armed_demonstration(quiet, armed_people(quiet, params), params, 0.0, 12.0, rng)
    assert not calm.events and calm.people.condition[10:].sum() == 0
    ready = crowd_state(inputs, 9.5)
    out = armed_demonstration(ready, armed_people(ready, params), params, 0.0, 12.0, rng)
    assert [e[0] for e in out.events] == ["armed-demonstration", "repression"]
    assert out.people.condition[10:15].tolist() == [ACTIVE] * 5 and out.people.condition[15:].tolist() == [0] * 5


def test_a_ban_on_arms_does_not_hold_against_a_council_party_that_broke_with_the_government(inputs):
    params = DualPowerParams(restraint=1.0, pressure_leak=0.0, demo_share=0.5)
    lines = inputs_lines(inputs)
    lines[SR, 2] = 0.9                                          # the SRs, who sat in the first cabinet, claim power
    state = demo_state(inputs, 0.5, 0.2)
    for cabinet_sr, event in ((0.1, "council-demonstration"), (0.0, "armed-demonstration")):
        cabinet = np.zeros(len(lines))
        cabinet[[0, SR]] = 1.0 - cabinet_sr, cabinet_sr
        polity = dc.replace(state.polity, platforms=lines, arms_ban=True, cabinet=cabinet)
        banned = dc.replace(state, polity=polity)
        out = armed_demonstration(banned, armed_people(banned, params), params, 0.0, 12.0, np.random.default_rng(0))
        assert [e[0] for e in out.events][:1] == [event]   # the government answers an armed one


def test_nobody_reckons_with_arrest_when_the_councils_executive_calls_the_city_out(inputs):
    params = DualPowerParams(restraint=10.0, pressure_leak=0.0, demo_share=0.5, threshold=0.42, mobilisation=0.1,
                             participation=0.01)
    ready = crowd_state(inputs, 9.5)
    watched = dc.replace(ready.polity, enforcers_d=np.array([100.0]), active_d=np.array([1.0]))   # P_d about 1
    for ban, event, joined in ((False, "armed-demonstration", 0), (True, "council-demonstration", 5)):
        state = dc.replace(ready, polity=dc.replace(watched, arms_ban=ban))
        out = armed_demonstration(state, armed_people(state, params), params, 0.0, 12.0, np.random.default_rng(0))
        assert [e[0] for e in out.events][:1] == [event]   # the government answers an armed one
        assert int((out.people.condition[10:] == ACTIVE).sum()) == joined


def test_on_an_armed_demonstration_the_defiant_units_march_armed_and_other_garrison_units_come_unarmed(inputs):
    params = DualPowerParams(restraint=10.0, pressure_leak=0.0, demo_share=0.3, threshold=0.42, mobilisation=0.1,
                             participation=0.01)
    state = crowd_state(inputs, 0.0)
    rank = np.arange(20)
    hardship = np.where(rank < 5, 0.0, np.where(rank < 10, 0.7, state.people.hardship)).astype(np.float32)
    # the defiant unit's sailors are not aggrieved enough to come out; the aggrieved workers are a workers' guard
    people = dc.replace(state.people, hardship=hardship, armed=state.people.armed | ((rank >= 10) & (rank < 15)))
    state = dc.replace(state, people=people, polity=dc.replace(state.polity, pressure=np.array([9.5, 0.0, 0.0])))
    before = observe(state)
    assert (before["active_armed"], before["active_demonstration"]) == (10.0, 0.0)
    out = armed_demonstration(state, armed_people(state, params), params, 0.0, 12.0, np.random.default_rng(0))
    assert [e[0] for e in out.events] == ["armed-demonstration", "repression"]
    assert (out.people.condition[:10] == ACTIVE).all()
    assert out.polity.active_d.sum() == 15.0
    row = observe(out)
    assert (row["active"], row["active_armed"], row["active_demonstration"]) == (15.0, 10.0, 5.0)
    called = dc.replace(out, polity=dc.replace(out.polity, calls=np.ones(len(inputs.parties.names) + 1, bool)))
    next_day = step_activity(called, params.model_copy(update={"participation": 1.0}), np.random.default_rng(0))
    assert observe(next_day)["active_armed"] == float((next_day.people.condition[:15] == ACTIVE).sum()) > 0


def test_the_councils_do_not_rise_before_their_committee_is_ready(inputs):
    sailor = inputs.classes.names.index("sailor")
    state = tiny_state(inputs, [sailor], [4], [COUNCILS] * 4, committee_day=0)
    people = dc.replace(state.people, lg=np.full(4, 0.1, np.float32))
    state = dc.replace(state, people=people, polity=dc.replace(state.polity, claims=True, readiness=0.0))
    params = DualPowerParams(insurrection_rate=1.0)
    assert not rises(state, params, 0.0, 4.8, np.random.default_rng(0))
    ready = dc.replace(state, polity=dc.replace(state.polity, readiness=1.0))
    assert rises(ready, params, 0.0, 4.8, np.random.default_rng(0))


def test_the_councils_leaders_judge_the_government_by_their_own_electors_not_the_propertied(inputs):
    names = inputs.classes.names
    worker, bourgeois = names.index("worker"), names.index("bourgeois")
    assert inputs.classes.council_voter[worker] and not inputs.classes.council_voter[bourgeois]
    state = tiny_state(inputs, [worker, bourgeois], [4, 4], [COUNCILS] * 4 + [GOV] * 4, committee_day=0)
    state = dc.replace(state, polity=dc.replace(state.polity, claims=True, readiness=1.0))
    params = DualPowerParams(insurrection_rate=1.0, rising_level=0.5)
    electors_lost = np.array([0.2] * 4 + [1.0] * 4, np.float32)  # city mean 0.6, electors' 0.2
    state = dc.replace(state, people=dc.replace(state.people, lg=electors_lost))
    assert standing_among_electors(state) == pytest.approx(0.2)
    assert rises(state, params, 0.0, 4.8, np.random.default_rng(0))
    propertied_lost = np.array([0.6] * 4 + [0.0] * 4, np.float32)  # city mean 0.3, electors' 0.6
    state = dc.replace(state, people=dc.replace(state.people, lg=propertied_lost))
    assert not any(rises(state, params, 0.0, 4.8, np.random.default_rng(s)) for s in range(50))


def test_moderate_council_parties_lend_the_government_legitimacy_as_far_as_they_hold_the_councils(inputs):
    worker = inputs.classes.names.index("worker")
    state = tiny_state(inputs, [worker] * 4, [1, 1, 1, 1], [NEUTRAL] * 4)
    people = dc.replace(state.people, party=np.array([0, SR, 2, BOL], np.int8))
    lines = inputs_lines(inputs)
    held = dc.replace(state.polity, platforms=lines, delegates=seating([SR, SR, SR, BOL], len(inputs.parties.names)))
    state = dc.replace(state, people=people, polity=held)
    hit = np.zeros(4)
    lg0, _, _ = relax(state, 1.0, hit, 0.0, (0.0, 0.0))
    lg1, _, _ = relax(state, 1.0, hit, 0.0, (0.4, 0.4))
    assert (lg1 - lg0).tolist() == pytest.approx([0.0, 0.3, 0.3, 0.0], abs=1e-6)
    lost = dc.replace(state, polity=dc.replace(held, delegates=seating([BOL, BOL, BOL, SR], len(inputs.parties.names))))
    lg2, _, _ = relax(lost, 1.0, hit, 0.0, (0.4, 0.4))
    assert (lg2 - relax(lost, 1.0, hit, 0.0, (0.0, 0.0))[0]).tolist() == pytest.approx([0.0, 0.1, 0.1, 0.0], abs=1e-6)


def test_a_claiming_council_party_that_has_left_the_cabinet_turns_its_supporters_against_the_government(inputs):
    worker = inputs.classes.names.index("worker")
    state = tiny_state(inputs, [worker, worker], [1, 1], [NEUTRAL, NEUTRAL])
    lines = inputs_lines(inputs)
    assert claimers(lines)[BOL] and not claimers(lines)[SR]
    people = dc.replace(state.people, party=np.array([SR, BOL], np.int8), lg=np.full(2, 0.5, np.float32))
    both, alone = np.zeros(len(lines)), np.zeros(len(lines))
    both[[SR, BOL]], alone[SR] = 0.5, 1.0
    pol = dc.replace(state.polity, platforms=lines, delegates=seating([SR, SR], len(inputs.parties.names)))

    def lent(cabinets, day, cabinet):
        world = dc.replace(state.world, inputs=dc.replace(inputs, cabinets=cabinets))
        s = dc.replace(state, world=world, people=people, day=day, polity=dc.replace(pol, cabinet=cabinet))
        return relax(s, 1.0, np.zeros(2), 0.0, (0.2, 0.3))[0] - relax(s, 1.0, np.zeros(2), 0.0, (0.0, 0.0))[0]

    history = ((0, "both", both), (5, "alone", alone))
    assert lent(history, 3, both).tolist() == pytest.approx([0.2, 0.0], abs=1e-6)
    assert lent(history, 6, alone).tolist() == pytest.approx([0.2, -0.3], abs=1e-6)   # the break's own amount
    assert lent(((0, "alone", alone),), 6, alone).tolist() == pytest.approx([0.2, 0.0], abs=1e-6)


def test_moderate_council_parties_turn_their_right_leaning_followers_against_councils_the_claimers_hold(inputs):
    worker, employee = (inputs.classes.names.index(c) for c in ("worker", "employee"))
    state = tiny_state(inputs, [worker, worker, employee, employee], [1, 1, 1, 1], [NEUTRAL] * 4)
    people = dc.replace(state.people, party=np.array([SR, BOL, SR, BOL], np.int8))
    lines = inputs_lines(inputs)
    held = dc.replace(state.polity, platforms=lines, delegates=seating([SR, SR, SR, BOL], len(inputs.parties.names)))
    state = dc.replace(state, people=people, polity=held)
    hit = np.zeros(4)
    assert (relax(state, 1.0, hit, 0.0, (0.4, 0.4))[1] == relax(state, 1.0, hit, 0.0, (0.0, 0.0))[1]).all()
    lost_seats = seating([BOL, BOL, BOL, SR], len(inputs.parties.names))
    lost = dc.replace(state, polity=dc.replace(held, delegates=lost_seats, claims=True))
    ls1 = relax(lost, 1.0, hit, 0.0, (0.4, 0.4))[1] - relax(lost, 1.0, hit, 0.0, (0.0, 0.0))[1]
    assert ls1.tolist() == pytest.approx([0.0, 0.0, -0.3, 0.0], abs=1e-6)


def test_a_military_committee_stops_the_uncommitted_from_carrying_out_the_governments_orders(inputs):
    soldier = inputs.classes.names.index("soldier")
    state = tiny_state(inputs, [soldier], [5], [COUNCILS, NEUTRAL, NEUTRAL, GOV, GOV])
    before = armed_people(state, DualPowerParams())
    assert before.obeys_gov.tolist() == [False, True, True, True, True]
    with_committee = dc.replace(state, polity=dc.replace(state.polity, committee_day=1))
    after = armed_people(with_committee, DualPowerParams())
    assert after.obeys_gov.tolist() == [False, False, False, True, True]
    assert after.obeys_councils.tolist() == [False] * 5


def test_complicity_costs_the_government_the_left_and_betrayal_costs_it_the_right(inputs):
    officer, worker = inputs.classes.names.index("officer"), inputs.classes.names.index("worker")
    state = tiny_state(inputs, [officer, worker], [1, 1], [NEUTRAL, NEUTRAL])
    hit = np.zeros(2)

    def lg(discredit: float, estranged: float) -> np.ndarray:
        return relax(dc.replace(state, polity=dc.replace(state.polity, discredit=discredit, estranged=estranged)),
                     1.0, hit)[0]

    assert (lg(0.0, 0.0) - lg(0.1, 0.0)).tolist() == pytest.approx([0.0, 0.1], abs=1e-6)
    betrayed = lg(0.0, 0.0) - lg(0.0, 0.6)
    assert betrayed[0] > 0.1 and betrayed[1] == 0.0


def test_outrage_is_the_standing_granted_beyond_what_the_government_earns_today(inputs):
    worker = inputs.classes.names.index("worker")
    state = tiny_state(inputs, [worker], [2], [NEUTRAL, NEUTRAL])
    target, _, _ = relax(state, 1.0, np.zeros(1))
    granted = dc.replace(state.people, lg=np.array([float(target[0]) + 0.25, 0.0], np.float32))
    _, _, outrage = relax(dc.replace(state, people=granted), 0.5, np.zeros(1))
    assert outrage.tolist() == pytest.approx([0.25, 0.0], abs=1e-6)


def test_armed_men_fight_only_as_hard_as_they_believe_in_their_side(inputs):
    cadet = inputs.classes.names.index("cadet")
    state = tiny_state(inputs, [cadet], [2], [GOV, GOV])
    people = dc.replace(state.people, lg=np.array([1.0, 0.6], np.float32), ls=np.array([0.0, 0.0], np.float32))
    armed = armed_people(dc.replace(state, people=people), DualPowerParams())
    weight = float(inputs.classes.combat_weight[cadet])
    assert armed.strength.tolist() == pytest.approx([weight, 0.6 * weight], rel=1e-6)


def test_after_a_coup_attempt_the_command_sends_the_government_no_more_troops(inputs):
    state = tiny_state(inputs, [0], [1], [NEUTRAL])
    seated = dc.replace(state.polity, delegates=seating([BOL], len(inputs.parties.names)),
                        platforms=inputs_lines(inputs),
                        reinforcements=500.0)
    params = DualPowerParams(coup_rate=1.0, coup_radical=0.0, conspiracy_speed=1.0)
    out = attempt(dc.replace(state, polity=seated), params, 0.0, 1.0, np.random.default_rng(0))
    assert out.polity.coup_day == state.day and out.polity.reinforcements == 0.0


def test_evolve_copies_with_changes_and_refuses_unknown_fields(inputs):
    state = tiny_state(inputs, [0], [2], [COUNCILS] * 2)
    before = state.day
    day = evolve(state, day=before + 5)
    assert day.day == before + 5 and state.day == before and day.people is state.people and type(day) is State
    with pytest.raises(TypeError, match="no field"):
        evolve(state, dya=5)
