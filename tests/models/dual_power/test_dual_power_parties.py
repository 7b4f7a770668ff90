"""Parties that enter the menu on a date or split off, election boycotts, no scheduled cabinet after dual power."""

from __future__ import annotations

import dataclasses as dc

import numpy as np
import pytest

import dualpower
from dualpower.core import make_rng
from dualpower.core.params import override
from dualpower.models.dual_power.elections import step_elections
from dualpower.models.dual_power.government import COUNCIL_POWER, step_inputs
from dualpower.models.dual_power.inputs import WING, Founding
from dualpower.models.dual_power.parties import OFF, found, split_wings, step_parties
from dualpower.models.dual_power.world import Election
from dualpower.scenarios import load

SCALE = 0.002


def day_of(inputs, iso: str) -> int:
    return (np.datetime64(iso) - np.datetime64(inputs.start.isoformat())).astype(int).item()


@pytest.fixture(scope="module")
def petrograd():
    sc = load("petrograd-1917")
    params = override(sc.params, {"scale": SCALE})
    return sc.model, params, sc.model.init(params, make_rng(3))


def _demands(state, members_at: dict[int, np.ndarray]):
    """People with each group of ``members_at`` (party -> indices) placed on that party's line."""
    p, people = state.world.inputs.parties, state.people
    demands = {k: getattr(people, k).copy() for k in ("peace", "land", "power")}
    for party, idx in members_at.items():
        for key, line in zip(("peace", "land", "power"), (p.peace, p.land, p.power)):
            demands[key][idx] = line[party]
    return dc.replace(people, **demands)


def test_a_wing_is_off_the_menu_until_it_splits(petrograd):
    model, params, state = petrograd
    left = model.inputs.parties.names.index("LeftSR")
    assert (state.polity.platforms[left] == OFF).all() and not (state.people.party == left).any()
    assert not any(state.polity.on_offer(d)[left] for d in (0, 100, model.inputs.drivers.war.size - 1))
    later = step_parties(dc.replace(state, day=100), params, make_rng(4))
    assert not (later.people.party == left).any() and not later.polity.on_offer(100)[left]


@pytest.mark.parametrize("nearer, splits_on", [(0.75, 5), (0.25, None)])
def test_a_wing_splits_once_it_has_held_its_partys_majority_long_enough(petrograd, nearer, splits_on):
    model, params, state = petrograd
    names = model.inputs.parties.names
    sr, left = names.index("SR"), names.index("LeftSR")
    members = np.flatnonzero(state.people.member & (state.people.party == sr))
    cut = int(nearer * len(members))
    state = dc.replace(state, people=_demands(state, {left: members[:cut], sr: members[cut:]}))
    days = []
    for day in range(1, 9):                                    # 0.25 a day above one half: 1.25 > 1 on day 5
        state = split_wings(dc.replace(state, day=day), patience=1.0)
        days.append(state.polity.foundings[0].day)
    assert days == [WING] * 4 + [5] * 4 if splits_on else days == [WING] * 8
    assert state.polity.split_pressure[left] == (pytest.approx(1.25) if splits_on else 0.0)     # kept once split
    if splits_on:
        assert state.polity.on_offer(5)[left] and not state.polity.on_offer(4)[left]


def test_on_its_founding_day_the_parents_members_nearer_its_line_follow_it_as_members(petrograd):
    model, params, state = petrograd
    names = model.inputs.parties.names
    sr, left = names.index("SR"), names.index("LeftSR")
    p = model.inputs.parties
    people = state.people
    members = np.flatnonzero(people.member & (people.party == sr))
    assert len(members) >= 4
    near_left, near_sr = members[::2], members[1::2]
    day = 40
    polity = dc.replace(state.polity, foundings=(Founding(day, left, sr),))
    before = dc.replace(state, day=day, people=_demands(state, {left: near_left, sr: near_sr}), polity=polity,
                        events=())
    after = found(before, params)
    assert (after.people.party[near_left] == left).all() and (after.people.party[near_sr] == sr).all()
    assert after.people.member[near_left].all()                                   # membership goes with them
    others = np.ones(len(people.party), bool)
    others[members] = False
    assert (after.people.party[others] == people.party[others]).all()            # supporters choose by the rule
    assert after.polity.platforms[left].tolist() == [p.peace[left], p.land[left], p.power[left]]
    assert [t for t, _ in after.events] == ["party-founded"]
    assert f"{len(near_left) / SCALE:.0f} of its members follow" in after.events[0][1]


