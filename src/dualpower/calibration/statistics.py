"""A run's statistics for each target of a targets file, read from the model's public outputs.

This reads the outputs of the dual-power model (docs/ODD.md, Observation): the ``elections``
table, the ``date_os``, ``claims_power``, ``dead`` and ``clash_dead`` columns, the ``seats`` and ``members``
families of the manifest's metrics schema, the parties' blocs in its case, and its ``outcome``. Keys and units
are those :func:`dualpower.calibration.distance.term_for` compares: dates are days after
the historical date, NaN when the event never happened.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..core import Results, Schema
from ..models.dual_power.model import OUTCOME_NONE

NAN = math.nan


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
    rows = [
        r
        for r in (results.elections.to_pylist() if results.elections is not None else [])
        if r["election"] == t["election"]
    ]
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


def seats_of(results: Results, cols: dict, parties: list[str]) -> np.ndarray | float:
    """Summed council seat shares of the named parties (0 for parties the run does not declare)."""
    seats = Schema(results.manifest).family("seats")
    return sum(np.asarray(cols[seats[p]], float) for p in parties if p in seats and seats[p] in cols)


def moderate_majority(t: Mapping, results: Results, cols: dict) -> dict[str, float]:
    """Share of days in the window on which the ``more`` parties' seats (default: the moderate bloc)
    exceed the ``less`` parties' (default: the radical bloc)."""
    dates = np.asarray(cols["date_os"]).astype(str)
    window = (dates >= t["date_os_from"]) & (dates <= t["date_os_to"])
    if not window.any():
        return {t["id"]: NAN}
    sch = Schema(results.manifest)
    more = seats_of(results, cols, list(t.get("more", sch.bloc("moderate"))))
    less = seats_of(results, cols, list(t.get("less", sch.bloc("radical"))))
    return {t["id"]: float(np.mean((more > less)[window]))}


def insurrection_dead(t: Mapping, results: Results, cols: dict) -> dict[str, float]:
    """Deaths in the confrontation that ended dual power (0 if it never ended: no confrontation, no casualties):
    the rise in ``dead`` on the outcome's day less that day's ``clash_dead`` (the street clashes counted before the
    confrontation). With a ``column``, that column's value on the day of an outcome of ``type`` (NaN if none)."""
    o = results.manifest.get("outcome") or {}
    if "column" in t:
        hit = o.get("type") == t.get("type") and o.get("date_os")
        at = _day_of(cols, o.get("date_os")) if hit else None
        return {t["id"]: float(np.asarray(cols.get(t["column"], []), float)[at]) if at is not None else NAN}
    ended = o.get("type") not in (None, "", OUTCOME_NONE) and o.get("date_os")
    at = _day_of(cols, o.get("date_os")) if ended else None
    if at is None:
        return {t["id"]: 0.0}
    dead, clashes = np.asarray(cols["dead"], float), np.asarray(cols["clash_dead"], float)
    return {t["id"]: float(dead[at] - (dead[at - 1] if at else 0.0) - clashes[at])}


def _day_of(cols: dict, date_os: Any) -> int | None:
    """The row of a date in the time series, or None."""
    at = np.flatnonzero(np.asarray(cols["date_os"]).astype(str) == str(date_os))
    return int(at[0]) if at.size else None


def _events(results: Results) -> list[dict]:
    """The run's events table as rows (none if the model records no events)."""
    return results.events.to_pylist() if results.events is not None else []


def event_date(t: Mapping, results: Results, cols: dict) -> dict[str, float]:
    """First event of type ``event`` within [``after_os``, ...], in days after the historical date (NaN if none).
    With ``at_least``, only an event on a day whose ``column`` reaches it counts: an armed demonstration of a
    handful is not the record's rising."""
    rows = _events(results)
    after = str(t.get("after_os", ""))
    days = [str(r["date_os"]) for r in rows
            if r["type"] == t["event"] and str(r["date_os"]) >= after and _sized(t, cols, r["date_os"])]
    return {t["id"]: _days(days[0], t["date_os"]) if days else NAN}


def _sized(t: Mapping, cols: dict, date_os: Any) -> bool:
    """Whether the target's ``column`` reaches its ``at_least`` on a date (always, for a target without one)."""
    if "at_least" not in t:
        return True
    at, values = _day_of(cols, date_os), cols.get(t["column"])
    return at is not None and values is not None and float(np.asarray(values, float)[at]) >= float(t["at_least"])


def event_count(t: Mapping, results: Results, cols: dict) -> dict[str, float]:
    """Number of events of type ``event`` dated from ``after_os`` to before ``before_os`` (either may be
    absent)."""
    rows = _events(results)
    after, before = str(t.get("after_os", "")), str(t.get("before_os", "9999"))
    return {t["id"]: float(sum(r["type"] == t["event"] and after <= str(r["date_os"]) < before for r in rows))}


def level(t: Mapping, results: Results, cols: dict) -> dict[str, float]:
    """A time-series column's value on a date (NaN if the run does not reach it)."""
    dates = np.asarray(cols["date_os"]).astype(str)
    at = np.flatnonzero(dates == str(t["date_os"]))
    return {t["id"]: float(np.asarray(cols.get(t["column"], []), float)[at[0]]) if at.size else NAN}


def peak(t: Mapping, results: Results, cols: dict) -> dict[str, float]:
    """A time-series column's largest value from ``date_os_from`` to ``date_os_to`` (NaN if the run does not
    reach the window)."""
    window, values = _window(t, cols)
    return {t["id"]: float(values[window].max()) if window.any() and values.size else NAN}


def _window(t: Mapping, cols: dict) -> tuple[np.ndarray, np.ndarray]:
    """The days from ``date_os_from`` to ``date_os_to``, bool, and the target's ``column`` (empty if absent)."""
    dates = np.asarray(cols["date_os"]).astype(str)
    window = (dates >= str(t["date_os_from"])) & (dates <= str(t["date_os_to"]))
    return window, np.asarray(cols.get(t["column"], []), float)


def rise(t: Mapping, results: Results, cols: dict) -> dict[str, float]:
    """How much a cumulative column (``dead``, say) grows over a window: its value on ``date_os_to`` (or the
    run's last day before it) less its value the day before ``date_os_from`` (NaN if the run does not reach
    the window)."""
    window, values = _window(t, cols)
    days = np.flatnonzero(window)
    if not days.size or not values.size:
        return {t["id"]: NAN}
    return {t["id"]: float(values[days[-1]] - (values[days[0] - 1] if days[0] else 0.0))}


def membership_ratio(t: Mapping, results: Results, cols: dict) -> dict[str, float]:
    """Mean members of the target's party (default: the first of the radical bloc) in one month over
    another (default: August over March)."""
    months = np.array([int(str(d)[5:7]) for d in cols["date_os"]])
    sch = Schema(results.manifest)
    party = t.get("party") or next(iter(sch.bloc("radical")), None)
    column = sch.family("members").get(party, "")
    members = np.asarray(cols.get(column, []), float)
    top, bottom = members[months == t.get("month", 8)], members[months == t.get("base_month", 3)]
    return {t["id"]: float(top.mean() / bottom.mean()) if top.size and bottom.size and bottom.mean() > 0 else NAN}


KINDS = {
    "election": election,
    "date": majority_date,
    "outcome": outcome,
    "state": moderate_majority,
    "bound": insurrection_dead,
    "ratio": membership_ratio,
    "event": event_date,
    "count": event_count,
    "level": level,
    "peak": peak,
    "rise": rise,
}
