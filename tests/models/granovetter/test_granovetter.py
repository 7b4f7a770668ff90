"""Granovetter's (1978) riot example, exactly, and the third model through every front end unchanged."""

from __future__ import annotations

import json
import time

import pyarrow.parquet as pq
import pytest

import dualpower
from dualpower.cli import main
from dualpower.experiments import SerialExecutor, sweep


def test_thresholds_0_to_99_make_all_100_riot_one_more_each_round():
    res = dualpower.simulate("granovetter-riot")
    assert res.timeseries.column("rioting").to_pylist() == [*range(101), 100]
    assert res.manifest["outcome"] == {"type": "equilibrium", "step": 101, "rioting": 100}


def test_threshold_1_replaced_by_2_leaves_the_instigator_alone():
    res = dualpower.simulate("granovetter-riot-perturbed")
    assert res.timeseries.column("rioting").to_pylist() == [0, 1, 1]
    assert res.manifest["outcome"]["rioting"] == 1


@pytest.mark.parametrize("threshold, replacement, rioting", [(1, 1, 100), (1, 2, 1), (50, 51, 50), (99, 0, 100)])
def test_one_changed_threshold_stops_the_cascade_at_the_first_gap(threshold, replacement, rioting):
    res = dualpower.simulate("granovetter-riot", replace_threshold=threshold, replacement=replacement)
    assert res.manifest["outcome"]["rioting"] == rioting


def test_normal_thresholds_are_reproducible_and_declared():
    a = dualpower.simulate("granovetter-riot", seed=4, distribution="normal", n=1000, mean=0.25, sd=0.1)
    b = dualpower.simulate("granovetter-riot", seed=4, distribution="normal", n=1000, mean=0.25, sd=0.1)
    assert a.timeseries.equals(b.timeseries)
    kinds = {m["name"]: m["kind"] for m in a.manifest["metrics"]}
    assert kinds == {"step": "time", "rioting": "count", "rioting_share": "share", "joined": "count"}


def test_command_line_writes_a_results_folder_with_a_report(tmp_path):
    out = tmp_path / "riot"
    assert main(["run", "granovetter-riot-perturbed", "--quiet", "--out", str(out)]) == 0
    assert pq.read_table(out / "timeseries.parquet").column("rioting").to_pylist() == [0, 1, 1]
    assert json.loads((out / "manifest.json").read_text())["scenario"] == "granovetter-riot-perturbed"
    assert '"Rioting"' in (out / "report.html").read_text()


def test_a_sweep_over_the_replacement_finds_the_tipping_point(tmp_path):
    spec = tmp_path / "spec.toml"
    spec.write_text(
        'scenario = "granovetter-riot"\nseed = 1\n[set]\nreplace_threshold = 1\n'
        '[vary]\nreplacement = [0, 1, 2, 3]\n[metrics]\nkeep = ["rioting"]\n'
    )
    report = sweep(spec, tmp_path / "out", SerialExecutor())
    runs = sorted(pq.read_table(tmp_path / "out" / "runs.parquet").to_pylist(), key=lambda r: r["replacement"])
    assert report.failed == 0
    assert [r["rioting"] for r in runs] == [100, 100, 1, 1]


def test_the_dashboard_lists_and_runs_it(tmp_path):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from dualpower.web import Settings, create_app

    headers = {"X-Token": "t"}
    with TestClient(create_app(Settings(tmp_path / "runs", "t"))) as client:
        assert "granovetter-riot" in [s["name"] for s in client.get("/api/scenarios", headers=headers).json()]
        run = client.post("/api/runs", json={"scenario": "granovetter-riot-perturbed"}, headers=headers).json()
        deadline = time.time() + 60
        while client.get(f"/api/runs/{run['id']}", headers=headers).json()["status"] in ("queued", "running"):
            assert time.time() < deadline
            time.sleep(0.05)
        info = client.get(f"/api/runs/{run['id']}", headers=headers).json()
        assert info["status"] == "done" and info["outcome"] == "equilibrium"
