"""`dualpower check`: an ensemble of runs against the scenario's historical targets."""

from __future__ import annotations

import datetime as dt
import math
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from ..calibration.check import Row, check as run_check, write_check
from ..core.results import check_writable
from ..core import InputError
from ..scenarios import DEFAULT, load
from ..experiments.executors import ExecutorOptions, open_executor
from .app import app
from .experiments import ExecutorOpt, QuietOpt, RunsBar, SchedulerOpt
from .run import SetOpt, collect_overrides

DATED = ("date", "outcome", "event")
COUNTED = ("count", "peak", "rise")
PIPED_WIDTH = 200  # redirected to a file, the table keeps every cell whole instead of Rich's 80 columns


@app.command("check")
def check(
    scenario: Annotated[str, typer.Argument(help="Built-in scenario name or TOML file.")] = DEFAULT,
    runs: Annotated[int, typer.Option(help="Number of runs (seeds spawned from one SeedSequence).")] = 10,
    scale: Annotated[
        Optional[float], typer.Option(help="Fraction of the population simulated; default: the scenario's.")
    ] = None,
    set_: SetOpt = None,
    params_file: Annotated[Optional[Path], typer.Option("--params", help="TOML file of parameter values.")] = None,
    seed: Annotated[int, typer.Option(help="Root seed of the ensemble.")] = 0,
    targets: Annotated[Optional[Path], typer.Option(help="Targets file; default: the one the scenario names.")] = None,
    workers: Annotated[Optional[int], typer.Option(help="Worker processes; default: all cores.")] = None,
    executor: ExecutorOpt = "local",
    scheduler: SchedulerOpt = None,
    quiet: QuietOpt = False,
    out: Annotated[
        Optional[Path], typer.Option(help="Also write the table and each run's statistics to this folder.")
    ] = None,
) -> None:
    """Run an ensemble and print, per target, the simulated median and 90% range beside history.

    Parameters change as for `dualpower run` (later wins); every executor gives the same results."""
    if seed < 0:
        raise InputError("--seed", "seed", "must be a non-negative integer")
    if workers is not None and workers < 1:
        raise InputError("--workers", "workers", "must be at least 1")
    options = ExecutorOptions(executor, workers, scheduler)  # a bad option fails before any run
    sc = load(scenario)
    values = collect_overrides(sc, set_, scale, params_file)
    if out is not None:
        check_writable(out)

    def executor_for(n: int):
        return open_executor(replace(options, workers=min(n, workers or n)) if executor == "local" else options)

    with RunsBar(quiet) as bar:
        tick = (lambda done, total: bar(done, 0, total)) if bar else None
        checked = run_check(sc, runs, values, seed, executor_for, targets, tick)
    if out is not None:
        write_check(out, checked, values, seed)
    rows = checked.rows
    console = Console(highlight=False, width=None if sys.stdout.isatty() else PIPED_WIDTH)
    console.print(table(rows, runs))
    passed = len({r.target for r in rows if r.passed})
    console.print(f"{passed} of {len({r.target for r in rows})} targets pass (median of {runs} runs)")
    if values:
        console.print("parameters changed: " + ", ".join(f"{k}={v}" for k, v in values.items()), markup=False)


def table(rows: list[Row], runs: int) -> Table:
    """The Rich table of the check."""
    t = Table(title=f"calibration check: {runs} runs, median [5%, 95%]", title_justify="left")
    for col in ("target", "statistic", "historical", "simulated median", "90% range", "never", "pass", "runs passing"):
        t.add_column(col, justify="left" if col in ("target", "statistic") else "right")
    for r in rows:
        verdict = "[green]pass[/]" if r.passed else "[red]fail[/]"
        t.add_row(
            r.target,
            r.statistic,
            show(r.historical, r),
            show(r.median, r),
            f"{show(r.q05, r)} .. {show(r.q95, r)}",
            f"{r.missing:.0%}",
            verdict,
            f"{r.pass_rate:.0%}",
        )
    return t


def show(value: float, row: Row) -> str:
    """A statistic as people read it: dates for date-like targets, counts of people, arms or events whole
    with thousands separated (a target of a count kind, or whose record is 10 or more), shares and ratios to 3
    places."""
    if not math.isfinite(value):
        return "never"
    if row.kind in DATED and row.date:
        return (dt.date.fromisoformat(row.date) + dt.timedelta(days=round(value))).isoformat()
    if row.kind in COUNTED or abs(row.historical) >= 10:
        return f"{value:,.0f}"
    return f"{value:.3f}"
