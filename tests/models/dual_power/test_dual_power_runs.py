"""Whole runs at tiny scale: invariants, determinism, and every shipped scenario end to end."""

from __future__ import annotations

import ast
import hashlib
import importlib
import inspect
import pkgutil
import textwrap

import numba
import numpy as np
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import dualpower
from dualpower.core import Observer, make_rng, run
from dualpower.core.params import override
from dualpower.models.dual_power import kernels
from dualpower.models.dual_power.state import ACTIVE, DEAD, JAILED
from dualpower.scenarios import builtin_names, load

TINY = 0.002
OUTCOMES = {"council-power", "government-restoration", "military-dictatorship", "dual-power-persists"}


@pytest.fixture(scope="module")
def petrograd():
    return load("petrograd-1917")


def check_invariants(state, before) -> None:
    """Shares sum to 1, legitimacy in [0, 1], one condition per person, nobody created or revived."""
    p = state.people
    assert len(p.cls) == len(before.people.cls)
    assert np.all((p.lg >= 0) & (p.lg <= 1)) and np.all((p.ls >= 0) & (p.ls <= 1))
    for d in (p.peace, p.land, p.power):
        assert np.all((d >= 0) & (d <= 1))
    assert np.all((p.condition >= 0) & (p.condition <= DEAD))
    assert np.array_equal(p.condition == JAILED, p.jail > 0)
    assert not np.any((before.people.condition == DEAD) & (p.condition != DEAD))


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 2**32 - 1),
    frustration=st.floats(0.0, 0.05),
    hysteresis=st.floats(0.0, 0.5),
    threshold=st.floats(0.0, 0.6),
)
def test_invariants_hold_every_day(petrograd, seed, frustration, hysteresis, threshold):
    params = override(
        petrograd.params, {"scale": TINY, "frustration": frustration, "hysteresis": hysteresis, "threshold": threshold}
    )
    model, rng = petrograd.model, make_rng(seed)
    state = model.init(params, rng)
    for _ in range(40):
        nxt = model.step(state, params, rng)
        check_invariants(nxt, state)
        row = model.observe(nxt, params)
        shares = [row[f"allegiance_{a}"] for a in ("government", "neutral", "councils")]
        assert sum(shares) == pytest.approx(1.0)
        assert sum(v for k, v in row.items() if k.startswith("support_")) == pytest.approx(1.0)
        assert sum(v for k, v in row.items() if k.startswith("seats_")) == pytest.approx(1.0)
        alive = nxt.people.condition != DEAD
        assert row["active"] == pytest.approx((nxt.people.condition == ACTIVE).sum() / TINY)
        assert alive.sum() + (nxt.people.condition == DEAD).sum() == len(alive)
        state = nxt


def _digest(results, folder) -> str:
    results.write(folder)
    return "".join(
        hashlib.sha256((folder / f).read_bytes()).hexdigest()
        for f in ("timeseries.parquet", "events.parquet", "elections.parquet")
    )


def test_same_seed_gives_identical_parquet_bytes_and_another_seed_differs(petrograd, tmp_path):
    params = override(petrograd.params, {"scale": TINY})
    a = _digest(run(petrograd.model.build(params), 120, seed=7), tmp_path / "a")
    b = _digest(run(petrograd.model.build(params), 120, seed=7), tmp_path / "b")
    c = _digest(run(petrograd.model.build(params), 120, seed=8), tmp_path / "c")
    assert a == b
    assert a != c


@pytest.mark.skipif(numba.config.NUMBA_NUM_THREADS < 2, reason="one core: nothing to share out")
def test_outputs_do_not_depend_on_the_number_of_threads(petrograd, tmp_path, monkeypatch):
    params = override(petrograd.params, {"scale": 0.02})  # several shares of every parallel pass
    monkeypatch.setattr(kernels, "GRAIN", 1)  # a population this small would otherwise run on one thread
    threads = numba.get_num_threads()
    try:
        digests = []
        for n in (1, 2):
            numba.set_num_threads(n)
            digests.append(_digest(run(petrograd.model.build(params), 90, seed=7), tmp_path / str(n)))
    finally:
        numba.set_num_threads(threads)
    assert digests[0] == digests[1]


