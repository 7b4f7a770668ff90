"""Ensembles: outcome shares with Wilson intervals, outcome dates, and a summary file."""

import json

import pyarrow as pa
import pytest
from exp_toys import write_scenario

from dualpower.cli import main
from dualpower.experiments import scalar_simulator, simulate, summarise, wilson


def test_wilson_interval_matches_textbook_values():
    assert wilson(0, 10) == pytest.approx((0.0, 0.2775), abs=1e-4)
    assert wilson(5, 10) == pytest.approx((0.2366, 0.7634), abs=1e-4)


def test_summary_counts_outcomes_and_spreads_dates():
    runs = pa.table({
        "status": ["SUCCEEDED"] * 4 + ["FAILED"],
        "outcome_type": ["a", "a", "b", "a", None],
        "outcome_date": ["1917-10-25", "1917-10-26", None, "1917-11-01", None],
        "outcome_step": [1, 2, None, 9, None],
        "level": [1.0, 2.0, 3.0, 4.0, None],
    })
    s = summarise(runs, ("level",))
    assert (s["runs"], s["succeeded"], s["failed"]) == (5, 4, 1)
    assert s["outcomes"]["a"]["count"] == 3 and s["outcomes"]["a"]["share"] == 0.75
    assert s["outcome_date"]["median"] == "1917-10-26" and s["final"]["level"]["mean"] == 2.5


def test_ensemble_command_prints_and_saves_summary(tmp_path, capsys):
    scenario = write_scenario(tmp_path)
    out = tmp_path / "ens"
    rc = main(
        [
            "ensemble",
            str(scenario),
            "--runs",
            "6",
            "--seed",
            "3",
            "--set",
            "rate=2",
            "--executor",
            "serial",
            "--out",
            str(out),
        ]
    )
    stdout = capsys.readouterr().out
    summary = json.loads((out / "summary.json").read_text())
    assert rc == 0 and summary["succeeded"] == 6 and "95% CI" in stdout
    assert sum(o["count"] for o in summary["outcomes"].values()) == 6


def test_scalar_simulator_is_pure_and_picklable(tmp_path):
    import pickle

    sim = pickle.loads(pickle.dumps(scalar_simulator(write_scenario(tmp_path), outputs=["level", "outcome_step"])))
    a, b = sim({"rate": 2.0}, seed=1), sim(rate=2.0, seed=1)
    assert a == b and set(a) == {"level", "outcome_step"}
    assert simulate({"rate": 2.0}, 1, scenario=write_scenario(tmp_path))["level"] == a["level"]
