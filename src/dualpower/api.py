"""The Python entry points: run a scenario by name or file, get tables back.

Every run goes through :func:`simulate`: the command line, the dashboard, experiments and
calibration all call it, so loading, overriding, seed choice and validation happen here once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

from .core import InputError, Params, Results, run
from .core.engine import Observer, Progress, StopWhen
from .core.limits import check_run
from .core.params import override
from .scenarios import Scenario, load

Values = dict[str, Any] | Params | None


def prepare(
    scenario: str | Path | Scenario, steps: int | None = None, overrides: Values = None, source: str = "--set"
) -> tuple[Scenario, Params, int]:
    """Load a scenario and apply overrides; all validation happens here, before any run.

    ``overrides`` is a dict of values (checked against the model's bounds, errors naming
    ``source``) or an already validated parameter set.
    """
    sc = scenario if isinstance(scenario, Scenario) else load(scenario)
    if isinstance(overrides, Params):
        params = overrides
    else:
        params = override(sc.params, overrides, source) if overrides else sc.params
    n = sc.steps if steps is None else steps
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise InputError(source, "steps", "must be an integer >= 0")
    file = str(sc.path)  # what the scenario file itself asks for is refused naming the file
    check_run(sc.model, params, n, source if overrides else file, file if steps is None else source)
    return sc, params, n


def choose_seed(
    sc: Scenario, seed: int | np.random.SeedSequence | None, source: str
) -> int | np.random.SeedSequence | None:
    """The given seed, else the scenario's (None: fresh entropy, recorded in the manifest)."""
    if seed is None:
        return sc.seed
    if not isinstance(seed, np.random.SeedSequence) and (
        isinstance(seed, bool) or not isinstance(seed, int) or seed < 0
    ):
        raise InputError(source, "seed", "must be a non-negative integer")
    return seed


def simulate(
    scenario: str | Path | Scenario,
    *,
    seed: int | np.random.SeedSequence | None = None,
    steps: int | None = None,
    params: Values = None,
    stop_when: StopWhen | None = None,
    observers: Iterable[Observer] = (),
    progress: Callable[[int, int], None] | None = None,
    source: str = "simulate",
    **overrides: Any,
) -> Results:
    """Run one simulation and return its tables and manifest.

    Args:
        scenario: a built-in name (see ``dualpower scenarios``), a TOML path, or a loaded Scenario.
        seed: an int or SeedSequence; ``None`` uses the scenario's seed, else fresh entropy (recorded).
        steps: run length; ``None`` uses the scenario's.
        params: parameter values (a dict, or a validated parameter set) over the scenario's.
        stop_when: called with the latest metrics before each step; True ends the run early.
        observers: told of every recorded step (live charts, cancellation, recording elsewhere).
        progress: called as ``progress(done, total)`` after each step.
        source: what validation errors name as their origin (``--set``, ``request``...).
        **overrides: more parameter values, over ``params``.

    Returns:
        Results: ``.timeseries`` and ``.tables`` as Arrow tables (``.to_pandas()``,
        ``.to_polars()``) and ``.manifest`` (with the metrics schema).

    Example:
        >>> res = dualpower.simulate("civil-violence", seed=1, steps=50, legitimacy=0.7)
        >>> res.to_pandas()[["step", "active"]].tail()
    """
    if overrides:
        params = {**(params.model_dump() if isinstance(params, Params) else params or {}), **overrides}
    sc, values, n = prepare(scenario, steps, params, source)
    watchers = [*observers, *([Progress(progress)] if progress is not None else [])]
    return run(
        sc.model.build(values),
        n,
        choose_seed(sc, seed, source),
        stop_when=stop_when,
        observers=watchers,
        scenario=sc.name,
        description=sc.description,
        case=sc.case,
    )
