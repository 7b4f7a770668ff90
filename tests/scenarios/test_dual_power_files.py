"""The dual-power data files: unknown keys and wrong types are one-line errors naming the field;
provenance keys (source, note, confidence, *_source, *_confidence) are free; data that do not add
up fail with InputError(file, field, reason) before any simulation."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pytest

from dualpower.cli import main
from dualpower.core import InputError, make_rng
from dualpower.core.params import override
from dualpower.models.dual_power import model as model_module
from dualpower.models.dual_power.inputs import WING
from dualpower.scenarios import BUILTIN, load

DATA = Path(str(BUILTIN)).parent / "data" / "petrograd-1917"


@pytest.fixture
def case(tmp_path) -> Path:
    shutil.copytree(DATA, tmp_path / "data")
    text = (Path(str(BUILTIN)) / "petrograd-1917.toml").read_text().replace("../data/petrograd-1917/", "data/")
    (tmp_path / "case.toml").write_text(text)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    "file, old, new, field, reason",
    [
        ("classes.toml", "count = 392000", "count = 392000\ncolourz = 1", "class[worker].colourz", "unknown key"),
        ("classes.toml", "armed = false", 'armed = "no"', "class[worker].armed", "must be true or false"),
        ("parties.toml", "agitation = 1.0", 'agitation = "high"', "party[Kadet].agitation", "must be a number"),
        ("units.toml", "total_plants = 958", 'total_plants = "many"', "plants.total_plants", "must be int"),
        ("units.toml", 'seats = "per-unit"', 'seats = "per-unit"\nfloors = 3', "kind[0].floors", "unknown key"),
        (
            "events.toml",
            "weights = { Kadet = 0.9, SR = 0.1 }",
            'weights = "most"',
            "cabinet[0].weights",
            "must be a table",
        ),
        ("events.toml", "bread_reference = 1.5", "bread_reference = 1.5\nharvest = 2", "harvest", "unknown key"),
        ("elections.toml", "[[election]]", "[[election]]\nturnout = 0.7", "election[0].turnout", "unknown key"),
        ("districts.toml", "[[district]]", "mayor = 1\n\n[[district]]", "mayor", "unknown key"),
        ("parties.toml", 'colour = "#2f5d8c"', 'colour = "blue"', "party[0].colour", "should match pattern"),
        ("parties.toml", 'bloc = "liberal"', 'bloc = "centre"', "party[0].bloc", "'radical', 'moderate'"),
        ("districts.toml", "polygon = [[318, 20],", "polygon = [[318],", "district[0].polygon[0]", "at least 2"),
    ],
)
def test_shape_errors_name_file_field_and_reason(case, file, old, new, field, reason):
    edit(case / "data" / file, old, new)
    with pytest.raises(InputError) as err:
        load(case / "case.toml")
    assert err.value.source.endswith(file) and err.value.field == field and reason in err.value.reason


def test_provenance_keys_are_free(case):
    edit(case / "data" / "classes.toml", "count = 392000", 'count = 392000\nnote = "x"\ncount_confidence = "A"')
    assert load(case / "case.toml").model.inputs.classes.counts[0] == 392000


def test_command_line_exits_2_with_one_line(case, tmp_path, capsys):
    edit(case / "data" / "units.toml", "total_plants = 958", "total_plants = 9.5")
    rc = main(["run", str(case / "case.toml"), "--scale", "0.001", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 2 and "plants.total_plants: must be int" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()


def fails(case: Path, file: str, field: str, reason: str) -> None:
    with pytest.raises(InputError) as err:
        load(case / "case.toml")
    assert err.value.source.endswith(file) and field in err.value.field and reason in err.value.reason


def test_negative_head_count(case):
    edit(case / "data" / "classes.toml", "count = 392000", "count = -5")
    fails(case, "classes.toml", "class[worker].count", "non-negative")


def test_district_shares_that_do_not_add_up(case):
    edit(case / "data" / "districts.toml", "worker = 18", "worker = 19")
    fails(case, "districts.toml", "district.worker", "sum to 101")


def test_unknown_party_in_a_cabinet(case):
    edit(
        case / "data" / "events.toml",
        "weights = { Kadet = 0.9, SR = 0.1 }",
        "weights = { Kadet = 0.9, Octobrist = 0.1 }",
    )
    fails(case, "events.toml", "cabinet[0].weights.Octobrist", "unknown party")


def test_event_date_out_of_range(case):
    edit(case / "data" / "events.toml", 'date_os = "1917-04-04"', 'date_os = "1918-04-04"')
    fails(case, "events.toml", "line[0].date_os", "outside")


def test_more_parties_than_the_model_can_code(case):
    path = case / "data" / "parties.toml"
    block = path.read_text().split("[[party]]")[1]
    extra = "".join("[[party]]" + block.replace('name = "Kadet"', f'name = "List {k}"', 1) for k in range(64))
    path.write_text(path.read_text() + "\n" + extra)
    fails(case, "parties.toml", "party", "at most 63")


def test_a_line_for_an_unknown_party(case):
    edit(case / "data" / "events.toml", 'party = "Bolshevik"', 'party = "Trudovik"')
    fails(case, "events.toml", "line[0].party", "unknown party")


def test_a_command_with_an_unknown_stance(case):
    edit(case / "data" / "events.toml", 'stance = "own"', 'stance = "neutral"')
    fails(case, "events.toml", "command.stance", "'own' or 'government'")


def test_negative_rifle_stocks(case):
    edit(case / "data" / "events.toml", "arsenal_rifles = 60000", "arsenal_rifles = -1")
    fails(case, "events.toml", "arms.arsenal_rifles", "within")


def test_cabinets_out_of_order(case):
    edit(case / "data" / "events.toml", 'date_os = "1917-05-05"', 'date_os = "1917-03-01"')
    fails(case, "events.toml", "cabinet.date_os", "out of order")


def test_driver_dates_out_of_order(case):
    edit(case / "data" / "drivers.csv", "1917-07-10", "1917-06-10")
    fails(case, "drivers.csv", "date_os", "increasing")


def test_platform_outside_the_unit_cube(case):
    edit(case / "data" / "parties.toml", "platform = [0.05, 0.1, 0.0]", "platform = [0.05, 1.1, 0.0]")
    fails(case, "parties.toml", "party[Kadet].platform", "[0, 1]")


def test_seats_with_no_units(case):
    edit(case / "data" / "classes.toml", "count = 20000", "count = 0")
    fails(case, "units.toml", "kind[crew].seats", "no units")


def test_a_policy_that_ends_before_it_starts(case):
    edit(case / "data" / "events.toml", 'until_os = "1917-05-04"', 'until_os = "1917-04-01"')
    fails(case, "events.toml", "policy[1].until_os", "ends before")


def test_a_scale_that_cannot_fit_in_memory_is_refused_with_the_estimate(monkeypatch):
    sc = load("petrograd-1917")
    monkeypatch.setattr(model_module.psutil, "virtual_memory", lambda: type("M", (), {"available": 10 * 2**20})())
    with pytest.raises(InputError) as err:
        sc.model.init(override(sc.params, {"scale": 1.0}), make_rng(0))
    assert err.value.field == "scale" and "GiB" in err.value.reason


LEFT_SR_MEMBERS = "members = 0\nfrom"
LINE = '[[line]]\ndate_os = "{}"\nparty = "LeftSR"\nplatform = [1, 1, 1]\n\n[command]'
DATED = 'from = "SR"\nfounded_os = "{}"'


@pytest.mark.parametrize(
    "file, old, new, field, reason",
    [
        ("parties.toml", 'from = "SR"', DATED.format("1918-01-01"), "party[LeftSR].founded_os",
         "outside 1917-03-01..1917-11-15"),
        ("parties.toml", 'from = "SR"', DATED.format("1917-03-01"), "party[LeftSR].founded_os", "start date"),
        ("parties.toml", 'from = "SR"', DATED.format("soon"), "party[LeftSR].founded_os", "must be a date"),
        ("parties.toml", 'from = "SR"', 'from = "Trudovik"', "party[LeftSR].from", "unknown party"),
        ("parties.toml", 'from = "SR"', 'from = "LeftSR"', "party[LeftSR].from", "unknown party or itself"),
        ("parties.toml", 'from = "SR"', 'founded_os = "1917-10-16"\nreplaces = true', "party[LeftSR].replaces",
         "needs from"),
        ("parties.toml", 'from = "SR"', 'from = "SR"\nreplaces = true', "party[LeftSR].replaces",
         "needs founded_os"),
        ("parties.toml", LEFT_SR_MEMBERS, "members = 10\nfrom", "party[LeftSR].members", "must be 0"),
        ("events.toml", "weights = { Kadet = 0.4, SR = 0.3, Menshevik = 0.3 }",
         "weights = { Kadet = 0.4, SR = 0.3, LeftSR = 0.3 }", "cabinet[3].weights.LeftSR",
         "LeftSR is not on offer on 1917-09-25"),
        ("events.toml", "[command]", LINE.format("1917-10-01"), "line[1].date_os", "not on offer on 1917-10-01"),
        ("events.toml", "[command]", LINE.format("1917-10-16"), "line[1].date_os",
         "not on offer on 1917-10-16 (a line follows its founding day)"),
        ("elections.toml", "Other = 0.110 }", "Other = 0.110, LeftSR = 0.01 }", "election[0].historical.LeftSR",
         "not on offer on 1917-06-01"),
        ("elections.toml", 'date_os = "1917-06-01"', 'date_os = "1917-06-01"\nboycott = ["Anarchist"]',
         "election[0].boycott", "unknown party"),
        ("elections.toml", 'date_os = "1917-06-01"', 'date_os = "1917-06-01"\nboycott = ["LeftSR"]',
         "election[0].boycott", "LeftSR is not on offer on 1917-06-01"),
        ("elections.toml", 'date_os = "1917-06-01"', 'date_os = "1917-06-01"\nboycott = "Bolshevik"',
         "election[0].boycott", "must be a list"),
        ("elections.toml", 'date_os = "1917-06-01"', 'date_os = "1917-06-01"\nmeets_os = "1917-05-20"',
         "election[0].meets_os", "cannot meet before it is elected (1917-06-01)"),
        ("elections.toml", 'date_os = "1917-06-01"', 'date_os = "1917-06-01"\nmeets_os = "1918-01-05"',
         "election[0].meets_os", "outside 1917-03-01..1917-11-15"),
    ],
)
def test_foundings_and_boycotts_are_checked(case, file, old, new, field, reason):
    edit(case / "data" / file, old, new)
    fails(case, file, field, reason)


def test_a_party_cannot_come_from_one_founded_after_it(case):
    edit(case / "data" / "parties.toml", 'from = "SR"', 'from = "Other"')
    edit(case / "data" / "parties.toml", "members = 1000", 'members = 0\nfounded_os = "1917-11-01"')
    fails(case, "parties.toml", "party[LeftSR].from", "Other is not on offer when LeftSR is founded")


def test_a_wing_has_no_day_a_dated_founding_has_its_own_and_a_line_follows_it(case):
    inputs = load(case / "case.toml").model.inputs
    (founding,) = inputs.foundings
    names = inputs.parties.names
    read = (names[founding.party], names[founding.parent], founding.replaces, founding.day)
    assert read == ("LeftSR", "SR", False, WING)
    edit(case / "data" / "parties.toml", 'from = "SR"', DATED.format("1917-10-16"))
    (founding,) = load(case / "case.toml").model.inputs.foundings
    assert inputs.start + dt.timedelta(days=founding.day) == dt.date(1917, 10, 16)
    assert founding.parent == names.index("SR")
    edit(case / "data" / "elections.toml", 'date_os = "1917-06-01"', 'date_os = "1917-06-01"\nboycott = ["Kadet"]')
    edit(case / "data" / "parties.toml", 'from = "SR"\n', "")
    inputs = load(case / "case.toml").model.inputs
    assert inputs.elections[0].boycott == (names.index("Kadet"),) and inputs.foundings[0].parent == -1
    edit(case / "data" / "events.toml", "[command]", LINE.format("1917-10-16"))
    fails(case, "events.toml", "line[1].date_os", "not on offer on 1917-10-15 (a line follows its founding day)")


def test_a_bad_founding_exits_2_with_one_line(case, tmp_path, capsys):
    edit(case / "data" / "parties.toml", 'from = "SR"', 'from = "Trudovik"')
    rc = main(["run", str(case / "case.toml"), "--scale", "0.001", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 2 and "party[LeftSR].from: unknown party" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("name", ["petrograd-1917", "moscow-1917", "berlin-1918"])
def test_each_case_places_every_class_in_its_districts_and_every_district_has_people(name):
    inp = load(name).model.inputs
    assert inp.district_shares.shape == (len(inp.district_names), len(inp.classes.names))
    np.testing.assert_allclose(inp.district_shares.sum(axis=0), 1.0)
    people = inp.district_shares * inp.classes.counts[None, :]
    assert people.sum() == pytest.approx(inp.classes.counts.sum())
    assert np.all(people.sum(axis=1) > 0)
