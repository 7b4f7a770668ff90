import datetime as dt

import pytest

from dualpower.core import InputError
from dualpower.scenarios import load

BASE = 'name = "base"\nmodel = "toy_model:Toy"\nsteps = 10\n[params]\nn = 20\ndrift = 0.02\n'


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_scenario_file_sets_model_params_and_steps(tmp_path):
    sc = load(_write(tmp_path, "base.toml", BASE))
    assert (sc.name, sc.steps, sc.params.n, sc.params.drift, sc.model.name) == ("base", 10, 20, 0.02, "toy")


def test_extends_merges_params_and_keeps_parent_values(tmp_path):
    _write(tmp_path, "base.toml", BASE)
    child = _write(tmp_path, "child.toml", f'extends = "{tmp_path / "base.toml"}"\n[params]\ndrift = 0.5\n')
    sc = load(child)
    assert (sc.name, sc.params.n, sc.params.drift, sc.steps) == ("child", 20, 0.5, 10)


def test_circular_extends_is_refused(tmp_path):
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text(f'extends = "{b}"\n')
    b.write_text(f'extends = "{a}"\n')
    with pytest.raises(InputError, match="circular"):
        load(a)


@pytest.mark.parametrize(
    "text, field, reason",
    [
        ("name = [", "", "malformed TOML"),
        (BASE + "colour = 1\n", "", "unknown"),
        (BASE.replace("n = 20", "n = -1"), "n", "greater than or equal to 1"),
        (BASE.replace("n = 20", "m = 1"), "m", "unknown parameter"),
        (BASE.replace("toy_model:Toy", "nosuch"), "model", "unknown model"),
        (BASE.replace("toy_model:Toy", "toy_model:Missing"), "model", "cannot import"),
        (BASE.replace("steps = 10", "steps = -3"), "steps", "must be an integer >= 0"),
        (BASE.replace("steps = 10", 'steps = "ten"'), "steps", "must be int"),
    ],
)
def test_bad_scenarios_name_file_field_and_reason(tmp_path, text, field, reason):
    path = _write(tmp_path, "bad.toml", text)
    with pytest.raises(InputError) as err:
        load(path)
    assert err.value.source == str(path)
    assert field in err.value.field or field in err.value.reason
    assert reason in err.value.line


def test_unknown_builtin_name_lists_known():
    with pytest.raises(InputError, match="unknown scenario"):
        load("atlantis-1917")


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load(tmp_path / "missing.toml")


@pytest.mark.parametrize(
    "text, field, reason",
    [
        (BASE.replace("steps = 10", "steps = 10\nseed = -1"), "seed", "must be an integer >= 0"),
        (BASE.replace("steps = 10", 'steps = 10\nfree = "n"'), "free", "must be a list"),
        (BASE.replace("[params]", 'inputs = "x"\n[params]'), "inputs", "must be a table"),
        ('name = "x"\nsteps = 3\n', "model", "missing"),
    ],
)
def test_scenario_file_shape_errors_are_one_line_naming_the_field(tmp_path, text, field, reason):
    path = _write(tmp_path, "bad.toml", text)
    with pytest.raises(InputError) as err:
        load(path)
    assert (err.value.source, err.value.field) == (str(path), field) and reason in err.value.reason


def test_dual_power_inputs_table_rejects_unknown_keys_and_wrong_types(tmp_path):
    from dualpower.scenarios import BUILTIN

    base = BUILTIN / "petrograd-1917.toml"
    for extra, field, reason in (('colour = "red"', "inputs.colour", "unknown input"),
                                 ("ns_offset_days = 1.5", "inputs.ns_offset_days", "must be int")):
        path = _write(tmp_path, "case.toml", f'extends = "{base}"\n[inputs]\n{extra}\n')
        with pytest.raises(InputError) as err:
            load(path)
        assert (err.value.field, err.value.reason) == (field, reason)


def test_a_scenario_extending_a_builtin_keeps_its_files_and_reads_its_own_beside_itself(tmp_path, monkeypatch):
    from dualpower.scenarios import BUILTIN

    mine = tmp_path / "mine"
    mine.mkdir()
    parties = (BUILTIN.parent / "data" / "petrograd-1917" / "parties.toml").read_text()
    (mine / "parties.toml").write_text(parties.replace('from = "SR"', 'from = "SR"\nfounded_os = "1917-11-05"'))
    plain = _write(mine, "plain.toml", 'extends = "petrograd-1917"\n')
    own = _write(mine, "own.toml", 'extends = "petrograd-1917"\n[inputs]\nparties = "parties.toml"\n')
    monkeypatch.chdir(tmp_path)
    builtin, a, b = load("petrograd-1917").model.inputs, load(plain).model.inputs, load(own).model.inputs
    assert a.foundings == builtin.foundings and a.parties.names == builtin.parties.names
    assert builtin.start + dt.timedelta(days=b.foundings[0].day) == dt.date(1917, 11, 5)
    assert b.classes.names == builtin.classes.names
