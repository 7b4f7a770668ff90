"""`dualpower calibrate`: fit a scenario's free parameters to historical targets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import app


@app.command("calibrate")
def calibrate_command(
    scenario: Annotated[str, typer.Argument(help="Built-in scenario name or TOML file.")],
    targets: Annotated[Path, typer.Option(help="Targets TOML file (one table per target).")],
    out: Annotated[Path, typer.Option(help="Output folder (holds the database, so a run can resume).")],
    method: Annotated[str, typer.Option(help="abc (posterior, pyabc) or optimize (point estimate, Optuna).")] = "abc",
    budget: Annotated[int, typer.Option(help="Total simulations for the fit.")] = 1000,
    scale: Annotated[Optional[float], typer.Option(help="Fraction of the population simulated in every run.")] = None,
    executor: Annotated[str, typer.Option(help="local (process pool), dask, or serial.")] = "local",
    scheduler: Annotated[Optional[str], typer.Option(help="Dask scheduler address (with --executor dask).")] = None,
    workers: Annotated[Optional[int], typer.Option(help="Worker processes; default: all cores.")] = None,
    population: Annotated[
        Optional[int], typer.Option(help="ABC particles per generation; default budget/10 in [20, 200].")
    ] = None,
    draws: Annotated[int, typer.Option(help="Posterior-predictive runs after the fit.")] = 40,
    leave_out: Annotated[Optional[str], typer.Option(help="Target id to hold out and predict.")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the calibration.")] = 0,
    resume: Annotated[bool, typer.Option(help="Continue the calibration in --out.")] = False,
) -> None:
    """Calibrate SCENARIO against --targets; writes the posterior, checks and calibrated.toml to --out."""
    from ..calibration.workflow import Request, Settings, calibrate, options

    settings = Settings(budget, population, options(executor, workers, scheduler), resume, seed)
    request = Request(scenario, targets, out, method, scale, leave_out, draws)
    summary = calibrate(request, settings)
    ess = summary["effective_sample_size"]
    typer.echo(
        f"{summary['simulations']} simulations{'' if ess is None else f', effective sample size {ess:.1f}'}; "
        f"results in {out} (calibrated.toml, calibration.html)"
    )
    for name, row in summary["parameters"].items():
        interval = "" if row["q05"] is None else f" [{row['q05']:.4g}, {row['q95']:.4g}]"
        typer.echo(f"  {name} = {row['median']:.4g}{interval} {row['verdict']}")


@app.command("confirm")
def confirm_command(
    folder: Annotated[Path, typer.Argument(help="A finished calibration's output folder.")],
    scale: Annotated[
        Optional[float], typer.Option(help="Scale of the confirming runs; default: the scenario's.")
    ] = None,
    top: Annotated[int, typer.Option(help="Posterior points of highest density to rerun, besides the median.")] = 10,
    seeds: Annotated[int, typer.Option(help="Runs per point.")] = 2,
    executor: Annotated[str, typer.Option(help="local (process pool), dask, or serial.")] = "local",
    scheduler: Annotated[Optional[str], typer.Option(help="Dask scheduler address (with --executor dask).")] = None,
    workers: Annotated[Optional[int], typer.Option(help="Worker processes; default: all cores.")] = None,
    seed: Annotated[int, typer.Option(help="Root seed of the confirming runs.")] = 0,
) -> None:
    """Rerun a calibration's posterior median and densest points at --scale; calibrated.toml becomes the best."""
    from ..calibration.confirm import confirm
    from ..calibration.workflow import options

    entry = confirm(folder, scale, top, seeds, options(executor, workers, scheduler), seed)
    for k, cand in enumerate(entry["candidates"]):
        mark = "*" if k == entry["chosen"] else " "
        passed = sum(rate >= 0.5 for rate in cand["pass_rate"].values())
        name = "median" if k == 0 else f"point {k}"
        typer.echo(f"{mark} {name}: distance {cand['distance']:.3f}, {passed}/{len(cand['pass_rate'])} targets pass")
    chosen = "the median" if entry["chosen"] == 0 else f"point {entry['chosen']}"
    typer.echo(f"calibrated.toml in {folder} now holds {chosen}")
