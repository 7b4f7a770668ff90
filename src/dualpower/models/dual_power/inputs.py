"""Scenario inputs: classes, districts, units, parties, daily drivers, dated events, elections.

Everything is read and checked once, before any simulation, so that a scenario that does not
add up fails with ``InputError(file, field, reason)`` instead of a wrong run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ...core import InputError
from ...core.files import read_toml
from .tables import date, field, number, read_csv, table_list, unit_vector
from .world import ClassTable, Election, Parties, Plants, UnitKind, classes_from, parties_from

FILES = ("classes", "districts", "units", "parties", "drivers", "events", "elections")
DRIVERS = ("bread", "prices", "war", "closures")


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


def load_inputs(inputs: dict[str, Any], base_dir: Path, source: str) -> Inputs:
    """Read and check a scenario's ``[inputs]`` table."""
    unknown = sorted(set(inputs) - set(FILES) - {"start_date_os", "ns_offset_days", "targets"})
    if unknown:
        raise InputError(source, f"inputs.{unknown[0]}", "unknown input")
    paths = {}
    for key in FILES:
        if not isinstance(inputs.get(key), str):
            raise InputError(source, f"inputs.{key}", "missing path to a data file")
        paths[key] = Path(base_dir) / inputs[key]
    start = date(inputs, "start_date_os", source, "inputs")
    offset = field(inputs, "ns_offset_days", int, source, "inputs")
    classes = classes_from(read_toml(paths["classes"]), str(paths["classes"]))
    parties = parties_from(read_toml(paths["parties"]), str(paths["parties"]))
    names, shares = _districts(read_toml(paths["districts"]), classes, str(paths["districts"]))
    plants, kinds = _units(read_toml(paths["units"]), classes, str(paths["units"]))
    events = read_toml(paths["events"])
    drivers = _drivers(read_csv(paths["drivers"]), start, events, str(paths["drivers"]))
    when = _Calendar(start, len(drivers.war))
    src = str(paths["events"])
    return Inputs(
        start=start, ns_offset=offset, classes=classes, district_names=names, district_shares=shares,
        plants=plants, kinds=kinds, parties=parties, drivers=drivers,
        cabinets=_cabinets(events, parties, when, src), policies=_policies(events, when, src),
        order_1_day=when.day(events.get("order_1", {}), "date_os", src, "order_1"),
        lines=_lines(events, parties, when, src), command=_command(events, src), arms=_arms(events, src),
        elections=_elections(read_toml(paths["elections"]), parties, when, str(paths["elections"])),
        targets=_targets(inputs, base_dir, source),
    )


def _targets(inputs: dict[str, Any], base_dir: Path, source: str) -> Path | None:
    """The calibration targets file of the case, if the scenario names one."""
    if "targets" not in inputs:
        return None
    path = Path(base_dir) / str(inputs["targets"])
    if not path.is_file():
        raise InputError(source, "inputs.targets", f"no such file: {path}")
    return path


@dataclass(frozen=True)
class _Calendar:
    start: dt.date
    days: int

    def day(self, row: dict[str, Any], key: str, src: str, where: str) -> int:
        """Days since the start of a dated row, which must fall within the drivers' range."""
        when = date(row, key, src, where)
        d = (when - self.start).days
        if not 0 <= d < self.days:
            last = self.start + dt.timedelta(days=self.days - 1)
            raise InputError(src, f"{where}.{key}", f"{when} is outside {self.start}..{last}")
        return d


def _districts(data: dict[str, Any], classes: ClassTable, src: str) -> tuple[tuple[str, ...], np.ndarray]:
    rows = table_list(data, "district", src)
    names = tuple(field(r, "name", str, src, f"district[{i}]") for i, r in enumerate(rows))
    shares = np.zeros((len(rows), len(classes.names)))
    for i, row in enumerate(rows):
        for c, cname in enumerate(classes.names):
            shares[i, c] = number(row, cname, src, f"district[{names[i]}]", lo=0.0)
    for c, cname in enumerate(classes.names):
        total = shares[:, c].sum()
        if abs(total - 100.0) > 1e-6:
            raise InputError(src, f"district.{cname}", f"shares over districts sum to {total:g}, not 100")
    return names, shares / 100.0


def _units(data: dict[str, Any], classes: ClassTable, src: str) -> tuple[Plants, tuple[UnitKind, ...]]:
    plants = Plants.from_table(data.get("plants", {}), classes, src)
    kinds = []
    for i, row in enumerate(table_list(data, "kind", src)):
        kinds.append(UnitKind.from_row(row, classes, src, f"kind[{i}]"))
    covered = [plants.cls] + [k.cls for k in kinds]
    for c, cname in enumerate(classes.names):
        if covered.count(c) != 1:
            raise InputError(src, "kind.class", f"class {cname!r} must have exactly one unit kind")
    for k in kinds:
        if k.seats and classes.counts[k.cls] == 0:
            raise InputError(src, f"kind[{k.name}].seats", "seats with no units (its class has no people)")
    return plants, tuple(kinds)


