"""What each variant does differently, and the neighbourhood tables the kernels scan.

The three rule sets (``paper``, ``netlogo``, ``mesa``) differ in a handful of switches;
:func:`rules_for` turns parameters into one flat, Numba-friendly bundle so that the kernels
branch on flags and never on strings.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import numpy as np

from .params import CivilViolenceParams

RATIO, FLOOR, ROUND_HALF_EVEN = 0, 1, 2


class View(NamedTuple):
    """One vision shape on the torus.

    Attributes:
        ring_dx, ring_dy: offsets of the cells in view, own cell excluded, in scan order
            (rows top to bottom, then left to right); int32, shape (m,).
        ring_step: the same offsets as steps in the row-major cell index (dy * width + dx),
            valid at least ``vision`` cells away from the edges; int64, shape (m,).
        span_dy, span_w: the closed shape (own cell included) as rows: row offset and
            half-width; int32, shape (rows,). Used to add an agent to every cell that sees it.
        width, height: the torus, in cells.
        vision: the radius of the view.
    """

    ring_dx: np.ndarray
    ring_dy: np.ndarray
    ring_step: np.ndarray
    span_dy: np.ndarray
    span_w: np.ndarray
    width: int
    height: int
    vision: int


class Rules(NamedTuple):
    """Everything a kernel needs besides the state: flags, constants and views.

    Attributes:
        arrest_rule: RATIO (paper), FLOOR (netlogo) or ROUND_HALF_EVEN (mesa), applied to C/A.
        act_first: decide or arrest before moving (mesa), else move first.
        jail_off_grid: prisoners leave the lattice and serve at the end of each step.
        self_counts_twice: an active citizen is in its own view as well as counted once (netlogo).
        cop_follows: a cop steps onto the cell of the citizen it arrested (netlogo).
        stacking: a cell may hold several visible agents (paper, netlogo).
        citizens_move, cops_move: whether rule M applies.
        jail_span: jail terms are drawn from 0 .. jail_span - 1.
        arrest_prob_constant, active_threshold, legitimacy: k, T and L in force this step.
        shared_view: citizens and cops see equally far (one count of actives serves both).
        citizen_view, cop_view: the two views.
    """

    arrest_rule: int
    act_first: bool
    jail_off_grid: bool
    self_counts_twice: bool
    cop_follows: bool
    stacking: bool
    citizens_move: bool
    cops_move: bool
    jail_span: int
    arrest_prob_constant: float
    active_threshold: float
    legitimacy: float
    shared_view: bool
    citizen_view: View
    cop_view: View


def half_widths(shape: str, vision: int) -> np.ndarray:
    """Half-width of each row ``dy = -vision..vision`` of the closed shape."""
    dys = np.arange(-vision, vision + 1)
    if shape == "diamond":
        return vision - np.abs(dys)
    if shape == "disc":
        return np.array([math.isqrt(vision**2 - dy**2) for dy in dys])
    return np.where(dys == 0, vision, 0)


@functools.lru_cache(maxsize=64)
def make_view(shape: str, vision: int, width: int, height: int) -> View:
    """The ``diamond`` (Mesa), ``disc`` (NetLogo) or ``cross`` (paper) of radius ``vision``.

    Cached, as a run asks for the same views every step; the tables are read-only.
    """
    w = half_widths(shape, vision)
    dys = np.arange(-vision, vision + 1)
    ring = [(dx, dy) for dy, hw in zip(dys, w) for dx in range(-hw, hw + 1) if (dx, dy) != (0, 0)]
    ring_dx, ring_dy = (np.array(col, dtype=np.int32) for col in zip(*ring))
    tables = (ring_dx, ring_dy, ring_dy.astype(np.int64) * width + ring_dx, dys.astype(np.int32), w.astype(np.int32))
    for table in tables:
        table.flags.writeable = False
    return View(*tables, width, height, vision)


def count_dtype(params: CivilViolenceParams) -> type:
    """The narrowest type for counts of agents in view: one byte where a cell holds one agent."""
    v = max(params.citizen_vision, params.cop_vision)
    if params.variant == "mesa" and 2 * v * (v + 1) + 1 <= 255:
        return np.uint8
    return np.int16


SHAPES = {"paper": "cross", "netlogo": "disc", "mesa": "diamond"}
ARREST_RULES = {"paper": RATIO, "netlogo": FLOOR, "mesa": ROUND_HALF_EVEN}


@functools.lru_cache(maxsize=256)
def rules_for(params: CivilViolenceParams, legitimacy: float | None = None) -> Rules:
    """The kernel bundle for ``params`` (with ``legitimacy`` in force, default the initial one).

    Cached: a run asks for the same bundle every step (parameters are frozen and hashable).
    """
    v = params.variant
    shape, w, h = SHAPES[v], params.width, params.height
    netlogo = v == "netlogo"
    return Rules(
        arrest_rule=ARREST_RULES[v],
        act_first=v == "mesa",
        jail_off_grid=v != "mesa",
        self_counts_twice=netlogo,
        cop_follows=netlogo,
        stacking=v != "mesa",
        citizens_move=params.movement,
        cops_move=params.movement or netlogo,
        jail_span=max(params.max_jail_term, 1) if netlogo else params.max_jail_term + 1,
        arrest_prob_constant=params.arrest_prob_constant,
        active_threshold=params.active_threshold,
        legitimacy=params.legitimacy if legitimacy is None else legitimacy,
        shared_view=params.citizen_vision == params.cop_vision,
        citizen_view=make_view(shape, params.citizen_vision, w, h),
        cop_view=make_view(shape, params.cop_vision, w, h),
    )


__all__ = ["FLOOR", "RATIO", "ROUND_HALF_EVEN", "Rules", "View", "count_dtype", "make_view", "rules_for"]
