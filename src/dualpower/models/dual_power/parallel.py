"""Running the per-person loops on all cores, with results that do not depend on the number of threads.

A parallel kernel cuts the people into ``SPANS`` runs of whole units (:func:`spans`) and gives each
run to a thread. Every person's result is computed exactly as in a serial loop; no random draw and
no floating-point sum crosses a run, so the outputs are byte-identical whatever the thread count.
"""

from __future__ import annotations

import functools
import threading

import numba as nb
import numpy as np
from llvmlite import ir
from numba.extending import intrinsic

SPANS = 64
"""Runs a parallel loop is cut into: enough to balance two to a few dozen threads."""
OPTIONS = {"cache": True, "nogil": True, "error_model": "numpy"}
EXACT = {"nnan", "ninf", "nsz", "arcp"}
"""Fast-math that leaves rounding alone (no reassociation, no fused multiply-adds but those written with
:func:`fma`): the arithmetic is then the same however the loop around it is compiled."""
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

    def codegen(context, builder, signature, args):
        t = args[0].type
        return builder.call(builder.module.declare_intrinsic("llvm.fma", [t], ir.FunctionType(t, [t, t, t])), args)

    return a(a, b, c), codegen


def parallel(fn=None, *, fastmath=True):
    """Compile ``fn`` as a parallel kernel (Numba ``parallel=True``); ``fastmath``: as for ``numba.njit``.

    Calls are serialised across Python threads (the web server runs simulations in threads): the
    ``workqueue`` threading layer aborts the process on concurrent launches. A kernel already uses every
    core, so little is lost.
    """
    if fn is None:
        return functools.partial(parallel, fastmath=fastmath)
    kernel = nb.njit(parallel=True, fastmath=fastmath, **OPTIONS)(fn)

    @functools.wraps(fn)
    def launch(*args):
        with _LAUNCH:
            return kernel(*args)

    launch.kernel = kernel
    return launch

