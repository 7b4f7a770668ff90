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

from ..experiments.executors import ExecutorOptions
from .distance import Distance, observed
from .priors import pyabc_prior
from .problem import Problem, Settings, warm_up

DB = "abc.db"


def run_abc(problem: Problem, settings: Settings, folder: Path) -> tuple[Any, np.ndarray, Any]:
    """Run (or resume) ABC-SMC until the simulation budget is spent.

    Resuming a calibration that has spent its budget (or one stopped by hand, resumed with a
    budget at most what it ran) samples nothing more: the last finished generation is the posterior.

    Returns:
        (samples, weights, generations): the last generation's parameters (a pandas
        DataFrame, one column per free parameter), their normalised weights, and one row
        per generation (epsilon, simulations, particles).
    """
    import pyabc

    if settings.executor.kind == "local":
        warm_up(problem)
    np.random.seed(settings.seed)  # pyabc draws from NumPy's global generator; this makes a serial run repeatable
    db = "sqlite:///" + str(Path(folder) / DB)
    with _sampler(settings.executor) as sampler:
        abc = pyabc.ABCSMC(
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


@contextlib.contextmanager
def _sampler(options: ExecutorOptions) -> Iterator[Any]:
    """pyabc's sampler for the executor: one process, forked local workers, or a Dask cluster."""
    from pyabc.sampler import DaskDistributedSampler, MulticoreEvalParallelSampler, SingleCoreSampler

    if options.kind == "dask":
        with _dask_client(options) as client:
            yield DaskDistributedSampler(dask_client=client)
    elif options.kind == "local" and (options.workers or 2) > 1:
        yield MulticoreEvalParallelSampler(n_procs=options.workers)
    else:
        yield SingleCoreSampler()


@contextlib.contextmanager
def _dask_client(options: ExecutorOptions) -> Iterator[Any]:
    """A client of the cluster at ``--scheduler``, or of a LocalCluster started here."""
    from distributed import Client, LocalCluster

    if options.scheduler:
        with Client(options.scheduler, timeout=5) as client:
            yield client
        return
    with LocalCluster(n_workers=options.workers or 2, threads_per_worker=1, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            yield client
