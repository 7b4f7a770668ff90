"""The charts of an experiment folder: bands over time, outcomes against parameters, sensitivity.

Column names are matched tolerantly (see docs/report.md) because sweeps, Sobol and Morris
analyses each write slightly different tables.
"""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from .charts import PALETTE, figure, label
from .compact import pick, sig
from .data import RUNS, columns_of, read_parquet, table_rows

RUN_KEYS = ("run", "run_id", "id", "replication")
OUTCOME_KEYS = ("outcome_type", "outcome")
RESERVED = {
    "seed",
    "seed_entropy",
    "seed_key",
    "rep",
    "outcome_type",
    "outcome",
    "outcome_step",
    "outcome_date",
    "outcome_date_os",
    "steps",
    "wall_s",
    "wall_time_s",
    "agents",
    "step",
    "status",
    "error",
}
PREFERRED = (
    "allegiance_councils",
    "allegiance_government",
    "legitimacy_government_mean",
    "legitimacy_councils_mean",
    "force_councils",
    "force_government",
    "active",
    "jailed",
    "quiet",
)
MAX_METRICS = 6
BASE = {
    "paper_bgcolor": "white",
    "plot_bgcolor": "#fbfbf8",
    "height": 340,
    "margin": {"l": 60, "r": 20, "t": 30, "b": 50},
    "legend": {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
}


def first(names: Any, keys: tuple[str, ...]) -> str | None:
    """The first of ``keys`` present in ``names``."""
    return next((k for k in keys if k in names), None)


def read_spec(folder: Path) -> dict[str, Any]:
    """The experiment's spec (``spec.toml``, ``spec.json``) merged over ``experiment.json``."""
    out: dict[str, Any] = {}
    for name in ("experiment.json", "spec.json", "spec.toml"):
        path = folder / name
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            out.update(tomllib.loads(text) if name.endswith(".toml") else json.loads(text))
    return out


def varied(runs: dict[str, np.ndarray], spec: dict[str, Any]) -> list[str]:
    """Parameters that vary across runs: those the spec names, else numeric columns with several values."""
    tables = [spec.get(k) for k in ("vary", "parameters", "grid", "ranges", "bounds")] + [
        (spec.get("sample") or {}).get("bounds")
    ]
    named = list(spec.get("varied") or []) + [k for t in tables if isinstance(t, dict) for k in t]
    candidates = [c for c in named if c in runs] or [
        c
        for c, v in runs.items()
        if c not in RESERVED
        and c not in RUN_KEYS
        and not c.startswith(("final_", "outcome"))
        and np.issubdtype(v.dtype, np.number)
    ]
    return [c for c in dict.fromkeys(candidates) if len(np.unique(runs[c][~_isnan(runs[c])])) > 1]


def _isnan(values: np.ndarray) -> np.ndarray:
    return np.isnan(values) if np.issubdtype(values.dtype, np.floating) else np.zeros(len(values), bool)


def outcomes(runs: dict[str, np.ndarray]) -> list[str]:
    """Each run's outcome type as text (``none`` when it had none)."""
    key = first(runs, OUTCOME_KEYS)
    n = len(next(iter(runs.values()), ()))
    return ["none" if key is None or v is None or v != v else str(v) for v in (runs[key] if key else [None] * n)]


def outcome_bars(kinds: list[str]) -> dict:
    """How often each outcome occurred."""
    counts = Counter(kinds).most_common()
    data = [
        {
            "type": "bar",
            "x": [label(k) for k, _ in counts],
            "y": [n for _, n in counts],
            "marker": {"color": PALETTE[0]},
            "hovertemplate": "%{x}: %{y} runs<extra></extra>",
        }
    ]
    return figure("outcomes", "Outcomes", data, {**BASE, "yaxis": {"title": {"text": "runs"}}})


def bins(values: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Category labels and each run's category: distinct values when few, else eight quantile bins."""
    uniq = np.unique(values)
    if len(uniq) <= 12:
        return [f"{v:.4g}" for v in uniq], np.searchsorted(uniq, values)
    edges = np.unique(np.quantile(values, np.linspace(0, 1, 9)))
    idx = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, len(edges) - 2)
    return [f"{a:.3g}–{b:.3g}" for a, b in zip(edges[:-1], edges[1:])], idx


def outcome_by_parameter(name: str, values: np.ndarray, kinds: list[str]) -> dict:
    """Share of each outcome against one parameter, stacked."""
    cats, idx = bins(values.astype(float))
    totals = np.bincount(idx, minlength=len(cats))
    data = []
    for i, kind in enumerate(k for k, _ in Counter(kinds).most_common()):
        hits = np.bincount(idx[np.array(kinds) == kind], minlength=len(cats))
        data.append(
            {
                "type": "bar",
                "name": label(kind),
                "x": cats,
                "y": sig(hits / np.maximum(totals, 1), 3),
                "marker": {"color": PALETTE[i % len(PALETTE)]},
                "hovertemplate": f"{name} %{{x}}<br>{label(kind)}: %{{y:.0%}}<extra></extra>",
            }
        )
    lay = {
        **BASE,
        "barmode": "stack",
        "xaxis": {"title": {"text": name}, "type": "category"},
        "yaxis": {"title": {"text": "share of runs"}, "tickformat": ".0%"},
    }
    return figure(f"outcome-{name}", f"Outcome against {name}", data, lay)


def phase_diagram(names: list[str], runs: dict[str, np.ndarray], kinds: list[str]) -> dict:
    """Share of runs ending in each outcome over a two-parameter grid; buttons pick the outcome."""
    (xl, xi), (yl, yi) = (bins(runs[n].astype(float)) for n in names)
    order = [k for k, _ in Counter(kinds).most_common()]
    total = np.zeros((len(yl), len(xl)))
    np.add.at(total, (yi, xi), 1)
    data = []
    for i, kind in enumerate(order):
        hits = np.zeros_like(total)
        np.add.at(hits, (yi[np.array(kinds) == kind], xi[np.array(kinds) == kind]), 1)
        z = np.where(total > 0, hits / np.maximum(total, 1), np.nan)
        data.append(
            {
                "type": "heatmap",
                "x": xl,
                "y": yl,
                "z": [sig(r, 3) for r in z],
                "zmin": 0,
                "zmax": 1,
                "visible": i == 0,
                "colorscale": "Reds",
                "colorbar": {"title": {"text": "share"}, "tickformat": ".0%"},
                "hovertemplate": f"{names[0]} %{{x}}<br>{names[1]} %{{y}}<br>{label(kind)}: %{{z:.0%}}<extra></extra>",
            }
        )
    buttons = [
        {"label": label(k), "method": "restyle", "args": [{"visible": [j == i for j in range(len(order))]}]}
        for i, k in enumerate(order)
    ]
    lay = {
        **BASE,
        "height": 420,
        "margin": {"l": 70, "r": 20, "t": 40, "b": 60},
        "xaxis": {"title": {"text": names[0]}, "type": "category"},
        "yaxis": {"title": {"text": names[1]}, "type": "category"},
        "updatemenus": [
            {"type": "buttons", "direction": "right", "x": 0, "y": 1.12, "xanchor": "left", "buttons": buttons}
        ],
    }
    return figure(
        "phase", f"Phase diagram: {names[0]} × {names[1]}", data, lay, "Share of runs ending in the chosen outcome."
    )


def bands(folder: Path) -> list[dict]:
    """Mean and 90% band (5th to 95th percentile across runs) of the main metrics over time."""
    path = folder / "timeseries"
    if not path.is_dir():
        return []
    dataset = ds.dataset(path, partitioning="hive", format="parquet")
    names = [
        f.name
        for f in dataset.schema
        if f.name != "step" and f.name not in RUN_KEYS and pa.types.is_integer(f.type) | pa.types.is_floating(f.type)
    ]
    metrics = ([m for m in PREFERRED if m in names] or names)[:MAX_METRICS]
    if "step" not in dataset.schema.names or not metrics:
        return []
    table = dataset.to_table(columns=["step", *metrics])
    return [band_figure(table, m, i) for i, m in enumerate(metrics)]


def band_figure(table: pa.Table, metric: str, i: int) -> dict:
    """One metric's mean line inside its shaded 5-95% band."""
    q = pc.TDigestOptions(q=[0.05, 0.95])
    agg = table.group_by("step").aggregate([(metric, "mean"), (metric, "tdigest", q)]).sort_by("step")
    idx = pick(agg.num_rows)
    steps = agg.column("step").to_numpy()[idx]
    mean = agg.column(f"{metric}_mean").to_numpy()[idx]
    lo, hi = (
        np.array([v[j] if v else np.nan for v in agg.column(f"{metric}_tdigest").to_pylist()])[idx] for j in (0, 1)
    )
    colour = PALETTE[i % len(PALETTE)]
    x = steps.tolist()
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "x": x,
            "y": sig(hi),
            "line": {"width": 0},
            "showlegend": False,
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "x": x,
            "y": sig(lo),
            "fill": "tonexty",
            "fillcolor": "rgba(120,120,120,0.22)",
            "line": {"width": 0},
            "name": "5–95%",
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "x": x,
            "y": sig(mean),
            "name": "mean",
            "line": {"color": colour, "width": 2},
            "hovertemplate": "step %{x}<br>mean %{y:.4g}<extra></extra>",
        },
    ]
    lay = {**BASE, "xaxis": {"title": {"text": "step"}}, "yaxis": {"title": {"text": label(metric)}}}
    return figure(f"band-{metric}", f"{label(metric)}: mean and 90% band", data, lay)


