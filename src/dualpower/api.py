"""The Python entry points: run a scenario by name or file, get tables back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .core import Results, run
from .core.engine import Progress
from .core.limits import check_run
from .core.params import override
from .scenarios import Scenario, load


def prepare(
    scenario: str | Path | Scenario, steps: int | None = None, overrides: dict[str, Any] | None = None, source: str = "--set"
) -> tuple[Scenario, Any, int]:
    """Load a scenario and apply overrides; all validation happens here, before any run."""
    sc = scenario if isinstance(scenario, Scenario) else load(scenario)
    params = override(sc.params, overrides, source) if overrides else sc.params
    n = sc.steps if steps is None else steps
    if n < 0:
        raise ValueError("steps must be >= 0")
    check_run(sc.model, params, n, source)
    return sc, params, n


def simulate(
    scenario: str | Path | Scenario,
    *,
    seed: int | None = None,
    steps: int | None = None,
    progress: Progress | None = None,
    **overrides: Any,
) -> Results:
    """Run one simulation and return its tables and manifest.

    Args:
        scenario: a built-in name (see ``dualpower scenarios``), a TOML path, or a loaded Scenario.
        seed: the seed; ``None`` uses the scenario's seed, else fresh entropy (recorded).
        steps: run length; ``None`` uses the scenario's.
        progress: called as ``progress(done, total)`` after each step.
        **overrides: parameter values, validated against the model's bounds.

    Returns:
        Results: ``.timeseries`` and ``.tables`` as Arrow tables (``.to_pandas()``,
        ``.to_polars()``) and ``.manifest``.

    Example:
        >>> res = dualpower.simulate("civil-violence", seed=1, steps=50, legitimacy=0.7)
        >>> res.to_pandas()[["step", "active"]].tail()
    """
    sc, params, n = prepare(scenario, steps, overrides, source="simulate")
    s = sc.seed if seed is None else seed
    return run(sc.model, params, n, s, progress=progress, scenario=sc.name)
