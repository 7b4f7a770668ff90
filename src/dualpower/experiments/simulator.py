"""A pure ``simulate(params, seed) -> dict of scalars`` for outside tools (EMA Workbench, pyABC, Optuna)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .. import api
from ..core import InputError
from ..scenarios import Scenario
from .runner import scenario_of


class ScalarSimulator:
    """A picklable callable: parameter values (and a seed) in, final scalars out.

    Calls take a dict (pyABC, Optuna), keyword arguments (EMA Workbench), or both.
    ``seed=None`` draws fresh entropy, as stochastic calibration expects.
    Returns the final value of each numeric metric, ``steps``, and, for models with
    outcomes, ``outcome`` (its type) and ``outcome_step``; ``outputs`` selects among them.
    """

    def __init__(
        self, scenario: str | Path | Scenario, outputs: Sequence[str] | None = None, steps: int | None = None
    ) -> None:
        self.scenario = scenario if isinstance(scenario, Scenario) else str(scenario)
        self.outputs = tuple(outputs) if outputs else None
        self.steps = steps

    def __call__(self, params: dict[str, Any] | None = None, seed: int | None = None, **values: Any) -> dict[str, Any]:
        sc = scenario_of(self.scenario)
        fresh = np.random.SeedSequence() if seed is None else seed
        res = api.simulate(sc, seed=fresh, steps=self.steps, params={**(params or {}), **values})
        ts = res.timeseries
        out = {c: ts.column(c)[-1].as_py() for c in ts.column_names if c != "step"}
        out = {k: v for k, v in out.items() if isinstance(v, (int, float))}
        out["steps"] = res.manifest["steps"]
        outcome = res.manifest.get("outcome") or {}
        if outcome:
            out["outcome"], out["outcome_step"] = outcome.get("type"), outcome.get("step")
        return self._select(out)

    def _select(self, out: dict[str, Any]) -> dict[str, Any]:
        if self.outputs is None:
            return out
        missing = [k for k in self.outputs if k not in out]
        if missing:
            raise InputError("outputs", missing[0], f"not produced (available: {', '.join(out)})")
        return {k: out[k] for k in self.outputs}


def scalar_simulator(
    scenario: str | Path | Scenario, outputs: Sequence[str] | None = None, steps: int | None = None
) -> ScalarSimulator:
    """A simulator for outside tools; see :class:`ScalarSimulator`."""
    return ScalarSimulator(scenario, outputs, steps)


def simulate(
    params: dict[str, Any],
    seed: int | None = None,
    *,
    scenario: str | Path | Scenario,
    outputs: Sequence[str] | None = None,
) -> dict[str, Any]:
    """One run of ``scenario`` with ``params``, reduced to a dict of final scalars."""
    return ScalarSimulator(scenario, outputs)(params, seed)
