"""ABC-SMC recovers the parameters that generated synthetic data."""

import numpy as np
from calibration_toy import summarise
from conftest import TRUE

from dualpower.calibration.abc import run_abc
from dualpower.calibration.distance import term_for
from dualpower.calibration.priors import priors_for
from dualpower.calibration.problem import Problem, Settings
from dualpower.calibration.summary import weighted_quantiles
from dualpower.scenarios import load, read_toml


def test_abc_posterior_90_interval_contains_the_true_parameters(coin_scenario, coin_targets, tmp_path):
    sc = load(coin_scenario)
    terms = tuple(term_for(t) for t in read_toml(coin_targets)["target"])
    problem = Problem(str(coin_scenario), priors_for(sc), terms, summarise, seed=3)
    samples, weights, generations = run_abc(problem, Settings(budget=1000, population=50, seed=3), tmp_path)
    assert np.isclose(weights.sum(), 1.0)
    assert len(generations) >= 3
    for name, true in TRUE.items():
        lo, hi = weighted_quantiles(samples[name].to_numpy(), weights, (0.05, 0.95))
        prior = next(p for p in problem.priors if p.name == name)
        assert lo <= true <= hi, (name, lo, hi)
        assert hi - lo < 0.5 * prior.width, (name, lo, hi)
