"""Reading the dual-power model's scenario data: classes, districts, units, parties, daily drivers,
dated events and elections, into the tables the model takes (``models.dual_power.inputs``).

Everything is read and checked once, before any simulation, so that a scenario that does not
add up fails with ``InputError(file, field, reason)`` instead of a wrong run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import Field, StrictBool, StrictStr

from ..core import InputError
from ..core.files import read_toml
from ..models.dual_power.inputs import WING, Arms, Command, Drivers, Founding, Inputs, on_offer
from ..models.dual_power.world import ClassTable, Election, Parties, Plants, UnitKind
from .validation import Count, DualPowerInputs, Row, Share, Strict, Triple, check, within
from .tables import date, field, names_of, number, read_csv, table_list

MAX_PARTIES = 63
"""Party codes are small integers, and the parties that call their people out are the bits of one 64-bit word."""
FILES = ("classes", "districts", "units", "parties", "drivers", "events", "elections")
DRIVERS = ("bread", "prices", "war", "closures")
SEATS = ("per-1000", "per-unit", "none")
FLAGS = ("armed", "garrison", "council_voter", "red_guard_pool")
NUMBERS = (
    "voters",
    "combat_weight",
    "bias_g",
    "bias_s",
    "h0_mean",
    "h0_sd",
    "kappa_bread",
    "kappa_price",
    "kappa_war",
    "demand_sd",
)


def read_inputs(inputs: dict[str, Any], base_dir: Path, source: str) -> Inputs:
    """Read and check a scenario's ``[inputs]`` table."""
    table = check(DualPowerInputs, inputs, source, "inputs", unknown="unknown input")
    paths = {key: Path(base_dir) / getattr(table, key) for key in FILES}
    start, offset = table.start_date_os, table.ns_offset_days
    data = {key: read_data(paths[key], key) for key in SHAPES}
    classes = classes_from(data["classes"], str(paths["classes"]))
    parties = parties_from(data["parties"], str(paths["parties"]))
    names, shares = _districts(data["districts"], classes, str(paths["districts"]))
    plants, kinds = _units(data["units"], classes, str(paths["units"]))
    events = data["events"]
    drivers = _drivers(read_csv(paths["drivers"]), start, events, str(paths["drivers"]))
    when = _Calendar(start, len(drivers.war))
    src = str(paths["events"])
    menu = _Menu(parties, _foundings(data["parties"], parties, when, str(paths["parties"])), when)
    return Inputs(
        start=start,
        ns_offset=offset,
        classes=classes,
        district_names=names,
        district_shares=shares,
        plants=plants,
        kinds=kinds,
        parties=parties,
        drivers=drivers,
        cabinets=_cabinets(events, menu, src),
        policies=_policies(events, when, src),
        order_1_day=when.day(events.get("order_1", {}), "date_os", src, "order_1"),
        lines=_lines(events, menu, src),
        command=_command(events),
        arms=_arms(events),
        elections=_elections(data["elections"], menu, str(paths["elections"])),
        targets=_targets(inputs, base_dir, source),
        foundings=menu.foundings,
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


@dataclass(frozen=True)
class _Menu:
    """The parties and the days each is on offer, for checking dated rows that name parties."""

    parties: Parties
    foundings: tuple[Founding, ...]
    when: _Calendar

    def index(self, name: str, src: str, where: str) -> int:
        """A party's index, or an error naming the known parties."""
        if name not in self.parties.names:
            raise InputError(src, where, f"unknown party (known: {', '.join(self.parties.names)})")
        return self.parties.names.index(name)

    def offered(self, party: int, days: tuple[int, ...], src: str, where: str, note: str = "") -> None:
        """Fail unless ``party`` is on offer on each of ``days``."""
        for d in days:
            if not on_offer(self.foundings, len(self.parties.names), d)[party]:
                name, date = self.parties.names[party], self.when.start + dt.timedelta(days=d)
                why = note or "see its founded_os and from; a wing without a date is never on offer on a given day"
                raise InputError(src, where, f"party {name} is not on offer on {date} ({why})")


def _foundings(data: dict[str, Any], parties: Parties, when: _Calendar, src: str) -> tuple[Founding, ...]:
    """Parties founded during the run: on a date (``founded_os``), coming from a party (``from``) and perhaps
    taking its place (``replaces``); or, with ``from`` and no date, a wing of that party that splits when its
    members decide. Each comes from a party on offer when it is founded (a wing's parent: from the start)."""
    out = [_founding(row, parties, when, src) for row in data["party"] if "founded_os" in row or "from" in row]
    for row in data["party"]:
        if "replaces" in row and "founded_os" not in row:
            why = "needs founded_os: a party takes another's place on a date"
            raise InputError(src, f"party[{row['name']}].replaces", why)
    for f in out:
        others = tuple(g for g in out if g is not f)
        if f.parent >= 0 and not on_offer(others, len(parties.names), max(f.day, 0))[f.parent]:
            name, parent = parties.names[f.party], parties.names[f.parent]
            raise InputError(src, f"party[{name}].from", f"{parent} is not on offer when {name} is founded")
    return tuple(out)


def _founding(row: dict[str, Any], parties: Parties, when: _Calendar, src: str) -> Founding:
    """One party's founding, checked against the calendar and the party table."""
    where = f"party[{row['name']}]"
    day = when.day(row, "founded_os", src, where) if "founded_os" in row else WING
    if day == 0:
        raise InputError(src, f"{where}.founded_os", "is the start date: a party there from the start has none")
    if row["members"] != 0:
        raise InputError(src, f"{where}.members", "must be 0: a party founded during the run has those who follow it")
    parent = parties.names.index(row["from"]) if row.get("from") in parties.names else -1
    if "from" in row and (parent < 0 or row["from"] == row["name"]):
        raise InputError(src, f"{where}.from", f"unknown party or itself (known: {', '.join(parties.names)})")
    if row.get("replaces") and parent < 0:
        raise InputError(src, f"{where}.replaces", "needs from: the party whose place it takes")
    return Founding(day, parties.names.index(row["name"]), parent, bool(row.get("replaces", False)))


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
    plants = plants_from(data.get("plants", {}), classes, src)
    kinds = []
    for i, row in enumerate(table_list(data, "kind", src)):
        kinds.append(unit_kind_from(row, classes, src, f"kind[{i}]"))
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


def _cabinets(events: dict[str, Any], menu: _Menu, src: str) -> tuple:
    out = []
    for i, row in enumerate(table_list(events, "cabinet", src)):
        where = f"cabinet[{i}]"
        weights = field(row, "weights", dict, src, where)
        vec = np.zeros(len(menu.parties.names))
        for name, w in weights.items():
            party = menu.index(name, src, f"{where}.weights.{name}")
            vec[party] = number(weights, name, src, f"{where}.weights", lo=0.0)
        if vec.sum() <= 0:
            raise InputError(src, f"{where}.weights", "weights must not all be zero")
        out.append((menu.when.day(row, "date_os", src, where), field(row, "name", str, src, where), vec / vec.sum()))
    _ordered([c[0] for c in out], src, "cabinet")
    ends = [c[0] - 1 for c in out[1:]] + [menu.when.days - 1]
    for i, ((start, _, vec), end) in enumerate(zip(out, ends)):
        for p in np.flatnonzero(vec):
            menu.offered(p, (start, max(start, end)), src, f"cabinet[{i}].weights.{menu.parties.names[p]}")
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


def _lines(events: dict[str, Any], menu: _Menu, src: str) -> tuple:
    """Dated changes of a party's line: from that day its platform moves toward the given one (a party founded
    during the run starts from its row's platform, so its changes of line come after its founding day)."""
    out = []
    for i, row in enumerate(events.get("line", [])):
        where = f"line[{i}]"
        party = menu.index(row["party"], src, f"{where}.party")
        day = menu.when.day(row, "date_os", src, where)
        menu.offered(party, (day, max(day - 1, 0)), src, f"{where}.date_os", "a line follows its founding day")
        out.append((day, party, np.array(row["platform"])))
    _ordered([r[0] for r in out], src, "line")
    return tuple(out)


def _command(events: dict[str, Any]) -> Command | None:
    """The army command's units and stance, if the case has one (shape checked by ``CommandRow``)."""
    row = events.get("command")
    return None if row is None else Command(float(row["strength"]), row["stance"])


def _arms(events: dict[str, Any]) -> Arms:
    """Rifle stocks open to council supporters (none if the case gives none)."""
    row = events.get("arms", {})
    return Arms(float(row.get("factory_rifles", 0.0)), float(row.get("arsenal_rifles", 0.0)))


def _elections(data: dict[str, Any], menu: _Menu, src: str) -> tuple[Election, ...]:
    out = []
    for i, row in enumerate(data.get("election", [])):
        where = f"election[{i}]"
        day = menu.when.day(row, "date_os", src, where)
        hist = field(row, "historical", dict, src, where) if "historical" in row else {}
        for name in hist:
            menu.offered(menu.index(name, src, f"{where}.historical.{name}"), (day,), src, f"{where}.historical.{name}")
            number(hist, name, src, f"{where}.historical", 0.0, 1.0)
        boycott = tuple(menu.index(name, src, f"{where}.boycott") for name in row.get("boycott", []))
        for p in boycott:
            menu.offered(p, (day,), src, f"{where}.boycott")
        name = field(row, "name", str, src, where)
        meets = menu.when.day(row, "meets_os", src, where) if "meets_os" in row else -1
        if 0 <= meets < day:
            elected = row["date_os"]
            raise InputError(src, f"{where}.meets_os", f"the assembly cannot meet before it is elected ({elected})")
        out.append(Election(name, day, {k: float(v) for k, v in hist.items()}, boycott, meets))
    _ordered([e.day for e in out], src, "election")
    return tuple(out)


Rate = Annotated[float, within(0.0, 10.0)]
Bias = Annotated[float, within(-1.0, 10.0)]


class ClassRow(Row):
    """One ``[[class]]`` of ``classes.toml``."""

    name: StrictStr
    label: StrictStr | None = None
    count: Count
    armed: StrictBool
    garrison: StrictBool
    council_voter: StrictBool
    red_guard_pool: StrictBool
    voters: Rate
    combat_weight: Rate
    bias_g: Bias
    bias_s: Bias
    h0_mean: Rate
    h0_sd: Rate
    kappa_bread: Rate
    kappa_price: Rate
    kappa_war: Rate
    demand_sd: Rate
    demands: Triple


Day = Annotated[dt.date, Field(strict=False)]
"""A date: a TOML date or an ISO string."""


class PartyRow(Row):
    """One ``[[party]]`` of ``parties.toml`` (label, colour and bloc are checked with the case)."""

    name: StrictStr
    label: StrictStr | None = None
    colour: StrictStr | None = None
    bloc: StrictStr | None = None
    platform: Triple
    agitation: Annotated[float, within(0.0, 100.0)]
    councils: StrictBool
    members: Count
    recruitment: Annotated[float, within(0.0, 100.0)] = 1.0
    founded_os: Day | None = None
    from_: StrictStr | None = Field(None, alias="from")
    replaces: StrictBool = False
Tables = list[dict[str, Any]]


class ClassesFile(Strict):
    class_: Tables = Field(alias="class")


class PartiesFile(Strict):
    party: Tables


class DistrictsFile(Strict):
    district: Tables
    line: Tables = []


class PlantsTable(Row):
    """The ``[plants]`` table of ``units.toml``: the heavy-tailed sizes of workplaces."""

    class_: StrictStr = Field(alias="class")
    seats: StrictStr
    total_plants: Count
    big_plants: Count
    big_min: Annotated[float, within(1.0)]
    big_share: Share
    largest: Annotated[float, within(1.0)]
    small_max: Annotated[float, within(1.0)]
    group_below: Annotated[float, within(0.0)]


class KindRow(Row):
    name: StrictStr
    class_: StrictStr = Field(alias="class")
    size: Count
    seats: StrictStr


class UnitsFile(Strict):
    plants: PlantsTable
    kind: list[KindRow]


class CabinetRow(Row):
    date_os: Day
    name: StrictStr
    weights: dict[str, Annotated[float, within(0.0)]]


class PolicyRow(Row):
    date_os: Day
    until_os: Day
    name: StrictStr
    peace: Share | None = None
    land: Share | None = None
    power: Share | None = None


class DatedRow(Row):
    date_os: Day


class LineRow(Row):
    """A dated change of a party's line (its platform from that day)."""

    date_os: Day
    party: StrictStr
    platform: Triple


class CommandRow(Row):
    """The army command outside the city: its combatants and whom it backs."""

    strength: Annotated[float, within(0.0)]
    stance: Literal["own", "government"]


class ArmsRow(Row):
    """Rifle stocks in the city that council supporters can take."""

    factory_rifles: Annotated[float, within(0.0)] = 0.0
    arsenal_rifles: Annotated[float, within(0.0)] = 0.0


class EventsFile(Strict):
    bread_reference: Annotated[float, within(1e-9)]
    cabinet: list[CabinetRow]
    policy: list[PolicyRow] = []
    order_1: DatedRow
    line: list[LineRow] = []
    command: CommandRow | None = None
    arms: ArmsRow | None = None


class ElectionRow(Row):
    name: StrictStr
    date_os: Day
    historical: dict[str, Share] = {}
    boycott: list[StrictStr] = []
    meets_os: Day | None = None


class ElectionsFile(Strict):
    election: list[ElectionRow] = []


SHAPES: dict[str, type[Strict]] = {
    "classes": ClassesFile, "parties": PartiesFile, "districts": DistrictsFile, "units": UnitsFile,
    "events": EventsFile, "elections": ElectionsFile,
}
"""The shape of each TOML data file: unknown keys and wrong types fail here, before the checks that need
several files (unknown parties, dates outside the drivers' range, shares that do not add up)."""


def read_data(path: Path, key: str) -> dict[str, Any]:
    """A TOML data file, its shape checked."""
    data = read_toml(path)
    check(SHAPES[key], data, str(path))
    return data


def classes_from(data: dict[str, Any], src: str) -> ClassTable:
    """Check and collect the class table."""
    rows = table_list(data, "class", src)
    names = names_of(rows, src, "class")
    cols: dict[str, list] = {k: [] for k in ("counts", *FLAGS, *NUMBERS, "peace0", "land0", "power0")}
    for name, raw_row in zip(names, rows):
        row = check(ClassRow, raw_row, src, f"class[{name}]")
        cols["counts"].append(row.count)
        for key in (*FLAGS, *NUMBERS):
            cols[key].append(getattr(row, key))
        for key, v in zip(("peace0", "land0", "power0"), row.demands):
            cols[key].append(v)
    arrays = {
        k: np.array(v, dtype=bool if k in FLAGS else (np.int64 if k == "counts" else np.float64))
        for k, v in cols.items()
    }
    if arrays["counts"].sum() == 0:
        raise InputError(src, "class.count", "the population is empty")
    return ClassTable(names=names, **arrays)


def parties_from(data: dict[str, Any], src: str) -> Parties:
    """Check and collect the party table."""
    raw_rows = table_list(data, "party", src)
    names = names_of(raw_rows, src, "party")
    if len(names) > MAX_PARTIES:
        raise InputError(src, "party", f"{len(names)} parties; at most {MAX_PARTIES}")
    rows = [check(PartyRow, r, src, f"party[{n}]") for n, r in zip(names, raw_rows)]
    plat = np.array([r.platform for r in rows])
    councils = np.array([r.councils for r in rows])
    if not councils.any():
        raise InputError(src, "party.councils", "no party sits in the councils")
    return Parties(
        names=names,
        peace=plat[:, 0].copy(),
        land=plat[:, 1].copy(),
        power=plat[:, 2].copy(),
        agitation=np.array([r.agitation for r in rows]),
        councils=councils,
        members=np.array([r.members for r in rows]),
        recruitment=np.array([r.recruitment for r in rows]),
    )


def plants_from(table: dict[str, Any], classes: ClassTable, src: str) -> Plants:
    """Check the [plants] table."""
    row = check(PlantsTable, table, src, "plants")
    if row.class_ not in classes.names:
        raise InputError(src, "plants.class", f"unknown class {row.class_!r}")
    if row.seats != "per-1000":
        raise InputError(src, "plants.seats", "plants elect one delegate per 1,000 (per-1000)")
    if not 0 < row.big_plants < row.total_plants:
        raise InputError(src, "plants.big_plants", "must be between 1 and total_plants - 1")
    if row.largest < row.big_min or row.small_max >= row.big_min:
        raise InputError(src, "plants.largest", "need small_max < big_min <= largest")
    return Plants(classes.names.index(row.class_), row.total_plants, row.big_plants, row.big_min, row.big_share,
                  row.largest, row.small_max, row.group_below)


def unit_kind_from(table: dict[str, Any], classes: ClassTable, src: str, where: str) -> UnitKind:
    """Check one [[kind]] row."""
    row = check(KindRow, table, src, where)
    if row.class_ not in classes.names:
        raise InputError(src, f"{where}.class", f"unknown class {row.class_!r}")
    if row.seats not in SEATS[1:]:
        raise InputError(src, f"{where}.seats", f"must be one of {SEATS[1:]}")
    if row.size < 1:
        raise InputError(src, f"{where}.size", "must be at least 1")
    return UnitKind(row.name, classes.names.index(row.class_), row.size, row.seats == "per-unit")


__all__ = ["read_inputs"]
