"""`dualpower check` through the command line: the table, and exit code 2 on bad input."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

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
    monkeypatch.setattr(dualpower.cli.check, "local_pool", lambda n: ThreadPoolExecutor(1))
    given = tmp_path / "params.toml"
    given.write_text("restraint = 0.2\nproportional_seats = true\n")
    args = ["check", "petrograd-1917", "--runs", "2", "--scale", "0.002", "--params", str(given),
            "--set", "restraint=0.3"]
    assert main(args) == 0
    assert len(seen) == 2
    for values in seen:  # a --set value is text until the run validates it, as for `dualpower run`
        assert (float(values["restraint"]), values["proportional_seats"], values["scale"]) == (0.3, True, 0.002)
    seen.clear()
    assert main(["check", "petrograd-1917", "--runs", "2", "--set", "restraint=abc"]) == 2
    assert seen == []
    err = capsys.readouterr().err
    assert "restraint" in err and "Traceback" not in err