def sensitivity_tables(folder: Path) -> list[Path]:
    """Parquet files holding sensitivity indices (by name: sensitivity, sobol, morris)."""
    found = [
        p
        for p in sorted(folder.rglob("*.parquet"))
        if any(k in p.name.lower() for k in ("sensitivity", "sobol", "morris"))
    ]
    return [p for p in found if "timeseries" not in p.parts]


def sensitivity(folder: Path) -> list[dict]:
    """Sobol (S1, ST) or Morris (mu_star, sigma) bars per parameter, one chart per output."""
    figs = []
    for path in sensitivity_tables(folder):
        cols = columns_of(read_parquet(path))
        pname, out = first(cols, ("parameter", "name", "param", "names")), first(cols, ("output", "metric", "target"))
        if pname is None:
            continue
        groups = sorted(set(cols[out].tolist())) if out else [None]
        for g in groups[:MAX_METRICS]:
            rows = np.ones(len(cols[pname]), bool) if g is None else cols[out] == g
            title = path.stem if g is None else f"{path.stem}: {g}"
            figs += index_bars(f"sens-{len(figs)}", title, {k: v[rows] for k, v in cols.items()}, pname)
    return figs


def index_bars(fig_id: str, title: str, cols: dict[str, np.ndarray], pname: str) -> list[dict]:
    """Grouped bars of whichever indices the table has, with confidence whiskers when given."""
    kinds = [k for k in ("S1", "ST", "S2", "mu_star", "mu", "sigma") if k in cols]
    data = []
    for i, k in enumerate(kinds):
        bar = {
            "type": "bar",
            "name": k,
            "x": [str(p) for p in cols[pname]],
            "y": sig(cols[k], 3),
            "marker": {"color": PALETTE[i % len(PALETTE)]},
        }
        conf = first(cols, (f"{k}_conf", f"{k}_ci"))
        if conf:
            bar["error_y"] = {"type": "data", "array": sig(cols[conf], 3), "visible": True}
        data.append(bar)
    if not data:
        return []
    lay = {**BASE, "barmode": "group", "yaxis": {"title": {"text": "index"}}, "xaxis": {"title": {"text": "parameter"}}}
    return [figure(fig_id, f"Sensitivity ({title})", data, lay)]


