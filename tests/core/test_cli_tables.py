"""The terminal tables and numbers read well at 80 columns: whole names and sentences, choices, plain numbers."""

from __future__ import annotations

import pytest

from dualpower.cli import main
from dualpower.cli.run import first_sentence, readable
from dualpower.scenarios import builtin_names


@pytest.fixture
def narrow(monkeypatch):
    """Rich's console at 80 columns, as in a pipe or a small terminal."""
    from dualpower.cli import run

    monkeypatch.setattr(run.console, "_width", 80)


def test_scenarios_shows_every_name_whole(narrow, capsys):
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in builtin_names())
    assert "…" not in "".join(line.split("│")[1] for line in out.splitlines() if line.startswith("│"))


def test_first_sentence_does_not_stop_at_abbreviations():
    assert (
        first_sentence("Counterfactual: no Order No. 1. The garrison obeys its officers.")
        == "Counterfactual: no Order No. 1."
    )
    assert first_sentence("One. Two.") == "One."


def test_params_shows_choices_and_no_empty_range(narrow, capsys):
    assert main(["params", "civil-violence"]) == 0
    out = capsys.readouterr().out
    rows = {line.split("│")[1].strip(): line.split("│")[2:4] for line in out.splitlines() if line.count("│") > 5}
    assert rows["variant"][1].strip().startswith("paper |") and rows["legitimacy_drop_to"][0].strip() == "none"
    assert "[, ]" not in out


def test_final_numbers_are_written_out():
    assert readable(50_000.0) == "50,000" and readable(2_238_000) == "2,238,000"
    assert readable(0.6429) == "0.6429" and readable(12) == "12"
