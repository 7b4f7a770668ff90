"""berlin-1918: a case with the opposite outcome, built from Berlin's inputs on Petrograd's behaviour.

The scenario loads on the Gregorian calendar; its inputs add up (population, classes over districts,
plants); every figure carries a source and a grade; it runs from the CLI at a tiny scale to its end
and holds every Berlin election on its date; and no election result is a model input (the shares are
only ``historical`` values in elections.toml and one check target in targets.toml).

Berlin's class rows carry copies of Petrograd's behavioural numbers, and its party agitation strengths
are copied from Petrograd's parties by role (``AGITATION_AS``). When Petrograd's are re-tuned the copies
drift; a test warns, and

    .venv/bin/python tests/scenarios/test_berlin_scenario.py --sync

re-copies them.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tomllib
import warnings
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from dualpower.cli import main
from dualpower.core import InputError
from dualpower.scenarios import BUILTIN, load
from test_moscow_scenario import CLASS_BEHAVIOUR, _sync_file  # same copy rule and re-copy tool as moscow-1917

DATA = Path(str(BUILTIN)).parent / "data"
BERLIN, PETROGRAD = DATA / "berlin-1918", DATA / "petrograd-1917"
TINY = 0.002
GRADES = {"A", "B", "C", "U", "A/B", "B/C"}
AGITATION_AS = {"SPD": "SR", "USPD": "Menshevik", "Spartakus": "Bolshevik", "KPD": "Bolshevik", "DDP": "Kadet",
                "Zentrum": "Kadet", "DNVP": "Kadet", "DVP": "Kadet"}
PARTY_AS_ROLE = ("agitation", "recruitment")
ELECTIONS = {"national-assembly-berlin": "1919-01-19", "prussian-assembly-berlin": "1919-01-26",
             "berlin-city-council": "1919-02-23"}


def _toml(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def berlin():
    return load("berlin-1918")


def test_scenario_loads_with_berlin_inputs_and_petrograd_behaviour(berlin):
    petrograd = load("petrograd-1917")
    inp = berlin.model.inputs
    assert berlin.name == "berlin-1918" and berlin.free == ()
    assert inp.start.isoformat() == "1918-11-09" and inp.ns_offset == 0      # Gregorian: no Old Style offset
    assert berlin.steps == 142 and inp.days > berlin.steps
    assert "Wedding" in inp.district_names and "Vyborg" not in inp.district_names
    assert inp.parties.names[inp.parties.radical] == "Spartakus"
    assert inp.command.stance == "government"  # Ebert-Groener: the command backs the government
    assert inp.targets is not None and inp.targets.parent.name == "berlin-1918"
    mine, theirs = berlin.params.model_dump(), petrograd.params.model_dump()
    assert {k: v for k, v in mine.items() if k != "scale"} == {k: v for k, v in theirs.items() if k != "scale"}


def test_population_is_the_city_of_berlin(berlin):
    c = berlin.model.inputs.classes
    counts = dict(zip(c.names, c.counts.tolist()))
    assert sum(counts.values()) == 1_902_509                                  # census of 8 October 1919
    assert 250_000 <= counts["worker"] <= 450_000
    assert 1_000 <= counts["sailor"] <= 3_500                                 # People's Navy Division
    assert "cadet" not in counts and "cossack" not in counts


def test_every_figure_has_a_source_and_a_grade():
    for row in _toml(BERLIN / "classes.toml")["class"]:
        assert row["count_source"] and row["count_confidence"] in GRADES, row["name"]
        assert row["source"], row["name"]
    for row in _toml(BERLIN / "parties.toml")["party"]:
        assert row["members_source"] and row["source"], row["name"]
        assert "founded_os" not in row or row["founded_source"], row["name"]
    for row in _toml(BERLIN / "districts.toml")["district"]:
        assert row["source"], row["name"]
    units = _toml(BERLIN / "units.toml")
    assert units["plants"]["source"] and all(k["source"] for k in units["kind"])
    events = _toml(BERLIN / "events.toml")
    assert all(r["source"] for r in events["cabinet"]) and events["order_1"]["source"]
    assert events["command"]["source"] and events["arms"]["source"]
    assert all(r["source"] for r in events["line"] + events["policy"])
    for row in _toml(BERLIN / "elections.toml")["election"]:
        assert row["source"] and row["confidence"] in GRADES, row["name"]
        assert row["boycott"] == ["KPD"] and row["boycott_source"] and row["boycott_confidence"] in GRADES
    for row in _toml(BERLIN / "targets.toml")["target"]:
        assert row["source"] and row["confidence"] in GRADES, row["id"]
    drivers = (BERLIN / "drivers.csv").read_text(encoding="utf-8").splitlines()
    assert drivers[0].endswith(",source") and all(line.rsplit(",", 1)[-1].strip('"') for line in drivers[1:])
    readme = (BERLIN / "README.md").read_text(encoding="utf-8")
    for name in ELECTIONS:
        assert name in readme


def test_plants_match_the_inputs(berlin):
    from dualpower.models.dual_power.population import blueprint

    inp = berlin.model.inputs
    bp = blueprint(inp)
    w = inp.classes.names.index("worker")
    plants = bp.size[bp.plant & (bp.cls == w)]
    assert plants.sum() == inp.classes.counts[w]
    assert len(plants) == inp.plants.total and (plants >= inp.plants.big_min).sum() == inp.plants.big
    assert plants.max() == pytest.approx(inp.plants.largest, rel=0.01)    # the largest AEG works, rounding aside


def test_cabinets_follow_the_record(berlin):
    inp = berlin.model.inputs
    names = inp.parties.names
    by_date = {(inp.start + dt.timedelta(days=day)).isoformat(): dict(zip(names, w)) for day, _, w in inp.cabinets}
    assert by_date["1918-11-10"]["SPD"] == pytest.approx(0.5) and by_date["1918-11-10"]["USPD"] == pytest.approx(0.5)
    assert by_date["1918-12-29"]["SPD"] == pytest.approx(1.0)                  # the USPD leaves on 29 December
    assert set(by_date) == {"1918-11-10", "1918-12-29", "1919-02-13"}


def test_the_uspd_turns_its_supporters_against_the_cabinet_it_left(berlin):
    from dualpower.core import make_rng
    from dualpower.models.dual_power.legitimacy import sanction
    from dualpower.models.dual_power.state import evolve

    inp = berlin.model.inputs
    state = berlin.model.init(berlin.params.model_copy(update={"scale": TINY}), make_rng(1))
    (_, _, both), (left, _, alone) = inp.cabinets[:2]
    assert inp.start + dt.timedelta(days=left) == dt.date(1918, 12, 29)
    uspd, spd = inp.parties.names.index("USPD"), inp.parties.names.index("SPD")

    def lent(day: int, cabinet: np.ndarray) -> np.ndarray:
        today = evolve(state, day=day, polity=evolve(state.polity, cabinet=cabinet))
        return sanction(today, 0.15, 0.25)[0]

    assert (lent(left - 1, both)[:, uspd] == 0.0).all()
    assert lent(left, alone)[:, uspd] == pytest.approx(-0.25)        # the break's amount, not a partner's
    assert (lent(left, alone)[:, spd] >= 0.0).all()


@pytest.mark.parametrize("case", ["petrograd-1917", "moscow-1917", "berlin-1918"])
def test_only_a_case_with_a_broken_coalition_feels_the_breaks_sanction(case):
    """No party leaves a Petrograd or Moscow cabinet, so ``break_sanction`` cannot change their runs; in
    Berlin the USPD's supporters grant the government less after 29 December the more it takes."""
    from dualpower import simulate

    def run(amount: float):
        r = simulate(case, seed=3, scale=TINY, break_sanction=amount)
        return r.timeseries.to_pandas()

    low, high = run(0.0), run(0.5)
    if case != "berlin-1918":
        assert low.equals(high)
        return
    before = low.date_os < "1918-12-29"
    assert low[before].equals(high[before])                       # the same history until the USPD leaves
    lg = "legitimacy_government_mean"
    jan = low.date_os == "1919-01-05"
    assert float(high.loc[jan, lg].iloc[0]) < float(low.loc[jan, lg].iloc[0])


