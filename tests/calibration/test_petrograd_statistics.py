"""The statistics of every petrograd-1917 target can be read from one small run."""

import math

import pytest

from dualpower.api import simulate
from dualpower.calibration.distance import term_for
from dualpower.calibration.statistics import TargetStatistics
from dualpower.calibration.workflow import read_targets
from dualpower.scenarios import builtin_names, resolve

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif("petrograd-1917" not in builtin_names(), reason="scenario not shipped"),
]


def test_every_target_gets_its_statistics_from_a_run():
    path = resolve("petrograd-1917").parent.parent / "data" / "petrograd-1917" / "targets.toml"
    targets = read_targets(path)
    stats = TargetStatistics(tuple(targets))(simulate("petrograd-1917", seed=1, scale=0.005))
    keys = {k for t in targets for k in term_for(t).keys}
    assert set(stats) == keys
    assert all(math.isfinite(stats[k]) for k in keys if k.startswith("duma-"))
    assert 0.0 <= stats["spring-moderate-majority"] <= 1.0