class ThreadsSeen(Observer):
    """Records how many threads the compiled loops may use while each step is observed."""

    def __init__(self) -> None:
        self.seen: set[int] = set()

    def observe(self, step, row, tables) -> None:
        self.seen.add(numba.get_num_threads())


@pytest.mark.skipif(numba.config.NUMBA_NUM_THREADS < 2 or not kernels.PARALLEL, reason="one thread in any case")
def test_a_small_population_runs_on_one_thread_and_the_setting_is_restored(petrograd, monkeypatch):
    threads = numba.get_num_threads()
    watcher = ThreadsSeen()
    results = run(petrograd.model.build(override(petrograd.params, {"scale": TINY})), 5, seed=1, observers=[watcher])
    assert results.manifest["agents"] < kernels.GRAIN and watcher.seen == {1}
    assert numba.get_num_threads() == threads
    monkeypatch.setattr(kernels, "GRAIN", 1)
    watcher = ThreadsSeen()
    run(petrograd.model.build(override(petrograd.params, {"scale": TINY})), 5, seed=1, observers=[watcher])
    assert watcher.seen == {threads}


def _compiled_functions():
    """Every Numba dispatcher defined in the package, by qualified name."""
    found = {}
    for info in pkgutil.walk_packages(dualpower.__path__, "dualpower."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if isinstance(obj, numba.core.registry.CPUDispatcher) and obj.__module__ == info.name:
                found[f"{info.name}.{name}"] = obj
    return found


def test_no_serial_compiled_function_calls_a_parallel_one():
    """A cached serial function that calls a parallel one crashes when loaded from Numba's cache before anything
    has started the threading layer (numba/numba#8578): parallel passes are dispatched from Python."""
    compiled, nested = _compiled_functions(), []
    for name, fn in compiled.items():
        if fn.targetoptions.get("parallel"):
            continue
        for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(fn.py_func)))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                callee = fn.py_func.__globals__.get(node.func.id)
                if isinstance(callee, numba.core.registry.CPUDispatcher) and callee.targetoptions.get("parallel"):
                    nested.append(f"{name} calls {node.func.id}")
    assert len(compiled) > 20
    assert nested == []


@pytest.mark.parametrize("name", [n for n in builtin_names() if n.startswith(("petrograd-1917", "dual-power"))])
def test_every_scenario_runs_to_its_end_with_the_output_contract(name, tmp_path):
    sc = load(name)
    params = override(sc.params, {"scale": TINY})
    results = run(sc.model.build(params), sc.steps, seed=3, scenario=sc.name)
    results.write(tmp_path / "out")
    ts = pq.read_table(tmp_path / "out" / "timeseries.parquet")
    for col in (
        "step",
        "date_os",
        "date_ns",
        "allegiance_government",
        "allegiance_councils_worker",
        "legitimacy_government_mean",
        "active",
        "jailed",
        "dead",
        "red_guard",
        "force_government",
        "force_councils",
        "seats_Bolshevik",
        "support_SR",
        "members_Kadet",
        "claims_power",
    ):
        assert col in ts.column_names
    assert ts.num_rows == sc.steps + 1
    assert results.manifest["outcome"]["type"] in OUTCOMES
    assert pq.read_table(tmp_path / "out" / "events.parquet").column_names == ["step", "date_os", "type", "detail"]
    assert set(pq.read_table(tmp_path / "out" / "elections.parquet").column_names) >= {
        "election",
        "date_os",
        "party",
        "share",
        "historical",
    }


def test_dates_carry_old_and_new_style(petrograd):
    params = override(petrograd.params, {"scale": TINY})
    ts = run(petrograd.model.build(params), 1, seed=1).timeseries.to_pylist()
    assert (ts[0]["date_os"], ts[0]["date_ns"]) == ("1917-03-01", "1917-03-14")