def test_the_uspd_calls_its_supporters_out_once_it_has_left_the_cabinet_unless_repressed(berlin):
    from dualpower.core import make_rng
    from dualpower.models.dual_power.government import calls
    from dualpower.models.dual_power.state import evolve

    inp = berlin.model.inputs
    state = berlin.model.init(berlin.params.model_copy(update={"scale": TINY}), make_rng(1))
    (_, _, both), (left, _, alone) = inp.cabinets[:2]
    uspd = inp.parties.names.index("USPD")
    pol = evolve(state.polity, g=state.polity.g)

    def called(day: int, cabinet: np.ndarray, **change) -> bool:
        return bool(calls(evolve(pol, cabinet=cabinet, **change), state.world, berlin.params, day)[uspd])

    assert not called(left - 1, both)                                   # in the cabinet: it does not call
    assert called(left, alone)                                          # out of it, claiming power: it calls
    refusing = pol.platforms.copy()
    refusing[uspd, 2] = 0.3
    assert not called(left, alone, platforms=refusing)                  # a line that refuses power: no break
    repressed = pol.repressed_until.copy()
    repressed[uspd] = left + 10
    assert not called(left, alone, repressed_until=repressed)           # its agitation cut: no call


def test_bread_prices_and_closures_follow_the_sources(berlin):
    d = berlin.model.inputs.drivers
    start = berlin.model.inputs.start

    def on(date: str) -> int:
        return (dt.date.fromisoformat(date) - start).days

    assert d.bread_shortfall[on("1918-12-01")] > d.bread_shortfall[on("1918-12-02")]   # 1,950 g then 2,350 g a week
    assert d.price_rise[on("1919-01-15")] == pytest.approx(253 / 245 - 1, abs=1e-3)      # the Reich index, Jan 1919
    rates = [d.closures[on(x)] for x in ("1918-11-20", "1918-12-15", "1919-01-15", "1919-02-15", "1919-03-15")]
    assert rates == sorted(rates) and rates[-1] > 5 * rates[0]                          # layoffs grow all winter