def test_a_party_founded_from_no_party_only_comes_on_offer(petrograd):
    model, params, state = petrograd
    other = model.inputs.parties.names.index("Other")
    platforms = state.polity.platforms.copy()
    platforms[other] = OFF
    polity = dc.replace(state.polity, platforms=platforms, foundings=(Founding(5, other),))
    off = dc.replace(state, polity=polity)
    after = found(dc.replace(off, day=5, events=()), params)
    assert after.events == (("party-founded", "Other is founded"),)
    assert (after.people.party == off.people.party).all() and (after.polity.platforms[other] > OFF).all()


def test_a_replaced_party_leaves_the_menu_and_all_its_members_follow_its_successor():
    sc = load("berlin-1918")
    params = override(sc.params, {"scale": 0.005})
    state = sc.model.init(params, make_rng(5))
    names = sc.model.inputs.parties.names
    old, new = names.index("Spartakus"), names.index("KPD")
    members = np.flatnonzero(state.people.member & (state.people.party == old))
    assert len(members) > 0
    day = day_of(sc.model.inputs, "1918-12-30")
    after = step_parties(dc.replace(state, day=day, events=()), params, make_rng(6))
    assert not (after.people.party == old).any() and (after.polity.platforms[old] == OFF).all()
    assert after.people.member[members].all() and (after.people.party[members] == new).all()
    assert "KPD takes the place of Spartakus" in after.events[0][1]


def test_a_run_shows_the_split_and_the_new_party_only_from_its_day():
    res = dualpower.simulate("petrograd-1917", seed=2, scale=0.005)
    ts = res.timeseries.to_pydict()
    events = [r for r in res.tables["events"].to_pylist() if r["type"] == "party-founded"]
    assert len(events) == 1 and "LeftSR splits from SR" in events[0]["detail"]
    founded = ts["date_os"].index(events[0]["date_os"])
    assert max(ts["support_LeftSR"][:founded]) == 0 and max(ts["seats_LeftSR"][:founded]) == 0
    assert min(ts["support_LeftSR"][founded:]) > 0
    rows = res.tables["elections"].to_pylist()
    held = {r["election"]: r["date_os"] for r in rows}
    after = {e for e, d in held.items() if d >= events[0]["date_os"]}
    assert after and {r["election"] for r in rows if r["party"] == "LeftSR"} == after
    assert {r["party"]: r["historical"] for r in rows if r["election"] == "petrograd-city-duma"}["Other"] == 0.04


def test_a_boycotting_partys_supporters_abstain_and_shares_are_of_the_votes_cast(petrograd):
    model, params, state = petrograd
    names = model.inputs.parties.names
    bol = names.index("Bolshevik")
    people = state.people
    party = np.where(np.arange(len(people.party)) % 3 == 0, bol, 1).astype(np.int8)
    state = dc.replace(state, people=dc.replace(people, party=party), votes=(), events=())

    def held(boycott: tuple[int, ...]) -> dict[str, float]:
        inputs = dc.replace(model.inputs, elections=(Election("test", state.day, {}, boycott),))
        world = dc.replace(state.world, inputs=inputs)
        rows = step_elections(dc.replace(state, world=world), params, make_rng(8)).votes
        return {r["party"]: r["share"] for r in rows}

    free, boycotted = held(()), held((bol,))
    assert free["Bolshevik"] > 0.2 and boycotted["Bolshevik"] == 0.0
    assert boycotted["SR"] == 1.0 and sum(boycotted.values()) == pytest.approx(1.0)


def test_no_scheduled_cabinet_takes_office_once_dual_power_has_ended(petrograd):
    model, params, state = petrograd
    start, name, _ = model.inputs.cabinets[1]
    before = dc.replace(state, day=start - 1, events=())
    seated = step_inputs(before, params, make_rng(9))
    assert seated.polity.cabinet_name == name and [t for t, _ in seated.events] == ["cabinet"]
    council = dc.replace(state.polity, outcome=COUNCIL_POWER, cabinet_name="Council government")
    ended = dc.replace(before, polity=council)
    kept = step_inputs(ended, params, make_rng(9))
    assert kept.polity.cabinet_name == "Council government" and kept.events == ()
    assert (kept.polity.cabinet == state.polity.cabinet).all()


def test_members_let_their_membership_lapse_at_the_daily_rate_and_others_stay_out():
    from dualpower.models.dual_power.parties import lapse

    member = np.zeros(200_000, bool)
    member[::2] = True
    kept = lapse(member, 0.1, np.random.default_rng(5))
    assert abs((member & ~kept).sum() - 10_000) < 400
    assert not (kept & ~member).any()
    assert lapse(member, 0.0, np.random.default_rng(5)) is member


