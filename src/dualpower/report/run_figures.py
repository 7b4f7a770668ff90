"""The charts of one run: dual power, civil violence, or every metric for other models."""

from __future__ import annotations

import html
import textwrap
from typing import Any

import numpy as np

from ..core import Schema
from .charts import COUNCILS, GOVERNMENT, NEUTRAL, PALETTE, Frame, figure, label, layout, line, markers, x_at
from .data import RunData

SIDES = {"councils": COUNCILS, "government": GOVERNMENT, "neutral": NEUTRAL}


def party_colour(sch: Schema, party: str, i: int) -> str:
    """The party's colour from the case's data; a palette colour when it gives none."""
    return sch.member("parties", party).get("colour") or PALETTE[(i + 3) % len(PALETTE)]


def columns(fr: Frame, sch: Schema, family: str) -> dict[str, str]:
    """``{member: column}`` of a declared family, for the columns this frame holds."""
    return {m: c for m, c in sch.family(family).items() if fr.has(c)}


def allegiance(fr: Frame, sch: Schema) -> list[dict]:
    """Shares obeying each power, stacked, then the same by class with a selector."""
    cols = [s for s in ("government", "neutral", "councils") if fr.has(f"allegiance_{s}")]
    data = [line(fr, f"allegiance_{s}", label(s), SIDES[s], stackgroup="one") for s in cols]
    figs = [figure("allegiance", "Whose orders people obey", data, layout(fr, "share of population", True))]
    by_class = allegiance_by_class(fr, sch)
    return figs + ([by_class] if by_class else [])


def allegiance_by_class(fr: Frame, sch: Schema) -> dict | None:
    """One line per class; buttons switch between the councils', the government's and neutral shares."""
    sides = [s for s in ("councils", "government", "neutral") if columns(fr, sch, f"allegiance_{s}")]
    if not sides:
        return None
    data, visible = [], []
    for side in sides:
        classes = columns(fr, sch, f"allegiance_{side}")
        for i, (cls, col) in enumerate(sorted(classes.items())):
            name = sch.label("classes", cls)
            data.append(
                line(fr, col, label(name), PALETTE[i % len(PALETTE)], visible=side == sides[0], legendgroup=cls)
            )
            visible.append(side)
    buttons = [
        {"label": f"loyal to {s}", "method": "restyle", "args": [{"visible": [v == s for v in visible]}]} for s in sides
    ]
    menus = [{"type": "buttons", "direction": "right", "x": 0, "y": 1.14, "xanchor": "left", "buttons": buttons}]
    lay = layout(
        fr,
        "share of class",
        True,
        updatemenus=menus,
        legend={"orientation": "v"},
        height=400,
        margin={"l": 60, "r": 10, "t": 40, "b": 45},
    )
    return figure("allegiance-by-class", "Allegiance by class", data, lay)


def legitimacy(fr: Frame) -> list[dict]:
    """Mean perceived legitimacy of each power."""
    pairs = [("government", GOVERNMENT), ("councils", COUNCILS)]
    data = [
        line(fr, f"legitimacy_{s}_mean", f"{label(s)}", c, fmt=".3f")
        for s, c in pairs
        if fr.has(f"legitimacy_{s}_mean")
    ]
    return (
        [figure("legitimacy", "Legitimacy of the two powers", data, layout(fr, "mean legitimacy (0-1)"))]
        if data
        else []
    )


def seat_marks(fr: Frame, run: RunData, sch: Schema) -> list[tuple[Any, str]]:
    """The days the leading party in the councils changed, and the day the majority first claimed power."""
    seats = columns(fr, sch, "seats")
    names = sorted(seats)
    full = np.vstack([run.columns[seats[p]] for p in names]).astype(float)
    leader = np.nan_to_num(full, nan=-1).argmax(axis=0)
    steps = run.columns.get("step", np.arange(full.shape[1]))
    marks = [
        (x_at(fr, run, steps[i]), f"{sch.label('parties', names[leader[i]])} lead")
        for i in np.flatnonzero(leader[1:] != leader[:-1]) + 1
    ]
    claims = run.columns.get("claims_power")
    if claims is not None and np.any(claims > 0):
        marks.append((x_at(fr, run, steps[np.argmax(claims > 0)]), "majority claims power"))
    return marks


def seats(fr: Frame, run: RunData, sch: Schema) -> list[dict]:
    """Council seats by party as a stacked area, with the changes of majority marked."""
    parties = columns(fr, sch, "seats")
    if not parties:
        return []
    data = [
        line(fr, col, sch.label("parties", p), party_colour(sch, p, i), stackgroup="seats")
        for i, (p, col) in enumerate(sorted(parties.items()))
    ]
    lay = {**layout(fr, "share of council seats", True), **markers(seat_marks(fr, run, sch))}
    return [
        figure(
            "seats",
            "Council seats by party",
            data,
            lay,
            "Dashed lines: the leading party changes; the majority claims power.",
        )
    ]


