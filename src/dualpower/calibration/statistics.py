"""A run's statistics for each target of a targets file, read from the model's public outputs.

This reads the output contract of the dual-power model (MODEL.md section 5): the
``elections`` table, the ``date_os``, ``claims_power``, ``seats_<party>``,
``members_<party>`` and ``dead`` columns, and the manifest's ``outcome``. Keys and units
are those :func:`dualpower.calibration.distance.term_for` compares: dates are days after
the historical date, NaN when the event never happened.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..core import Results

NAN = math.nan
MODERATES = ("SR", "Menshevik")
RADICALS = ("Bolshevik",)


class TargetStatistics:
    """A picklable ``results -> {key: value}`` for a fixed list of targets."""

    def __init__(self, targets: tuple[Mapping[str, Any], ...], source: str = "targets") -> None:
        self.targets, self.source = targets, source

    def __call__(self, results: Results) -> dict[str, float]:
        cols = {c: results.timeseries.column(c).to_numpy(zero_copy_only=False) for c in results.timeseries.column_names}
        out: dict[str, float] = {}
        for t in self.targets:
            out.update(KINDS[t["kind"]](t, results, cols))
        return out


def _days(a: str, b: str) -> float:
    return float((dt.date.fromisoformat(str(a)) - dt.date.fromisoformat(str(b))).days)


def election(t: Mapping, results: Results, cols: dict) -> dict[str, float]:
    """Each party's simulated share in the named election (NaN if it was not held)."""
    rows = [r for r in (results.elections.to_pylist() if results.elections is not None else []) if r["election"] == t["election"]]
    shares = {str(r["party"]).lower(): float(r["share"]) for r in rows}
    return {f"{t['id']}:{p}": shares.get(p.lower(), NAN) for p in t["shares"]}


def majority_date(t: Mapping, results: Results, cols: dict) -> dict[str, float]:
    """First day the councils' majority claims power, in days after the historical date."""
    hits = np.flatnonzero(np.asarray(cols.get("claims_power", []), dtype=float) > 0)
    return {t["id"]: _days(cols["date_os"][hits[0]], t["date_os"]) if hits.size else NAN}


def outcome(t: Mapping, results: Results, cols: dict) -> dict[str, float]:
    """Days between the simulated and historical outcome; NaN for no outcome or another type."""
    o = results.manifest.get("outcome") or {}
    hit = o.get("type") == t["type"] and o.get("date_os")
    return {t["id"]: _days(o["date_os"], t["date_os"]) if hit else NAN}


def moderate_majority(t: Mapping, results: Results, cols: dict) -> dict[str, float]:
    """Share of days in the window on which the moderate socialists' seats exceed the radicals'."""
    dates = np.asarray(cols["date_os"]).astype(str)
    window = (dates >= t["date_os_from"]) & (dates <= t["date_os_to"])
    if not window.any():
        return {t["id"]: NAN}
    more = sum(np.asarray(cols.get(f"seats_{p}", 0.0), float) for p in t.get("more", MODERATES))
    less = sum(np.asarray(cols.get(f"seats_{p}", 0.0), float) for p in t.get("less", RADICALS))
    return {t["id"]: float(np.mean((more > less)[window]))}


def insurrection_dead(t: Mapping, results: Results, cols: dict) -> dict[str, float]:
    """Deaths on the day dual power ended (0 if it never ended: no confrontation, no casualties); with a
    ``column``, that column's value on the day of an outcome of ``type`` (NaN if there was none)."""
    o = results.manifest.get("outcome") or {}
    if "column" in t:
        hit = o.get("type") == t.get("type") and o.get("date_os")
        dates = np.asarray(cols["date_os"]).astype(str)
        at = np.flatnonzero(dates == str(o.get("date_os"))) if hit else np.zeros(0, int)
        return {t["id"]: float(np.asarray(cols.get(t["column"], []), float)[at[0]]) if at.size else NAN}
    dead = np.asarray(cols.get("dead", [0.0]), float)
    return {t["id"]: float(dead[-1] - dead[-2]) if o.get("type") and dead.size > 1 else 0.0}


def event_date(t: Mapping, results: Results, cols: dict) -> dict[str, float]:
    """First event of type ``event`` within [``after_os``, ...], in days after the historical date (NaN if none)."""
    rows = results.events.to_pylist() if results.events is not None else []
    after = str(t.get("after_os", ""))
    days = [str(r["date_os"]) for r in rows if r["type"] == t["event"] and str(r["date_os"]) >= after]
    return {t["id"]: _days(days[0], t["date_os"]) if days else NAN}


def level(t: Mapping, results: Results, cols: dict) -> dict[str, float]:
    """A time-series column's value on a date (NaN if the run does not reach it)."""
    dates = np.asarray(cols["date_os"]).astype(str)
    at = np.flatnonzero(dates == str(t["date_os"]))
    return {t["id"]: float(np.asarray(cols.get(t["column"], []), float)[at[0]]) if at.size else NAN}


def membership_ratio(t: Mapping, results: Results, cols: dict) -> dict[str, float]:
    """Mean members of the party in one month over another (default: Bolsheviks, August over March)."""
    months = np.array([int(str(d)[5:7]) for d in cols["date_os"]])
    members = np.asarray(cols.get(f"members_{t.get('party', 'Bolshevik')}", []), float)
    top, bottom = members[months == t.get("month", 8)], members[months == t.get("base_month", 3)]
    return {t["id"]: float(top.mean() / bottom.mean()) if top.size and bottom.size and bottom.mean() > 0 else NAN}


KINDS = {
    "election": election, "date": majority_date, "outcome": outcome,
    "state": moderate_majority, "bound": insurrection_dead, "ratio": membership_ratio,
    "event": event_date, "level": level,
}
