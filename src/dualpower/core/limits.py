"""Up-front limits: a run, sweep or request that cannot fit is refused before it starts.

Each limit has a default sized for a workstation and an environment variable that raises it
(see docs/safety.md), so that a typo such as ``--steps 10000000000`` or ``width = 20000``
ends in one line naming the field and the estimate, not in a ``MemoryError`` an hour later.
"""

from __future__ import annotations

import os
from typing import Any

from .errors import InputError

MAX_STEPS = ("DUALPOWER_MAX_STEPS", 1_000_000)
MAX_RUNS = ("DUALPOWER_MAX_RUNS", 1_000_000)
MAX_MEMORY_MB = "DUALPOWER_MAX_MEMORY_MB"
STEP_BYTES = 2048
"""Memory one recorded step holds until the run is written: a row of some tens of metrics as Python objects."""
SPEC_RUN_BYTES = 4096
"""Memory the client keeps per planned run of a sweep (its design point and status line)."""


def limit(setting: tuple[str, int]) -> int:
    """A limit's value: the environment variable if set to a positive integer, else the default."""
    name, default = setting
    text = os.environ.get(name, "")
    return int(text) if text.isdigit() and int(text) > 0 else default


def memory_cap() -> int:
    """Bytes a run may plan to use: ``DUALPOWER_MAX_MEMORY_MB`` if set, else the memory available now."""
    text = os.environ.get(MAX_MEMORY_MB, "")
    if text.isdigit() and int(text) > 0:
        return int(text) * 2**20
    import psutil

    return int(psutil.virtual_memory().available)


def check_steps(steps: Any, source: str, field: str = "steps") -> int:
    """A run length within ``DUALPOWER_MAX_STEPS``."""
    top = limit(MAX_STEPS)
    if not isinstance(steps, int) or isinstance(steps, bool) or steps < 0:
        raise InputError(source, field, "must be an integer >= 0")
    if steps > top:
        raise InputError(source, field, f"{steps} steps exceed the limit of {top:,} (set {MAX_STEPS[0]} to raise it)")
    return steps


def check_memory(need: int, source: str, field: str, what: str) -> None:
    """Refuse ``what`` when its estimated memory ``need`` (bytes) exceeds :func:`memory_cap`."""
    cap = memory_cap()
    if need > cap:
        raise InputError(
            source,
            field,
            f"{what} needs about {_gib(need)} of memory; {_gib(cap)} may be used (set {MAX_MEMORY_MB} to change it)",
        )


def check_run(model: Any, params: Any, steps: int, source: str, steps_source: str | None = None) -> None:
    """Refuse a run whose length or estimated memory (state plus recorded steps) is out of bounds; a length out
    of bounds names ``steps_source`` when the length came from elsewhere than the parameters."""
    check_steps(steps, steps_source or source)
    need = int(model.estimate_bytes(params)) + steps * STEP_BYTES
    check_memory(need, source, "parameters", f"a run of {steps:,} steps with these parameters")


def check_runs(runs: int, source: str, field: str) -> None:
    """Refuse an experiment of more than ``DUALPOWER_MAX_RUNS`` runs, or one whose plan would not fit."""
    top = limit(MAX_RUNS)
    if runs > top:
        raise InputError(source, field, f"{runs:,} runs exceed the limit of {top:,} (set {MAX_RUNS[0]} to raise it)")
    check_memory(runs * SPEC_RUN_BYTES, source, field, f"planning {runs:,} runs")


def _gib(n: int) -> str:
    return f"{n / 2**30:.1f} GiB"
