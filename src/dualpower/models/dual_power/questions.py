"""Which of the three questions divide people today: the peace question closes once the war is over."""

from __future__ import annotations

import numpy as np

from .kernels import Demands
from .state import World


def open_questions(world: World, day: int) -> np.ndarray:
    """Weight of each question (peace, land, power) in every comparison of demands with a line, float64 (3,).

    Peace is a question only while a war is fought (the war driver above zero): once the war is over,
    the distance between a person's wish for peace and a line's no longer tells them apart, whatever
    either said while it lasted (docs/ODD.md 7, Open questions)."""
    war = world.inputs.drivers.war[min(day, world.inputs.days - 1)]
    return np.array([float(war > 0.0), 1.0, 1.0])


def on_open(demands: Demands, lines: np.ndarray, weights: np.ndarray) -> tuple[Demands, np.ndarray]:
    """Demands and lines (float64 (..., 3)) with closed questions set to zero on both sides and the open ones
    stretched by ``sqrt(3 / k)`` (``k`` open), so that distances run over the open questions only and keep the
    scale of three: the questions left carry the whole of the disagreement, and every threshold on a distance
    (inertia, the join radius, the call gap, legitimacy's range) means what it meant. Unchanged (the same
    arrays) while every question is open."""
    if weights.all():
        return demands, lines
    scale = stretch(weights)
    return Demands(*(d * np.float32(w) for d, w in zip(demands, scale))), lines * scale


def stretch(weights: np.ndarray) -> np.ndarray:
    """The factor of each coordinate (:func:`on_open`): 0 on a closed question, ``sqrt(3 / k)`` on an open one."""
    return weights * np.sqrt(len(weights) / weights.sum())