def test_army_arms_lines_and_the_armistice_are_conditions_not_events(berlin):
    inp = berlin.model.inputs
    assert inp.command.strength == 30_000 and inp.command.stance == "government"     # Ebert-Groener, 10 November
    assert inp.arms.factory > 0 and inp.arms.arsenal > 0
    names = inp.parties.names
    lines = {((inp.start + dt.timedelta(days=day)).isoformat(), names[p]): plat for day, p, plat in inp.lines}
    assert set(lines) == {("1919-01-05", "USPD")}                                # the Revolutionary Committee
    assert lines["1919-01-05", "USPD"][2] > 0.5
    [(start, until, _, policy)] = inp.policies
    assert (inp.start + dt.timedelta(days=start)).isoformat() == "1918-11-11" and until == berlin.steps  # armistice
    assert policy == {"peace": 1.0}


@pytest.mark.parametrize(("case", "swap", "events", "stances"), [
    ("berlin-1918", "berlin-1918-own-command", "events-own-command.toml", ("government", "own")),
    ("petrograd-1917", "petrograd-1917-loyal-command", "events-loyal-command.toml", ("own", "government")),
])
def test_swapped_commands_change_only_the_stance(case, swap, events, stances):
    """Each swap's events file is its case's with the command's stance replaced, and nothing else."""
    base, swapped = load(case).model.inputs, load(swap).model.inputs
    assert (base.command.stance, swapped.command.stance) == stances
    assert base.command.strength == swapped.command.strength and base.arms == swapped.arms
    mine, theirs = _toml(DATA / case / "events.toml"), _toml(DATA / case / events)
    assert mine["command"].pop("stance") != theirs["command"].pop("stance")
    assert mine == theirs


def test_runs_from_the_cli_and_holds_every_election_on_its_date(tmp_path):
    out = tmp_path / "out"
    assert main(["run", "berlin-1918", "--scale", str(TINY), "--seed", "5", "--quiet", "--out", str(out)]) == 0
    ts = pq.read_table(out / "timeseries.parquet").to_pydict()
    assert ts["date_os"][0] == "1918-11-09" and ts["date_os"][-1] == "1919-03-31"
    assert ts["date_ns"] == ts["date_os"]                                     # one calendar
    assert {"seats_SPD", "seats_USPD", "seats_Spartakus", "seats_KPD", "councils_share_wedding"} <= set(ts)
    founded = ts["date_os"].index("1918-12-30")
    assert max(ts["support_KPD"][:founded] + ts["support_Spartakus"][founded:] + ts["seats_Spartakus"][founded:]) == 0
    rows = pq.read_table(out / "elections.parquet").to_pylist()
    assert {(r["election"], r["date_os"]) for r in rows} == set(ELECTIONS.items())
    expected = {e["name"]: e["historical"] for e in _toml(BERLIN / "elections.toml")["election"]}
    for name in ELECTIONS:
        mine = [r for r in rows if r["election"] == name]
        assert sum(r["share"] for r in mine) == pytest.approx(1.0)
        assert "Spartakus" not in {r["party"] for r in mine}                     # no longer on offer
        for r in mine:
            if r["party"] in expected[name]:
                assert r["historical"] == pytest.approx(expected[name][r["party"]])
            else:
                assert r["party"] == "KPD" and np.isnan(r["historical"]) and r["share"] == 0.0  # it boycotted


