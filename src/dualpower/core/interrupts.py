"""Ctrl-C at safe points: never inside a model's (compiled) step, always within one step of it.

A KeyboardInterrupt raised while Numba code runs surfaces as a SystemError, or worse; so while the
engine runs in the main thread, SIGINT only sets a flag, which the engine checks between steps.
Everywhere else Ctrl-C raises KeyboardInterrupt at once, as usual.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

_requested = threading.Event()
_depth = [0]


def install() -> None:
    """Route SIGINT through the deferring handler (the command line does this once, in the main thread)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _handler)


def _handler(signum: int, frame: object) -> None:
    if _depth[0] > 0:
        _requested.set()
        return
    raise KeyboardInterrupt


@contextlib.contextmanager
def safe_points() -> Iterator[None]:
    """Defer Ctrl-C to the next :func:`checkpoint` while the block runs (main thread only)."""
    main = threading.current_thread() is threading.main_thread()
    _depth[0] += main
    try:
        yield
    finally:
        _depth[0] -= main
    checkpoint()


def checkpoint() -> None:
    """Raise KeyboardInterrupt if Ctrl-C was pressed since the last check."""
    if _requested.is_set():
        _requested.clear()
        raise KeyboardInterrupt
