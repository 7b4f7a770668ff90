import numpy as np
import pyarrow.parquet as pq
import pytest

from dualpower.core import Observer, run, spawn
from dualpower.core.rng import seed_sequence
from toy_model import Toy, ToyParams


def test_run_records_initial_state_and_every_step():
    res = run(Toy().build(ToyParams(bar=10)), steps=12, seed=3)
    assert res.timeseries.column("step").to_pylist() == list(range(13))
    assert res.timeseries.column("mean")[0].as_py() == 0.0
    assert res.manifest["steps"] == 12 and res.manifest["agents"] == 100


def test_run_stops_when_model_is_done_and_logs_event_once():
    res = run(Toy().build(ToyParams(drift=0.1, bar=0.45)), steps=100, seed=1)
    assert res.manifest["steps"] == 5
    events = res.events.to_pylist()
    assert [(e["step"], e["type"]) for e in events] == [(5, "crossed")]
    assert res.manifest["outcome"] == {"type": "crossed"}


def test_empty_event_table_keeps_its_schema():
    res = run(Toy().build(ToyParams(bar=10)), steps=3, seed=1)
    assert res.events.num_rows == 0
    assert res.events.column_names == ["step", "type", "detail"]


def test_same_seed_same_bytes_other_seed_differs(tmp_path):
    a = run(Toy().build(ToyParams(bar=10)), 20, seed=5).write(tmp_path / "a")
    b = run(Toy().build(ToyParams(bar=10)), 20, seed=5).write(tmp_path / "b")
    c = run(Toy().build(ToyParams(bar=10)), 20, seed=6).write(tmp_path / "c")
    read = lambda p: (p / "timeseries.parquet").read_bytes()  # noqa: E731
    assert read(a) == read(b)
    assert read(a) != read(c)
    assert pq.read_table(a / "timeseries.parquet").num_rows == 21


def test_manifest_records_seed_versions_and_parameters():
    m = run(Toy().build(ToyParams(n=10, bar=10)), 2, seed=42).manifest
    assert m["seed"]["entropy"] == "42" and m["seed"]["bit_generator"] == "PCG64"
    assert m["parameters"]["n"] == 10
    assert {"python", "numpy", "dualpower"} <= set(m["versions"])
    assert m["wall_time_s"] >= 0 and m["peak_rss_mb"] > 0


def test_spawned_seeds_are_independent_and_reproducible():
    a, b = spawn(7, 2)
    again = spawn(7, 2)
    assert a.spawn_key == again[0].spawn_key
    x = run(Toy().build(ToyParams(bar=10)), 5, seed=a).timeseries
    y = run(Toy().build(ToyParams(bar=10)), 5, seed=b).timeseries
    assert x.column("mean").to_pylist() != y.column("mean").to_pylist()


def test_seed_must_be_non_negative():
    with pytest.raises(ValueError):
        seed_sequence(-1)
    assert isinstance(seed_sequence(None).entropy, int)
    assert np.random.Generator


def test_stop_when_ends_the_run_on_the_latest_metrics():
    res = run(Toy().build(ToyParams(bar=10, drift=0.1)), 50, seed=1, stop_when=lambda row: row["mean"] >= 0.3)
    means = res.timeseries.column("mean").to_pylist()
    assert means[-1] >= 0.3 and all(m < 0.3 for m in means[:-1])


def test_observers_see_every_recorded_step_and_can_stop_a_run():
    class Watch(Observer):
        def __init__(self):
            self.steps, self.total = [], None

        def start(self, total, metrics):
            self.total = total

        def observe(self, step, row, tables):
            self.steps.append(step)
            if step == 4:
                raise KeyboardInterrupt

    watch = Watch()
    with pytest.raises(KeyboardInterrupt):
        run(Toy().build(ToyParams(bar=10)), 9, seed=1, observers=[watch])
    assert watch.total == 9 and watch.steps == [0, 1, 2, 3, 4]


def test_manifest_lists_the_metrics_of_every_column():
    m = run(Toy().build(ToyParams(bar=10)), 2, seed=1).manifest
    assert [x["name"] for x in m["metrics"]] == ["step", "mean", "above"]
    assert {x["kind"] for x in m["metrics"]} <= {"share", "count", "level", "code", "time"}
