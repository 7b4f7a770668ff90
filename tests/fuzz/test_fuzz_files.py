"""Generated scenario, --params and experiment-spec files: each works or is refused with exit 2 and one line
naming the file; never a traceback, never a file touched outside --out."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from fuzzkit import (
    FUZZ,
    HERE,
    LIMITS,
    assert_clean_outcome,
    cli,
    keys,
    scalars,
    snapshot,
    toml_doc,
    toml_value,
    touched_outside,
    values,
)
from hypothesis import given
from hypothesis import strategies as st

TOY_PARAMS = ("n", "drift", "bar", "share_a", "share_b")
SCENARIO_KEYS = ("name", "model", "description", "steps", "seed", "extends", "params", "inputs", "free")
MODELS = st.sampled_from(
    ["toy_model:Toy", "toy_model:Toy", "toy_model:Toy", "toy_model:Nope", "civil-violence", "", "os:sep"]
)
GOOD_PARAMS = st.dictionaries(
    st.sampled_from(TOY_PARAMS), st.one_of(st.integers(1, 200), st.floats(0.0, 0.4)), max_size=3
)
PARAM_VALUES = st.dictionaries(
    st.sampled_from(TOY_PARAMS + ("nn",)), st.one_of(st.integers(1, 200), st.floats(-0.5, 1.5), scalars()), max_size=4
)


@pytest.fixture(autouse=True)
def small_limits(monkeypatch):
    for k, v in LIMITS.items():
        monkeypatch.setenv(k, v)


def scenario_docs() -> st.SearchStrategy:
    base = st.fixed_dictionaries(
        {"model": MODELS, "steps": st.one_of(st.integers(0, 6), st.integers(0, 6), scalars())},
        optional={
            "params": st.one_of(GOOD_PARAMS, GOOD_PARAMS, PARAM_VALUES, values(1)),
            "seed": st.one_of(st.integers(0, 9), scalars()),
            "free": st.one_of(st.lists(st.sampled_from(TOY_PARAMS + ("zz",)), max_size=2), scalars()),
            "name": scalars(),
            "extends": st.one_of(st.sampled_from(["civil-violence", "x.toml"]), scalars()),
            "inputs": values(1),
        },
    )
    plausible = st.fixed_dictionaries(
        {"model": st.just("toy_model:Toy"), "steps": st.integers(0, 6), "params": GOOD_PARAMS},
        optional={"seed": st.integers(0, 2**70), "name": st.text(max_size=8)},
    )
    return st.one_of(
        plausible.map(toml_doc),
        base.map(toml_doc),
        st.dictionaries(keys(SCENARIO_KEYS), values(), max_size=5).map(toml_doc),
        st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    )


def _in_tmp(body):
    """Run ``body(folder)`` in a fresh folder and check nothing outside ``folder/out`` changed."""
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        before = snapshot(folder)
        body(folder, before)


@FUZZ
@given(doc=scenario_docs())
def test_scenario_files(doc):
    def body(folder, _):
        path = folder / "sc.toml"
        path.write_text(doc, encoding="utf-8", errors="surrogateescape")
        before = snapshot(folder)
        rc, err = cli("run", str(path), "-q", "--no-report", "--out", str(folder / "out"))
        assert_clean_outcome(rc, err, (str(path), str(folder), "scenario: "))
        assert touched_outside(before, snapshot(folder), "out") == []
        assert (folder / "out").exists() == (rc == 0)

    _in_tmp(body)


@FUZZ
@given(
    data=st.one_of(
        st.fixed_dictionaries({"params": st.one_of(GOOD_PARAMS, PARAM_VALUES, values(1))}),
        GOOD_PARAMS,
        PARAM_VALUES,
        st.dictionaries(keys(("params",) + TOY_PARAMS), values(), max_size=4),
    )
)
def test_params_files(data):

    def body(folder, _):
        path = folder / "p.toml"
        path.write_text(toml_doc(data))
        before = snapshot(folder)
        scenario = HERE / "toy.toml"
        rc, err = cli(
            "run",
            str(scenario),
            "--steps",
            "3",
            "-q",
            "--no-report",
            "--params",
            str(path),
            "--out",
            str(folder / "out"),
        )
        assert_clean_outcome(rc, err, (str(path), str(folder), "scenario: "))
        assert touched_outside(before, snapshot(folder), "out") == []

    _in_tmp(body)


SPEC_KEYS = (
    "name",
    "description",
    "scenario",
    "seed",
    "repetitions",
    "common_random_numbers",
    "set",
    "vary",
    "sample",
    "metrics",
    "stop",
    "output",
)
COUNTER = ("size", "rate", "noise", "pause")


def spec_docs() -> st.SearchStrategy:
    ranges = st.fixed_dictionaries({"first": scalars(), "step": scalars(), "last": scalars()})
    vary = st.dictionaries(
        st.sampled_from(COUNTER + ("zz",)),
        st.one_of(st.lists(st.integers(1, 9), max_size=3), ranges, scalars()),
        max_size=2,
    )
    sample = st.fixed_dictionaries(
        {},
        optional={
            "method": st.sampled_from(["sobol", "lhs", "random", "salib-morris", "x"]),
            "n": st.one_of(st.integers(1, 4), scalars()),
            "bounds": st.dictionaries(
                st.sampled_from(COUNTER + ("zz",)), st.lists(st.floats(), min_size=2, max_size=2), max_size=2
            ),
            "seed": scalars(),
            "methd": scalars(),
        },
    )
    metrics = st.fixed_dictionaries(
        {},
        optional={
            "keep": st.one_of(st.just("all"), st.lists(st.sampled_from(["level", "top", "x"]), max_size=2)),
            "every": scalars(),
            "final_only": scalars(),
            "kep": scalars(),
        },
    )
    stop = st.fixed_dictionaries(
        {},
        optional={
            "steps": st.one_of(st.integers(0, 8), scalars()),
            "when": st.one_of(st.sampled_from(["level > 2", "top >= 1e9", "bogus"]), scalars()),
            "stpes": scalars(),
        },
    )
    output = st.fixed_dictionaries(
        {}, optional={"metric": st.sampled_from(["level", "x"]), "at": scalars(), "outcome": scalars()}
    )
    base = st.fixed_dictionaries(
        {"scenario": st.sampled_from(["counter.toml"] * 4 + ["nope.toml", "civil-violence", ""])},
        optional={
            "seed": scalars(),
            "repetitions": st.one_of(st.integers(1, 3), scalars()),
            "common_random_numbers": scalars(),
            "set": st.dictionaries(st.sampled_from(COUNTER), st.one_of(st.integers(1, 5), scalars()), max_size=2),
            "vary": vary,
            "sample": sample,
            "metrics": metrics,
            "stop": stop,
            "output": output,
        },
    )
    return st.one_of(
        base.map(toml_doc), base.map(toml_doc), st.dictionaries(keys(SPEC_KEYS), values(), max_size=5).map(toml_doc)
    )


@FUZZ
@given(doc=spec_docs())
def test_experiment_specs(doc):
    from exp_toys import write_scenario

    def body(folder, _):
        write_scenario(folder)
        path = folder / "spec.toml"
        path.write_text(doc)
        before = snapshot(folder)
        rc, err = cli("sweep", str(path), "--out", str(folder / "out"), "--executor", "serial", "-q")
        assert_clean_outcome(rc, err, (str(path), str(folder), "scenario: "))
        assert touched_outside(before, snapshot(folder), "out") == []

    _in_tmp(body)


def test_toml_writer_round_trips():
    import tomllib

    doc = {"a": 1, "b": [1.5, "x"], "t": {"k": True, "nested": {"z": -2}}}
    assert tomllib.loads(toml_doc(doc)) == doc and toml_value(float("inf")) == "inf"
