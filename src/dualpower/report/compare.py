"""Two runs side by side: the main metrics overlaid, and what differs in parameters and outcome."""

from __future__ import annotations

import numpy as np

from ..core import Schema
from .charts import COUNCILS, GOVERNMENT, Frame, figure, frame_of, label, layout
from .compact import sig
from .data import RunData
from .events import when

KEY_METRICS = ("allegiance_councils", "allegiance_government", "legitimacy_government_mean", "legitimacy_councils_mean",
               "force_government", "force_councils", "red_guard", "active", "quiet", "jailed", "dead")
MAX_CHARTS = 12


def metrics(a: Frame, b: Frame, sch: Schema) -> list[str]:
    """Metrics both runs have: the key ones and seat shares first, else every shared numeric column."""
    both = [c for c in a.cols if c in b.cols and c != "step" and np.issubdtype(a.cols[c].dtype, np.number)]
    key = [c for c in KEY_METRICS if c in both] + sorted(c for c in sch.family("seats").values() if c in both)
    return (key or both)[:MAX_CHARTS]


def pair(metric: str, a: Frame, b: Frame, names: tuple[str, str], sch: Schema) -> dict:
    """One metric for both runs: A solid red, B dashed blue."""
    percent = sch.kind(metric) == "share"
    fmt = ".1%" if percent else ".4g"
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": n,
            "x": f.shared["x"],
            "y": sig(f.cols[metric], 3 if percent else 4),
            "line": {"color": colour, "width": 2, "dash": dash},
            "hovertemplate": f"{n}: %{{y:{fmt}}}<extra>%{{x}}</extra>",
        }
        for f, n, colour, dash in ((a, names[0], COUNCILS, "solid"), (b, names[1], GOVERNMENT, "dash"))
    ]
    return figure(f"cmp-{metric}", label(metric), data, layout(a, "", percent))


def differences(run_a: RunData, run_b: RunData) -> list[list[str]]:
    """Outcomes of both runs and the parameters whose values differ."""
    ma, mb = run_a.manifest, run_b.manifest
    rows = [
        ["scenario", f"{ma.get('scenario', '?')} | {mb.get('scenario', '?')}"],
        [
            "outcome",
            f"{(ma.get('outcome') or {}).get('type', 'none')} ({when(ma.get('outcome'))}) | "
            f"{(mb.get('outcome') or {}).get('type', 'none')} ({when(mb.get('outcome'))})",
        ],
    ]
    pa_, pb = ma.get("parameters") or {}, mb.get("parameters") or {}
    rows += [[k, f"{pa_.get(k)} | {pb.get(k)}"] for k in sorted(set(pa_) | set(pb)) if pa_.get(k) != pb.get(k)]
    return rows + [["seed", f"{seed_of(ma)} | {seed_of(mb)}"]]


def seed_of(manifest: dict) -> str:
    """The seed's entropy as recorded in a manifest."""
    seed = manifest.get("seed")
    return str(seed.get("entropy", "")) if isinstance(seed, dict) else str(seed)


def compare_payload(run_a: RunData, run_b: RunData, names: tuple[str, str] = ("A", "B")) -> dict:
    """Everything ``render.js`` draws to compare two runs (values read 'A | B')."""
    a, b, sch = frame_of(run_a), frame_of(run_b), Schema(run_a.manifest)
    figs = [pair(m, a, b, names, sch) for m in metrics(a, b, sch)]
    return {
        "kind": "compare",
        "title": f"{names[0]} (solid) vs {names[1]} (dashed)",
        "summary": differences(run_a, run_b),
        "shared": {},
        "figures": figs,
        "map": None,
        "tables": [],
    }
