"""Scenario inputs: classes, districts, units, parties, daily drivers, dated events, elections.

``dualpower.scenarios.dual_power`` reads and checks them once, before any simulation, so that a
scenario that does not add up fails with ``InputError(file, field, reason)`` instead of a wrong run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .world import ClassTable, Election, Parties, Plants, UnitKind



@dataclass(frozen=True)
class Drivers:
    """Daily exogenous series, one value per day from the start (linear between anchors)."""

    bread_shortfall: np.ndarray
    price_rise: np.ndarray
    war: np.ndarray
    closures: np.ndarray


class Coup(NamedTuple):
    """A dated coup march: first and last day, and its name."""

    start: int
    until: int
    name: str


@dataclass(frozen=True)
class Inputs:
    """Everything a scenario gives the model; immutable and checked."""

    start: dt.date
    ns_offset: int
    classes: ClassTable
    district_names: tuple[str, ...]
    district_shares: np.ndarray
    plants: Plants
    kinds: tuple[UnitKind, ...]
    parties: Parties
    drivers: Drivers
    cabinets: tuple[tuple[int, str, np.ndarray], ...]
    policies: tuple[tuple[int, int, str, dict[str, float]], ...]
    order_1_day: int
    coup: Coup | None
    elections: tuple[Election, ...]
    targets: Path | None = None

    @property
    def days(self) -> int:
        return len(self.drivers.war)


__all__ = ["Coup", "Drivers", "Inputs"]
