"""Running the per-person loops on all cores, with results that do not depend on the number of threads.

A parallel kernel cuts the people into ``SPANS`` runs of whole units (:func:`spans`) and gives each
run to a thread. Every person's result is computed exactly as in a serial loop; no random draw and
no floating-point sum crosses a run, so the outputs are byte-identical whatever the thread count.
"""

from __future__ import annotations

import functools
import threading
import types as pytypes

import numba as nb
import numpy as np
from llvmlite import ir
from numba.core import types
from numba.extending import intrinsic

SPANS = 64
"""Runs a parallel loop is cut into: enough to balance two to a few dozen threads."""
OPTIONS = {"cache": True, "nogil": True, "error_model": "numpy"}
EXACT = {"nnan", "ninf", "nsz"}
"""Fast-math that leaves rounding alone (no reassociation, no reciprocals, no fused multiply-adds but those written with
:func:`fma`): the arithmetic is then the same however the loop around it is compiled."""
PRANGE_ONLY = {"prange": True, **dict.fromkeys(
    ("comprehension", "reduction", "inplace_binop", "setitem", "numpy", "stencil", "fusion"), False)}
"""Only ``prange`` loops run in parallel: Numba would also make a parallel launch of every NumPy call
(``np.zeros``, ``sum``) in a kernel, each costing more than the small array it fills."""
SERIAL_BELOW = 200_000
"""People below which a kernel runs on the calling thread: waking the others costs ~0.1 ms a launch."""
_LAUNCH = threading.Lock()

if nb.config.THREADING_LAYER == "default":
    # Numba's own layer, in every install: its idle threads sleep, where OpenMP's spin and, on a busy
    # machine, take the cores the run needs (a small run became several times slower). NUMBA_THREADING_LAYER
    # still chooses another.
    nb.config.THREADING_LAYER = "workqueue"


@nb.njit(cache=True, nogil=True)
def spans(start, size):
    """Unit boundaries of ``SPANS`` runs of about equal numbers of people, int64 (SPANS + 1,); run ``c``
    is units ``[b[c], b[c + 1])`` (possibly none). ``start``, ``size``: the units' slices of people."""
    before = np.cumsum(size) - size
    total = before[-1] + size[-1] if len(size) else 0
    bounds = np.searchsorted(before, (np.arange(SPANS + 1) * total) // SPANS)
    bounds[-1] = len(size)
    return bounds


@intrinsic
def fma(typingctx, a, b, c):
    """``a * b + c`` rounded once (LLVM's ``llvm.fma``); arguments of one float type."""
    if not (isinstance(a, types.Float) and a == b == c):
        return None

    def codegen(context, builder, signature, args):
        t = args[0].type
        return builder.call(builder.module.declare_intrinsic("llvm.fma", [t], ir.FunctionType(t, [t, t, t])), args)

    return a(a, b, c), codegen


def _renamed(fn, suffix: str):
    """A copy of ``fn`` under another qualified name, so that Numba caches its compilations in their own file
    (the cache tells functions apart by name and line, not by compile options)."""
    copy = pytypes.FunctionType(fn.__code__, fn.__globals__, f"{fn.__name__}_{suffix}", fn.__defaults__, fn.__closure__)
    copy.__qualname__ = f"{fn.__qualname__}_{suffix}"
    return copy


def parallel(fn=None, *, fastmath=True):
    """Compile ``fn`` as a parallel kernel (Numba ``parallel=True``) and as a serial one, used on one thread
    (``NUMBA_NUM_THREADS=1``, pool workers) and when its largest array argument has fewer than ``SERIAL_BELOW``
    entries; ``fastmath``: as for ``numba.njit``.

    Threads take spans one at a time (chunk size 1), so that a thread the machine's other work holds back
    does not hold up the loop. Parallel calls are serialised across Python threads (the web server runs
    simulations in threads): the ``workqueue`` threading layer aborts the process on concurrent launches.
    A kernel already uses every core, so little is lost.
    """
    if fn is None:
        return functools.partial(parallel, fastmath=fastmath)
    threaded = nb.njit(parallel=PRANGE_ONLY, fastmath=fastmath, **OPTIONS)(fn)
    serial = nb.njit(fastmath=fastmath, **OPTIONS)(_renamed(fn, "serial"))

    @functools.wraps(fn)
    def launch(*args):
        if nb.get_num_threads() == 1 or max(len(a) for a in args if isinstance(a, np.ndarray)) < SERIAL_BELOW:
            return serial(*args)
        with _LAUNCH:
            previous = nb.set_parallel_chunksize(1)
            try:
                return threaded(*args)
            finally:
                nb.set_parallel_chunksize(previous)

    launch.threaded, launch.serial = threaded, serial
    return launch

