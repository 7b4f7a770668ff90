"""The whole calibration on a toy model: outputs, calibrated.toml round trip, optimisation, leave-one-out, resume."""

import json

import numpy as np
import pyarrow.parquet as pq
import pytest
from calibration_toy import summarise

from dualpower.api import prepare
from dualpower.calibration.workflow import Request, Settings, calibrate
from dualpower.cli.run import collect_overrides
from dualpower.core import InputError
from dualpower.scenarios import load


def _request(coin_scenario, coin_targets, out, **kw):
    return Request(str(coin_scenario), coin_targets, out, summarise=summarise, draws=10, **kw)


def test_abc_writes_posterior_checks_plots_and_calibrated_params(coin_scenario, coin_targets, tmp_path):
    out = tmp_path / "cal"
    summary = calibrate(_request(coin_scenario, coin_targets, out), Settings(budget=150, population=30))
    names = {p.name for p in out.iterdir()}
    assert {"abc.db", "posterior.parquet", "predictive.parquet", "generations.parquet",
            "calibrated.toml", "summary.json", "calibration.html"} <= names
    posterior = pq.read_table(out / "posterior.parquet").to_pandas()
    assert list(posterior.columns) == ["p", "rate", "weight"]
    assert posterior["weight"].sum() == pytest.approx(1.0)
    assert set(pq.read_table(out / "predictive.parquet").column("target").to_pylist()) == {"join-share", "incidents"}
    page = (out / "calibration.html").read_text()
    assert "<script src" not in page and "Plotly.newPlot" in page
    assert json.loads((out / "summary.json").read_text())["parameters"] == summary["parameters"]


def test_calibrated_toml_round_trips_through_the_run_command(coin_scenario, coin_targets, tmp_path):
    out = tmp_path / "cal"
    summary = calibrate(_request(coin_scenario, coin_targets, out), Settings(budget=100, population=25))
    sc = load(coin_scenario)
    _, params, _ = prepare(sc, None, collect_overrides(sc, None, None, out / "calibrated.toml"))
    for name, row in summary["parameters"].items():
        assert getattr(params, name) == pytest.approx(row["median"])


def test_optimize_gives_a_point_estimate_and_resumes_to_the_full_budget(coin_scenario, coin_targets, tmp_path):
    out = tmp_path / "opt"
    calibrate(_request(coin_scenario, coin_targets, out, method="optimize"), Settings(budget=20))
    summary = calibrate(_request(coin_scenario, coin_targets, out, method="optimize"), Settings(budget=30, resume=True))
    assert summary["simulations"] == 30
    assert all(row["q05"] is None for row in summary["parameters"].values())
    assert "[params]" in (out / "calibrated.toml").read_text()


def test_leave_one_out_predicts_the_held_out_target(coin_scenario, coin_targets, tmp_path):
    summary = calibrate(
        _request(coin_scenario, coin_targets, tmp_path / "loo", leave_out="incidents"),
        Settings(budget=100, population=25),
    )
    assert summary["fitted_targets"] == ["join-share"] and summary["held_out"] == ["incidents"]
    assert summary["checks"]["incidents"]["fitted"] is False


def test_existing_calibration_is_not_overwritten_without_resume(coin_scenario, coin_targets, tmp_path):
    out = tmp_path / "cal"
    calibrate(_request(coin_scenario, coin_targets, out), Settings(budget=60, population=20))
    with pytest.raises(InputError, match="--resume"):
        calibrate(_request(coin_scenario, coin_targets, out), Settings(budget=60, population=20))


def test_abc_resumes_the_database_in_the_folder(coin_scenario, coin_targets, tmp_path):
    out = tmp_path / "cal"
    first = calibrate(_request(coin_scenario, coin_targets, out), Settings(budget=60, population=20))
    second = calibrate(_request(coin_scenario, coin_targets, out), Settings(budget=140, population=20, resume=True))
    generations = pq.read_table(out / "generations.parquet").column("t").to_pylist()
    assert first["simulations"] < second["simulations"]
    assert generations == list(range(-1, max(generations) + 1))


