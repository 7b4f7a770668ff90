"""Observation: the day's metrics (docs/ODD.md 4, Observation); counts in real-population units."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np

from .councils import seat_shares
from .tallies import Citizens, UnitTable, census
from .state import ACTIVE, ALLEGIANCES, COUNCILS, DEAD, GOV, JAILED, State


def dates(state: State) -> tuple[str, str]:
    """Old Style and New Style dates of the state's day."""
    inp = state.world.inputs
    os_date = inp.start + dt.timedelta(days=state.day)
    return os_date.isoformat(), (os_date + dt.timedelta(days=inp.ns_offset)).isoformat()


def district_key(name: str) -> str:
    """A district's column suffix: lowercase, spaces and hyphens as underscores ("Petrograd side" -> petrograd_side)."""
    return name.lower().replace(" ", "_").replace("-", "_")


def shares_of(counts: np.ndarray) -> np.ndarray:
    """Each row's counts over the row's total (at least 1), float64: one division for the whole table."""
    return counts / np.maximum(counts.sum(axis=1), 1)[:, None]


@lru_cache(maxsize=16)
def column_names(classes: tuple[str, ...], districts: tuple[str, ...],
                 parties: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The names of the columns by class and allegiance, by district (councils' share, then the
    government's) and by party (seats, support, members), in the row's order: worked out once a case."""
    by_class = tuple(f"allegiance_{a}_{cname}" for cname in classes for a in ALLEGIANCES)
    by_district = tuple(f"{side}_share_{district_key(d)}" for d in districts for side in ("councils", "government"))
    by_party = tuple(f"{kind}_{name}" for name in parties for kind in ("seats", "support", "members"))
    return by_class, by_district, by_party


def observe(state: State) -> dict[str, float | int | str]:
    """One row of the time series."""
    people, pol, world = state.people, state.polity, state.world
    c, names = world.inputs.classes, world.inputs.parties.names
    units = world.units
    citizens = Citizens(people.allegiance, people.condition, people.party, people.member, people.armed, people.lg,
                        people.ls)
    table = UnitTable(units.start, units.size, units.cls, units.district, units.plant)
    by_class, by_district, conditions, kinds, support, members, red_guard, sum_g, sum_s = census(
        citizens, table, c.armed, len(names), world.n_districts, pol.disarmed)
    living, scale = max(by_class.sum(), 1), world.scale
    class_keys, district_keys, party_keys = column_names(c.names, world.inputs.district_names, names)
    date_os, date_ns = dates(state)
    row: dict[str, float | int | str] = {"date_os": date_os, "date_ns": date_ns}
    row.update(zip((f"allegiance_{a}" for a in ALLEGIANCES), (by_class.sum(axis=0) / living).tolist()))
    row.update(zip(class_keys, shares_of(by_class).ravel().tolist()))
    row.update(zip(district_keys, shares_of(by_district)[:, [COUNCILS, GOV]].ravel().tolist()))
    fixed = {
        "legitimacy_government_mean": sum_g / living, "legitimacy_councils_mean": sum_s / living,
        "active": conditions[ACTIVE] / scale, "active_armed": kinds[0] / scale, "active_strike": kinds[1] / scale,
        "active_demonstration": kinds[2] / scale, "jailed": conditions[JAILED] / scale,
        "dead": conditions[DEAD] / scale,
        "red_guard": red_guard / scale, "force_government": pol.force_g, "force_councils": pol.force_s,
        "clash_dead": pol.killed_today, "arrests": pol.arrested_today, "closures": pol.closed_today,
        "laid_off": pol.laid_off_today,
    }
    row.update((k, float(v) if isinstance(v, (np.floating, np.integer)) else v) for k, v in fixed.items())
    per_party = np.stack([seat_shares(pol.delegates), support / living, members / scale], axis=1)
    row.update(zip(party_keys, per_party.ravel().tolist()))
    row["claims_power"] = int(pol.claims)
    return row
