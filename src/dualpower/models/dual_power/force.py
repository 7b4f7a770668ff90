"""Who carries out whose orders (Order No. 1) and the armed strength of each power."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .groups import row_means
from .kernels import ArmedClasses, ArmedUnits, Slices, Soldiers, Will, armed_sides, count_sides
from .params import DualPowerParams
from .state import State
from .tallies import armed_roll


@dataclass(frozen=True)
class Armed:
    """The armed, free people of today, shape (k,) each.

    Attributes:
        index: int64 their index in People. district: int16. strength: float32 combat weight x willingness.
        obeys_gov, obeys_councils: bool whom they would fight for. garrison: bool of a garrison class.
        loyal, loyal_active: float64 (n_units,) by unit, the council-loyal among them and those of them ACTIVE.
    """

    index: np.ndarray
    district: np.ndarray
    strength: np.ndarray
    obeys_gov: np.ndarray
    obeys_councils: np.ndarray
    garrison: np.ndarray
    loyal: np.ndarray
    loyal_active: np.ndarray


def unit_obeys_government(council_share: np.ndarray, order_1: bool, mutiny_share: float) -> np.ndarray:
    """A garrison unit carries out a government order unless its council-loyal share forbids it.

    Under Order No. 1 the unit acts only through its elected committee, so a council-loyal majority
    blocks the order; without it officers command until ``mutiny_share`` of the unit defies them.
    """
    return council_share < (0.5 if order_1 else mutiny_share)


def armed_people(state: State, params: DualPowerParams) -> Armed:
    """Sort the armed, free people into the government's and the councils' forces."""
    people, world = state.people, state.world
    units, c = world.units, world.inputs.classes
    idx, loyal, present, loyal_active = armed_roll(Slices(units.start, units.size), world.armed_units, people.armed,
                                                   people.condition, people.allegiance)
    share = row_means(loyal[:, None], present)[:, 0]
    order_1 = params.order_1 and state.day >= world.inputs.order_1_day
    unit_gov = unit_obeys_government(share, order_1, params.mutiny_share)
    will = Will(float(params.hysteresis), float(params.will_span), float(params.neutral_will),
                bool(state.polity.committee_day >= 0))
    soldiers = Soldiers(people.unit, people.cls, people.allegiance, people.lg, people.ls)
    district, strength, obeys_gov, obeys_cs, garrison = armed_sides(
        idx, soldiers, ArmedUnits(unit_gov, units.district), ArmedClasses(c.garrison, c.combat_weight), will)
    return Armed(idx, district, strength, obeys_gov, obeys_cs, garrison, loyal, loyal_active)


def sides_by_district(armed: Armed, n_districts: int) -> tuple[np.ndarray, np.ndarray]:
    """The armed people obeying the government (its enforcers) and the councils in each district, float64
    (n_districts,) each."""
    return count_sides(armed.district, armed.obeys_gov, armed.obeys_councils, n_districts)


def strengths(armed: Armed, scale: float) -> tuple[float, float]:
    """Armed strength of government and councils, in real units."""
    f_g = float(armed.strength[armed.obeys_gov].sum(dtype=np.float64)) / scale
    f_s = float(armed.strength[armed.obeys_councils].sum(dtype=np.float64)) / scale
    return f_g, f_s


__all__ = ["Armed", "armed_people", "sides_by_district", "strengths", "unit_obeys_government"]
