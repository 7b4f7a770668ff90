"""The dashboard's warm-up: the default scenario is parsed and run for a day before the first Run."""

from __future__ import annotations

from conftest import SCENARIOS

from dualpower.core import InputError
from dualpower.web import cached_loader, warm_up


def test_warm_up_loads_and_runs_the_scenario_in_the_background():
    asked = []

    def loader(name):
        asked.append(name)
        return SCENARIOS["toy-1917"]

    thread = warm_up(loader, "toy-1917")
    thread.join(30)
    assert not thread.is_alive() and asked == ["toy-1917"]


def test_a_failed_warm_up_is_reported_not_raised(capsys):
    def loader(name):
        raise InputError("scenario", name, "unknown scenario")

    warm_up(loader, "atlantis").join(30)
    assert "warm-up skipped: scenario: atlantis: unknown scenario" in capsys.readouterr().err


def test_cached_loader_parses_each_scenario_once():
    loader = cached_loader()
    assert loader("civil-violence") is loader("civil-violence")