def test_abc_does_not_start_a_generation_the_budget_cannot_pay_for(coin_scenario, coin_targets, tmp_path):
    out = tmp_path / "cal"
    summary = calibrate(_request(coin_scenario, coin_targets, out), Settings(budget=300, population=25))
    last = pq.read_table(out / "generations.parquet").column("samples").to_pylist()[-1]
    assert summary["simulations"] <= 300 < summary["simulations"] + last


def test_resuming_a_spent_budget_samples_nothing_and_rewrites_the_outputs(coin_scenario, coin_targets, tmp_path):
    out = tmp_path / "cal"
    first = calibrate(_request(coin_scenario, coin_targets, out), Settings(budget=60, population=20))
    before = pq.read_table(out / "posterior.parquet")
    (out / "posterior.parquet").unlink()
    again = calibrate(_request(coin_scenario, coin_targets, out), Settings(budget=1, population=20, resume=True))
    assert again["simulations"] == first["simulations"]
    assert pq.read_table(out / "posterior.parquet").equals(before)


def test_never_happening_events_count_as_later_than_any_in_the_check():
    import pandas as pd

    from dualpower.calibration.predictive import check_table

    rows = [
        {
            "draw": i,
            "target": "flip",
            "key": "flip",
            "simulated": v,
            "historical": 0.0,
            "side": "",
            "fitted": True,
            "discrepancy": 0.0,
        }
        for i, v in enumerate([-10.0, 5.0] + [float("nan")] * 8)
    ]
    row = check_table(pd.DataFrame(rows))["flip"]
    assert row["never"] == 0.8 and row["median"] is None and row["q05"] == -10.0
    assert row["inside_90"] is True


def test_confirm_reruns_the_median_and_densest_points_and_ships_the_best(coin_scenario, coin_targets, tmp_path):
    from dualpower.calibration.confirm import confirm
    from dualpower.calibration.workflow import options

    out = tmp_path / "cal"
    calibrate(_request(coin_scenario, coin_targets, out), Settings(budget=100, population=25))
    posterior = pq.read_table(out / "posterior.parquet").to_pandas()
    medians = json.loads((out / "summary.json").read_text())["parameters"]
    entry = confirm(out, None, 3, 2, options("serial", None, None), seed=5, summarise=summarise)
    distances = [c["distance"] for c in entry["candidates"]]
    assert len(distances) == 4 and entry["chosen"] == distances.index(min(distances))
    assert entry["candidates"][0]["values"] == {n: pytest.approx(medians[n]["median"]) for n in ("p", "rate")}
    for cand in entry["candidates"][1:]:
        v = cand["values"]
        assert any(
            row.p == pytest.approx(v["p"]) and row.rate == pytest.approx(v["rate"]) for row in posterior.itertuples()
        )
    chosen = entry["candidates"][entry["chosen"]]["values"]
    assert json.loads((out / "summary.json").read_text())["confirmed"]["chosen"] == entry["chosen"]
    sc = load(coin_scenario)
    _, params, _ = prepare(sc, None, collect_overrides(sc, None, None, out / "calibrated.toml"))
    assert (params.p, params.rate) == (pytest.approx(chosen["p"]), pytest.approx(chosen["rate"]))
    with pytest.raises(InputError):
        confirm(tmp_path / "nothing", None, 3, 2, options("serial", None, None))


def test_densest_ranks_by_estimated_density_not_by_importance_weight():
    import pandas as pd

    from dualpower.calibration.confirm import densest
    from dualpower.calibration.priors import Prior

    rng = np.random.default_rng(0)
    cluster = 0.5 + 0.02 * rng.standard_normal(40)
    posterior = pd.DataFrame({"x": np.r_[cluster, 0.95], "weight": np.r_[np.full(40, 0.02), 0.2]})
    order = densest(posterior, (Prior("x", 0.0, 1.0),))
    assert order[-1] == 40 and abs(posterior["x"].iloc[order[0]] - 0.5) < 0.02
