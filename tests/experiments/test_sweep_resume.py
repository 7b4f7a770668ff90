"""A sweep killed with SIGKILL part-way and resumed ends with exactly the runs of an uninterrupted one."""

import json
import os
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
from exp_toys import HERE, write_spec

from dualpower.experiments import SUCCEEDED, SerialExecutor, sweep

SPEC = 'seed = 4\nrepetitions = 16\n[set]\npause = 0.02\n'


def _succeeded(status):
    if not status.is_file():
        return 0
    return sum('"SUCCEEDED"' in line for line in status.read_text().splitlines())


def _kill_part_way(spec, out):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
    cmd = [sys.executable, "-c", "import sys; from dualpower.cli import main; sys.exit(main(sys.argv[1:]))",
           "sweep", str(spec), "--out", str(out), "--workers", "2", "--quiet"]
    proc = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while _succeeded(out / "status.jsonl") < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return _succeeded(out / "status.jsonl")


def test_sweep_killed_and_resumed_equals_uninterrupted(tmp_path):
    spec = write_spec(tmp_path, SPEC)
    done_before = _kill_part_way(spec, tmp_path / "killed")
    assert 3 <= done_before < 16, "the kill should land part-way"
    assert not (tmp_path / "killed" / "runs.parquet").exists()
    resumed = sweep(spec, tmp_path / "killed", SerialExecutor(), resume=True)
    assert resumed.skipped >= 3 and resumed.skipped + resumed.succeeded == 16 and resumed.failed == 0
    whole = sweep(spec, tmp_path / "whole", SerialExecutor())
    files = sorted(p.relative_to(resumed.out) for p in (resumed.out / "timeseries").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(whole.out) for p in (whole.out / "timeseries").rglob("*") if p.is_file())
    assert len(files) == 16
    for f in files:
        assert (resumed.out / f).read_bytes() == (whole.out / f).read_bytes()
    runs = pq.read_table(resumed.out / "runs.parquet").to_pylist()
    assert [r["run"] for r in runs] == list(range(16)) and {r["status"] for r in runs} == {SUCCEEDED}
    keep = ["run", "seed_key", "level", "top", "outcome_type"]
    expected = pq.read_table(whole.out / "runs.parquet").select(keep).to_pylist()
    assert pq.read_table(resumed.out / "runs.parquet").select(keep).to_pylist() == expected


def test_resume_reruns_failed_runs_and_those_whose_part_is_missing(tmp_path):
    spec = write_spec(tmp_path, 'seed = 2\nrepetitions = 4\n')
    first = sweep(spec, tmp_path / "o", SerialExecutor())
    (first.out / "timeseries" / "run=00001" / "part.parquet").unlink()
    with (first.out / "status.jsonl").open("a") as f:
        f.write(
            json.dumps({"run": 2, "status": "FAILED", "error": "x", "seed": {"entropy": "2", "spawn_key": [2]}}) + "\n"
        )
        f.write('{"run": 3, "status": "SUCC')
    again = sweep(spec, first.out, SerialExecutor(), resume=True)
    assert (again.skipped, again.succeeded) == (2, 2)
    lines = (first.out / "status.jsonl").read_text().splitlines()
    torn = [x for x in lines if not x.endswith("}")]
    assert torn == ['{"run": 3, "status": "SUCC'] and all(json.loads(x) for x in lines if x not in torn)