def _drivers(rows: list[dict[str, str]], start: dt.date, events: dict[str, Any], src: str) -> Drivers:
    if not rows:
        raise InputError(src, "date_os", "no rows")
    days = [(date(r, "date_os", src, f"row {i + 2}") - start).days for i, r in enumerate(rows)]
    if days[0] != 0:
        raise InputError(src, "date_os", "the first row must be the start date")
    if any(b <= a for a, b in zip(days, days[1:])):
        raise InputError(src, "date_os", "dates must be strictly increasing")
    grid = np.arange(days[-1] + 1)
    series = {}
    for key in DRIVERS:
        values = [_float(r, key, src, i) for i, r in enumerate(rows)]
        series[key] = np.interp(grid, days, values)
    ref = number(events, "bread_reference", src, "events", lo=1e-9)
    return Drivers(
        bread_shortfall=np.clip(1.0 - series["bread"] / ref, 0.0, 1.0),
        price_rise=np.maximum(series["prices"] - 1.0, 0.0),
        war=np.clip(series["war"], 0.0, 1.0),
        closures=np.clip(series["closures"], 0.0, 1.0),
    )


def _float(row: dict[str, str], key: str, src: str, i: int) -> float:
    try:
        value = float(row[key])
    except (KeyError, TypeError, ValueError):
        raise InputError(src, f"row {i + 2}.{key}", "must be a number") from None
    if not np.isfinite(value) or value < 0:
        raise InputError(src, f"row {i + 2}.{key}", f"must be a non-negative number, got {value}")
    return value


def _ordered(days: list[int], src: str, key: str) -> None:
    if any(b < a for a, b in zip(days, days[1:])):
        raise InputError(src, f"{key}.date_os", "dates out of order")


def _cabinets(events: dict[str, Any], parties: Parties, when: _Calendar, src: str) -> tuple:
    out = []
    for i, row in enumerate(table_list(events, "cabinet", src)):
        where = f"cabinet[{i}]"
        weights = field(row, "weights", dict, src, where)
        vec = np.zeros(len(parties.names))
        for name, w in weights.items():
            if name not in parties.names:
                raise InputError(src, f"{where}.weights.{name}", f"unknown party (known: {', '.join(parties.names)})")
            vec[parties.names.index(name)] = number(weights, name, src, f"{where}.weights", lo=0.0)
        if vec.sum() <= 0:
            raise InputError(src, f"{where}.weights", "weights must not all be zero")
        out.append((when.day(row, "date_os", src, where), field(row, "name", str, src, where), vec / vec.sum()))
    _ordered([c[0] for c in out], src, "cabinet")
    return tuple(out)


def _policies(events: dict[str, Any], when: _Calendar, src: str) -> tuple:
    out = []
    for i, row in enumerate(events.get("policy", [])):
        where = f"policy[{i}]"
        start, until = when.day(row, "date_os", src, where), when.day(row, "until_os", src, where)
        if until < start:
            raise InputError(src, f"{where}.until_os", "ends before it starts")
        values = {k: number(row, k, src, where, 0.0, 1.0) for k in ("peace", "land", "power") if k in row}
        out.append((start, until, field(row, "name", str, src, where), values))
    _ordered([p[0] for p in out], src, "policy")
    return tuple(out)


def _lines(events: dict[str, Any], parties: Parties, when: _Calendar, src: str) -> tuple:
    """Dated changes of a party's line: from that day its platform is the given one."""
    out = []
    for i, row in enumerate(events.get("line", [])):
        where = f"line[{i}]"
        name = field(row, "party", str, src, where)
        if name not in parties.names:
            raise InputError(src, f"{where}.party", f"unknown party (known: {', '.join(parties.names)})")
        plat = np.array(unit_vector(row, "platform", src, where))
        out.append((when.day(row, "date_os", src, where), parties.names.index(name), plat))
    _ordered([r[0] for r in out], src, "line")
    return tuple(out)


def _command(events: dict[str, Any], src: str) -> Command | None:
    """The army command's units and stance, if the case has one."""
    row = events.get("command")
    if row is None:
        return None
    stance = field(row, "stance", str, src, "command")
    if stance not in ("own", "government"):
        raise InputError(src, "command.stance", f"must be 'own' or 'government', got {stance!r}")
    return Command(number(row, "strength", src, "command", 0.0), stance)


def _arms(events: dict[str, Any], src: str) -> Arms:
    """Rifle stocks open to council supporters (none if the case gives none)."""
    row = events.get("arms", {})
    return Arms(number(row, "factory_rifles", src, "arms", 0.0) if "factory_rifles" in row else 0.0,
                number(row, "arsenal_rifles", src, "arms", 0.0) if "arsenal_rifles" in row else 0.0)


def _elections(data: dict[str, Any], parties: Parties, when: _Calendar, src: str) -> tuple[Election, ...]:
    out = []
    for i, row in enumerate(data.get("election", [])):
        where = f"election[{i}]"
        hist = field(row, "historical", dict, src, where) if "historical" in row else {}
        for name in hist:
            if name not in parties.names:
                raise InputError(src, f"{where}.historical.{name}", "unknown party")
            number(hist, name, src, f"{where}.historical", 0.0, 1.0)
        out.append(Election(field(row, "name", str, src, where), when.day(row, "date_os", src, where), {k: float(v) for k, v in hist.items()}))
    _ordered([e.day for e in out], src, "election")
    return tuple(out)


__all__ = ["Arms", "Command", "Drivers", "Inputs", "load_inputs"]
