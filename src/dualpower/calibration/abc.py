"""Approximate Bayesian computation (ABC-SMC, pyabc) over a scenario's free parameters.

pyabc keeps every generation in a SQLite database inside the output folder, so a
stopped calibration resumes where it was (``pyabc.ABCSMC.load``). Proposals perturb each particle
with the covariance of its nearest neighbours (``pyabc.LocalTransition``): with one global kernel
density over fifteen parameters, a few proposals took almost all the importance weight and the
effective sample size fell to about 1 within three generations (docs/validation.md).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyabc

from ..experiments.executors import ExecutorOptions, dask_client
from .distance import Distance, observed
from .priors import pyabc_prior
from .problem import Problem, Settings, warm_up

DB = "abc.db"


def run_abc(problem: Problem, settings: Settings, folder: Path) -> tuple[Any, np.ndarray, Any]:
    """Run (or resume) ABC-SMC while the next generation fits in the simulation budget.

    A generation starts only if the previous one's number of simulations fits in what is left
    (:class:`BudgetedABCSMC`), so a calibration ends near ``budget``, past it only by what a
    generation costs more than the one before. Resuming a calibration that has spent its budget
    (or one stopped by hand, resumed with a budget at most what it ran) samples nothing more: the
    last finished generation is the posterior.

    Returns:
        (samples, weights, generations): the last generation's parameters (a pandas
        DataFrame, one column per free parameter), their normalised weights, and one row
        per generation (epsilon, simulations, particles).
    """
    if settings.executor.kind == "local":
        warm_up(problem)
    np.random.seed(settings.seed)  # pyabc draws from NumPy's global generator; this makes a serial run repeatable
    db = "sqlite:///" + str(Path(folder) / DB)
    with _sampler(settings.executor) as sampler:
        abc = BudgetedABCSMC(
            problem, pyabc_prior(problem.priors), Distance(problem.terms),
            population_size=settings.particles, sampler=sampler, transitions=pyabc.LocalTransition(),
        )
        if settings.resume:
            history = abc.load(db, 1)
        else:
            history = abc.new(db, observed(problem.terms))
        if history.max_t < 0 or history.total_nr_simulations < settings.budget:
            history = abc.run(max_total_nr_simulations=settings.budget)
    samples, weights = history.get_distribution(m=0, t=history.max_t)
    return samples[list(problem.names)], np.asarray(weights) / np.sum(weights), history.get_all_populations()


class BudgetedABCSMC(pyabc.ABCSMC):
    """ABC-SMC that does not start a generation its budget cannot pay for.

    pyabc checks the budget only after a generation, so a late generation with a low acceptance
    rate can overrun it by a thousand runs. Here sampling also stops when the last generation's
    number of simulations no longer fits in what is left.
    """

    def check_terminate(self, t: int, acceptance_rate: float) -> bool:
        last = self.sampler.nr_evaluations_
        spent = self.history.total_nr_simulations
        return (
            super().check_terminate(t=t, acceptance_rate=acceptance_rate)
            or spent + last > self.max_total_nr_simulations
        )


@contextlib.contextmanager
def _sampler(options: ExecutorOptions) -> Iterator[Any]:
    """pyabc's sampler for the executor: one process, forked local workers, or a Dask cluster."""
    from pyabc.sampler import DaskDistributedSampler, MulticoreEvalParallelSampler, SingleCoreSampler

    if options.kind == "dask":
        with dask_client(options.workers, options.scheduler) as client:
            yield DaskDistributedSampler(dask_client=client)
    elif options.kind == "local" and (options.workers or 2) > 1:
        yield MulticoreEvalParallelSampler(n_procs=options.workers)
    else:
        yield SingleCoreSampler()
