"""Two runs side by side: every main chart overlaid (A solid, B dashed), and the biggest differences first."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..core import Schema
from .charts import COUNCILS, GOVERNMENT, NEUTRAL, PALETTE, Frame, figure, frame_of, label, layout, line
from .compact import pick, sig
from .data import RunData
from .events import election_label, when
from .run_figures import party_colour

# (prefix or column, chart title, y title, number format); a prefix ends in "_" and charts one line per member.
FAMILIES: tuple[tuple[str, str, str, str], ...] = (
    ("support_", "Party support in the population", "share preferring", ".1%"),
    ("seats_", "Council seats by party", "share of seats", ".1%"),
    ("allegiance", "Whose orders people obey", "share of population", ".1%"),
    ("legitimacy", "Legitimacy of the two powers", "mean legitimacy (0-1)", ".3f"),
    ("force", "Armed strength of each side", "armed strength", ",.0f"),
    ("members_", "Party members", "members", ",.0f"),
    ("activity", "Active, quiet and jailed", "people", ",.0f"),
)
SIDE_COLUMNS = {
    "allegiance": ("allegiance_councils", "allegiance_government", "allegiance_neutral"),
    "legitimacy": ("legitimacy_councils_mean", "legitimacy_government_mean"),
    "force": ("force_councils", "force_government", "red_guard"),
    "activity": ("active", "quiet", "jailed", "dead", "cops"),
}
COLOURS = {
    "councils": COUNCILS,
    "government": GOVERNMENT,
    "neutral": NEUTRAL,
    "red_guard": "#e07b39",
    "active": COUNCILS,
    "quiet": NEUTRAL,
    "jailed": "#333333",
    "dead": "#7a4f9a",
    "cops": GOVERNMENT,
}
TOP_DIFFERENCES = 8


def members(family: str, a: Frame, b: Frame, sch: Schema) -> list[tuple[str, str, str]]:
    """(column, label, colour) of a family's columns that both runs have; parties as the case names them."""
    if family.endswith("_"):
        cols = {m: c for m, c in sch.family(family[:-1]).items() if c in a.cols and c in b.cols}
        return [(c, sch.label("parties", m), party_colour(sch, m, i)) for i, (m, c) in enumerate(cols.items())]
    cols = [c for c in SIDE_COLUMNS[family] if c in a.cols and c in b.cols]
    return [(c, label(side_of(c)), COLOURS.get(side_of(c), PALETTE[i])) for i, c in enumerate(cols)]


def side_of(column: str) -> str:
    """``allegiance_councils`` -> ``councils``; ``legitimacy_government_mean`` -> ``government``."""
    for side in ("councils", "government", "neutral"):
        if side in column:
            return side
    return column


def overlay(
    family: str,
    title: str,
    ytitle: str,
    fmt: str,
    a: Frame,
    b: Frame,
    names: tuple[str, str],
    sch: Schema,
) -> dict | None:
    """One chart of a family: each member's line for A (solid) and B (dashed), same colour."""
    cols = members(family, a, b, sch)
    if not cols:
        return None
    data = []
    for col, name, colour in cols:
        for fr, run, key, dash in ((a, names[0], "a", "solid"), (b, names[1], "b", "dash")):
            extra: dict[str, Any] = {
                "x": f"@x{key}",
                "legendgroup": name,
                "line": {"color": colour, "width": 2, "dash": dash},
            }
            if "ns" in fr.shared:
                extra["customdata"] = f"@ns{key}"
            data.append(line(fr, col, f"{name} ({run})", colour, fmt=fmt, **extra))
    note = f"Solid: {names[0]}; dashed: {names[1]}. Same colour, same party or side."
    return figure(f"cmp-{family.rstrip('_')}", title, data, layout(a, ytitle, fmt.endswith("%")), note)


