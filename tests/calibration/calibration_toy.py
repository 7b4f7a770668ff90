"""A tiny stochastic model whose statistics pin its two parameters, for calibration tests."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dualpower.core import Model, Params, Results, param

SCENARIO = """\
name = "coin"
model = "calibration_toy:Coin"
description = "Binomial joins and Poisson incidents."
steps = 20
free = ["p", "rate"]
[params]
n = 200
"""

TARGETS = """\
[[target]]
id = "join-share"
kind = "ratio"
value = {share}
tolerance = 0.02
confidence = "A"

[[target]]
id = "incidents"
kind = "ratio"
value = {incidents}
tolerance = 0.5
confidence = "B"
"""


class CoinParams(Params):
    n: int = param(200, ge=1, le=100_000, unit="agents", help="Agents.")
    p: float = param(0.5, ge=0.0, le=1.0, unit="1/step", help="Chance an agent joins in a step.", free=True)
    rate: float = param(2.0, ge=0.0, le=10.0, unit="1/step", help="Mean incidents per step.", free=True)


@dataclass(frozen=True)
class CoinState:
    joined: int
    incidents: int


class Coin(Model):
    name = "coin"
    params_type = CoinParams

    def init(self, params, rng):
        return CoinState(0, 0)

    def step(self, state, params, rng):
        return CoinState(int(rng.binomial(params.n, params.p)), int(rng.poisson(params.rate)))

    def observe(self, state, params):
        return {"joined": state.joined, "incidents": state.incidents}


def summarise(results: Results) -> dict[str, float]:
    """Mean share joined per step and mean incidents per step (step 0 excluded)."""
    ts = results.timeseries
    n = results.manifest["parameters"]["n"]
    joined = np.asarray(ts.column("joined"))[1:]
    incidents = np.asarray(ts.column("incidents"))[1:]
    return {"join-share": float(joined.mean() / n), "incidents": float(incidents.mean())}
