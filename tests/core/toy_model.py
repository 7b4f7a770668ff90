"""A tiny model for engine tests: agents random-walk a level; an event fires on crossing a bar."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from pydantic import model_validator

from dualpower.core import Model, Params, param


class ToyParams(Params):
    n: int = param(100, ge=1, le=10_000_000, unit="agents", help="Number of agents.")
    drift: float = param(0.01, ge=-1.0, le=1.0, unit="1/step", help="Mean step of the level.")
    bar: float = param(0.5, ge=0.0, le=10.0, help="Mean level that ends the run.")
    share_a: float = param(0.3, ge=0.0, le=1.0, help="A share.")
    share_b: float = param(0.3, ge=0.0, le=1.0, help="Another share.")

    @model_validator(mode="after")
    def _shares(self):
        if self.share_a + self.share_b > 1:
            raise ValueError("share_a + share_b must not exceed 1")
        return self


@dataclass(frozen=True)
class ToyState:
    level: np.ndarray
    crossed: bool = False
    fired: bool = False


class Toy(Model):
    name = "toy"
    params_type = ToyParams

    def init(self, params, rng):
        return ToyState(level=np.zeros(params.n))

    def step(self, state, params, rng):
        level = state.level + params.drift + 0.01 * rng.standard_normal(state.level.size)
        crossed = bool(level.mean() >= params.bar)
        return replace(state, level=level, crossed=crossed, fired=crossed and not state.crossed)

    def observe(self, state, params):
        return {"mean": float(state.level.mean()), "above": int((state.level > 0).sum())}

    def emit(self, state, params):
        return {"events": [{"type": "crossed", "detail": "bar"}] if state.fired else []}

    def table_schemas(self):
        return {"events": {"type": "str", "detail": "str"}}

    def done(self, state, params):
        return state.crossed

    def summary(self, state, params):
        return {"outcome": {"type": "crossed" if state.crossed else "none"}}

    def agent_count(self, state):
        return int(state.level.size)