def elections_pair(run_a: RunData, run_b: RunData, names: tuple[str, str]) -> list[dict]:
    """Simulated vote shares of both runs beside the historical results."""
    series = []
    for run, name, colour in ((run_a, names[0], COUNCILS), (run_b, names[1], GOVERNMENT)):
        rows = [r for r in run.elections if r.get("party") is not None]
        if rows:
            series.append((rows, name, colour, "share"))
    if not series:
        return []
    hist = [r for r in series[0][0] if r.get("historical") is not None]
    if hist:
        series.append((series[0][0], "historical", "#555555", "historical"))
    data = [
        {
            "type": "bar",
            "name": name,
            "marker": {"color": colour},
            "x": [[election_label(str(r.get("election", ""))) for r in rows], [label(str(r["party"])) for r in rows]],
            "y": [r.get(key) for r in rows],
            "hovertemplate": f"%{{x}}<br>{name} %{{y:.1%}}<extra></extra>",
        }
        for rows, name, colour, key in series
    ]
    lay = {
        "barmode": "group",
        "height": 400,
        "margin": {"l": 60, "r": 20, "t": 30, "b": 110},
        "yaxis": {"tickformat": ".0%", "title": {"text": "vote share"}, "automargin": True},
        "xaxis": {"automargin": True},
        "legend": {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        "paper_bgcolor": "white",
        "plot_bgcolor": "#fbfbf8",
    }
    return [figure("cmp-elections", "Elections: both runs and history", data, lay)]


def outcome_rows(run_a: RunData, run_b: RunData) -> list[list[str]]:
    """How each run ended and when its milestones came, A | B."""
    ma, mb = run_a.manifest, run_b.manifest
    oa, ob = ma.get("outcome") or {}, mb.get("outcome") or {}
    rows = [
        [
            "outcome",
            f"{label(str(oa.get('type', 'none')))} ({when(oa)}) | {label(str(ob.get('type', 'none')))} ({when(ob)})",
        ]
    ]
    sa, sb = ma.get("milestones") or {}, mb.get("milestones") or {}
    for name in sorted(set(sa) | set(sb)):
        if when(sa.get(name)) != when(sb.get(name)):
            rows.append([label(name), f"{when(sa.get(name))} | {when(sb.get(name))}"])
    return rows


def final_differences(a: Frame, b: Frame, sch: Schema) -> list[list[str]]:
    """The metrics whose final values differ most between the runs (shares in points, others relative)."""
    found = []
    for family, _, _, fmt in FAMILIES:
        for col, name, _ in members(family, a, b, sch):
            va, vb = last(a.cols[col]), last(b.cols[col])
            if va is None or vb is None or va == vb:
                continue
            share = fmt.endswith("%")
            size = abs(va - vb) if share else abs(va - vb) / max(abs(va), abs(vb))
            text = f"{va:.0%} | {vb:.0%}" if share else f"{amount(va)} | {amount(vb)}"
            found.append((size, [f"final {label(family.rstrip('_'))}: {name}", text]))
    found.sort(key=lambda t: -t[0])
    return [row for _, row in found[:TOP_DIFFERENCES]]


def amount(value: float) -> str:
    """A count or level for people to read: thousands separated, three significant digits below 100."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def last(values: np.ndarray) -> float | None:
    """The last finite value of a numeric column."""
    arr = np.asarray(values, dtype=float)
    finite = arr[np.isfinite(arr)]
    return float(finite[-1]) if finite.size else None


def differences(run_a: RunData, run_b: RunData, a: Frame | None = None, b: Frame | None = None) -> list[list[str]]:
    """Outcomes and dates first, then the biggest differences in final values, then the parameters that differ."""
    a, b = a or frame_of(run_a), b or frame_of(run_b)
    ma, mb = run_a.manifest, run_b.manifest
    rows = [["scenario", f"{ma.get('scenario', '?')} | {mb.get('scenario', '?')}"]]
    rows += outcome_rows(run_a, run_b) + final_differences(a, b, Schema(run_a.manifest))
    pa_, pb = ma.get("parameters") or {}, mb.get("parameters") or {}
    rows += [[k, f"{pa_.get(k)} | {pb.get(k)}"] for k in sorted(set(pa_) | set(pb)) if pa_.get(k) != pb.get(k)]
    return rows + [["seed", f"{seed_of(ma)} | {seed_of(mb)}"]]


def seed_of(manifest: dict) -> str:
    """The seed's entropy as recorded in a manifest."""
    seed = manifest.get("seed")
    return str(seed.get("entropy", "")) if isinstance(seed, dict) else str(seed)


def compare_payload(run_a: RunData, run_b: RunData, names: tuple[str, str] = ("A", "B")) -> dict:
    """Everything ``render.js`` draws to compare two runs (values read 'A | B')."""
    a, b = frame_of(run_a), frame_of(run_b)
    shared = {"xa": a.shared["x"], "xb": b.shared["x"]}
    shared.update({f"ns{k}": fr.shared["ns"] for k, fr in (("a", a), ("b", b)) if "ns" in fr.shared})
    sch = Schema(run_a.manifest)
    figs = [f for family in FAMILIES if (f := overlay(*family, a, b, names, sch)) is not None]
    figs += elections_pair(run_a, run_b, names)
    return {
        "kind": "compare",
        "title": f"{names[0]} (solid) vs {names[1]} (dashed)",
        "summary": differences(run_a, run_b, a, b),
        "shared": shared,
        "figures": figs,
        "map": None,
        "tables": [],
    }


def ensemble_payload(runs_a: list[RunData], runs_b: list[RunData], names: tuple[str, str]) -> dict:
    """Two sets of runs over the same seeds: medians and 10-90% bands of the main metrics, and outcome counts."""
    a, b = frame_of(longest(runs_a)), frame_of(longest(runs_b))
    shared = {"xa": a.shared["x"], "xb": b.shared["x"]}
    sch = Schema(runs_a[0].manifest)
    figs = [f for family in FAMILIES if (f := band_chart(*family, runs_a, runs_b, (a, b), names, sch)) is not None]
    summary = [
        ["runs", f"{len(runs_a)} | {len(runs_b)} (seeds {seed_of(runs_a[0].manifest)}, ...)"],
        ["outcomes", f"{outcome_counts(runs_a)} | {outcome_counts(runs_b)}"],
    ]
    summary += [[k, f"{v[0]} | {v[1]}"] for k, v in differing_parameters(runs_a[0], runs_b[0]).items()]
    return {
        "kind": "compare",
        "title": f"{names[0]} vs {names[1]}: {len(runs_a)} seeds each (median and 10-90% band)",
        "summary": summary,
        "shared": shared,
        "figures": figs,
        "map": None,
        "tables": [],
    }


def longest(runs: list[RunData]) -> RunData:
    """The run with the most steps (runs stop early once an outcome is reached)."""
    return max(runs, key=lambda r: r.steps)


def outcome_counts(runs: list[RunData]) -> str:
    """How the runs ended, e.g. 'council power 7, dual power persists 3'."""
    counts: dict[str, int] = {}
    for r in runs:
        kind = label(str((r.manifest.get("outcome") or {}).get("type", "none"))).lower()
        counts[kind] = counts.get(kind, 0) + 1
    return ", ".join(f"{k} {n}" for k, n in sorted(counts.items(), key=lambda t: -t[1]))


def differing_parameters(run_a: RunData, run_b: RunData) -> dict[str, tuple[Any, Any]]:
    """Parameters whose values differ between the two settings."""
    pa_, pb = run_a.manifest.get("parameters") or {}, run_b.manifest.get("parameters") or {}
    return {k: (pa_.get(k), pb.get(k)) for k in sorted(set(pa_) | set(pb)) if pa_.get(k) != pb.get(k)}


def stacked(runs: list[RunData], column: str, length: int, idx: np.ndarray) -> np.ndarray:
    """One row per run of a column, held at its last value after the run ended, at the charted rows."""
    out = np.empty((len(runs), length))
    for i, r in enumerate(runs):
        values = np.asarray(r.columns[column], dtype=float)
        out[i] = np.concatenate([values, np.full(length - values.size, values[-1] if values.size else np.nan)])
    return out[:, idx]


def band_chart(
    family: str,
    title: str,
    ytitle: str,
    fmt: str,
    runs_a: list[RunData],
    runs_b: list[RunData],
    frames: tuple[Frame, Frame],
    names: tuple[str, str],
    sch: Schema,
) -> dict | None:
    """Median lines and 10-90% bands of a family's members for both settings."""
    cols = members(family, *frames, sch)
    if not cols:
        return None
    data = []
    for col, name, colour in cols:
        for runs, run_name, key, dash in ((runs_a, names[0], "a", "solid"), (runs_b, names[1], "b", "dash")):
            if any(col not in r.columns for r in runs):
                continue
            length = max(r.steps for r in runs)
            idx = pick(length)
            low, mid, high = np.nanpercentile(stacked(runs, col, length, idx), [10, 50, 90], axis=0)
            x = f"@x{key}"
            base = {"type": "scatter", "mode": "lines", "x": x, "legendgroup": f"{name}{key}", "hoverinfo": "skip"}
            data.append({**base, "y": sig(low, 4), "line": {"width": 0}, "showlegend": False})
            data.append(
                {
                    **base,
                    "y": sig(high, 4),
                    "line": {"width": 0},
                    "fill": "tonexty",
                    "fillcolor": translucent(colour),
                    "showlegend": False,
                }
            )
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "x": x,
                    "y": sig(mid, 4),
                    "name": f"{name} ({run_name})",
                    "legendgroup": f"{name}{key}",
                    "line": {"color": colour, "width": 2, "dash": dash},
                    "hovertemplate": f"{name} ({run_name}) median: %{{y:{fmt}}}<extra></extra>",
                }
            )
    note = f"Lines: medians over the seeds ({names[0]} solid, {names[1]} dashed); shading: 10-90% of the runs."
    return figure(f"cmp-{family.rstrip('_')}", title, data, layout(frames[0], ytitle, fmt.endswith("%")), note)


def translucent(colour: str, alpha: float = 0.18) -> str:
    """A #rrggbb colour as rgba with ``alpha``."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
