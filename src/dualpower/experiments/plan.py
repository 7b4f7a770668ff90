"""Check a spec against its scenario and model before any run, and turn it into run tasks."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..core import InputError
from ..core.limits import check_run, check_runs, check_steps
from ..core.params import names, override
from ..scenarios import Scenario, load, resolve
from .design import points
from .runner import DATE_COLUMNS, Task
from .spec import ExperimentSpec, spec_hash


@dataclass(frozen=True)
class Plan:
    """A validated experiment: the loaded scenario, its design points and what each run keeps.

    Attributes:
        spec: the experiment spec.
        scenario: the loaded base scenario.
        ref: what workers load the scenario from (a file path, or the Scenario itself).
        steps: run length.
        points: parameter values per design point (varied parameters only).
        varied: names of the varied parameters, in column order.
        metrics: every metric the model records.
        keep: the metrics each run keeps.
    """

    spec: ExperimentSpec
    scenario: Scenario
    ref: str | Scenario
    steps: int
    points: list[dict[str, Any]]
    varied: tuple[str, ...]
    metrics: tuple[str, ...]
    keep: tuple[str, ...]

    @property
    def runs(self) -> int:
        return len(self.points) * self.spec.repetitions

    def identity(self) -> dict[str, Any]:
        """What makes two experiments the same: the spec and the scenario's resolved parameters."""
        sc = self.scenario
        base = {
            "model": sc.model.name,
            "name": sc.name,
            "params": sc.params.model_dump(mode="json"),
            "steps": self.steps,
        }
        return {"spec": self.spec.normalised(), "scenario": base}

    @property
    def hash(self) -> str:
        return spec_hash(self.identity())

    def task(self, run: int, entropy: int, part: Path) -> Task:
        """The task of run ``run`` (point-major, repetition-minor), writing its part to ``part``."""
        point, rep = divmod(run, self.spec.repetitions)
        key = rep if self.spec.common_random_numbers else run
        out = self.spec.output
        return Task(
            run=run,
            scenario=self.ref,
            overrides={**self.spec.fixed, **self.points[point]},
            entropy=entropy,
            spawn_key=(key,),
            steps=self.steps,
            keep=self.keep,
            every=0 if self.spec.metrics.final_only else self.spec.metrics.every,
            when=self.spec.stop.when,
            output=(out.label, out.metric, out.at) if out is not None and out.metric else None,
            part=str(part),
        )


def plan_experiment(spec: ExperimentSpec) -> Plan:
    """Validate everything a run could trip on, so that bad input fails before the first run."""
    sc, ref = _scenario(spec)
    base = _check_names(spec, sc)
    integers = {n for n, f in type(base).model_fields.items() if f.annotation is int}
    steps = sc.steps if spec.stop.steps is None else spec.stop.steps
    check_steps(steps, spec.source, "stop.steps")
    check_runs(planned_runs(spec), spec.source, _count_field(spec))
    pts = points(spec, integers)
    for point in pts:
        check_run(sc.model, override(base, point, spec.source), steps, spec.source)
    metrics = _observed(sc, base)
    keep = spec.metrics.keep or tuple(m for m in metrics)
    _check_metrics(spec, metrics, keep)
    varied = tuple(spec.vary) + tuple(spec.sample.bounds if spec.sample else ())
    clash = sorted(set(varied) & set(keep))
    if clash:
        raise InputError(spec.source, f"vary.{clash[0]}", "a parameter and a kept metric share this name")
    return Plan(spec, sc, ref, steps, pts, varied, metrics, keep)


def planned_runs(spec: ExperimentSpec) -> int:
    """How many runs a spec asks for, counted without building its design."""
    count = math.prod(len(v) for v in spec.vary.values()) * spec.repetitions
    if spec.sample is not None:
        d = len(spec.sample.bounds)
        per = {"salib-sobol": d + 2, "salib-morris": d + 1}.get(spec.sample.method, 1)
        count *= spec.sample.n * per
    return count


def _count_field(spec: ExperimentSpec) -> str:
    """The field a user would shrink to ask for fewer runs."""
    if spec.source == "ensemble":
        return "--runs"
    return "sample.n" if spec.sample else "vary" if spec.vary else "repetitions"


def _scenario(spec: ExperimentSpec) -> tuple[Scenario, str | Scenario]:
    if isinstance(spec.scenario, Scenario):
        return spec.scenario, spec.scenario
    path = resolve(spec.scenario)
    return load(path), str(path.resolve())


def _check_names(spec: ExperimentSpec, sc: Scenario):
    """Unknown or doubly varied parameters, then the fixed overrides' values."""
    known = set(names(type(sc.params)))
    sampled = tuple(spec.sample.bounds) if spec.sample else ()
    for where, keys in (("set", spec.fixed), ("vary", spec.vary), ("sample.bounds", sampled)):
        for key in keys:
            if key not in known:
                raise InputError(
                    spec.source, f"{where}.{key}", f"unknown parameter (known: {', '.join(sorted(known))})"
                )
    both = sorted(set(spec.vary) & set(sampled))
    if both:
        raise InputError(spec.source, f"vary.{both[0]}", "varied in both [vary] and [sample]")
    return override(sc.params, spec.fixed, spec.source) if spec.fixed else sc.params


def _observed(sc: Scenario, params: Any) -> tuple[str, ...]:
    """The metrics the model records, read from its initial state."""
    rng = np.random.Generator(np.random.PCG64(0))
    return tuple(sc.model.observe(sc.model.init(params, rng), params))


def _check_metrics(spec: ExperimentSpec, metrics: tuple[str, ...], keep: tuple[str, ...]) -> None:
    wanted = [("metrics.keep", m) for m in keep] + [("stop.when", c.metric) for c in spec.stop.when]
    out = spec.output
    if out is not None and out.metric:
        wanted.append(("output.metric", out.metric))
        if isinstance(out.at, str) and not set(DATE_COLUMNS) & set(metrics):
            raise InputError(spec.source, "output.at", f"a date needs a {' or '.join(DATE_COLUMNS)} metric")
    for where, name in wanted:
        if name not in metrics:
            raise InputError(
                spec.source, where, f"the model records no metric {name!r} (it records: {', '.join(metrics)})"
            )
