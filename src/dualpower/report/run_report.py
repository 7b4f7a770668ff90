"""Assemble one run's report payload: the summary, the charts that fit its metrics, the map."""

from __future__ import annotations

from ..core import Schema
from .charts import frame_of
from .data import RunData
from .district_map import district_map
from .events import elections, parameters, summary, timeline
from .run_figures import activity, allegiance, force, generic, legitimacy, seats, support


def charts(run: RunData) -> tuple[dict, list[dict], dict | None]:
    """Shared arrays, figure specs and the district map for a run (complete or still running)."""
    fr, sch = frame_of(run), Schema(run.manifest)
    if fr.has("allegiance_councils"):
        figs = allegiance(fr, sch) + legitimacy(fr) + seats(fr, run, sch) + support(fr, sch) + force(fr) + activity(fr)
    elif fr.has("active", "quiet"):
        figs = activity(fr, "Active, quiet and jailed")
    else:
        figs = generic(fr)
    figs += timeline(fr, run) + elections(run)
    return fr.shared, figs, district_map(fr, sch)


def run_payload(run: RunData) -> dict:
    """Everything ``render.js`` draws for one run."""
    shared, figs, district = charts(run)
    m = run.manifest
    return {
        "kind": "run",
        "title": f"{m.get('scenario', 'run')}: simulation report",
        "description": m.get("description", ""),
        "summary": summary(run),
        "shared": shared,
        "figures": figs,
        "map": district,
        "tables": parameters(run),
    }
