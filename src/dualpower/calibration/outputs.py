"""Write a calibration's folder: posterior, predictive check, trace, plots, summary and calibrated.toml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..core.files import write_json, write_parquet, write_text
from .predictive import check_table
from .priors import as_values
from .problem import Problem
from .summary import effective_sample_size, parameter_table, point_table

CALIBRATED = "calibrated.toml"


def write_outputs(
    request: Any, problem: Problem, samples: Any, weights: Any, trace: Any, checks: Any
) -> dict[str, Any]:
    """Write every file (each atomically) and return the summary."""
    out = Path(request.out)
    weights = np.asarray(weights, float)
    posterior = samples.assign(weight=weights)
    summary = _summary(request, problem, posterior, trace, checks)
    _parquet(posterior, out / "posterior.parquet")
    _parquet(checks, out / "predictive.parquet")
    _parquet(trace, out / ("generations.parquet" if request.method == "abc" else "trials.parquet"))
    write_text(out / CALIBRATED, calibrated_toml(summary, problem))
    write_json(out / "summary.json", summary)
    from .plots import calibration_page

    write_text(out / "calibration.html", calibration_page(summary, posterior, checks, problem))
    return summary


def _summary(request: Any, problem: Problem, posterior: Any, trace: Any, checks: Any) -> dict[str, Any]:
    """What was fitted, how, and what came out."""
    sims = int(trace["samples"].sum()) if "samples" in trace else len(trace)
    return {
        "scenario": request.scenario,
        "targets": str(request.targets),
        "method": request.method,
        "fixed": dict(problem.fixed),
        "fitted_targets": [t.target for t in problem.terms],
        "held_out": [t.target for t in problem.held_out],
        "simulations": sims,
        "effective_sample_size": None if request.method == "optimize" else effective_sample_size(posterior["weight"]),
        "predictive_draws": int(checks["draw"].nunique()) if len(checks) else 0,
        "parameters": _parameters(request.method, posterior, problem),
        "checks": check_table(checks) if len(checks) else {},
    }


def _parameters(method: str, posterior: Any, problem: Problem) -> dict[str, dict[str, Any]]:
    """Posterior table for ABC; the best point, without intervals, for optimisation."""
    if method == "optimize":
        return point_table(posterior.iloc[0].to_dict(), problem.priors)
    return parameter_table(posterior, posterior["weight"].to_numpy(float), problem.priors)


def calibrated_toml(
    summary: dict[str, Any], problem: Problem, values: dict[str, Any] | None = None, note: str = ""
) -> str:
    """A ``[params]`` table, intervals as comments: the posterior medians (the best trial for ``optimize``),
    or ``values`` with a ``note`` saying how they were chosen (see :mod:`.confirm`)."""
    table = summary["parameters"]
    if values is None:
        values = as_values(problem.priors, {n: row["median"] for n, row in table.items()})
    lines = [
        f"# Calibrated parameters of {summary['scenario']} against {summary['targets']}",
        f"# (method {summary['method']}, {summary['simulations']} simulations, fixed {summary['fixed'] or 'nothing'}).",
        *([f"# {note}"] if note else []),
        "# Use: dualpower run SCENARIO --params calibrated.toml",
        "# 90% posterior intervals (none for a point estimate):",
        *(f"#   {n}: {_interval(row)} ({row['verdict']})" for n, row in table.items()),
        "[params]",
        *(f"{n} = {v!r}" for n, v in values.items()),
    ]
    return "\n".join(lines) + "\n"


def _interval(row: dict[str, Any]) -> str:
    return "none" if row["q05"] is None else f"[{row['q05']:.6g}, {row['q95']:.6g}]"


def _parquet(frame: Any, path: Path) -> None:
    """Write a DataFrame as Parquet atomically."""
    import pyarrow as pa

    write_parquet(pa.Table.from_pandas(frame, preserve_index=False), path)
