"""Static tables of a case: classes, parties, unit kinds, elections (built from data files)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ...core import InputError
from .tables import count, field, names_of, number, table_list, unit_vector

SEATS = ("per-1000", "per-unit", "none")


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


FLAGS = ("armed", "garrison", "council_voter", "red_guard_pool")
NUMBERS = ("voters", "combat_weight", "bias_g", "bias_s", "h0_mean", "h0_sd", "kappa_bread", "kappa_price", "kappa_war", "demand_sd")


def classes_from(data: dict[str, Any], src: str) -> ClassTable:
    """Check and collect the class table."""
    rows = table_list(data, "class", src)
    names = names_of(rows, src, "class")
    cols: dict[str, list] = {k: [] for k in ("counts", *FLAGS, *NUMBERS, "peace0", "land0", "power0")}
    for name, row in zip(names, rows):
        where = f"class[{name}]"
        cols["counts"].append(count(row, "count", src, where))
        for key in FLAGS:
            cols[key].append(field(row, key, bool, src, where))
        for key in NUMBERS:
            cols[key].append(number(row, key, src, where, -1.0 if key.startswith("bias") else 0.0, 10.0))
        for key, v in zip(("peace0", "land0", "power0"), unit_vector(row, "demands", src, where)):
            cols[key].append(v)
    arrays = {k: np.array(v, dtype=bool if k in FLAGS else (np.int64 if k == "counts" else np.float64)) for k, v in cols.items()}
    if arrays["counts"].sum() == 0:
        raise InputError(src, "class.count", "the population is empty")
    return ClassTable(names=names, **arrays)


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
    def radical(self) -> int:
        """The party whose platform claims power most strongly."""
        return int(np.argmax(self.power))


def parties_from(data: dict[str, Any], src: str) -> Parties:
    """Check and collect the party table."""
    rows = table_list(data, "party", src)
    names = names_of(rows, src, "party")
    plat = np.array([unit_vector(r, "platform", src, f"party[{n}]") for n, r in zip(names, rows)])
    councils = np.array([field(r, "councils", bool, src, f"party[{n}]") for n, r in zip(names, rows)])
    if not councils.any():
        raise InputError(src, "party.councils", "no party sits in the councils")
    return Parties(
        names=names, peace=plat[:, 0].copy(), land=plat[:, 1].copy(), power=plat[:, 2].copy(),
        agitation=np.array([number(r, "agitation", src, f"party[{n}]", 0.0, 100.0) for n, r in zip(names, rows)]),
        councils=councils,
        members=np.array([count(r, "members", src, f"party[{n}]") for n, r in zip(names, rows)]),
        recruitment=np.array([number(r, "recruitment", src, f"party[{n}]", 0.0, 100.0) if "recruitment" in r else 1.0
                              for n, r in zip(names, rows)]),
    )


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

    @classmethod
    def from_table(cls, row: dict[str, Any], classes: ClassTable, src: str) -> "Plants":
        """Check the [plants] table."""
        name = field(row, "class", str, src, "plants")
        if name not in classes.names:
            raise InputError(src, "plants.class", f"unknown class {name!r}")
        if field(row, "seats", str, src, "plants") != "per-1000":
            raise InputError(src, "plants.seats", "plants elect one delegate per 1,000 (per-1000)")
        total, big = count(row, "total_plants", src, "plants"), count(row, "big_plants", src, "plants")
        if not 0 < big < total:
            raise InputError(src, "plants.big_plants", "must be between 1 and total_plants - 1")
        out = cls(classes.names.index(name), total, big, number(row, "big_min", src, "plants", 1.0),
                  number(row, "big_share", src, "plants", 0.0, 1.0), number(row, "largest", src, "plants", 1.0),
                  number(row, "small_max", src, "plants", 1.0), number(row, "group_below", src, "plants", 0.0))
        if out.largest < out.big_min or out.small_max >= out.big_min:
            raise InputError(src, "plants.largest", "need small_max < big_min <= largest")
        return out


@dataclass(frozen=True)
class UnitKind:
    """Units of one class of a fixed size, and how they send delegates."""

    name: str
    cls: int
    size: int
    seats: bool

    @classmethod
    def from_row(cls, row: dict[str, Any], classes: ClassTable, src: str, where: str) -> "UnitKind":
        """Check one [[kind]] row."""
        name = field(row, "class", str, src, where)
        if name not in classes.names:
            raise InputError(src, f"{where}.class", f"unknown class {name!r}")
        seats = field(row, "seats", str, src, where)
        if seats not in SEATS[1:]:
            raise InputError(src, f"{where}.seats", f"must be one of {SEATS[1:]}")
        size = count(row, "size", src, where)
        if size < 1:
            raise InputError(src, f"{where}.size", "must be at least 1")
        return cls(field(row, "name", str, src, where), classes.names.index(name), size, seats == "per-unit")


@dataclass(frozen=True)
class Election:
    """A dated election and its historical shares."""

    name: str
    day: int
    historical: dict[str, float]
