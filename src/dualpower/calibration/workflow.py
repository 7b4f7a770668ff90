"""Calibrate a scenario against a targets file and write the posterior, its checks and calibrated.toml.

One call does it all and validates every input before the first simulation, so the
command line stays a thin shell. Files are written atomically; the method's database
stays in the folder so that ``resume=True`` continues a stopped run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..core import InputError, Results
from ..experiments.executors import ExecutorOptions
from ..scenarios import Scenario, load, read_toml
from .distance import Term, term_for
from .outputs import write_outputs
from .predictive import predictive
from .priors import priors_for
from .problem import Problem, Settings

__all__ = ["Request", "Settings", "calibrate", "default_summarise", "options", "prepare"]

METHODS = ("abc", "optimize")
DATABASES = {"abc": "abc.db", "optimize": "optuna.db"}


@dataclass(frozen=True)
class Request:
    """What to calibrate, against what, and where the results go.

    Attributes:
        scenario: built-in name or scenario file.
        targets: the targets TOML file (``[[target]]`` tables).
        out: the output folder.
        method: ``abc`` (a posterior) or ``optimize`` (a point estimate).
        scale: population scale for every run, if the model has one.
        leave_out: a target to hold out (fitted without it, then predicted).
        draws: posterior-predictive runs, on top of the budget.
        summarise: from a run's Results to the targets' statistics; default: the targets module's.
    """

    scenario: str
    targets: Path
    out: Path
    method: str = "abc"
    scale: float | None = None
    leave_out: str | None = None
    draws: int = 40
    summarise: Callable[[Results], dict[str, float]] | None = None


def calibrate(request: Request, settings: Settings) -> dict[str, Any]:
    """Fit, check and write; returns the summary also written as ``summary.json``.

    Raises:
        InputError: bad scenario, targets, options or folder, before any simulation.
    """
    problem = prepare(request, settings)
    samples, weights, trace = _fit(request.method, problem, settings, request.out)
    checks = predictive(problem, samples, weights, request.draws, settings.seed, settings.executor)
    return write_outputs(request, problem, samples, weights, trace, checks)


def options(executor: str, workers: int | None, scheduler: str | None) -> ExecutorOptions:
    """The executor options of the command line, validated (bad values raise InputError)."""
    return ExecutorOptions(executor, workers, scheduler)


def prepare(request: Request, settings: Settings) -> Problem:
    """Validate everything and build the problem (no simulation yet)."""
    if request.method not in METHODS:
        raise InputError("--method", request.method, f"unknown method (known: {', '.join(METHODS)})")
    if settings.budget < 1:
        raise InputError("--budget", str(settings.budget), "must be >= 1")
    if request.draws < 0:
        raise InputError("--draws", str(request.draws), "must be >= 0")
    sc = load(request.scenario)
    targets = read_targets(request.targets)
    problem = Problem(
        scenario=str(sc.path), priors=priors_for(sc), terms=terms_of(targets, request.targets),
        summarise=request.summarise, fixed=_fixed(sc, request.scale), seed=settings.seed,
    )
    if request.leave_out:
        problem = _leave_out(problem, request.leave_out)
    check_folder(request.out, request.method, settings.resume)
    return problem if request.summarise else replace(problem, summarise=default_summarise(targets, request.targets))


def read_targets(path: Path) -> list[dict[str, Any]]:
    """The ``[[target]]`` tables of a targets file, each with an id."""
    data = read_toml(Path(path))
    targets = data.get("target")
    if not isinstance(targets, list) or not targets:
        raise InputError(str(path), "target", "no [[target]] tables")
    for i, t in enumerate(targets):
        if not isinstance(t, dict) or not t.get("id"):
            raise InputError(str(path), f"target[{i}].id", "missing")
    return targets


def terms_of(targets: list[dict[str, Any]], path: Path) -> tuple[Term, ...]:
    """One distance term per target, or an InputError naming the bad one."""
    try:
        return tuple(term_for(t, str(path)) for t in targets)
    except ValueError as err:
        raise InputError(str(path), "target", str(err).removeprefix(f"{path}: ")) from None


def _leave_out(problem: Problem, target: str) -> Problem:
    try:
        return problem.without(target)
    except ValueError as err:
        raise InputError("--leave-out", target, str(err).split(": ", 1)[-1]) from None


def _fixed(sc: Scenario, scale: float | None) -> dict[str, Any]:
    """Values every run shares: the scale, validated like ``dualpower run --scale``."""
    if scale is None:
        return {}
    if "scale" not in type(sc.params).model_fields:
        raise InputError("--scale", "scale", f"model {sc.model.name!r} has no scale parameter")
    from ..core.params import override

    override(sc.params, {"scale": scale}, "--scale")
    return {"scale": scale}


def check_folder(out: Path, method: str, resume: bool) -> None:
    """Refuse to overwrite a calibration unless resuming it, and to resume one that is not there."""
    db = Path(out) / DATABASES[method]
    if resume and not db.is_file():
        raise InputError(str(out), "--resume", f"no {DATABASES[method]} to resume in this folder")
    if not resume and db.exists():
        raise InputError(str(out), "--out", "holds a calibration already (pass --resume, or choose another folder)")
    if Path(out).exists() and not Path(out).is_dir():
        raise InputError(str(out), "--out", "exists and is not a folder")
    Path(out).mkdir(parents=True, exist_ok=True)


def _fit(method: str, problem: Problem, settings: Settings, folder: Path) -> tuple[Any, Any, Any]:
    """Samples, normalised weights and a per-generation (or per-trial) trace."""
    if method == "abc":
        from .abc import run_abc

        return run_abc(problem, settings, folder)
    from .optimize import run_optuna

    trials = run_optuna(problem, settings, folder)
    best = trials.iloc[[0]][list(problem.names)].reset_index(drop=True)
    return best, [1.0], trials


def default_summarise(targets: list[dict[str, Any]], path: Path) -> Callable[[Results], dict[str, float]]:
    """The statistics the targets name, read from the model's public outputs."""
    from .statistics import KINDS, TargetStatistics

    for t in targets:
        if t.get("kind") not in KINDS:
            raise InputError(str(path), t["id"], f"no statistic for kind {t.get('kind')!r} (known: {', '.join(KINDS)})")
    return TargetStatistics(tuple(targets), str(path))