def support(fr: Frame, sch: Schema) -> list[dict]:
    """Party preference in the population and party membership."""
    figs = []
    for family, title, ytitle, fmt in (
        ("support", "Party support in the population", "share preferring", ".1%"),
        ("members", "Party members", "members", ",.0f"),
    ):
        parties = sorted(columns(fr, sch, family).items())
        data = [
            line(fr, col, sch.label("parties", p), party_colour(sch, p, i), fmt=fmt)
            for i, (p, col) in enumerate(parties)
        ]
        if data:
            figs.append(figure(family, title, data, layout(fr, ytitle, fmt.endswith("%"))))
    return figs


def force(fr: Frame) -> list[dict]:
    """Armed strength of each power, and the Red Guard on its own axis."""
    data = [
        line(fr, f"force_{s}", f"{label(s)} armed strength", SIDES[s], fmt=",.0f")
        for s in ("government", "councils")
        if fr.has(f"force_{s}")
    ]
    if fr.has("red_guard"):
        data.append(
            line(
                fr,
                "red_guard",
                "Red Guard (people)",
                "#e07b39",
                fmt=",.0f",
                yaxis="y2",
                line={"dash": "dot", "width": 2, "color": "#e07b39"},
            )
        )
    lay = layout(
        fr,
        "armed strength (weighted)",
        yaxis2={"overlaying": "y", "side": "right", "title": {"text": "Red Guard"}, "rangemode": "tozero",
                "tickmode": "auto", "showgrid": False},
        margin={"l": 60, "r": 60, "t": 30, "b": 45},
    )
    return [figure("force", "Armed strength of each side", data, lay)] if data else []


SCALES = [{"type": "buttons", "direction": "right", "x": 0, "y": 1.14, "xanchor": "left", "buttons": [
    {"label": f"{kind} scale", "method": "relayout", "args": [{"yaxis.type": kind}]} for kind in ("linear", "log")
]}]
"""Switches between a linear and a logarithmic count axis: the dead and the armed are hundreds where the
crowd and the record's band are hundreds of thousands."""


def activity(fr: Frame, title: str = "Active and jailed") -> list[dict]:
    """Counts of people by condition (active, quiet, jailed, dead, cops), and of the active those out armed; the
    note names only what is drawn, so that each model's chart reads true."""
    colours = {"active": COUNCILS, "quiet": NEUTRAL, "jailed": "#333333", "dead": "#7a4f9a", "cops": GOVERNMENT}
    drawn = [c for c in colours if fr.has(c)]
    data = [line(fr, c, label(c), colours[c], fmt=",.0f") for c in drawn]
    if fr.has("active_armed"):
        data.append(line(fr, "active_armed", "Out armed", "#6b1d17", fmt=",.0f",
                         line={"width": 1.5, "dash": "dot", "color": "#6b1d17"}))
    if not data:
        return []
    armed = " (of them, dotted, those out armed)" if fr.has("active_armed") else ""
    counts = ", ".join({"cops": "the cops", "active": "active" + armed}.get(c, c) for c in drawn)
    note = (f"People by condition on each {'day' if fr.dated else 'step'}: {counts}. The log scale shows the "
            "smallest counts beside the largest.")
    return [figure("activity", title, data, layout(fr, "people", updatemenus=SCALES), note)]


RECORD = "#222222"


def record(r: dict) -> dict:
    """The record's value of a series, ``r`` as :func:`.history.record_ranges` gives it: a shaded band over a
    window (the value plus or minus its tolerance), or a diamond with an error bar on one date; its source on
    hover, escaped."""
    said = f"record: {r['text']}: {r['value']:,.0f} ± {r['tolerance']:,.0f} ({r['confidence']}). {r['source']}"
    hover = "<br>".join(html.escape(part) for part in textwrap.wrap(said, 90)) + "<extra></extra>"
    name = f"record: {r['value']:,.0f} ± {r['tolerance']:,.0f}"
    if r["from"] == r["to"]:
        return {"type": "scatter", "mode": "markers", "name": name, "x": [r["from"]], "y": [r["value"]],
                "marker": {"symbol": "diamond", "size": 9, "color": RECORD},
                "error_y": {"type": "data", "array": [r["tolerance"]], "color": RECORD},
                "hovertemplate": hover}
    lo, hi = r["value"] - r["tolerance"], r["value"] + r["tolerance"]
    return {"type": "scatter", "mode": "lines", "name": name, "x": [r["from"], r["to"], r["to"], r["from"], r["from"]],
            "y": [lo, lo, hi, hi, lo], "fill": "toself", "fillcolor": "rgba(34,34,34,0.12)",
            "line": {"color": RECORD, "width": 1, "dash": "dot"}, "hoveron": "fills+points", "hovertemplate": hover}


def with_records(figs: list[dict], records: list[dict]) -> list[dict]:
    """Each record drawn on the chart whose line shows its column (none where no chart does)."""
    for r in records:
        fig = next((f for f in figs if any(t.get("meta") == r["column"] for t in f["data"])), None)
        if fig is not None:
            fig["data"].append(record(r))
            fig["records"] = True
    return figs


def generic(fr: Frame) -> list[dict]:
    """Every numeric metric, for models this report has no special layout for."""
    names = [c for c, v in fr.cols.items() if c != "step" and np.issubdtype(v.dtype, np.number)]
    data = [line(fr, c, label(c), PALETTE[i % len(PALETTE)], fmt=".4g") for i, c in enumerate(names)]
    return [figure("metrics", "Metrics", data, layout(fr))] if data else []
