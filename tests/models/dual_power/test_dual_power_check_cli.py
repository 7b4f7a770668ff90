"""`dualpower check` through the command line: the table, and exit code 2 on bad input."""

from __future__ import annotations

from typer.testing import CliRunner

import dualpower.cli.check  # noqa: F401  (registers the command)
from dualpower.cli import main
from dualpower.cli.app import app


def test_check_prints_every_target_with_a_verdict():
    """Output that is not a terminal (a file, a pipe) keeps whole names and dates, not Rich's 80-column ellipses."""
    result = CliRunner().invoke(app, ["check", "petrograd-1917", "--runs", "2", "--scale", "0.002", "--workers", "1"])
    assert result.exit_code == 0, result.output
    for target in ("duma-june-shares", "duma-august-shares", "soviet-majority-flip", "spring-moderate-majority",
                   "outcome", "october-casualties-low", "bolshevik-membership-growth"):
        assert target in result.output
    assert "targets pass" in result.output
    assert "…" not in result.output and "1917-08-31" in result.output


def test_check_with_bad_input_exits_2(capsys):
    assert main(["check", "petrograd-1917", "--runs", "0"]) == 2
    assert main(["check", "petrograd-1917", "--scale", "7"]) == 2
    assert "error:" in capsys.readouterr().err


def test_check_takes_parameters_as_run_does(capsys, monkeypatch, tmp_path):
    """``--params``, ``--scale`` and ``--set`` reach every run of the ensemble (later wins); a bad value stops the
    check before any run, naming the field."""
    import dualpower.calibration.check as calibration_check

    seen = []
    real = calibration_check.simulate

    def recording(scenario, **kwargs):
        seen.append(dict(kwargs["params"]))
        return real(scenario, **kwargs)

    monkeypatch.setattr(calibration_check, "simulate", recording)
    given = tmp_path / "params.toml"
    given.write_text("restraint = 0.2\nproportional_seats = true\n")
    args = ["check", "petrograd-1917", "--runs", "2", "--scale", "0.002", "--params", str(given),
            "--set", "restraint=0.3", "--executor", "serial"]
    assert main(args) == 0
    assert "parameters changed: restraint=0.3, proportional_seats=True, scale=0.002" in capsys.readouterr().out
    assert len(seen) == 2
    for values in seen:  # a --set value is text until the run validates it, as for `dualpower run`
        assert (float(values["restraint"]), values["proportional_seats"], values["scale"]) == (0.3, True, 0.002)
    seen.clear()
    assert main(["check", "petrograd-1917", "--runs", "2", "--set", "restraint=abc", "--executor", "serial"]) == 2
    assert seen == []
    err = capsys.readouterr().err
    assert "restraint" in err and "Traceback" not in err


def test_check_gives_the_same_table_on_every_executor():
    """The runs' seeds are spawned from one SeedSequence, so a process pool, a Dask cluster and this process
    give the same statistics; an unknown executor is refused before any run."""
    import dualpower.calibration.check as calibration_check
    from dualpower.experiments.executors import ExecutorOptions, open_executor

    def table(kind: str):
        checked = calibration_check.check("petrograd-1917", 2, {"scale": 0.002}, 7,
                                          lambda n: open_executor(ExecutorOptions(kind, 2)))
        return repr(checked)  # a statistic that never happened is NaN, equal to itself only in text

    serial = table("serial")
    assert table("local") == serial
    assert table("dask") == serial
    assert main(["check", "petrograd-1917", "--runs", "2", "--executor", "slurm"]) == 2


def test_check_reports_each_finished_run():
    """A long check shows its progress: the callback hears of every run as it finishes."""
    import dualpower.calibration.check as calibration_check
    from dualpower.experiments.executors import ExecutorOptions, open_executor

    heard = []
    calibration_check.check("petrograd-1917", 3, {"scale": 0.002}, 1,
                            lambda n: open_executor(ExecutorOptions("serial")), progress=lambda *a: heard.append(a))
    assert heard == [(1, 3), (2, 3), (3, 3)]


def test_check_writes_its_table_and_each_run_to_a_folder(tmp_path, capsys):
    """With --out the table, each run's statistics and what was checked are kept; a folder that holds files the
    check did not write is refused before any run, and nothing is written into it."""
    import json

    import pyarrow.parquet as pq

    out = tmp_path / "check"
    args = ["check", "petrograd-1917", "--runs", "3", "--scale", "0.002", "--executor", "serial", "--seed", "4",
            "--set", "restraint=0.3", "--out", str(out)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    rows = pq.read_table(out / "check.parquet").to_pylist()
    assert {r["target"] for r in rows} >= {"outcome", "duma-june-shares", "june-demonstration"}
    assert all(r["target"] in printed for r in rows)
    runs = pq.read_table(out / "runs.parquet")
    assert runs.num_rows == 3 and runs.column("spawn_key").to_pylist() == [0, 1, 2]
    assert {r["key"] for r in rows} <= set(runs.column_names)
    info = json.loads((out / "check.json").read_text())
    assert (info["scenario"], info["runs"], info["seed"]["entropy"], info["changed"]) == (
        "petrograd-1917", 3, "4", {"restraint": "0.3", "scale": 0.002})
    assert f"{len(info['passed'])} of {len(info['targets_checked'])} targets pass" in printed
    kept = tmp_path / "mine"
    kept.mkdir()
    (kept / "notes.txt").write_text("mine")
    assert main(["check", "petrograd-1917", "--runs", "1", "--executor", "serial", "--out", str(kept)]) == 2
    assert sorted(p.name for p in kept.iterdir()) == ["notes.txt"]
    assert "notes.txt" in capsys.readouterr().err


def test_the_table_shows_counts_whole_and_shares_to_three_places():
    from dualpower.calibration.check import Row
    from dualpower.cli.check import show

    def row(kind, historical, date=""):
        return Row("t", "t", kind, historical, date, 0.0, 0.0, 0.0, 0.0, True, 1.0, "s")

    assert show(5322.0, row("peak", 500000.0)) == "5,322" and show(500000.0, row("peak", 500000.0)) == "500,000"
    assert show(1.0, row("rise", 156.0)) == "1" and show(2.0, row("count", 2.0)) == "2"
    assert show(3202.4, row("bound", 5000.0)) == "3,202"
    assert show(0.8041, row("bound", 0.5)) == "0.804" and show(4.6512, row("ratio", 4.0)) == "4.651"
    assert show(3.0, row("outcome", 0.0, "1917-10-25")) == "1917-10-28"
    assert show(float("nan"), row("peak", 1.0)) == "never"
