"""Parties that enter the menu on a date, election boycotts, and no scheduled cabinet after dual power has ended."""

from __future__ import annotations

import dataclasses as dc

import numpy as np
import pytest

import dualpower
from dualpower.core import make_rng
from dualpower.core.params import override
from dualpower.models.dual_power.elections import step_elections
from dualpower.models.dual_power.government import COUNCIL_POWER, step_inputs
from dualpower.models.dual_power.inputs import Founding
from dualpower.models.dual_power.parties import OFF, found, step_parties
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


def test_a_party_is_off_the_menu_before_its_founding_day(petrograd):
    model, params, state = petrograd
    names = model.inputs.parties.names
    left = names.index("LeftSR")
    assert (state.polity.platforms[left] == OFF).all() and not model.inputs.on_offer(0)[left]
    assert not (state.people.party == left).any()
    day = day_of(model.inputs, "1917-10-16")
    assert not model.inputs.on_offer(day - 1)[left] and model.inputs.on_offer(day)[left]
    later = step_parties(dc.replace(state, day=day - 1), params, make_rng(4))       # the day before: still off
    assert not (later.people.party == left).any()


def test_on_its_founding_day_the_parents_members_nearer_its_line_follow_it_as_members(petrograd):
    model, params, state = petrograd
    names = model.inputs.parties.names
    sr, left = names.index("SR"), names.index("LeftSR")
    p = model.inputs.parties
    people = state.people
    members = np.flatnonzero(people.member & (people.party == sr))
    assert len(members) >= 4
    near_left, near_sr = members[::2], members[1::2]
    demands = {k: getattr(people, k).copy() for k in ("peace", "land", "power")}
    for k, key in enumerate(("peace", "land", "power")):
        demands[key][near_left] = (p.peace, p.land, p.power)[k][left]
        demands[key][near_sr] = (p.peace, p.land, p.power)[k][sr]
    day = day_of(model.inputs, "1917-10-16")
    before = dc.replace(state, day=day, people=dc.replace(people, **demands), events=())
    after = found(before)
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
    inputs = dc.replace(model.inputs, foundings=(Founding(5, other),))
    world = dc.replace(state.world, inputs=inputs)
    platforms = state.polity.platforms.copy()
    platforms[other] = OFF
    off = dc.replace(state, world=world, polity=dc.replace(state.polity, platforms=platforms))
    after = found(dc.replace(off, day=5, events=()))
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


def test_a_run_shows_the_founding_and_the_new_party_only_from_its_day():
    res = dualpower.simulate("petrograd-1917", seed=2, scale=0.005)
    ts = res.timeseries.to_pydict()
    founded = ts["date_os"].index("1917-10-16")
    assert max(ts["support_LeftSR"][:founded]) == 0 and max(ts["seats_LeftSR"][:founded]) == 0
    assert min(ts["support_LeftSR"][founded:]) > 0
    events = [r for r in res.tables["events"].to_pylist() if r["type"] == "party-founded"]
    assert [r["date_os"] for r in events] == ["1917-10-16"] and "LeftSR splits from SR" in events[0]["detail"]
    rows = res.tables["elections"].to_pylist()
    assert "LeftSR" not in {r["party"] for r in rows if r["election"] != "constituent-assembly"}
    assert "LeftSR" in {r["party"] for r in rows if r["election"] == "constituent-assembly"}
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
