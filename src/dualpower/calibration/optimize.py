"""A point estimate by Optuna (TPE): the parameters whose run comes closest to the targets.

Trials live in a SQLite study inside the output folder, so a stopped search resumes.
Runs go to any ``concurrent.futures.Executor`` (a local pool or Dask) in batches.
"""

from __future__ import annotations

from typing import Any

from ..experiments.executors import open_executor
from .problem import Problem, Settings

DB = "optuna.db"
STUDY = "calibration"


def run_optuna(problem: Problem, settings: Settings, folder) -> Any:
    """Run (or resume) the search until ``settings.budget`` trials are finished.

    Returns:
        A pandas DataFrame, one row per finished trial: the free parameters,
        ``distance`` and ``trial``, best first.
    """
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(
        study_name=STUDY, storage=f"sqlite:///{folder}/{DB}", direction="minimize",
        sampler=optuna.samplers.TPESampler(seed=settings.seed), load_if_exists=settings.resume,
    )
    batch = settings.executor.window if settings.executor.kind != "serial" else 1
    with open_executor(settings.executor) as executor:
        while (left := settings.budget - _finished(study)) > 0:
            _batch(study, problem, executor, min(left, batch))
    return _trials(study, problem)


def _batch(study: Any, problem: Problem, executor: Any, n: int) -> None:
    """Ask ``n`` trials, run them in parallel, tell each its distance."""
    spaces = _spaces(problem)
    trials = [study.ask(spaces) for _ in range(n)]
    futures = [executor.submit(problem, dict(t.params)) for t in trials]
    for trial, fut in zip(trials, futures):
        study.tell(trial, problem.distance(fut.result()))


def _spaces(problem: Problem) -> dict[str, Any]:
    """Optuna's search space: the priors' ranges."""
    from optuna.distributions import FloatDistribution, IntDistribution

    return {
        p.name: IntDistribution(int(p.low), int(p.high)) if p.integer else FloatDistribution(p.low, p.high)
        for p in problem.priors
    }


def _finished(study: Any) -> int:
    return sum(t.state.is_finished() for t in study.get_trials(deepcopy=False))


def _trials(study: Any, problem: Problem) -> Any:
    """Finished trials as a table, best first."""
    import pandas as pd

    rows = [
        {**{n: t.params[n] for n in problem.names}, "distance": t.value, "trial": t.number}
        for t in study.get_trials(deepcopy=False) if t.value is not None
    ]
    return pd.DataFrame(rows).sort_values("distance", kind="stable").reset_index(drop=True)
