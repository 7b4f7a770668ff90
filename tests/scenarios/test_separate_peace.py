"""petrograd-1917-separate-peace changes only the war and the government's peace policy, from 5 May 1917."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import numpy as np

import dualpower
from dualpower.models.dual_power.questions import open_questions
from dualpower.scenarios import load

DATA = Path(dualpower.__file__).parent / "scenarios" / "data" / "petrograd-1917"
PEACE = dt.date(1917, 5, 5)


def _toml(path: Path) -> dict:
    return tomllib.loads(path.read_text())


def test_the_separate_peace_changes_only_the_war_and_the_peace_policy():
    base, peace = load("petrograd-1917").model.inputs, load("petrograd-1917-separate-peace").model.inputs
    day = (PEACE - base.start).days
    assert np.array_equal(peace.drivers.war[: day + 1], base.drivers.war[: day + 1])
    assert (peace.drivers.war[day + 1:] == 0).all() and (base.drivers.war[day + 1:] >= 0.4).all()
    assert np.array_equal(peace.drivers.bread_shortfall, base.drivers.bread_shortfall)
    for column in ("price_rise", "closures"):                          # the new anchors lie on the base's lines
        assert np.allclose(getattr(peace.drivers, column), getattr(base.drivers, column), rtol=1e-12, atol=0.0)
    ours, swap = _toml(DATA / "events.toml"), _toml(DATA / "events-separate-peace.toml")
    our_policies, swap_policies = ours.pop("policy"), swap.pop("policy")
    assert [p["name"] for p in our_policies].count("June offensive") == 1
    [separate] = [p for p in swap_policies if p["name"] == "Separate peace"]
    assert [p for p in our_policies if p["name"] != "June offensive"] == [
        p for p in swap_policies if p["name"] != "Separate peace"]
    assert ours == swap
    assert (separate["date_os"], separate["peace"]) == (PEACE.isoformat(), 1.0)


def test_the_peace_question_closes_the_day_after_the_separate_peace():
    sc = load("petrograd-1917-separate-peace")
    world = sc.model.build(sc.params.model_copy(update={"scale": 0.001})).init(np.random.default_rng(0)).world
    day = (PEACE - world.inputs.start).days
    assert open_questions(world, day)[0] == 1.0 and open_questions(world, day + 1)[0] == 0.0
