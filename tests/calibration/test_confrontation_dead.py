"""The casualties target reads the deaths of the confrontation that ended dual power, not the run's last day."""

import re

import pyarrow as pa
import pytest

from dualpower.api import simulate
from dualpower.calibration.statistics import TargetStatistics
from dualpower.core import Results

BOUND = ({"id": "dead", "kind": "bound", "max": 100, "confidence": "B"},)


def results(outcome: dict, dead: list[float], clash_dead: list[float]) -> Results:
    dates = [f"1917-10-{d:02d}" for d in range(23, 23 + len(dead))]
    table = pa.table({"date_os": dates, "dead": dead, "clash_dead": clash_dead})
    return Results(table, {}, {"outcome": outcome})


def test_the_deaths_of_the_outcome_day_less_its_street_clashes():
    # 3 die in clashes on the 25th, the rising kills 40 more; clashes on the following days kill 5 and 2
    res = results({"type": "council-power", "date_os": "1917-10-25"}, [10, 12, 55, 60, 62], [0, 2, 3, 5, 2])
    assert TargetStatistics(BOUND)(res)["dead"] == 40.0


def test_no_outcome_means_no_confrontation_deaths():
    res = results({"type": "dual-power-persists", "date_os": "1917-10-25"}, [0, 4, 9], [0, 4, 3])
    assert TargetStatistics(BOUND)(res)["dead"] == 0.0
    assert TargetStatistics(BOUND)(results({}, [0, 4, 9], [0, 4, 3]))["dead"] == 0.0


@pytest.mark.slow
def test_a_run_gives_the_dead_its_outcome_event_reports():
    # the defaults leave the government no defenders on the day: councils that rise sooner, while it still has
    # some, men who need no belief to obey, and deadly fighting
    deadly = {"belief": 0.0, "battle_lethality": 1.0, "rising_level": 0.9, "organise_speed": 0.2}
    for seed in range(1, 41):
        res = simulate("petrograd-1917", seed=seed, scale=0.01, params=deadly)
        ends = [r for r in res.tables["events"].to_pylist() if r["type"] in ("insurrection", "crackdown", "coup")]
        reported = [int(re.search(r"; (\d+) dead$", r["detail"]).group(1)) for r in ends]
        if reported and reported[0] > 0:
            break
    assert reported and reported[0] > 0, "no run of seeds 1-40 ended in a confrontation with deaths"
    assert TargetStatistics(BOUND)(res)["dead"] == pytest.approx(reported[0], abs=0.5)
