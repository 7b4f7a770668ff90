"""Scenario inputs: classes, districts, units, parties, daily drivers, dated events, elections.

``dualpower.scenarios.dual_power`` reads and checks them once, before any simulation, so that a
scenario that does not add up fails with ``InputError(file, field, reason)`` instead of a wrong run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .world import ClassTable, Election, Parties, Plants, UnitKind


@dataclass(frozen=True)
class Drivers:
    """Daily exogenous series, one value per day from the start (linear between anchors)."""

    bread_shortfall: np.ndarray
    price_rise: np.ndarray
    war: np.ndarray
    closures: np.ndarray


@dataclass(frozen=True)
class Command:
    """An army command outside the city: the combatants it controls and whom it backs.

    ``stance`` "own": it may march on the city for its own ends (a coup is its decision);
    "government": it sends its units to the government when asked.
    """

    strength: float
    stance: str


@dataclass(frozen=True)
class Arms:
    """Rifle stocks in the city that unarmed council supporters can take (real units): in factories,
    and in arsenals, reachable as the garrison guarding them comes over to the councils."""

    factory: float
    arsenal: float


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
    elections: tuple[Election, ...]
    targets: Path | None = None
    lines: tuple[tuple[int, int, np.ndarray], ...] = ()
    command: Command | None = None
    arms: Arms = Arms(0.0, 0.0)

    @property
    def days(self) -> int:
        return len(self.drivers.war)


__all__ = ["Arms", "Command", "Drivers", "Inputs"]
