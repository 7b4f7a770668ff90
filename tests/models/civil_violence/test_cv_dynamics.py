"""Epstein's qualitative results and the engine's guarantees, on the civil-violence model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import dualpower
from dualpower.core import make_rng, run
from dualpower.models.civil_violence import CivilViolence, CivilViolenceParams
from dualpower.models.civil_violence.state import ACTIVE, COP

OUTBURST = 50  # actives; Epstein's threshold for an outburst


def actives(params: CivilViolenceParams, steps: int, seed: int) -> np.ndarray:
    return np.array(run(CivilViolence().build(params), steps, seed=seed).timeseries["active"].to_pylist())


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mesa_defaults_give_punctuated_outbursts(seed: int) -> None:
    a = actives(CivilViolenceParams(), 500, seed)[100:]
    starts = np.flatnonzero((a[1:] >= OUTBURST) & (a[:-1] < OUTBURST))
    assert len(starts) >= 2, "rebellion should break out repeatedly"
    assert (a >= OUTBURST).mean() < 0.25, "outbursts should not be permanent"
    assert np.median(a) < OUTBURST / 2, "between outbursts the lattice should be quiet"


def test_one_jump_in_legitimacy_gives_a_far_higher_peak_than_salami_slices() -> None:
    drop = {"legitimacy": 0.9, "legitimacy_drop_to": 0.7, "legitimacy_drop_step": 77}
    jump = CivilViolenceParams(**drop)
    salami = CivilViolenceParams(**drop, legitimacy_decrement=0.01)
    jump_peaks = np.array([actives(jump, 200, s)[77:].max() for s in range(3)])
    salami_peaks = np.array([actives(salami, 200, s)[77:].max() for s in range(3)])
    assert (jump_peaks > salami_peaks).all()
    assert jump_peaks.mean() > 1.8 * salami_peaks.mean()


@pytest.mark.parametrize("variant", ["mesa", "netlogo", "paper"])
def test_without_cops_exactly_the_citizens_with_grievance_over_threshold_turn_active(variant: str) -> None:
    params = CivilViolenceParams(cop_density=0.0, variant=variant, legitimacy=0.7, max_jail_term=5)
    model = CivilViolence()
    rng = make_rng(3)
    state = model.step(model.init(params, rng), params, rng)
    a = state.agents
    grievance = a.hardship.astype(np.float64) * (1 - params.legitimacy)
    assert not (a.condition == COP).any()
    np.testing.assert_array_equal(a.condition == ACTIVE, grievance > params.active_threshold)
    assert model.observe(state, params)["active"] == int((grievance > params.active_threshold).sum()) > 0


def parquet_bytes(seed: int, folder: Path) -> bytes:
    out = folder / f"run-{seed}-{len(list(folder.iterdir()))}"
    dualpower.simulate("civil-violence", seed=seed, steps=60).write(out)
    return (out / "timeseries.parquet").read_bytes()


def test_same_seed_gives_identical_parquet_and_another_seed_differs(tmp_path: Path) -> None:
    first, again, other = parquet_bytes(5, tmp_path), parquet_bytes(5, tmp_path), parquet_bytes(6, tmp_path)
    assert first == again
    assert first != other


def test_step_leaves_the_given_state_untouched() -> None:
    params = CivilViolenceParams(width=20, height=20)
    model = CivilViolence()
    rng = make_rng(1)
    before = model.init(params, rng)
    kept = {k: v.copy() for part in (before.agents, before.lattice) for k, v in vars(part).items()}
    after = model.step(before, params, rng)
    for part in (before.agents, before.lattice):
        for name, array in vars(part).items():
            np.testing.assert_array_equal(array, kept[name])
    assert after.step == before.step + 1
    moved = after.agents.cell != before.agents.cell[after.agents.ident]
    assert moved.any()


def test_metrics_count_every_citizen_once() -> None:
    res = dualpower.simulate("civil-violence", seed=2, steps=30)
    t = res.timeseries.to_pydict()
    totals = {a + q + j for a, q, j in zip(t["active"], t["quiet"], t["jailed"])}
    assert len(totals) == 1
    assert set(t["cops"]) == {t["cops"][0]} and t["cops"][0] > 0
    assert res.manifest["agents"] == totals.pop() + t["cops"][0]
