"""Our mesa variant reproduces Mesa's own example statistically (same parameters, many seeds).

The reference numbers come from ``benchmarks/mesa_reference.py`` (Mesa is a bench extra and
is not needed here): per-seed means of the active and jailed shares over steps 100-500.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from dualpower.core import run
from dualpower.models.civil_violence import CivilViolence, CivilViolenceParams

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "mesa_civil_violence_reference.json"
TOLERANCE = 0.002  # absolute share; allowance beyond sampling error


@pytest.fixture(scope="module")
def mesa() -> dict:
    return json.loads(REFERENCE.read_text())


@pytest.fixture(scope="module")
def ours(mesa: dict) -> dict[str, np.ndarray]:
    params = CivilViolenceParams(**mesa["params"], variant="mesa")
    lo, hi = mesa["window"]
    stats: dict[str, list[float]] = {"active_share": [], "jailed_share": [], "peak_active_share": []}
    for seed in range(len(mesa["seeds"])):
        t = run(CivilViolence().build(params), mesa["steps"], seed=1000 + seed).timeseries.to_pydict()
        citizens = t["active"][0] + t["quiet"][0] + t["jailed"][0]
        active = np.array(t["active"][lo : hi + 1]) / citizens
        stats["active_share"].append(active.mean())
        stats["jailed_share"].append(np.mean(t["jailed"][lo : hi + 1]) / citizens)
        stats["peak_active_share"].append(active.max())
    return {k: np.array(v) for k, v in stats.items()}


@pytest.mark.parametrize("statistic", ["active_share", "jailed_share", "peak_active_share"])
def test_mesa_variant_agrees_with_mesa_within_sampling_error(mesa: dict, ours: dict, statistic: str) -> None:
    theirs = mesa["statistics"][statistic]
    mine = ours[statistic]
    se = np.hypot(mine.std(ddof=1) / np.sqrt(mine.size), theirs["se"])
    assert abs(mine.mean() - theirs["mean"]) < 3 * se + TOLERANCE
