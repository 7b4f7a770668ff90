"""The real history a run is judged against: the scenario's dated targets, as chart markers with sources, and
the record's values of its time series, as bands on their charts.

Read from the scenario's targets file (the same file calibration uses) when the run's scenario is a
built-in one with targets; nothing is drawn otherwise.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from ..core import InputError
from ..core.files import read_toml

MARKED_KINDS = ("date", "outcome", "election")
RANGED_KINDS = ("level", "peak")


@functools.lru_cache(maxsize=32)
def scenario_table(scenario: str) -> dict[str, Any]:
    """A built-in scenario's table with ``extends`` resolved (empty for other names); read once, since live
    reports are rebuilt twice a second. Callers must not change it."""
    from ..scenarios import builtin_names, raw, resolve

    if scenario not in builtin_names():
        return {}
    try:
        return raw(resolve(scenario))
    except (InputError, OSError, ValueError):
        return {}


def description_of(scenario: str) -> str:
    """A built-in scenario's description, for reports of runs whose manifest does not carry it."""
    return " ".join(str(scenario_table(scenario).get("description", "")).split())


@functools.lru_cache(maxsize=32)
def all_targets(scenario: str) -> tuple[dict[str, Any], ...]:
    """Every target of a built-in scenario (empty for unknown scenarios or ones without targets); read once, as
    :func:`scenario_table`. Callers must not change them."""
    inputs = scenario_table(scenario).get("inputs") or {}
    try:
        if "targets" not in inputs:
            return ()
        rows = read_toml(Path(inputs["targets"])).get("target") or []
    except (InputError, OSError, ValueError):
        return ()
    return tuple(t for t in rows if isinstance(t, dict))


def targets_of(scenario: str) -> list[dict[str, Any]]:
    """The dated targets of a built-in scenario."""
    return [t for t in all_targets(scenario) if t.get("date_os")]


def history_marks(scenario: str) -> list[dict[str, Any]]:
    """Dated historical events as markers: date, short text, source and confidence."""
    marks = []
    for t in targets_of(scenario):
        if t.get("kind") not in MARKED_KINDS:
            continue
        text = str(t.get("what") or t.get("election") or t.get("type") or t.get("id", "")).replace("-", " ").strip()
        marks.append(
            {
                "date": str(t["date_os"]),
                "id": str(t.get("id", "")),
                "text": text,
                "source": str(t.get("source", "")),
                "confidence": str(t.get("confidence", "")),
            }
        )
    return marks


def record_ranges(scenario: str) -> list[dict[str, Any]]:
    """The record's values of time series, to draw on the chart of each: a level on one date or the largest
    value of a window (the targets of kind ``level`` and ``peak``), with its tolerance, source and grade."""
    out = []
    for t in all_targets(scenario):
        level = t.get("kind") == "level"
        start, end = (t.get("date_os"),) * 2 if level else (t.get("date_os_from"), t.get("date_os_to"))
        if t.get("kind") not in RANGED_KINDS or not (start and end and t.get("column")):
            continue
        try:
            value, tolerance = float(t["value"]), float(t.get("tolerance", 0.0))
        except (KeyError, TypeError, ValueError):
            continue
        out.append({
            "column": str(t["column"]), "from": str(start), "to": str(end), "value": value, "tolerance": tolerance,
            "text": str(t.get("what") or t.get("id", "")), "source": str(t.get("source", "")),
            "confidence": str(t.get("confidence", "")),
        })
    return out
