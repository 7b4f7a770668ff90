"""Parameter metadata for the dashboard: controls follow the types, labels and groups for every parameter."""

from __future__ import annotations

from dualpower.scenarios import builtin_names, load
from dualpower.web.meta import GROUPS, KEY, LABELS, param_rows, presets


def rows(name: str) -> dict[str, dict]:
    return {r["name"]: r for r in param_rows(load(name))}


def test_controls_follow_the_parameter_types():
    cv = rows("civil-violence")
    assert (cv["variant"]["kind"], cv["variant"]["choices"]) == ("choice", ["paper", "netlogo", "mesa"])
    assert (cv["legitimacy_drop_to"]["kind"], cv["legitimacy_drop_to"]["optional"]) == ("number", True)
    assert cv["width"]["kind"] == "integer" and cv["movement"]["kind"] == "boolean"
    assert cv["legitimacy"]["unit"] == ""


def test_every_builtin_parameter_has_a_label_and_a_known_group():
    for name in builtin_names():
        for r in rows(name).values():
            assert r["group"] != "Other", (name, r["name"])
            assert r["label"] and r["label"] != r["name"]


def test_every_labelled_name_is_a_parameter_of_a_builtin_model():
    names = {n for b in builtin_names() for n in rows(b)}
    labelled = {n for group in GROUPS.values() for n in group} | set(LABELS) | set(KEY)
    assert labelled - names == set()


def test_key_parameters_include_the_scenario_free_ones_and_the_scale():
    pg = rows("petrograd-1917")
    keys = {n for n, r in pg.items() if r["key"]}
    assert {"scale", "agitation", "hysteresis"} <= keys and len(keys) < len(pg) / 3


def test_the_quick_preset_is_small_scale_and_full_is_the_scenario():
    quick, full = presets(load("petrograd-1917"))
    assert quick["params"] == {"scale": 0.01} and full["params"] == {} and full["steps"] == 259
    quick_cv, _ = presets(load("civil-violence"))
    assert quick_cv["params"] == {} and quick_cv["steps"] <= 200
