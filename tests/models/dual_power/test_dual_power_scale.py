"""Scale consistency: thinning the population changes sampling noise, not behaviour."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from dualpower.core import run, spawn
from dualpower.core.params import override
from dualpower.models.dual_power.groups import consistent, consistent_estimates, dense, rows_of
from dualpower.models.dual_power.population import unit_consistent
from dualpower.scenarios import load

SEPTEMBER_1 = 184
RUNS = 4


def test_initial_units_and_their_members_vary_as_the_real_ones_whatever_the_sample():
    sizes = np.array([4] * 2000)
    units = SimpleNamespace(start=np.arange(0, 8000, 4), size=sizes)
    z = np.random.default_rng(1).standard_normal(8000, dtype=np.float32)
    out = unit_consistent(z, units, np.full(2000, 400))
    means = out.reshape(2000, 4).mean(axis=1)
    assert abs(means.var() - 1 / 400) < 0.0005
    raw = z - np.repeat(z.reshape(2000, 4).mean(axis=1), 4)
    assert np.allclose(out - np.repeat(means, 4), raw * np.sqrt(399 / 400 * 4 / 3), atol=1e-5)
    assert abs(out.var() - 1.0) < 0.05 and abs(raw.var() - 0.75) < 0.05
    assert np.array_equal(unit_consistent(z, units, sizes), z)


def test_a_unit_of_one_sampled_person_keeps_its_draw():
    units = SimpleNamespace(start=np.array([0, 1]), size=np.array([1, 3]))
    z = np.array([1.5, 0.2, -0.4, 0.8], np.float32)
    out = unit_consistent(z, units, np.array([300, 300]))
    assert out[0] == np.float32(1.5) and not np.allclose(out[1:], z[1:])


def test_groups_are_numbered_densely_in_ascending_order_as_np_unique_numbers_them():
    group = np.random.default_rng(2).choice([3, 7, 8, 40, 41, 199], size=500)
    assert np.array_equal(dense(group), np.unique(group, return_inverse=True)[1])
    assert dense(np.array([], np.int64)).size == 0


def test_sampled_votes_keep_the_real_electorates_noise_and_full_scale_is_the_raw_count():
    sums = np.array([[3.0, 1.0], [1.0, 3.0], [0.0, 0.0], [9.0, 1.0]])
    sizes = sums.sum(axis=1)
    group = np.array([7, 7, 7, 2])
    full = consistent(sums, sizes, rows_of(group, np.ones(4)))
    assert np.allclose(full, [[0.75, 0.25], [0.25, 0.75], [0.5, 0.5], [0.9, 0.1]])
    quarter = consistent(sums, sizes, rows_of(group, np.full(4, 0.25)))
    assert np.allclose(quarter[:3], [[0.625, 0.375], [0.375, 0.625], [0.5, 0.5]])
    assert np.allclose(quarter[3], [0.9, 0.1])
    apart = np.array([[90.0, 10.0], [10.0, 90.0]])
    kept = consistent(apart, apart.sum(axis=1), rows_of(np.array([0, 0]), np.full(2, 0.25)))
    assert kept[0, 0] > 0.89 and kept[1, 0] < 0.11


def test_sampled_rows_that_vary_less_than_their_sampling_noise_show_no_real_difference():
    alike = np.array([[5.0, 5.0], [6.0, 4.0], [4.0, 6.0], [5.0, 5.0]])
    sizes = alike.sum(axis=1)
    thinned = consistent(alike, sizes, rows_of(np.zeros(4, np.int64), np.full(4, 0.1)))
    assert np.allclose(thinned, 0.5)
    assert np.allclose(consistent(alike, sizes, rows_of(np.zeros(4, np.int64), np.ones(4))), alike / 10)


def test_sampled_unit_means_keep_the_real_spread_and_full_scale_is_the_raw_mean():
    rng = np.random.default_rng(3)
    real_means = rng.normal(0.5, 0.05, 400)
    values = np.repeat(real_means, 4) + rng.normal(0.0, 0.2, 1600)
    unit = np.repeat(np.arange(400), 4)
    sums = np.bincount(unit, weights=values)[:, None]
    squares = np.bincount(unit, weights=values**2)[:, None]
    sizes, group = np.full(400, 4.0), np.zeros(400, np.int64)
    raw = sums[:, 0] / 4
    none = np.zeros((400, 0))
    assert np.allclose(consistent_estimates(sums, squares, none, sizes, rows_of(group, np.ones(400)))[0][:, 0], raw)
    thinned = consistent_estimates(sums, squares, none, sizes, rows_of(group, np.full(400, 0.02)))[0][:, 0]
    assert raw.var() > 0.01 and abs(thinned.var() - 0.05**2) < 0.001
    assert np.corrcoef(thinned, real_means)[0, 1] > 0.3


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
