"""Events timeline, elections against history, and the run's outcome and provenance."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from ..core import Schema
from .charts import PALETTE, Frame, figure, label, layout
from .data import RunData

MAX_EVENTS = 1500
DETAIL_CHARS = 200
NS_SHIFT = dt.timedelta(days=13)


def event_x(fr: Frame, row: dict[str, Any]) -> Any:
    """Where an event sits on the x axis: its Old Style date, else its step."""
    return row.get("date_os") if fr.dated and row.get("date_os") else row.get("step")


def timeline(fr: Frame, run: RunData) -> list[dict]:
    """Events as markers on one row per type; hovering shows the detail."""
    rows = run.events[:MAX_EVENTS]
    if not rows:
        return []
    by_type: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_type[str(r.get("type", "event"))].append(r)
    data = [
        {
            "type": "scatter",
            "mode": "markers",
            "name": label(t),
            "x": [event_x(fr, r) for r in rs],
            "y": [label(t)] * len(rs),
            "text": [str(r.get("detail") or "")[:DETAIL_CHARS] for r in rs],
            "hoverlabel": {"align": "left"},
            "marker": {"size": 11, "color": PALETTE[i % len(PALETTE)], "symbol": "diamond"},
            "hovertemplate": "%{x}<br>%{text}<extra>" + label(t) + "</extra>",
        }
        for i, (t, rs) in enumerate(sorted(by_type.items()))
    ]
    lay = layout(fr, "", showlegend=False, height=max(200, 60 + 34 * len(data)))
    lay["yaxis"] = {"type": "category", "automargin": True}
    lay["hovermode"] = "closest"
    if fr.shared["x"]:
        lay["xaxis"]["range"] = [fr.shared["x"][0], fr.shared["x"][-1]]
    note = f"First {MAX_EVENTS} of {len(run.events)} events." if len(run.events) > MAX_EVENTS else ""
    return [figure("events", "Events", data, lay, note)]


def elections(run: RunData) -> list[dict]:
    """Simulated vote shares beside the historical results, grouped by election."""
    rows = [r for r in run.elections if r.get("party") is not None]
    if not rows:
        return []
    sch = Schema(run.manifest)
    groups = [election_label(str(r.get("election", ""))) for r in rows]
    labels = [sch.label("parties", str(r["party"])) for r in rows]
    cats = [groups, [short_label(x) for x in labels]]
    hover = [f"{g.replace('<br>', ' ')}: {x}" for g, x in zip(groups, labels)]
    data = [
        {
            "type": "bar",
            "name": "simulated",
            "x": cats,
            "y": [r.get("share") for r in rows],
            "customdata": hover,
            "marker": {"color": "#b8322a"},
            "hovertemplate": "%{customdata}<br>simulated %{y:.1%}<extra></extra>",
        }
    ]
    if any(r.get("historical") is not None for r in rows):
        data.append(
            {
                "type": "bar",
                "name": "historical",
                "x": cats,
                "y": [r.get("historical") for r in rows],
                "customdata": hover,
                "marker": {"color": "#555555"},
                "hovertemplate": "%{customdata}<br>historical %{y:.1%}<extra></extra>",
            }
        )
    lay = {
        "barmode": "group",
        "height": 400,
        "margin": {"l": 60, "r": 20, "t": 30, "b": 110},
        "xaxis": {"automargin": True, "tickangle": -30},
        "yaxis": {"tickformat": ".0%", "title": {"text": "vote share"}, "automargin": True},
        "legend": {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        "paper_bgcolor": "white",
        "plot_bgcolor": "#fbfbf8",
    }
    return [figure("elections", "Elections: simulated and historical", data, lay)]


def short_label(label: str) -> str:
    """A party's label without its parenthesis ("Others (non-party, national and small lists)" -> "Others"), for
    an axis whose ticks stand side by side; the hover keeps the whole label."""
    return label.split(" (", 1)[0]


def election_label(name: str, width: int = 16) -> str:
    """An election name as short lines ("city-duma" -> "City<br>duma") so that groups do not collide."""
    lines: list[str] = []
    for word in name.replace("-", " ").replace("_", " ").split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines).capitalize()


def new_style(date_os: Any) -> str:
    """The New Style (Gregorian) date of an Old Style one, valid 1900-2099."""
    try:
        return (dt.date.fromisoformat(str(date_os)) + NS_SHIFT).isoformat()
    except ValueError:
        return ""


def when(info: dict[str, Any] | None) -> str:
    """A milestone or outcome's date as 'OS (NS), step n', or 'date, step n' where the case's calendar is
    the Gregorian one (its New Style date is the same); results without a New Style date are Petrograd's."""
    if not info:
        return "never"
    parts = []
    if info.get("date_os"):
        ns = info.get("date_ns") or new_style(info["date_os"])
        parts.append(info["date_os"] if ns == info["date_os"] else f"{info['date_os']} OS ({ns} NS)")
    if info.get("step") is not None:
        parts.append(f"step {info['step']}")
    return ", ".join(parts) or "never"


def summary(run: RunData) -> list[list[str]]:
    """The run at a glance: what ran, how it ended, milestones and provenance."""
    m = run.manifest
    outcome = m.get("outcome") or {}
    rows = [["scenario", f"{m.get('scenario', '?')} ({m['model']})" if m.get("model") else str(m.get("scenario", "?"))]]
    if outcome:
        rows.append(["outcome", f"{label(str(outcome.get('type', '?')))}: {when(outcome)}"])
    rows += [[label(name), when(ms)] for name, ms in (m.get("milestones") or {}).items()]
    if "agents" in m:  # absent while a run is still going
        seed = m.get("seed") or {}
        rows += [
            ["agents", f"{m['agents']:,}"],
            ["steps", str(m.get("steps", run.steps))],
            ["seed", str(seed.get("entropy", seed) if isinstance(seed, dict) else seed)],
            ["wall time", f"{m.get('wall_time_s', 0):.2f} s"],
            ["created", str(m.get("created") or "")],
        ]
    else:
        rows.append(["days so far", str(max(run.steps - 1, 0))])
    return [r for r in rows if r[1]]


def parameters(run: RunData) -> list[dict]:
    """The run's parameter values as a table."""
    params = run.manifest.get("parameters") or {}
    return (
        [{"title": "Parameters", "columns": ["name", "value"], "rows": [[k, str(v)] for k, v in params.items()]}]
        if params
        else []
    )
