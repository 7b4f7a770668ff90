"""A calibration problem: which parameters vary, what each run is compared with, and one run's statistics."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..api import prepare, simulate
from ..core import Results
from ..experiments.executors import ExecutorOptions
from ..experiments.runner import scenario_of
from .distance import Term, distance
from .priors import Prior, as_values

Summarise = Callable[[Results], dict[str, float]]


@dataclass(frozen=True)
class Problem:
    """Everything a worker needs to turn a parameter point into statistics; picklable.

    Attributes:
        scenario: built-in name or path, loaded once per worker process.
        priors: the free parameters and their ranges.
        terms: the targets fitted (held-out targets are left out here).
        summarise: a module-level function from a run's Results to named statistics.
        fixed: values applied to every run (e.g. ``scale``).
        steps: run length; None means the scenario's.
        seed: the calibration's seed; each run's seed derives from it and the point.
        held_out: targets predicted but not fitted (their terms).
    """

    scenario: str
    priors: tuple[Prior, ...]
    terms: tuple[Term, ...]
    summarise: Summarise
    fixed: Mapping[str, Any] = field(default_factory=dict)
    steps: int | None = None
    seed: int = 0
    held_out: tuple[Term, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.priors)

    def __call__(self, point: Mapping[str, float]) -> dict[str, float]:
        """Statistics of one run at ``point``, seeded from the point so that reruns agree."""
        return statistics(self, point, run_seed(self.seed, point))

    def distance(self, stats: Mapping[str, float]) -> float:
        """Distance over the fitted targets only."""
        return distance(self.terms, stats)

    def without(self, target: str) -> "Problem":
        """The same problem with one target held out (for leave-one-out validation)."""
        kept = tuple(t for t in self.terms if t.target != target)
        out = tuple(t for t in self.terms if t.target == target)
        if not out:
            known = ", ".join(t.target for t in self.terms)
            raise ValueError(f"--leave-out: unknown target {target!r} (known: {known})")
        if not kept:
            raise ValueError("--leave-out: at least one target must stay fitted")
        return replace(self, terms=kept, held_out=self.held_out + out)


def statistics(problem: Problem, point: Mapping[str, float], seed: int) -> dict[str, float]:
    """Run the scenario at ``point`` with ``seed``; a run that fails numerically gives no statistics
    (maximal distance)."""
    values = {**problem.fixed, **as_values(problem.priors, point)}
    sc, params, steps = prepare(scenario_of(problem.scenario), problem.steps, values, "calibration")
    try:
        results = simulate(sc, seed=seed, steps=steps, params=params)
    except (ArithmeticError, ValueError):
        return {}
    return {k: float(v) for k, v in problem.summarise(results).items()}


def warm_up(problem: Problem) -> None:
    """Load the scenario and compile the model's kernels here, so forked workers inherit both."""
    sc = scenario_of(problem.scenario)
    mid = {p.name: (p.low + p.high) / 2 for p in problem.priors}
    simulate(sc, seed=0, steps=2, params={**problem.fixed, **as_values(problem.priors, mid)}, source="calibration")


def run_seed(seed: int, point: Mapping[str, float]) -> int:
    """A seed fixed by the calibration seed and the point's values, independent of process and order."""
    text = repr((int(seed), sorted((k, float(v)) for k, v in point.items())))
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


@dataclass(frozen=True)
class Settings:
    """How a calibration runs.

    Attributes:
        budget: total simulations (the last generation may overshoot by what it needs to finish).
        population: particles per generation; default ``budget // 10`` within [20, 200].
        executor: where simulations run (``local``, ``dask`` or ``serial``), with workers and scheduler.
        resume: continue the database in the output folder instead of starting one.
        seed: seeds pyabc's sampling and every run's seed.
    """

    budget: int = 1000
    population: int | None = None
    executor: ExecutorOptions = ExecutorOptions("serial")
    resume: bool = False
    seed: int = 0

    @property
    def particles(self) -> int:
        return self.population or int(min(200, max(20, self.budget // 10)))
