"""`dualpower sweep`, `dualpower ensemble` and `dualpower sensitivity`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from ..scenarios import load
from .app import app
from .run import SetOpt, collect_overrides, console, err_console

SpecArg = Annotated[Path, typer.Argument(help="Experiment spec (TOML).")]
OutOpt = Annotated[Path, typer.Option("--out", help="Experiment folder (created; reused only with --resume).")]
ExecutorOpt = Annotated[str, typer.Option("--executor", help="local (process pool), dask, or serial.")]
SchedulerOpt = Annotated[
    Optional[str], typer.Option("--scheduler", help="Dask scheduler, tcp://HOST:PORT (default: a LocalCluster).")
]
WorkersOpt = Annotated[Optional[int], typer.Option("--workers", help="Worker processes (default: all cores).")]
ResumeOpt = Annotated[bool, typer.Option("--resume", help="Skip finished runs; rerun failed or missing ones.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]


def _options(executor: str, workers: int | None, scheduler: str | None):
    from ..experiments import ExecutorOptions

    return ExecutorOptions(executor, workers, scheduler)


@app.command("sweep")
def sweep_command(
    spec: SpecArg,
    out: OutOpt,
    executor: ExecutorOpt = "local",
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = None,
    resume: ResumeOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Run an experiment spec: one Parquet part per run, a status log, runs.parquet."""
    from ..experiments import sweep

    with RunsBar(quiet) as bar:
        report = sweep(spec, out, _options(executor, workers, scheduler), resume, bar)
    _finish(report)


@app.command("ensemble")
def ensemble_command(
    scenario: Annotated[str, typer.Argument(help="Built-in scenario name or TOML file.")],
    out: OutOpt,
    runs: Annotated[int, typer.Option("--runs", min=1, help="Number of runs (seeds).")] = 100,
    scale: Annotated[Optional[float], typer.Option(help="Fraction of the population simulated.")] = None,
    set_: SetOpt = None,
    seed: Annotated[Optional[int], typer.Option(min=0, help="Experiment seed.")] = None,
    executor: ExecutorOpt = "local",
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = None,
    resume: ResumeOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Run one scenario under many seeds; print and save outcome frequencies with 95% intervals."""
    from ..experiments import ensemble, ensemble_spec

    sc = load(scenario)
    spec = ensemble_spec(scenario, runs, collect_overrides(sc, set_, scale, None), seed)
    with RunsBar(quiet) as bar:
        report, summary = ensemble(spec, out, _options(executor, workers, scheduler), resume, bar)
    _print_summary(summary)
    _finish(report)


@app.command("sensitivity")
def sensitivity_command(
    spec: SpecArg,
    out: OutOpt,
    method: Annotated[str, typer.Option("--method", help="sobol or morris.")] = "sobol",
    executor: ExecutorOpt = "local",
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = None,
    resume: ResumeOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Sobol or Morris indices of one output over the ranges in sample.bounds, with a table and an SVG chart."""
    from ..experiments import sensitivity

    with RunsBar(quiet) as bar:
        analysis = sensitivity(spec, out, method, _options(executor, workers, scheduler), resume, bar)
    if analysis.table is not None:
        _print_table(analysis.table, f"{method} indices of {analysis.output}")
    _finish(analysis.report)


class RunsBar:
    """A Rich bar of runs done and failed, with ETA, on a terminal; nothing elsewhere."""

    def __init__(self, quiet: bool) -> None:
        self.silent = quiet or not sys.stderr.isatty()

    def __enter__(self):
        if self.silent:
            return None
        self.bar = Progress(
            TextColumn("[bold]runs"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[failed]} failed"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=err_console,
            transient=True,
        )
        self.bar.__enter__()
        task = self.bar.add_task("runs", total=None, failed=0)
        return lambda done, failed, total: self.bar.update(task, completed=done, total=total, failed=failed)

    def __exit__(self, *exc: Any) -> None:
        if not self.silent:
            self.bar.__exit__(*exc)


def _finish(report: Any) -> None:
    """One line on how it went; exit 1 when runs failed (the status log says why)."""
    skipped = f", {report.skipped} already done" if report.skipped else ""
    console.print(
        f"{report.runs} runs: {report.succeeded} succeeded, {report.failed} failed{skipped}; results: {report.out}"
    )
    if not report.ok:
        console.print(f"failed runs are listed in {report.out / 'status.jsonl'}; rerun them with --resume")
        raise typer.Exit(1)


def _print_summary(summary: dict[str, Any]) -> None:
    if summary["outcomes"]:
        t = Table("outcome", "runs", "share", "95% CI (Wilson)", title="outcomes", title_justify="left")
        for name, o in summary["outcomes"].items():
            t.add_row(name, str(o["count"]), f"{o['share']:.3f}", f"[{o['ci95'][0]:.3f}, {o['ci95'][1]:.3f}]")
        console.print(t)
    d = summary.get("outcome_date")
    if d:
        console.print(f"outcome date: median {d['median']}, 5-95% {d['p05']} .. {d['p95']} ({d['n']} runs)")
    t = Table("final metric", "mean", "sd", "5%", "median", "95%", title="final values", title_justify="left")
    for name, s in summary["final"].items():
        t.add_row(name, *(f"{s[k]:.4g}" for k in ("mean", "sd", "p05", "median", "p95")))
    console.print(t)


def _print_table(table: Any, title: str) -> None:
    t = Table(*table.column_names, title=title, title_justify="left")
    for row in table.to_pylist():
        t.add_row(*(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row.values()))
    console.print(t)
