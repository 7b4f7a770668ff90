"""Sweeps: seeds independent of executor and order, failures recorded, results as one dataset."""

import json

import polars as pl
import pyarrow.dataset as ds
import pyarrow.parquet as pq
from exp_toys import write_spec

from dualpower.experiments import FAILED, SUCCEEDED, ExecutorOptions, SerialExecutor, sweep

SPEC = (
    "seed = 5\nrepetitions = 2\n[set]\nfail_above = 2.5\n[vary]\nrate = {first = 1, step = 1, last = 3}\n"
    '[metrics]\nkeep = ["level"]\nevery = 2\n'
)


def test_a_run_that_raises_is_failed_and_the_sweep_goes_on(tmp_path):
    report = sweep(write_spec(tmp_path, SPEC), tmp_path / "out", SerialExecutor())
    assert (report.succeeded, report.failed) == (4, 2)
    lines = [json.loads(x) for x in (tmp_path / "out" / "status.jsonl").read_text().splitlines()]
    failed = [x for x in lines if x["status"] == FAILED]
    assert {x["run"] for x in failed} == {4, 5} and "rate 3.0 too high" in failed[0]["error"]
    runs = pq.read_table(tmp_path / "out" / "runs.parquet").to_pylist()
    assert [r["run"] for r in runs] == list(range(6))
    assert [r["status"] for r in runs] == [SUCCEEDED] * 4 + [FAILED] * 2
    assert runs[0]["outcome_type"] in ("high", "low") and runs[0]["level"] is not None


def test_timeseries_parts_read_as_one_dataset_thinned_to_kept_metrics(tmp_path):
    sweep(write_spec(tmp_path, SPEC), tmp_path / "out", SerialExecutor())
    table = ds.dataset(tmp_path / "out" / "timeseries", partitioning="hive").to_table()
    assert set(table.column_names) == {"step", "level", "run"}
    assert sorted(set(table.column("run").to_pylist())) == [0, 1, 2, 3]
    assert sorted(set(table.column("step").to_pylist())) == [0, 2, 4, 6]
    lazy = pl.scan_parquet(str(tmp_path / "out" / "timeseries" / "**" / "*.parquet"), hive_partitioning=True)
    assert lazy.select(pl.len()).collect().item() == 16


def test_seed_of_a_run_does_not_depend_on_the_design_around_it(tmp_path):
    a = sweep(write_spec(tmp_path, "seed = 9\nrepetitions = 3\n"), tmp_path / "a", SerialExecutor())
    one = pq.read_table(a.out / "timeseries" / "run=00002" / "part.parquet")
    b = sweep(
        write_spec(tmp_path, 'seed = 9\nrepetitions = 5\n[metrics]\nkeep = ["level", "top", "t"]\n'),
        tmp_path / "b",
        SerialExecutor(),
    )
    assert pq.read_table(b.out / "timeseries" / "run=00002" / "part.parquet").equals(one)
    other = pq.read_table(b.out / "timeseries" / "run=00003" / "part.parquet")
    assert not other.equals(one)


def test_stop_condition_ends_runs_early(tmp_path):
    report = sweep(
        write_spec(tmp_path, 'seed = 1\n[set]\nrate = 5.0\n[stop]\nsteps = 50\nwhen = "level >= 10"\n'),
        tmp_path / "o",
        SerialExecutor(),
    )
    row = pq.read_table(report.out / "runs.parquet").to_pylist()[0]
    assert row["level"] >= 10 and row["steps"] < 50


def test_final_only_keeps_the_last_step(tmp_path):
    report = sweep(write_spec(tmp_path, "[metrics]\nfinal_only = true\n"), tmp_path / "o", ExecutorOptions("serial"))
    part = pq.read_table(report.out / "timeseries" / "run=00000" / "part.parquet")
    assert part.column("step").to_pylist() == [6]
