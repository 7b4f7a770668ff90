"""Scale consistency: thinning the population changes sampling noise, not behaviour."""

from __future__ import annotations

import numpy as np
import pytest

from dualpower.core import run, spawn
from dualpower.core.params import override
from dualpower.models.dual_power.groups import shrunk
from dualpower.scenarios import load

SEPTEMBER_1 = 184
RUNS = 4


def test_shrinkage_is_the_raw_mean_without_pool_and_the_group_mean_with_a_large_one():
    sums = np.array([[2.0], [0.0], [9.0]])
    sizes = np.array([2.0, 2.0, 10.0])
    group = np.array([0, 0, 1])
    assert shrunk(sums, sizes, group, 0.0)[:, 0].tolist() == [1.0, 0.0, 0.9]
    assert np.allclose(shrunk(sums, sizes, group, 1e9)[:, 0], [0.5, 0.5, 0.9])


def test_shrunk_estimates_of_a_tiny_unit_stay_near_its_group():
    sums = np.zeros((10, 1))
    sums[0] = 1.0
    sizes = np.ones(10)
    est = shrunk(sums, sizes, np.zeros(10, np.int64), 30.0)[:, 0]
    assert np.all(np.abs(est - 0.1) < 0.04)


def ensemble(scale: float) -> dict[str, np.ndarray]:
    """Bolshevik seat share and support on 1 September, and the June vote, over a few runs."""
    sc = load("petrograd-1917")
    params = override(sc.params, {"scale": scale})
    out: dict[str, list[float]] = {"seats": [], "support": [], "june": []}
    for seed in spawn(7, RUNS):
        res = run(sc.model.build(params), SEPTEMBER_1, seed=seed)
        ts, el = res.timeseries.to_pydict(), res.tables["elections"].to_pydict()
        out["seats"].append(ts["seats_Bolshevik"][-1])
        out["support"].append(ts["support_Bolshevik"][-1])
        june = [s for e, p, s in zip(el["election"], el["party"], el["share"]) if p == "Bolshevik" and "interim" in e]
        out["june"].append(june[0])
    return {k: np.array(v) for k, v in out.items()}


@pytest.mark.parametrize("key, tolerance", [("seats", 0.15), ("support", 0.06), ("june", 0.06)])
def test_key_outputs_agree_between_scales_within_their_spread(key, tolerance, small_and_larger):
    small, larger = small_and_larger
    spread = max(np.ptp(small[key]), np.ptp(larger[key]))
    assert abs(np.median(small[key]) - np.median(larger[key])) <= tolerance + spread


@pytest.fixture(scope="module")
def small_and_larger():
    return ensemble(0.005), ensemble(0.015)
