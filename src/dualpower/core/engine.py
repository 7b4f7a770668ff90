"""Run a model: seed, initialise, step, record, stop. The clock lives here, not in models."""

from __future__ import annotations

import time
from collections.abc import Callable

from .interrupts import checkpoint, safe_points
from .model import Model
from .params import Params
from .recorder import Recorder
from .results import Results, manifest, peak_rss_mb
from .rng import SeedLike, make_rng, seed_sequence

Progress = Callable[[int, int], None]


def run(
    model: Model,
    params: Params,
    steps: int,
    seed: SeedLike = None,
    progress: Progress | None = None,
    scenario: str = "",
) -> Results:
    """Simulate ``steps`` steps (fewer if the model says it is done) and collect the results.

    Args:
        model: the model, already given its scenario inputs.
        params: a validated parameter set of ``model.params_type``.
        steps: the number of steps after the initial state (step 0 is recorded too).
        seed: an int, a SeedSequence, or None for fresh entropy (recorded in the manifest).
        progress: called as ``progress(done, total)`` after each step.
        scenario: the scenario name, for the manifest.

    Returns:
        Results with the time series (steps 0..n), extra tables and the manifest.
    """
    if steps < 0:
        raise ValueError("steps must be >= 0")
    ss = seed_sequence(seed)
    rng = make_rng(ss)
    started = time.perf_counter()
    recorder = Recorder()
    with safe_points():
        state = model.init(params, rng)
        recorder.record(0, model.observe(state, params))
        recorder.add_rows(0, model.emit(state, params))
        done = 0
        while done < steps and not model.done(state, params):
            checkpoint()
            state = model.step(state, params, rng)
            done += 1
            recorder.record(done, model.observe(state, params))
            recorder.add_rows(done, model.emit(state, params))
            if progress is not None:
                progress(done, steps)
    wall = time.perf_counter() - started
    info = manifest(
        model=model.name,
        scenario=scenario or model.name,
        params=params,
        seed=ss,
        steps=done,
        wall_time_s=wall,
        agents=model.agent_count(state),
        peak_rss_mb=peak_rss_mb(),
        extra=model.summary(state, params),
    )
    return Results(recorder.timeseries(), recorder.tables(model.table_schemas()), info)
