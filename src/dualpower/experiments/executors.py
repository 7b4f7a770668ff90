"""Executors for sweeps: a local process pool, a Dask cluster, or in-process (tests, debugging).

Any ``concurrent.futures.Executor`` works with the runner; these are the ones the CLI names.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from ..core import InputError

KINDS = ("local", "dask", "serial")
PR_SET_PDEATHSIG = 1
CONNECT_TIMEOUT_S = 3
WORKER_ENVIRON = {"OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1, "OPENBLAS_NUM_THREADS": 1}
"""Environment of LocalCluster workers: Dask's default without MALLOC_TRIM_THRESHOLD_, whose fixed
value also freezes glibc's mmap threshold, so that every large NumPy temporary is mapped and
zeroed afresh: a model step then runs far slower in a Dask worker than in a process pool."""


class SerialExecutor(Executor):
    """Runs each task at submission, in this process: reproducible and easy to debug.

    Errors are delivered through the future; Ctrl-C is raised at once, so that no further task starts."""

    def submit(self, fn, /, *args: Any, **kwargs: Any) -> Future:
        fut: Future = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except Exception as err:  # noqa: BLE001 - delivered through the future
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


def local_pool(workers: int | None = None) -> LocalPool:
    """A process pool of spawned workers that die with this process (see :func:`bind_to_parent`).

    'spawn' rather than 'forkserver': a fork server is a third process that would outlive a killed
    parent. The global start method is left alone: libraries and user code may rely on it.
    """
    n = workers or os.cpu_count() or 1
    return LocalPool(max_workers=n, mp_context=multiprocessing.get_context("spawn"),
                     initializer=start_worker, initargs=(os.getpid(), threads_per_worker(n)))


def threads_per_worker(workers: int) -> int:
    """Threads each of ``workers`` processes gives the model's parallel loops: together they fill the
    machine's cores and no more (a run's outputs do not depend on it)."""
    return max(1, (os.cpu_count() or 1) // max(workers, 1))


def start_worker(parent: int, threads: int) -> None:
    """Worker initializer: :func:`bind_to_parent`, and share the cores with the other workers."""
    import numba

    bind_to_parent(parent)
    numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))


class LocalPool(ProcessPoolExecutor):
    """A process pool whose workers ignore Ctrl-C from birth, and which, left by an exception (Ctrl-C
    included), stops its workers at once instead of waiting for the runs in flight."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        with sigint_deferred():
            return super().submit(fn, *args, **kwargs)

    def _spawn_process(self) -> None:
        with sigint_ignored():
            super()._spawn_process()

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        if exc_type is None:
            return super().__exit__(exc_type, exc, tb)
        workers = list((self._processes or {}).values())
        # Not cancel_futures: Python 3.11's pool then fails on the cancelled futures once its workers are gone.
        self.shutdown(wait=False)
        for proc in workers:
            proc.kill()
        for proc in workers:
            proc.join(5)
        return False


def bind_to_parent(parent: int) -> None:
    """Worker initializer: die with the parent, even when it is killed with SIGKILL, and leave Ctrl-C to it.

    On Linux the kernel sends SIGKILL on the parent's death (PR_SET_PDEATHSIG); elsewhere, and should the
    parent already be gone, a watchdog thread ends the worker within a second of being orphaned.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    threading.Thread(target=_watch_parent, args=(parent,), name="dualpower-parent-watch", daemon=True).start()


def _watch_parent(parent: int, every_s: float = 1.0) -> None:
    while os.getppid() == parent:
        time.sleep(every_s)
    os._exit(1)


@contextlib.contextmanager
def dask_executor(workers: int | None = None, scheduler: str | None = None) -> Iterator[Executor]:
    """An executor on a Dask cluster: the one at ``scheduler``, or a new LocalCluster of processes."""
    with dask_client(workers, scheduler) as client:
        yield client.get_executor(pure=False)


@contextlib.contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """A client of the cluster at ``scheduler``, or of a new LocalCluster of ``workers`` processes
    started with :data:`WORKER_ENVIRON`, the machine's cores shared among them (:func:`threads_per_worker`).
    The local cluster's processes log only what is critical: a worker's error (with its traceback) that the
    scheduler went away while an interrupted cluster shuts down is not news to the user, whose runs' failures
    come back with the results."""
    from distributed import Client, LocalCluster

    if scheduler:
        with _connect(Client, scheduler) as client:
            yield client
        return
    import dask

    n = workers or os.cpu_count() or 1
    # NUMBA_NUM_THREADS is set in each worker, after the spawn: set before it, it would stay in this process.
    config = {"distributed.nanny.pre-spawn-environ": WORKER_ENVIRON,
              "distributed.nanny.environ": {"NUMBA_NUM_THREADS": threads_per_worker(n)}}
    with dask.config.set(config), sigint_ignored():
        cluster = LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
            silence_logs=logging.CRITICAL,
        )
    with cluster, Client(cluster) as client:
        try:
            yield client
        except BaseException:
            _mute_cancelled_callbacks()
            raise


def _mute_cancelled_callbacks() -> None:
    """On the way out of an interrupted or failed run, closing the client cancels the futures still queued,
    and the event loop logs a traceback for each one's callback; the run's own error or "interrupted" is
    the message, so those are muted."""
    logging.getLogger("tornado.application").setLevel(logging.CRITICAL)


@contextlib.contextmanager
def sigint_ignored() -> Iterator[None]:
    """Start processes that inherit an ignored Ctrl-C (this process handles it and stops them), so that a
    Ctrl-C in the terminal does not also interrupt every worker, which would print tracebacks of its own."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def sigint_deferred() -> Iterator[None]:
    """Hold a Ctrl-C back until the block ends instead of losing it: a Ctrl-C while a worker is being
    started (Ctrl-C ignored, :func:`sigint_ignored`) stays pending and interrupts this process afterwards.
    Threads started meanwhile (the pool's manager) inherit the block and so never take the signal."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _connect(client_cls: Any, scheduler: str) -> Any:
    """Connect within a few seconds, or say that the scheduler cannot be reached."""
    try:
        return client_cls(scheduler, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise InputError("--scheduler", scheduler, f"cannot reach the Dask scheduler: {reason}") from None
