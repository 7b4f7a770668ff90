"""Priors come from each free parameter's documented plausible range, else from its bounds."""

import pytest

from dualpower.calibration.priors import priors_for
from dualpower.core.params import table
from dualpower.models.dual_power.params import DualPowerParams
from dualpower.scenarios import load


def test_coin_priors_span_the_bounds_when_no_prior_is_given(coin_scenario):
    priors = {p.name: (p.low, p.high) for p in priors_for(load(coin_scenario))}
    assert priors == {"p": (0.0, 1.0), "rate": (0.0, 10.0)}


def test_petrograd_priors_are_the_documented_plausible_ranges_and_hold_the_defaults():
    sc = load("petrograd-1917")
    rows = {r["name"]: r for r in table(DualPowerParams)}
    priors = priors_for(sc)
    assert {p.name for p in priors} == set(sc.free)
    for p in priors:
        assert [p.low, p.high] == rows[p.name]["prior"]
        assert p.low <= getattr(sc.params, p.name) <= p.high, p.name


def test_a_posterior_carried_by_few_particles_is_not_called_identified():
    import numpy as np
    import pandas as pd

    from dualpower.calibration.priors import Prior
    from dualpower.calibration.summary import effective_sample_size, parameter_table

    assert effective_sample_size(np.full(50, 0.02)) == pytest.approx(50.0)
    assert effective_sample_size(np.array([0.98, 0.01, 0.01])) < 1.1
    values = pd.DataFrame({"x": np.linspace(0.0, 1.0, 200)})
    prior = (Prior("x", 0.0, 1.0),)
    spread = parameter_table(values, np.full(200, 1 / 200), prior)["x"]
    assert spread["verdict"] == "not identified"
    one = np.r_[1.0 - 199e-9, np.full(199, 1e-9)]
    degenerate = parameter_table(values, one, prior)["x"]
    assert degenerate["q95"] - degenerate["q05"] < 0.01 and degenerate["verdict"].startswith("not converged")
