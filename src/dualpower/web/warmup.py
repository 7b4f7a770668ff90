"""Load the default scenario and its compiled kernels before anyone presses Run."""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Callable

from ..api import simulate
from ..scenarios import DEFAULT, Scenario, load


def cached_loader(maxsize: int = 32) -> Callable[[str], Scenario]:
    """A scenario loader that parses each file once; scenarios are immutable, so runs can share them."""
    return functools.lru_cache(maxsize=maxsize)(load)


def warm_up(loader: Callable[[str], Scenario], name: str = DEFAULT) -> threading.Thread:
    """Start a background thread that loads ``name`` and runs one day at a tiny scale."""

    def work() -> None:
        try:
            sc = loader(name)
            tiny = {"scale": 0.0005} if "scale" in type(sc.params).model_fields else {}
            simulate(sc, seed=0, steps=1, params=tiny)
        except Exception as err:  # noqa: BLE001 - a failed warm-up only costs the first run its speed
            print(f"warm-up skipped: {err}", file=sys.stderr)

    thread = threading.Thread(target=work, name="dualpower-warm-up", daemon=True)
    thread.start()
    return thread