def spec_table(spec: dict[str, Any]) -> list[dict]:
    """The spec, flattened to dotted keys."""

    def flat(d: dict[str, Any], pre: str = "") -> list[list[str]]:
        return [
            r
            for k, v in d.items()
            for r in (flat(v, f"{pre}{k}.") if isinstance(v, dict) else [[f"{pre}{k}", json.dumps(v, default=str)]])
        ]

    return [{"title": "Experiment spec", "columns": ["key", "value"], "rows": flat(spec)}] if spec else []


def experiment_payload(folder: Path) -> dict:
    """Everything ``render.js`` draws for an experiment folder."""
    runs = columns_of(read_parquet(folder / RUNS))
    spec = read_spec(folder)
    kinds = outcomes(runs)
    names = varied(runs, spec)
    figs = [outcome_bars(kinds)] + bands(folder) + [outcome_by_parameter(n, runs[n], kinds) for n in names]
    if len(names) == 2:
        figs.append(phase_diagram(names, runs, kinds))
    figs += sensitivity(folder)
    n = len(kinds)
    summary = [["scenario", str(spec.get("scenario", "?"))], ["runs", str(n)], ["varied", ", ".join(names) or "none"]]
    summary += [[f"outcome: {label(k)}", f"{c} ({c / n:.0%})"] for k, c in Counter(kinds).most_common()]
    return {
        "kind": "experiment",
        "title": f"{spec.get('name') or folder.name}: experiment report",
        "summary": summary,
        "shared": {},
        "figures": figs,
        "map": None,
        "tables": spec_table(spec) + runs_table(runs),
    }


def runs_table(runs: dict[str, np.ndarray]) -> list[dict]:
    """The first rows of runs.parquet, for reference."""
    rows = table_rows(pa.table({k: v for k, v in runs.items()}).slice(0, 200))
    cols = list(runs)
    return [{"title": f"Runs (first {len(rows)})", "columns": cols, "rows": [[r[c] for c in cols] for r in rows]}]
