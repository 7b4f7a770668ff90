"""Run a model: seed, initialise, step, tell the observers, stop. The clock lives here, not in models."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from .interrupts import checkpoint, safe_points
from .model import Built, Metric
from .recorder import Recorder
from .results import Results, manifest, peak_rss_mb
from .rng import SeedLike, make_rng, seed_sequence

Row = dict[str, Any]
StopWhen = Callable[[Row], bool]


class Observer:
    """Sees every recorded step of a run: progress bars, live charts, cancellation (by raising)."""

    def start(self, total: int, metrics: list[Metric]) -> None:
        """Called once, after the initial state is observed, with the run's length and its metrics."""

    def observe(self, step: int, row: Row, tables: dict[str, list[Row]]) -> None:
        """Called for step 0 and after each step with its metrics and extra-table rows."""


class Progress(Observer):
    """Calls ``report(done, total)`` after each step."""

    def __init__(self, report: Callable[[int, int], None]) -> None:
        self.report, self.total = report, 0

    def start(self, total: int, metrics: list[Metric]) -> None:
        self.total = total

    def observe(self, step: int, row: Row, tables: dict[str, list[Row]]) -> None:
        if step:
            self.report(step, self.total)


def run(
    model: Built,
    steps: int,
    seed: SeedLike = None,
    *,
    stop_when: StopWhen | None = None,
    observers: Iterable[Observer] = (),
    scenario: str = "",
    description: str = "",
    case: dict[str, Any] | None = None,
) -> Results:
    """Simulate ``steps`` steps (fewer if the model is done or ``stop_when`` holds) and collect the results.

    Args:
        model: a model built with its parameters (``Model.build(params)``).
        steps: the number of steps after the initial state (step 0 is recorded too).
        seed: an int, a SeedSequence, or None for fresh entropy (recorded in the manifest).
        stop_when: called with the latest metrics before each step; True ends the run.
        observers: told of each recorded step, after the recorder.
        scenario: the scenario name, for the manifest.
        description: the scenario's description, for the manifest.
        case: the case the scenario describes (parties, districts, classes, map), for readers of the results.

    Returns:
        Results with the time series (steps 0..n), extra tables and the manifest (with the metrics schema).
    """
    if steps < 0:
        raise ValueError("steps must be >= 0")
    ss = seed_sequence(seed)
    started = time.perf_counter()
    recorder = Recorder()
    watchers = [recorder, *observers]
    with safe_points():
        state = model.init(make_rng(ss))
        with model.running(state):
            row = model.observe(state)
            metrics = model.metrics(row)
            for w in watchers:
                w.start(steps, metrics)
            _tell(watchers, 0, row, model.emit(state))
            done = 0
            while done < steps and not model.done(state) and not (stop_when is not None and stop_when(row)):
                checkpoint()
                state = model.step(state)
                done += 1
                row = model.observe(state)
                _tell(watchers, done, row, model.emit(state))
    info = manifest(
        model=model.name,
        scenario=scenario or model.name,
        params=model.params,
        seed=ss,
        steps=done,
        wall_time_s=time.perf_counter() - started,
        agents=model.agent_count(state),
        peak_rss_mb=peak_rss_mb(),
        extra={
            "scenario_description": description,
            "metrics": [m.as_dict() for m in metrics],
            **({"case": case} if case is not None else {}),
            **model.summary(state),
        },
    )
    return Results(recorder.timeseries(), recorder.tables(model.table_schemas()), info)


def _tell(watchers: list[Observer], step: int, row: Row, tables: dict[str, list[Row]]) -> None:
    for w in watchers:
        w.observe(step, row, tables)