def test_no_election_result_is_a_model_input():
    for row in _toml(BERLIN / "elections.toml")["election"]:
        provenance = {"confidence", "source", "boycott_confidence", "boycott_source", "meets_source"}
        assert set(row) <= {"name", "date_os", "historical", "boycott", "meets_os"} | provenance, row["name"]
    targets = _toml(BERLIN / "targets.toml")["target"]
    assert {t["kind"] for t in targets} <= {"outcome", "bound", "state", "election", "event", "peak", "rise"}
    for path in sorted(BERLIN.glob("*.toml")):
        if path.name not in ("elections.toml", "targets.toml"):
            assert "historical" not in path.read_text(encoding="utf-8"), path.name
    scenario = _toml(Path(str(BUILTIN)) / "berlin-1918.toml")
    assert scenario["free"] == [] and "params" not in scenario              # nothing fitted, nothing overridden


def test_a_cabinet_cannot_weight_a_party_that_leaves_the_menu_while_it_is_in_office(tmp_path):
    shutil.copytree(BERLIN, tmp_path / "data")
    text = (Path(str(BUILTIN)) / "berlin-1918.toml").read_text().replace("../data/berlin-1918/", "data/")
    (tmp_path / "case.toml").write_text(text)
    events = tmp_path / "data" / "events.toml"
    events.write_text(events.read_text().replace("weights = { SPD = 1.0 }", "weights = { SPD = 0.9, Spartakus = 0.1 }"))
    with pytest.raises(InputError) as err:
        load(tmp_path / "case.toml")
    assert err.value.field == "cabinet[1].weights.Spartakus" and "not on offer on 1919-02-12" in err.value.reason


def _drift() -> list[str]:
    out = []
    p_cls = {r["name"]: r for r in _toml(PETROGRAD / "classes.toml")["class"]}
    for row in _toml(BERLIN / "classes.toml")["class"]:
        ref = p_cls[row["name"]]
        out += [f"class {row['name']}.{k}: {row[k]} != {ref[k]}" for k in CLASS_BEHAVIOUR if row[k] != ref[k]]
    p_par = {r["name"]: r for r in _toml(PETROGRAD / "parties.toml")["party"]}
    for row in _toml(BERLIN / "parties.toml")["party"]:
        ref = p_par[AGITATION_AS[row["name"]]]
        out += [f"party {row['name']}.{k}: {row[k]} != {ref[k]}" for k in PARTY_AS_ROLE if row[k] != ref[k]]
    return out


def test_behaviour_copies_match_petrograd():
    """Warns (does not fail) when Petrograd's class behaviour, party agitation or recruitment changed since the copy."""
    drift = _drift()
    if drift:
        warnings.warn("berlin-1918 behaviour differs from petrograd-1917 (re-copy with "
                      "`python tests/scenarios/test_berlin_scenario.py --sync`): " + "; ".join(drift), stacklevel=1)


def sync() -> None:
    """Re-copy Petrograd's class behaviour and (by role) party agitation and recruitment into Berlin's tables."""
    _sync_file(BERLIN / "classes.toml", "class", {r["name"]: r for r in _toml(PETROGRAD / "classes.toml")["class"]},
               CLASS_BEHAVIOUR, {})
    parties = {r["name"]: r for r in _toml(PETROGRAD / "parties.toml")["party"]}
    _sync_file(BERLIN / "parties.toml", "party", {k: parties[v] for k, v in AGITATION_AS.items()}, PARTY_AS_ROLE, {})
    left = _drift()
    print("in sync" if not left else "still differs: " + "; ".join(left))


if __name__ == "__main__" and "--sync" in sys.argv:
    sync()

