"""Granovetter's (1978) threshold model of collective behaviour.

Each person joins a riot once at least ``threshold`` others riot. Starting from nobody, the
number rioting after a round is the number whose threshold is at most the number rioting
before it; the run stops at the equilibrium, where that number no longer changes. Granovetter's
example: thresholds 0, 1, 2, ..., 99 make all 100 riot; give the person with threshold 1 a
threshold of 2 instead and only the instigator riots.

Source: Granovetter, M. (1978). Threshold models of collective behavior. American Journal of
Sociology 83(6), 1420-1443.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

import numpy as np

from ...core import Metric, Model, Params, metric, param

GRANOVETTER = "Granovetter 1978, Am. J. Sociol. 83:1420"


class GranovetterParams(Params):
    """Population, threshold distribution, and one optional change to a single person's threshold."""

    n: int = param(
        100, ge=1, le=100_000_000, unit="people", help="Population.", source=GRANOVETTER, label="Population",
        group="Crowd",
    )
    distribution: Literal["uniform", "normal"] = param(
        "uniform",
        unit="",
        help="uniform: thresholds 0, 1, ..., n-1; normal: drawn, rounded, at least 0.",
        source=GRANOVETTER,
        label="Threshold distribution",
        group="Thresholds",
    )
    mean: float = param(
        0.25, ge=0.0, le=10.0, unit="share of n", help="Mean threshold (normal).", source=GRANOVETTER,
        label="Mean threshold", group="Thresholds",
    )
    sd: float = param(
        0.1, ge=0.0, le=10.0, unit="share of n", help="Threshold spread (normal).", source=GRANOVETTER,
        label="Threshold spread", group="Thresholds",
    )
    replace_threshold: int = param(
        -1,
        ge=-1,
        le=100_000_000,
        unit="people",
        help="Give one person with this threshold another (-1: none).",
        source=GRANOVETTER,
        label="Replace the threshold",
        group="One changed person",
    )
    replacement: int = param(
        0, ge=0, le=100_000_000, unit="people", help="The threshold given instead.", source=GRANOVETTER,
        label="New threshold", group="One changed person",
    )


class Crowd(NamedTuple):
    """Sorted thresholds (drawn once per run) and the number rioting now and one round before."""

    thresholds: np.ndarray
    rioting: int
    before: int
    step: int


def thresholds(params: GranovetterParams, rng: np.random.Generator) -> np.ndarray:
    """Each person's threshold, sorted, with the one replacement applied."""
    if params.distribution == "uniform":
        t = np.arange(params.n, dtype=np.int64)
    else:
        t = np.maximum(np.rint(rng.normal(params.mean * params.n, params.sd * params.n, params.n)), 0).astype(np.int64)
    hit = np.flatnonzero(t == params.replace_threshold)
    if hit.size:
        t[hit[0]] = params.replacement
    return np.sort(t)


class Granovetter(Model):
    """Thresholds in, the equilibrium number of rioters out."""

    name = "granovetter"
    params_type = GranovetterParams

    def init(self, params: GranovetterParams, rng: np.random.Generator) -> Crowd:
        return Crowd(thresholds(params, rng), 0, -1, 0)

    def step(self, state: Crowd, params: GranovetterParams, rng: np.random.Generator) -> Crowd:
        """Everyone whose threshold the current crowd meets riots next round."""
        joined = int(np.searchsorted(state.thresholds, state.rioting, side="right"))
        return Crowd(state.thresholds, joined, state.rioting, state.step + 1)

    def observe(self, state: Crowd, params: GranovetterParams) -> dict[str, float | int]:
        return {
            "rioting": state.rioting,
            "rioting_share": state.rioting / params.n,
            "joined": state.rioting - max(state.before, 0),
        }

    def metrics(self, params: GranovetterParams) -> list[Metric]:
        return [
            metric("rioting", "Rioting", "people", "count", "people rioting after the round"),
            metric("rioting_share", "Share rioting", "share", "share", "share of the population rioting"),
            metric("joined", "Joined this round", "people", "count", "people who joined in the round"),
        ]

    def done(self, state: Crowd, params: GranovetterParams) -> bool:
        """Equilibrium: the last round changed nothing."""
        return state.rioting == state.before

    def summary(self, state: Crowd, params: GranovetterParams) -> dict[str, Any]:
        settled = state.rioting == state.before
        return {
            "outcome": {
                "type": "equilibrium" if settled else "still-spreading",
                "step": state.step,
                "rioting": state.rioting,
            }
        }

    def agent_count(self, state: Crowd) -> int:
        return int(state.thresholds.size)
