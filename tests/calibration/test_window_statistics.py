"""Targets read from a window or from the outcome's day: the June demonstration's peak, the number of armed
demonstrations before the coup, the dead of a week's fighting and the Cossacks' neutrality when the councils
take power."""

import math

import pyarrow as pa
import pytest

from dualpower.calibration.distance import discrepancy, term_for
from dualpower.calibration.statistics import TargetStatistics
from dualpower.core import Results

PEAK = {"id": "june", "kind": "peak", "column": "active", "date_os_from": "1917-06-11",
        "date_os_to": "1917-06-25", "value": 400000, "tolerance": 160000, "confidence": "B"}
COUNT = {"id": "demos", "kind": "count", "event": "armed-demonstration", "after_os": "1917-03-01",
         "before_os": "1917-08-27", "value": 2, "tolerance": 1.5, "confidence": "B"}
RISE = {"id": "dead", "kind": "rise", "column": "dead", "date_os_from": "1919-01-05", "date_os_to": "1919-01-12",
        "value": 156, "tolerance": 100, "confidence": "C"}
NEUTRAL = {"id": "cossacks", "kind": "bound", "column": "allegiance_neutral_cossack", "type": "council-power",
           "min": 0.5, "tolerance": 0.1, "confidence": "B"}


def results(dates: list[str], outcome: dict | None = None, **columns: list[float]) -> Results:
    return Results(pa.table({"date_os": dates, **columns}), {}, {"outcome": outcome or {}})


def test_a_peak_is_the_largest_value_inside_its_window_only():
    dates = ["1917-06-10", "1917-06-11", "1917-06-18", "1917-06-25", "1917-06-26"]
    res = results(dates, active=[900000.0, 120000.0, 380000.0, 150000.0, 800000.0])
    value = TargetStatistics((PEAK,))(res)["june"]
    assert value == 380000.0
    assert discrepancy(term_for(PEAK), {"june": value}) <= 1.0
    assert discrepancy(term_for(PEAK), {"june": 200000.0}) > 1.0


def test_a_run_that_ends_before_the_window_has_no_peak():
    res = results(["1917-03-01", "1917-03-02"], active=[1.0, 2.0])
    assert math.isnan(TargetStatistics((PEAK,))(res)["june"])


def test_a_rise_is_the_growth_of_a_cumulative_column_across_its_window():
    dates = ["1919-01-03", "1919-01-04", "1919-01-06", "1919-01-12", "1919-01-13"]
    res = results(dates, dead=[5.0, 10.0, 40.0, 130.0, 900.0])
    value = TargetStatistics((RISE,))(res)["dead"]
    assert value == 120.0
    assert discrepancy(term_for(RISE), {"dead": value}) <= 1.0
    assert discrepancy(term_for(RISE), {"dead": 0.0}) > 1.0
    ended = results(dates[:3], dead=[5.0, 10.0, 40.0])               # the run ends inside the window
    assert TargetStatistics((RISE,))(ended)["dead"] == 30.0
    assert math.isnan(TargetStatistics((RISE,))(results(dates[:2], dead=[5.0, 10.0]))["dead"])


def test_the_cossacks_are_read_on_the_day_the_councils_take_power():
    dates = ["1917-10-24", "1917-10-25", "1917-10-26"]
    power = {"type": "council-power", "date_os": "1917-10-25"}
    res = results(dates, power, allegiance_neutral_cossack=[0.9, 0.3, 0.9])
    assert TargetStatistics((NEUTRAL,))(res)["cossacks"] == 0.3
    assert discrepancy(term_for(NEUTRAL), {"cossacks": 0.3}) > 1.0
    assert discrepancy(term_for(NEUTRAL), {"cossacks": 0.45}) <= 1.0
    persists = results(dates, {"type": "dual-power-persists", "date_os": "1917-10-26"},
                       allegiance_neutral_cossack=[0.9, 0.9, 0.9])
    assert math.isnan(TargetStatistics((NEUTRAL,))(persists)["cossacks"])


def test_a_count_takes_the_events_of_its_type_inside_its_window_only():
    events = pa.table({"step": [50, 60, 80, 120, 179, 180],
                       "date_os": ["1917-04-20", "1917-04-30", "1917-05-20", "1917-07-03", "1917-08-26", "1917-08-27"],
                       "type": ["armed-demonstration", "cabinet", "armed-demonstration", "armed-demonstration",
                                "armed-demonstration", "armed-demonstration"],
                       "detail": [""] * 6})
    res = Results(pa.table({"date_os": ["1917-03-01"]}), {"events": events}, {"outcome": {}})
    value = TargetStatistics((COUNT,))(res)["demos"]
    assert value == 4.0
    assert discrepancy(term_for(COUNT), {"demos": value}) > 1.0
    assert discrepancy(term_for(COUNT), {"demos": 3.0}) <= 1.0
    assert discrepancy(term_for(COUNT), {"demos": 0.0}) > 1.0


RISING = {"id": "rising", "kind": "event", "event": "armed-demonstration", "after_os": "1918-12-21",
          "date_os": "1919-01-05", "window_days": 14, "column": "active_armed", "at_least": 295, "confidence": "A"}


def test_an_event_with_a_size_counts_only_on_a_day_its_column_reaches_it():
    dates = ["1919-01-03", "1919-01-04", "1919-01-08", "1919-01-09"]
    events = pa.table({"step": [55, 56, 60], "date_os": ["1919-01-03", "1919-01-04", "1919-01-08"],
                       "type": ["armed-demonstration"] * 3, "detail": [""] * 3})
    res = Results(pa.table({"date_os": dates, "active_armed": [90.0, 294.0, 300.0, 5000.0]}), {"events": events},
                  {"outcome": {}})
    assert TargetStatistics((RISING,))(res)["rising"] == 3.0
    unsized = {k: v for k, v in RISING.items() if k not in ("column", "at_least")}
    assert TargetStatistics((unsized,))(res)["rising"] == -2.0
    small = Results(pa.table({"date_os": dates, "active_armed": [90.0, 94.0, 10.0, 5000.0]}),
                    {"events": events}, {"outcome": {}})
    assert math.isnan(TargetStatistics((RISING,))(small)["rising"])


def test_an_event_size_must_be_a_number_read_from_a_named_column():
    with pytest.raises(ValueError, match="at_least: must be a number"):
        term_for({**RISING, "at_least": "many"})
    with pytest.raises(ValueError, match="missing field 'column'"):
        term_for({k: v for k, v in RISING.items() if k != "column"})


def test_the_check_names_an_events_size_beside_its_kind():
    from dualpower.calibration.check import statistic_of

    assert statistic_of(RISING, "rising") == "event, active_armed >= 295"
    assert statistic_of({"kind": "event"}, "x") == "event"
    assert statistic_of({"kind": "election"}, "na:SPD") == "SPD"
