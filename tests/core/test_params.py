import pytest

from dualpower.core import InputError
from dualpower.core.params import build, override, parse_assignments, table
from toy_model import ToyParams


def test_override_converts_strings_and_validates_bounds():
    p = override(ToyParams(), {"n": "7", "drift": "0.25"})
    assert p.n == 7 and p.drift == 0.25
    with pytest.raises(InputError) as err:
        override(ToyParams(), {"drift": "2"})
    assert err.value.field == "drift" and "less than or equal to 1" in err.value.reason


def test_override_rejects_unknown_and_mistyped_keys():
    with pytest.raises(InputError, match="unknown parameter") as err:
        override(ToyParams(), {"drfit": "0.1"})
    assert err.value.field == "drfit"
    with pytest.raises(InputError) as err:
        override(ToyParams(), {"n": "many"})
    assert err.value.field == "n"


def test_cross_field_validation_names_the_fields():
    with pytest.raises(InputError, match="share_a \\+ share_b"):
        build(ToyParams, {"share_a": 0.6, "share_b": 0.6}, "file.toml")


def test_params_are_frozen():
    with pytest.raises(Exception):
        ToyParams().n = 3


def test_parse_assignments_requires_key_value():
    assert parse_assignments(["a=1", " b = x=y "]) == {"a": "1", "b": "x=y"}
    with pytest.raises(InputError, match="expected key=value"):
        parse_assignments(["novalue"])


def test_table_lists_bounds_units_and_help():
    rows = {r["name"]: r for r in table(ToyParams)}
    assert rows["drift"]["ge"] == -1.0 and rows["drift"]["le"] == 1.0
    assert rows["n"]["unit"] == "agents" and rows["n"]["help"] == "Number of agents."
    assert list(rows) == ["n", "drift", "bar", "share_a", "share_b"]


def test_input_error_survives_pickling_across_processes():
    import pickle

    err = pickle.loads(pickle.dumps(InputError("a.toml", "n", "too big")))
    assert (err.source, err.field, err.reason, err.line) == ("a.toml", "n", "too big", "a.toml: n: too big")


def test_prior_is_recorded_and_must_lie_inside_the_bounds():
    from dualpower.core import Params, param

    class WithPrior(Params):
        rate: float = param(0.1, ge=0.0, le=1.0, free=True, prior=(0.05, 0.3), posterior=(0.08, 0.12))
        other: float = param(0.5, ge=0.0, le=1.0, free=True)

    rows = {r["name"]: r for r in table(WithPrior)}
    assert rows["rate"]["prior"] == [0.05, 0.3] and rows["other"]["prior"] is None
    assert rows["rate"]["posterior"] == [0.08, 0.12] and rows["other"]["posterior"] is None
    with pytest.raises(ValueError, match="posterior"):
        param(0.5, ge=0.0, le=1.0, posterior=(0.6, 0.4))
    with pytest.raises(ValueError, match="inside"):
        param(0.5, ge=0.0, le=1.0, prior=(0.5, 2.0))
    with pytest.raises(ValueError, match="inside"):
        param(0.5, ge=0.0, le=1.0, prior=(0.4, 0.4))
