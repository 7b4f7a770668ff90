"""Priors come from each free parameter's documented plausible range, else from its bounds."""

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
