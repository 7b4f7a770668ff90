"""Tiny models for experiment tests: a noisy counter that can be made to fail, and Ishigami's function."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from dualpower.core import Model, Params, param

HERE = Path(__file__).resolve().parent


class CounterParams(Params):
    size: int = param(8, ge=1, le=10_000, help="Number of agents.")
    rate: float = param(1.0, ge=0.0, le=100.0, help="Mean increment per step.")
    noise: float = param(0.5, ge=0.0, le=10.0, help="Spread of increments.")
    fail_above: float = param(1e9, ge=0.0, help="A run raises when rate exceeds this.")
    pause: float = param(0.0, ge=0.0, le=1.0, unit="s", help="Wall time slept per step, to slow runs down.")


@dataclass(frozen=True)
class CounterState:
    levels: np.ndarray
    t: int = 0


class Counter(Model):
    name = "counter"
    params_type = CounterParams

    def init(self, params, rng):
        return CounterState(levels=rng.random(params.size))

    def step(self, state, params, rng):
        if params.rate > params.fail_above:
            raise RuntimeError(f"rate {params.rate} too high")
        time.sleep(params.pause)
        inc = params.rate + params.noise * rng.standard_normal(state.levels.size)
        return replace(state, levels=state.levels + inc, t=state.t + 1)

    def observe(self, state, params):
        return {"level": float(state.levels.mean()), "top": float(state.levels.max()), "t": state.t}

    def summary(self, state, params):
        kind = "high" if state.levels.mean() > 5 * params.rate else "low"
        return {"outcome": {"type": kind, "date_os": f"1917-{1 + state.t % 12:02d}-01", "step": state.t}}

    def agent_count(self, state):
        return int(state.levels.size)


class IshigamiParams(Params):
    x1: float = param(0.0, ge=-math.pi, le=math.pi)
    x2: float = param(0.0, ge=-math.pi, le=math.pi)
    x3: float = param(0.0, ge=-math.pi, le=math.pi)


class Ishigami(Model):
    name = "ishigami"
    params_type = IshigamiParams

    def init(self, params, rng):
        return 0

    def step(self, state, params, rng):
        return state + 1

    def observe(self, state, params):
        return {"y": ishigami(params.x1, params.x2, params.x3)}


def ishigami(x1, x2, x3, a=7.0, b=0.1):
    return float(np.sin(x1) + a * np.sin(x2) ** 2 + b * x3**4 * np.sin(x1))


def write_scenario(folder: Path, model: str = "Counter", steps: int = 6, params: str = "size = 8") -> Path:
    """A scenario file for one of the toy models (importable as exp_toys:<model>)."""
    path = folder / f"{model.lower()}.toml"
    path.write_text(f'name = "{model.lower()}"\nmodel = "exp_toys:{model}"\nsteps = {steps}\n[params]\n{params}\n')
    return path


def write_spec(folder: Path, body: str, scenario: Path | None = None) -> Path:
    """A spec file over the counter scenario (or ``scenario``)."""
    scenario = scenario or write_scenario(folder)
    path = folder / "spec.toml"
    path.write_text(f'scenario = "{scenario.name}"\n{body}')
    return path
