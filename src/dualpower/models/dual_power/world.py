"""Static tables of a case: classes, parties, unit kinds, elections (read by ``dualpower.scenarios.dual_power``)."""

from __future__ import annotations

from dataclasses import dataclass
import numpy as np


@dataclass(frozen=True)
class ClassTable:
    """Per-class constants, arrays of shape (n_classes,), in the data file's order."""

    names: tuple[str, ...]
    counts: np.ndarray
    armed: np.ndarray
    garrison: np.ndarray
    council_voter: np.ndarray
    red_guard_pool: np.ndarray
    combat_weight: np.ndarray
    bias_g: np.ndarray
    bias_s: np.ndarray
    h0_mean: np.ndarray
    h0_sd: np.ndarray
    kappa_bread: np.ndarray
    kappa_price: np.ndarray
    kappa_war: np.ndarray
    peace0: np.ndarray
    land0: np.ndarray
    power0: np.ndarray
    demand_sd: np.ndarray
    voters: np.ndarray


@dataclass(frozen=True)
class Parties:
    """Per-party constants, arrays of shape (n_parties,)."""

    names: tuple[str, ...]
    peace: np.ndarray
    land: np.ndarray
    power: np.ndarray
    agitation: np.ndarray
    councils: np.ndarray
    members: np.ndarray
    recruitment: np.ndarray | None = None

    @property
    def platforms(self) -> np.ndarray:
        """Each party's row line (peace, land, power), float64 (n_parties, 3)."""
        return np.stack([self.peace, self.land, self.power], axis=1)

    @property
    def radical(self) -> int:
        """The party whose platform claims power most strongly."""
        return int(np.argmax(self.power))


@dataclass(frozen=True)
class Plants:
    """The heavy-tailed size distribution of workplaces of one class."""

    cls: int
    total: int
    big: int
    big_min: float
    big_share: float
    largest: float
    small_max: float
    group_below: float


@dataclass(frozen=True)
class UnitKind:
    """Units of one class of a fixed size, and how they send delegates."""

    name: str
    cls: int
    size: int
    seats: bool


@dataclass(frozen=True)
class Election:
    """A dated election, its historical shares, the parties that boycott it (their supporters abstain), and for
    an elected assembly that claims sovereignty, the day it first meets (-1 for other elections)."""

    name: str
    day: int
    historical: dict[str, float]
    boycott: tuple[int, ...] = ()
    meets: int = -1
