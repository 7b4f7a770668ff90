"""Observation: the day's metrics (docs/ODD.md 4, Observation); counts in real-population units."""

from __future__ import annotations

import datetime as dt

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


def shares_of(counts: np.ndarray) -> list[list[float]]:
    """Each row's counts over the row's total (at least 1), as Python floats: one division for the whole table
    rather than one per cell, daily."""
    return (counts / np.maximum(counts.sum(axis=1), 1)[:, None]).tolist()


def observe(state: State) -> dict[str, float | int | str]:
    """One row of the time series."""
    people, pol, world = state.people, state.polity, state.world
    c, names = world.inputs.classes, world.inputs.parties.names
    units = world.units
    citizens = Citizens(people.allegiance, people.condition, people.party, people.member, people.armed, people.lg,
                        people.ls)
    table = UnitTable(units.start, units.size, units.cls, units.district, units.plant)
    by_class, by_district, conditions, kinds, support, members, red_guard, sum_g, sum_s = census(
        citizens, table, c.armed, len(names), world.n_districts)
    living, scale = max(by_class.sum(), 1), world.scale
    date_os, date_ns = dates(state)
    row: dict[str, float | int | str] = {"date_os": date_os, "date_ns": date_ns}
    row.update(zip((f"allegiance_{a}" for a in ALLEGIANCES), (by_class.sum(axis=0) / living).tolist()))
    for cname, shares in zip(c.names, shares_of(by_class)):
        row.update({f"allegiance_{a}_{cname}": share for a, share in zip(ALLEGIANCES, shares)})
    for dname, shares in zip(world.inputs.district_names, shares_of(by_district)):
        row.update({f"councils_share_{district_key(dname)}": shares[COUNCILS],
                    f"government_share_{district_key(dname)}": shares[GOV]})
    row.update({
        "legitimacy_government_mean": sum_g / living, "legitimacy_councils_mean": sum_s / living,
        "active": conditions[ACTIVE] / scale, "active_armed": kinds[0] / scale, "active_strike": kinds[1] / scale,
        "active_demonstration": kinds[2] / scale, "jailed": conditions[JAILED] / scale,
        "dead": conditions[DEAD] / scale,
        "red_guard": red_guard / scale, "force_government": pol.force_g, "force_councils": pol.force_s,
        "clash_dead": pol.killed_today, "arrests": pol.arrested_today, "closures": pol.closed_today,
        "laid_off": pol.laid_off_today,
    })
    seats = seat_shares(pol.delegates).tolist()
    for name, held, backing, enrolled in zip(names, seats, (support / living).tolist(), (members / scale).tolist()):
        row.update({f"seats_{name}": held, f"support_{name}": backing, f"members_{name}": enrolled})
    row["claims_power"] = int(pol.claims)
    return {k: (float(v) if isinstance(v, (np.floating, np.integer)) else v) for k, v in row.items()}
