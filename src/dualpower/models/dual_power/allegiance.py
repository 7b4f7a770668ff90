"""Allegiance with hysteresis: whose order one obeys changes only past a legitimacy gap theta."""

from __future__ import annotations

import dataclasses as dc

import numpy as np

from .kernels import apply_allegiance
from .params import DualPowerParams
from .state import State


def allegiance_rule(current: np.ndarray, lg: np.ndarray, ls: np.ndarray, theta: float) -> np.ndarray:
    """Councils if ``ls - lg > theta``, government if ``lg - ls > theta``, else unchanged; int8 (n,)."""
    return apply_allegiance(current, lg, ls, np.float32(theta))


def step_allegiance(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Apply the rule to everybody."""
    p = state.people
    allegiance = allegiance_rule(p.allegiance, p.lg, p.ls, params.hysteresis)
    return dc.replace(state, people=dc.replace(p, allegiance=allegiance))
