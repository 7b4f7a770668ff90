"""Building blocks for Plotly figure specs: a shared x axis, traces, layouts, date markers.

Figures are plain dicts (Plotly's JSON schema), so the report page and the dashboard render the
same specs with plotly.js and nothing here needs the plotly Python package. Arrays that many
traces share (the x axis, New Style dates) are written once in ``shared`` and referenced as
``"@name"``; ``render.js`` substitutes them before plotting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .compact import pick, sig
from .data import RunData

GOVERNMENT = "#2f5d8c"
COUNCILS = "#b8322a"
NEUTRAL = "#9a9a9a"
PALETTE = ["#b8322a", "#2f5d8c", "#d98b1f", "#3c8d5a", "#7a4f9a", "#5b5b5b", "#c2577f", "#1f8f99", "#8c6d31"]


@dataclass(frozen=True)
class Frame:
    """A run's columns downsampled for charting, with its x axis and whether x is a date."""

    cols: dict[str, np.ndarray]
    shared: dict[str, list]
    dated: bool

    def has(self, *names: str) -> bool:
        return all(n in self.cols for n in names)


def frame_of(run: RunData) -> Frame:
    """Downsample a run and fix its x axis: dates when present (with their New Style ones where the case's
    calendar is Old Style), else steps."""
    idx = pick(run.steps)
    cols = {k: v[idx] for k, v in run.columns.items()}
    dated = "date_os" in cols
    shared: dict[str, list] = {"x": [str(d) for d in cols["date_os"]] if dated else sig(cols.get("step", idx))}
    if "date_ns" in cols and any(str(n) != str(o) for n, o in zip(cols["date_ns"], cols["date_os"])):
        shared["ns"] = [str(d) for d in cols["date_ns"]]
    return Frame(cols, shared, dated)


LABELS = {"red_guard": "Red Guard"}


def label(name: str) -> str:
    """A column suffix as a readable label (``red_guard`` -> ``Red Guard``)."""
    return LABELS.get(name.lower(), name.replace("_", " ").strip().capitalize())


def line(fr: Frame, column: str, name: str, color: str | None = None, fmt: str = ".1%", **extra: Any) -> dict:
    """A line trace over the shared x axis; hover shows the date, and the New Style one where it differs. The
    trace's ``meta`` names its column, so that the record of that column can be drawn beside it."""
    digits = 3 if fmt.endswith("%") else 4
    trace = {"type": "scatter", "mode": "lines", "name": name, "x": "@x", "y": sig(fr.cols[column], digits),
             "meta": column}
    trace["line"] = {"width": 2, **({"color": color} if color else {})}
    when = "%{x|%-d %b %Y}" if fr.dated else "step %{x}"
    if "ns" in fr.shared:
        when += " OS"
        trace["customdata"] = "@ns"
        when += " · %{customdata|%-d %b %Y} NS"
    trace["hovertemplate"] = f"{when}<br>{name}: %{{y:{fmt}}}<extra></extra>"
    return {**trace, **extra}


def layout(fr: Frame, ytitle: str = "", percent: bool = False, **extra: Any) -> dict:
    """The common layout: compact margins, horizontal legend, date or step axis."""
    title = ("date (Old Style)" if "ns" in fr.shared else "date") if fr.dated else "step"
    xaxis: dict[str, Any] = {"title": {"text": title}, "automargin": True}
    if fr.dated:
        xaxis["type"] = "date"
    yaxis: dict[str, Any] = {"title": {"text": ytitle}, "rangemode": "tozero", "automargin": True}
    if percent:
        yaxis["tickformat"] = ".0%"
    base = {
        "margin": {"l": 60, "r": 20, "t": 30, "b": 45},
        "height": 340,
        "legend": {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        "xaxis": xaxis,
        "yaxis": yaxis,
        "paper_bgcolor": "white",
        "plot_bgcolor": "#fbfbf8",
    }
    return {**base, **extra}


def figure(fig_id: str, title: str, data: list[dict], lay: dict, note: str = "") -> dict:
    """One chart of the page."""
    return {"id": fig_id, "title": title, "note": note, "data": data, "layout": lay}


def x_at(fr: Frame, run: RunData, step: int) -> Any:
    """The x coordinate (date or step) of a step in the full, not downsampled, run."""
    steps = run.columns.get("step")
    if not fr.dated or steps is None:
        return int(step)
    hits = np.flatnonzero(steps == step)
    return str(run.columns["date_os"][hits[0]]) if hits.size else None


def markers(points: list[tuple[Any, str]], color: str = "#333") -> dict:
    """Vertical dashed lines with labels at the given x positions (layout shapes + annotations)."""
    shapes, notes = [], []
    for i, (x, text) in enumerate(points):
        if x is None:
            continue
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1,
                       "line": {"color": color, "width": 1.5, "dash": "dash"}})
        notes.append({"x": x, "xref": "x", "yref": "paper", "y": 1 - 0.09 * (i % 3), "text": text,
                      "showarrow": False, "xanchor": "left", "font": {"size": 11}, "bgcolor": "rgba(255,255,255,0.8)"})
    return {"shapes": shapes, "annotations": notes}
