"""Assemble one run's report payload: an introduction, the summary, the charts that fit its metrics, the map."""

from __future__ import annotations

from ..core import Schema
from .charts import frame_of
from .data import RunData
from .events import elections, parameters, summary, timeline
from .grid_view import grid_view
from .history import description_of, history_marks, record_ranges
from .map_view import map_view
from .run_figures import activity, allegiance, force, generic, legitimacy, seats, support, with_records

DUAL_POWER = (
    "Dual power: after a revolution, a government and councils (soviets) both claim authority over one "
    "population. Each simulated person weighs how legitimate the two powers seem and obeys one, the other or "
    "neither; parties, protests, elections and armed force follow from those choices, and nothing later than "
    "the dated inputs (bread, prices, the war, cabinets) is scripted."
)
CIVIL_VIOLENCE = (
    "Epstein's civil violence: citizens on a grid turn active (rebel) when their grievance minus the risk of "
    "arrest passes a threshold; cops arrest active citizens in view and jail them."
)
HOW_TO_READ = {
    "allegiance": "Stacked shares of everyone: the red band is the councils' following, the blue the government's.",
    "allegiance-by-class": "Choose a side with the buttons; each line is the share of one class loyal to that side.",
    "legitimacy": "Mean legitimacy people see in each power (0 none, 1 full); allegiance moves when the gap is large.",
    "seats": "Stacked shares of council seats by party; dashed lines mark a new leading party or a claim to power.",
    "support": "Share of the population preferring each party; letters H mark dated history (hover for the source).",
    "members": "Party members (people, real scale).",
    "force": "Weighted armed strength each side can field; the dotted line (right axis) counts the Red Guard.",
    "events": "One row per kind of event; hover a diamond for what happened.",
    "elections": "Simulated vote shares (red) beside the historical result (grey) where the record has one.",
    "metrics": "Every metric the model reports, over time.",
}
RECORDS = "A grey band or diamond is the record's value, plus or minus its tolerance (hover for the source)."
MARKED = ("allegiance", "seats", "support")


def intro(run: RunData) -> list[str]:
    """What the model is, in a few sentences, and the scenario's own description."""
    m = run.manifest
    text = {"dual-power": DUAL_POWER, "civil-violence": CIVIL_VIOLENCE}.get(str(m.get("model", "")), "")
    described = m.get("scenario_description") or description_of(str(m.get("scenario", "")))
    return [t for t in (text, str(described)) if t]


def history_within(scenario: str, xs: list) -> list[dict]:
    """The scenario's dated history that falls within the run's dates."""
    return [m for m in history_marks(scenario) if xs and str(xs[0]) <= m["date"] <= str(xs[-1])]


def records_within(scenario: str, xs: list) -> list[dict]:
    """The record's values of the scenario's time series whose dates the run reaches."""
    return [r for r in record_ranges(scenario) if xs and str(xs[0]) <= r["from"] and r["to"] <= str(xs[-1])]


def unrecorded(rows: list[dict]) -> list[str]:
    """Elections of the run for which the scenario's data hold no historical shares."""
    seen: dict[str, bool] = {}
    for r in rows:
        name = str(r.get("election", ""))
        seen[name] = seen.get(name, False) or r.get("historical") is not None
    return [name for name, recorded in seen.items() if not recorded]


def annotate(figs: list[dict], marked: bool, elections_rows: list[dict]) -> list[dict]:
    """Add how-to-read lines; flag the time series on which ``render.js`` draws the history markers."""
    for fig in figs:
        said = (fig.get("note", ""), HOW_TO_READ.get(fig["id"], ""), RECORDS if fig.pop("records", False) else "")
        fig["note"] = " ".join(t for t in said if t)
        if marked and fig["id"] in MARKED and fig["layout"].get("xaxis", {}).get("type") == "date":
            fig["history"] = True
    missing = unrecorded(elections_rows)
    for fig in figs:
        if fig["id"] == "elections" and missing:
            fig["note"] += f" No historical result is on record for: {', '.join(missing)}."
    return figs


def charts(run: RunData) -> tuple[dict, list[dict], dict | None, list[dict]]:
    """Shared arrays, figure specs, the district map and the history markers of a run (complete or still running)."""
    fr, sch = frame_of(run), Schema(run.manifest)
    if fr.has("allegiance_councils"):
        figs = allegiance(fr, sch) + legitimacy(fr) + seats(fr, run, sch) + support(fr, sch) + force(fr) + activity(fr)
    elif fr.has("active", "quiet"):
        figs = activity(fr, "Active, quiet and jailed")
    else:
        figs = generic(fr)
    scenario, xs = str(run.manifest.get("scenario", "")), fr.shared["x"] if fr.dated else []
    figs = with_records(figs, records_within(scenario, xs)) + timeline(fr, run) + elections(run)
    marks = history_within(scenario, xs)
    return fr.shared, annotate(figs, bool(marks), run.elections), map_view(fr, sch), marks


def grid_of(run: RunData, frames) -> dict | None:
    """The lattice animation of a run whose parameters give its width and height."""
    params = run.manifest.get("parameters") or {}
    if frames is None or not isinstance(params.get("width"), int) or not isinstance(params.get("height"), int):
        return None
    steps = run.columns.get("step")
    return grid_view(frames, params["width"], params["height"], steps if steps is not None else range(len(frames)))


def run_payload(run: RunData, grid: dict | None = None) -> dict:
    """Everything ``render.js`` draws for one run (``grid``: the lattice animation, when recorded)."""
    shared, figs, district, marks = charts(run)
    m = run.manifest
    return {
        "kind": "run",
        "title": f"{m.get('scenario', 'run')}: simulation report",
        "intro": intro(run),
        "summary": summary(run),
        "shared": shared,
        "figures": figs,
        "map": district,
        "grid": grid,
        "history": marks,
        "tables": parameters(run),
    }
