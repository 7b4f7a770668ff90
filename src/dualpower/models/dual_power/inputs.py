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


WING = -1
"""The founding day of a wing that has not split (yet)."""


@dataclass(frozen=True)
class Founding:
    """A party that comes on offer on ``day`` (its row's platform), splitting from ``parent`` (-1: none);
    with ``replaces`` the parent leaves the menu that day (a party that becomes another). A wing of ``parent``
    has no date (``day`` -1, ``WING``): it leaves its party when its members decide (docs/ODD.md 7, Parties)."""

    day: int
    party: int
    parent: int = -1
    replaces: bool = False


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
    foundings: tuple[Founding, ...] = ()

    @property
    def days(self) -> int:
        return len(self.drivers.war)


def on_offer(foundings: tuple[Founding, ...], n_parties: int, day: int) -> np.ndarray:
    """Parties on offer on ``day``, bool (n_parties,): every party not founded during the run, and those founded
    by then (a wing that has not split is not), less those whose place a party founded by then has taken."""
    offer = np.ones(n_parties, bool)
    for f in foundings:
        founded = WING < f.day <= day
        offer[f.party] &= founded
        if f.replaces:
            offer[f.parent] &= not founded
    return offer


__all__ = ["WING", "Arms", "Command", "Drivers", "Founding", "Inputs", "on_offer"]
