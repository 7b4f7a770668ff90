"""Observation: the day's metrics (MODEL.md section 5); counts in real-population units."""

from __future__ import annotations

import datetime as dt

import numpy as np

from .force import red_guard
from .state import ALLEGIANCES, DEAD, JAILED, ACTIVE, State


def dates(state: State) -> tuple[str, str]:
    """Old Style and New Style dates of the state's day."""
    inp = state.world.inputs
    os_date = inp.start + dt.timedelta(days=state.day)
    return os_date.isoformat(), (os_date + dt.timedelta(days=inp.ns_offset)).isoformat()


def allegiance_metrics(state: State, alive: np.ndarray) -> dict[str, float]:
    """Allegiance shares of the living, overall and by class."""
    people, names = state.people, state.world.inputs.classes.names
    key = people.cls[alive].astype(np.int64) * 3 + people.allegiance[alive]
    counts = np.bincount(key, minlength=3 * len(names)).reshape(len(names), 3)
    total = max(counts.sum(), 1)
    out = {f"allegiance_{a}": counts[:, i].sum() / total for i, a in enumerate(ALLEGIANCES)}
    for c, cname in enumerate(names):
        n = max(counts[c].sum(), 1)
        out.update({f"allegiance_{a}_{cname}": counts[c, i] / n for i, a in enumerate(ALLEGIANCES)})
    return out


def party_metrics(state: State, alive: np.ndarray) -> dict[str, float]:
    """Seats, support and members (real units) of each party."""
    people, pol, world = state.people, state.polity, state.world
    names = world.inputs.parties.names
    filled = pol.delegates >= 0
    seats = np.bincount(pol.delegates[filled], weights=world.seats[filled], minlength=len(names))
    seats = seats / max(seats.sum(), 1.0)
    support = np.bincount(people.party[alive], minlength=len(names)) / max(alive.sum(), 1)
    members = np.bincount(people.party[people.member & alive], minlength=len(names)) / world.scale
    out: dict[str, float] = {}
    for p, name in enumerate(names):
        out.update({f"seats_{name}": float(seats[p]), f"support_{name}": float(support[p]), f"members_{name}": float(members[p])})
    return out


def observe(state: State) -> dict[str, float | int | str]:
    """One row of the time series."""
    people, pol, scale = state.people, state.polity, state.world.scale
    alive = people.condition != DEAD
    conditions = np.bincount(people.condition, minlength=4)
    date_os, date_ns = dates(state)
    row: dict[str, float | int | str] = {"date_os": date_os, "date_ns": date_ns}
    row.update(allegiance_metrics(state, alive))
    row.update({
        "legitimacy_government_mean": float(people.lg.mean(where=alive, dtype=np.float64)),
        "legitimacy_councils_mean": float(people.ls.mean(where=alive, dtype=np.float64)),
        "active": conditions[ACTIVE] / scale, "jailed": conditions[JAILED] / scale, "dead": conditions[DEAD] / scale,
        "red_guard": float((red_guard(state) & alive).sum()) / scale,
        "force_government": pol.force_g, "force_councils": pol.force_s,
    })
    row.update(party_metrics(state, alive))
    row["claims_power"] = int(pol.claims)
    return {k: (float(v) if isinstance(v, (np.floating, np.integer)) else v) for k, v in row.items()}
