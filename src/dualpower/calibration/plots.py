"""A self-contained HTML page of a calibration: marginals, pairwise posterior, predictive check (plotly inlined)."""

from __future__ import annotations

import html
from typing import Any

from .problem import Problem

HISTORICAL = "#c0392b"


def calibration_page(summary: dict[str, Any], posterior: Any, checks: Any, problem: Problem) -> str:
    """The whole page as one string; it needs no network to display."""
    from plotly.offline import get_plotlyjs

    figures = [_marginals(posterior, problem)]
    if len(problem.priors) > 1 and len(posterior) > 1:
        figures.append(_pairs(posterior, problem))
    figures += [_check(checks, t.target) for t in problem.terms + problem.held_out if len(checks)]
    body = "".join(f.to_html(full_html=False, include_plotlyjs=False) for f in figures)
    title = html.escape(f"Calibration of {summary['scenario']} ({summary['method']})")
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
        f"<script>{get_plotlyjs()}</script></head><body style='font-family:sans-serif'>"
        f"<h1>{title}</h1>{_parameter_table(summary)}{body}</body></html>"
    )


def _marginals(posterior: Any, problem: Problem) -> Any:
    """One weighted histogram per parameter over its whole prior range (flat prior = no information)."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    n = len(problem.priors)
    cols = min(n, 4)
    fig = make_subplots(rows=-(-n // cols), cols=cols, subplot_titles=list(problem.names))
    for i, p in enumerate(problem.priors):
        r, c = divmod(i, cols)
        fig.add_trace(
            go.Histogram(x=posterior[p.name], y=posterior["weight"], histfunc="sum", nbinsx=30, showlegend=False),
            r + 1,
            c + 1,
        )
        fig.update_xaxes(range=[p.low, p.high], row=r + 1, col=c + 1)
    fig.update_layout(title="Posterior marginals (x axis: the prior's range)", height=260 * (-(-n // cols)))
    return fig


def _pairs(posterior: Any, problem: Problem) -> Any:
    """All pairs at once; marker size follows the particle's weight."""
    import plotly.graph_objects as go

    w = posterior["weight"] / posterior["weight"].max()
    dims = [{"label": n, "values": posterior[n]} for n in problem.names]
    fig = go.Figure(
        go.Splom(
            dimensions=dims, marker={"size": 2 + 6 * w, "opacity": 0.5}, diagonal_visible=False, showupperhalf=False
        )
    )
    side = max(500, 110 * len(dims))
    return fig.update_layout(title="Pairwise posterior", width=side, height=side)


def _check(checks: Any, target: str) -> Any:
    """Simulated values under posterior draws (boxes) beside the historical value (red)."""
    import plotly.graph_objects as go

    g = checks[checks["target"] == target]
    fitted = bool(g["fitted"].iloc[0]) if len(g) else True
    fig = go.Figure()
    for key, k in g.groupby("key", sort=False):
        fig.add_trace(go.Box(y=k["simulated"], name=key, boxpoints="all", jitter=0.4, showlegend=False))
        fig.add_trace(
            go.Scatter(
                x=[key],
                y=[k["historical"].iloc[0]],
                mode="markers",
                showlegend=False,
                marker={"color": HISTORICAL, "symbol": "x", "size": 14},
                name="historical",
            )
        )
    label = "fitted" if fitted else "held out"
    return fig.update_layout(title=f"Predictive check: {target} ({label}); red x = historical", height=360)


def _parameter_table(summary: dict[str, Any]) -> str:
    """Medians, intervals and verdicts as an HTML table."""
    head = (
        "<tr><th>parameter</th><th>median</th><th>90% interval</th><th>prior</th>"
        "<th>narrowing</th><th>verdict</th></tr>"
    )
    rows = "".join(
        f"<tr><td>{html.escape(n)}</td><td>{r['median']:.4g}</td><td>{_interval(r)}</td>"
        f"<td>[{r['prior_low']:.4g}, {r['prior_high']:.4g}]</td>"
        f"<td>{_num(r['narrowing'])}</td><td>{r['verdict']}</td></tr>"
        for n, r in summary["parameters"].items()
    )
    fitted, held_out = ", ".join(summary["fitted_targets"]), ", ".join(summary["held_out"]) or "none"
    return (
        f"<p>{summary['simulations']} simulations; fitted: {fitted}; held out: {held_out}.</p>"
        f"<table border='1' cellpadding='4'>{head}{rows}</table>"
    )


def _interval(row: dict[str, Any]) -> str:
    return "—" if row["q05"] is None else f"[{row['q05']:.4g}, {row['q95']:.4g}]"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"