def test_a_member_who_no_longer_shares_the_line_leaves_at_the_daily_rate_a_supporter_at_once():
    from dualpower.models.dual_power.kernels import Affiliation, Demands, PartyRule, choose_parties

    n = 100_000
    demands = Demands(*(np.full(n, 0.9, np.float32) for _ in range(3)))
    member = np.zeros(n, bool)
    member[: n // 2] = True
    ties = Affiliation(np.zeros(n, np.int8), member, np.zeros(n, np.int8))
    plat = np.array([[0.0, 0.0, 0.0], [0.9, 0.9, 0.9]])

    def choose(defect: float):
        return choose_parties(demands, ties, PartyRule(plat, 0.1, 0.15, 0.0, np.zeros(2), defect, 0.0),
                              np.random.default_rng(1))

    party, kept, restless = choose(0.1)
    assert (party[~member] == 1).all()
    left = member & (party == 1)
    assert abs(left.sum() - 5_000) < 300 and not kept[left].any()
    assert kept[member & (party == 0)].all() and (restless == (member & (party == 0))).all()
    party, kept, restless = choose(1.0)
    assert (party == 1).all() and not kept.any() and not restless.any()
    party, kept, restless = choose(0.0)
    assert (party[member] == 0).all() and kept[member].all() and restless[member].all()


def test_a_supporter_whose_doubt_falls_short_of_inertia_switches_at_a_rate_in_proportion_to_the_gain():
    from dualpower.models.dual_power.kernels import Affiliation, Demands, PartyRule, choose_parties

    n = 200_000
    plat = np.array([[0.0, 0.0, 0.0], [0.2, 0.0, 0.0]])
    peace = np.repeat(np.array([0.125, 0.15], np.float32), n // 2)   # gains 0.01 and 0.02 toward party 1
    demands = Demands(peace, np.zeros(n, np.float32), np.zeros(n, np.float32))
    member = np.zeros(n, bool)
    member[::4] = True
    ties = Affiliation(np.zeros(n, np.int8), member, np.zeros(n, np.int8))

    def switched(reconsider: float) -> np.ndarray:
        rule = PartyRule(plat, 0.1, 0.15, 0.0, np.zeros(2), 1.0, reconsider)
        return choose_parties(demands, ties, rule, np.random.default_rng(3))[0] == 1

    moved = switched(0.5)
    small, large = ~member & (np.arange(n) < n // 2), ~member & (np.arange(n) >= n // 2)
    assert abs(moved[small].mean() - 0.05) < 0.004 and abs(moved[large].mean() - 0.10) < 0.005
    assert not moved[member].any()
    assert not switched(0.0).any()


def test_inertia_decides_in_32_bit_lanes_as_in_64_bits():
    from dualpower.models.dual_power.kernels import Affiliation, Demands, PartyRule, ceil32, choose_parties, floor32

    for t in (0.106, 0.15, 0.0802, 0.5, 0.5 - 1e-12, 1e-9):
        f = np.float32(floor32(t))
        assert float(f) <= t < float(np.nextafter(f, np.float32(np.inf)))
        c = np.float32(ceil32(t))
        assert float(np.nextafter(c, np.float32(-np.inf))) < t <= float(c)
    n = 4
    demands = Demands(np.full(n, 0.75, np.float32), np.zeros(n, np.float32), np.zeros(n, np.float32))
    ties = Affiliation(np.zeros(n, np.int8), np.array([True, True, False, False]), np.zeros(n, np.int8))
    plat = np.array([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0]])          # a gain of exactly 0.5 toward party 1
    just_below = 0.5 - 1e-12                                      # float32(just_below) is 0.5: no gain beats it
    rule = PartyRule(plat, just_below, just_below, 0.0, np.zeros(2), 1.0, 0.0)
    party, _, _ = choose_parties(demands, ties, rule, np.random.default_rng(0))
    assert (party == 1).all()
    rule = PartyRule(plat, 0.5, 0.5, 0.0, np.zeros(2), 1.0, 0.0)
    assert (choose_parties(demands, ties, rule, np.random.default_rng(0))[0] == 0).all()


def test_restless_members_stay_members_but_no_longer_agitate_for_the_line(petrograd):
    from dualpower.models.dual_power.opinion import unit_estimates
    from dualpower.models.dual_power.state import ACTIVE

    _, params, state = petrograd
    people = state.people
    members = np.flatnonzero(people.member & (people.condition <= ACTIVE))
    assert len(members) > 0
    settled = unit_estimates(state, params)[1]
    restless = people.restless.copy()
    restless[members] = True
    quiet = unit_estimates(dc.replace(state, people=dc.replace(people, restless=restless)), params)[1]
    assert settled.sum() > 0 and quiet.sum() == 0


def test_the_skips_that_guide_the_draws_find_the_same_people_as_a_plain_scan():
    from dualpower.models.dual_power.kernels import STRIDE, next_draw, nth_set

    rng = np.random.default_rng(8)
    for n, p in ((10 * STRIDE + 37, 0.2), (3 * STRIDE, 0.999), (STRIDE - 1, 0.0), (130, 0.03), (0, 0.5)):
        flag = rng.random(n) < p
        where = np.flatnonzero(flag)
        words = np.packbits(np.append(flag, np.zeros(-n % 64, bool)), bitorder="little").view(np.uint64)
        per_stretch = np.add.reduceat(flag, np.arange(0, n, STRIDE)) if n else np.zeros(0, np.int64)
        for start in (0, 1, 63, 64, STRIDE + 5, n):
            rest = where[where >= start]
            for k in (1, 2, 7, len(rest), len(rest) + 1):
                if k < 1:
                    continue
                expected = rest[k - 1] if k <= len(rest) else None
                found = nth_set(words, start, k)
                assert found == expected if expected is not None else found >= n
                s, i = next_draw(flag, per_stretch.astype(np.int64), start // STRIDE, start, k)
                assert i == (expected if expected is not None else n)
                assert expected is None or s == i // STRIDE


def test_the_settled_choices_are_counted_stretch_by_stretch():
    from dualpower.models.dual_power.kernels import STRIDE, Affiliation, Demands, PartyRule, settle_parties

    rng = np.random.default_rng(9)
    n, n_p = 10 * STRIDE + 37, 4
    demands = Demands(*(rng.random(n, dtype=np.float32) for _ in range(3)))
    ties = Affiliation(rng.integers(0, n_p, n).astype(np.int8), rng.random(n) < 0.3,
                       rng.integers(0, 4, n).astype(np.int8))
    rule = PartyRule(rng.random((n_p, 3)), 0.05, 0.1, 0.3, np.zeros(n_p), 0.5, 0.1)
    (best, best_d, own_d, out, kept, near, restless, doubt), counts = settle_parties(demands, ties, rule, False)
    stretch = np.arange(n) // STRIDE
    expected = np.zeros((len(counts), n_p + 1), np.int64)
    np.add.at(expected, (stretch[near], out[near]), 1)
    np.add.at(expected[:, n_p], stretch[restless], 1)
    assert np.array_equal(counts, expected)
    gain = own_d - best_d
    bits = np.unpackbits(doubt.view(np.uint8), bitorder="little")[:n].astype(bool)
    assert np.array_equal(bits, ~ties.member & (gain > 0) & (gain <= np.float32(0.05)))
    assert 0 < bits.sum() < n and 0 < near.sum() and 0 < restless.sum()


@pytest.mark.parametrize("n_p", [3, 8, 11])
def test_each_person_settles_on_the_first_of_the_nearest_lines_however_many_parties(n_p):
    from dualpower.models.dual_power.kernels import Affiliation, Demands, PartyRule, settle_parties

    rng = np.random.default_rng(n_p)
    n = 5000
    demands = Demands(*(rng.integers(0, 5, n).astype(np.float32) / 4 for _ in range(3)))
    lines = rng.integers(0, 5, (n_p, 3)) / 4
    lines[-1] = lines[0]  # the same line twice: the first party keeps its ties
    ties = Affiliation(rng.integers(0, n_p, n).astype(np.int8), np.zeros(n, bool), np.zeros(n, np.int8))
    rule = PartyRule(lines, 0.05, 0.1, 0.3, np.zeros(n_p), 0.5, 0.1)
    (best, best_d, own_d, *_), _ = settle_parties(demands, ties, rule, False)
    d = np.stack(demands, axis=1)
    squared = ((d[:, None, :] - lines[None, :, :].astype(np.float32)) ** 2).sum(axis=2)
    assert np.array_equal(best, squared.argmin(axis=1))
    assert np.allclose(best_d, squared.min(axis=1)) and np.allclose(own_d, squared[np.arange(n), ties.party])
    assert (best != n_p - 1).all()
