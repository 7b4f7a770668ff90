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
