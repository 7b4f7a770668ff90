"""Global sensitivity analysis with SALib: Sobol S1/ST (Saltelli sampling) or Morris mu*/sigma."""

from __future__ import annotations

import dataclasses
import json
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..core import InputError
from ..core.files import write_json, write_parquet
from .chart import bar_chart
from .design import SALIB_LEVELS, problem
from .executors import ExecutorOptions
from .plan import Plan, plan_experiment
from .spec import ExperimentSpec, Sample, load_spec
from .store import RUNS
from .sweep import SweepProgress, SweepReport, run_plan

METHODS = ("sobol", "morris")
TABLE, CHART, INDICES = "sensitivity.parquet", "sensitivity.svg", "sensitivity.json"


@dataclass(frozen=True)
class Analysis:
    """A sensitivity analysis: the sweep behind it and its indices (None if runs failed)."""

    report: SweepReport
    table: pa.Table | None
    output: str


def sensitivity(
    spec: ExperimentSpec | str | Path,
    out: str | Path,
    method: str = "sobol",
    executor: Executor | ExecutorOptions | None = None,
    resume: bool = False,
    progress: SweepProgress | None = None,
) -> Analysis:
    """Sample ``[sample.bounds]`` with SALib, run the sweep, and explain ``[output]``.

    Writes ``sensitivity.parquet``, ``sensitivity.json`` and ``sensitivity.svg`` into ``out``.
    Repetitions of a design point are averaged before analysis.

    Raises:
        InputError: no ``[sample]`` or ``[output]``, a ``[vary]`` table, an unknown method.
    """
    spec = spec if isinstance(spec, ExperimentSpec) else load_spec(spec)
    plan = plan_experiment(sensitivity_spec(spec, method))
    report = run_plan(plan, Path(out), executor, resume, progress)
    label = spec.output.label
    if report.failed or pq.read_metadata(report.out / RUNS).num_rows < plan.runs:
        return Analysis(report, None, label)
    x = np.array([[p[n] for n in plan.spec.sample.bounds] for p in plan.points], dtype=float)
    table = analyze(method, plan.spec.sample, x, _outputs(plan, report.out, label))
    _write(report.out, table, f"{method.capitalize()} indices of {label}")
    return Analysis(report, table, label)


def sensitivity_spec(spec: ExperimentSpec, method: str) -> ExperimentSpec:
    """The spec with its sample drawn by SALib's sampler for ``method``."""
    if method not in METHODS:
        raise InputError("--method", method, f"unknown method (known: {', '.join(METHODS)})")
    for key, missing in (("sample", spec.sample is None), ("output", spec.output is None), ("vary", bool(spec.vary))):
        if missing:
            reason = "not allowed: the design comes from [sample]" if key == "vary" else "missing"
            raise InputError(spec.source, key, reason)
    sample = dataclasses.replace(spec.sample, method=f"salib-{method}")
    return dataclasses.replace(spec, sample=sample)


def _outputs(plan: Plan, out: Path, label: str) -> np.ndarray:
    """The output of each design point, averaged over repetitions (runs without an outcome: last step)."""
    runs = pq.read_table(out / RUNS).sort_by("run")
    y = np.array(runs.column(label).to_pylist(), dtype=float)
    if label == "outcome_step":
        y = np.where(np.isnan(y), np.asarray(runs.column("steps").to_pylist(), dtype=float), y)
    return y.reshape(len(plan.points), plan.spec.repetitions).mean(axis=1)


def analyze(method: str, sample: Sample, x: np.ndarray, y: np.ndarray, seed: int = 0) -> pa.Table:
    """SALib's indices as a table, one row per parameter.

    Args:
        method: ``sobol`` or ``morris``.
        sample: the design's bounds.
        x: design points, shape (points, parameters), in SALib's sample order.
        y: the output at each point, shape (points,).
    """
    prob = problem(sample)
    if method == "sobol":
        from SALib.analyze import sobol

        si = sobol.analyze(prob, y, calc_second_order=False, conf_level=0.95, seed=seed)
        keys = ("S1", "S1_conf", "ST", "ST_conf")
    else:
        from SALib.analyze import morris

        si = morris.analyze(prob, x, y, num_levels=SALIB_LEVELS, seed=seed)
        keys = ("mu", "mu_star", "mu_star_conf", "sigma")
    cols: dict[str, Any] = {"parameter": prob["names"]}
    cols.update({k: np.asarray(si[k], dtype=float) for k in keys})
    return pa.table(cols)


def _write(out: Path, table: pa.Table, title: str) -> None:
    write_parquet(table, out / TABLE)
    write_json(out / INDICES, json.loads(json.dumps(table.to_pylist(), default=float)))
    names = table.column("parameter").to_pylist()
    if "ST" in table.column_names:
        series = {k: (table.column(k).to_pylist(), table.column(f"{k}_conf").to_pylist()) for k in ("S1", "ST")}
    else:
        series = {"mu*": (table.column("mu_star").to_pylist(), table.column("mu_star_conf").to_pylist())}
    (out / CHART).write_text(bar_chart(names, series, title), encoding="utf-8")
