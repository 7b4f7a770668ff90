"""Executors for sweeps: a local process pool, a Dask cluster, or in-process (tests, debugging).

Any ``concurrent.futures.Executor`` works with the runner; these are the ones the CLI names.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from ..core import InputError

KINDS = ("local", "dask", "serial")
CONNECT_TIMEOUT_S = 3
WORKER_ENVIRON = {"OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1, "OPENBLAS_NUM_THREADS": 1}
"""Environment of LocalCluster workers: Dask's default without MALLOC_TRIM_THRESHOLD_, whose fixed
value also freezes glibc's mmap threshold, so that every large NumPy temporary is mapped and
zeroed afresh: a model step then runs far slower in a Dask worker than in a process pool."""


class SerialExecutor(Executor):
    """Runs each task at submission, in this process: reproducible and easy to debug."""

    def submit(self, fn, /, *args: Any, **kwargs: Any) -> Future:
        fut: Future = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as err:  # noqa: BLE001 - delivered through the future
            fut.set_exception(err)
        return fut


@dataclass(frozen=True)
class ExecutorOptions:
    """Which executor a sweep opens (and closes) itself.

    Attributes:
        kind: ``local`` (process pool), ``dask`` (a cluster) or ``serial`` (in-process).
        workers: worker processes; default: all cores.
        scheduler: a Dask scheduler address (``tcp://host:port``); default: a LocalCluster.
    """

    kind: str = "local"
    workers: int | None = None
    scheduler: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InputError("--executor", self.kind, f"unknown executor (known: {', '.join(KINDS)})")
        if self.workers is not None and self.workers < 1:
            raise InputError("--workers", str(self.workers), "must be >= 1")
        if self.scheduler and self.kind != "dask":
            raise InputError("--scheduler", self.scheduler, "needs --executor dask")

    @property
    def window(self) -> int:
        """How many runs to keep in flight: enough to keep every worker busy."""
        return 4 * (self.workers or os.cpu_count() or 1) + 4


@contextlib.contextmanager
def open_executor(options: ExecutorOptions) -> Iterator[Executor]:
    """Start the chosen executor and shut it down afterwards."""
    if options.kind == "serial":
        yield SerialExecutor()
    elif options.kind == "local":
        with local_pool(options.workers) as pool:
            yield pool
    else:
        with dask_executor(options.workers, options.scheduler) as ex:
            yield ex


def local_pool(workers: int | None = None) -> ProcessPoolExecutor:
    """A process pool with an explicit start method (forkserver where available, else spawn).

    The global start method is left alone: libraries and user code may rely on it.
    """
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(max_workers=workers or os.cpu_count(), mp_context=multiprocessing.get_context(method))


@contextlib.contextmanager
def dask_executor(workers: int | None = None, scheduler: str | None = None) -> Iterator[Executor]:
    """An executor on a Dask cluster: the one at ``scheduler``, or a new LocalCluster of processes."""
    with dask_client(workers, scheduler) as client:
        yield client.get_executor(pure=False)


@contextlib.contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """A client of the cluster at ``scheduler``, or of a new LocalCluster of ``workers`` processes
    started with :data:`WORKER_ENVIRON`."""
    from distributed import Client, LocalCluster

    if scheduler:
        with _connect(Client, scheduler) as client:
            yield client
        return
    import dask

    n = workers or os.cpu_count() or 1
    with dask.config.set({"distributed.nanny.pre-spawn-environ": WORKER_ENVIRON}):
        cluster = LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        )
    with cluster, Client(cluster) as client:
        yield client


def _connect(client_cls: Any, scheduler: str) -> Any:
    """Connect within a few seconds, or say that the scheduler cannot be reached."""
    try:
        return client_cls(scheduler, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise InputError("--scheduler", scheduler, f"cannot reach the Dask scheduler: {reason}") from None
