"""Distances on hand-made examples: tolerance units, caps, bounds, confidence weights."""

import math

import pytest

from dualpower.calibration.distance import CAP, Term, confidence_weight, discrepancy, distance, term_for

AUGUST = {
    "id": "aug", "kind": "election", "shares": {"SR": 0.375, "Bolshevik": 0.335},
    "tolerance": 0.06, "confidence": "A/B",
}


def test_election_within_tolerance_is_below_one():
    term = term_for(AUGUST)
    assert term.keys == ("aug:SR", "aug:Bolshevik")
    assert discrepancy(term, {"aug:SR": 0.405, "aug:Bolshevik": 0.305}) == pytest.approx(0.5)


def test_election_outside_tolerance_is_the_rms_of_scaled_errors():
    term = term_for(AUGUST)
    d = discrepancy(term, {"aug:SR": 0.375 + 0.12, "aug:Bolshevik": 0.335})
    assert d == pytest.approx(math.sqrt((2.0**2 + 0.0) / 2))


def test_missing_statistic_counts_as_the_cap_and_errors_are_capped():
    term = term_for(AUGUST)
    assert discrepancy(term, {"aug:SR": 0.375}) == pytest.approx(CAP / math.sqrt(2))
    assert discrepancy(term, {"aug:SR": 0.375 + 10, "aug:Bolshevik": math.nan}) == pytest.approx(CAP)


def test_date_window_is_the_tolerance_in_days():
    term = term_for({"id": "flip", "kind": "date", "date_os": "1917-08-31", "window_days": 21, "confidence": "A"})
    assert discrepancy(term, {"flip": -21.0}) == pytest.approx(1.0)
    assert discrepancy(term, {"flip": 42.0}) == pytest.approx(2.0)


def test_outcome_of_another_type_is_never_better_than_a_late_one():
    term = term_for({"id": "o", "kind": "outcome", "type": "council-power", "window_days": 21, "confidence": "A"})
    assert discrepancy(term, {"o": math.nan}) == CAP
    assert discrepancy(term, {"o": 500.0}) == CAP


def test_upper_bound_counts_only_the_excess():
    term = term_for({"id": "dead", "kind": "bound", "max": 100, "confidence": "B"})
    assert term.side == "max" and term.tolerance == 100
    assert discrepancy(term, {"dead": 3.0}) == 0.0
    assert discrepancy(term, {"dead": 250.0}) == pytest.approx(1.5)


def test_state_and_ratio_terms():
    state = term_for({"id": "s", "kind": "state", "confidence": "A"})
    assert discrepancy(state, {"s": 0.75}) == pytest.approx(1.0)
    ratio = term_for({"id": "r", "kind": "ratio", "value": 4.0, "tolerance": 2.0, "confidence": "C"})
    assert discrepancy(ratio, {"r": 7.0}) == pytest.approx(1.5)


def test_confidence_weights_rank_a_above_b_above_c():
    assert confidence_weight("A") == 1.0
    assert confidence_weight("B") == 0.5
    assert confidence_weight("C") == 0.25
    assert confidence_weight("A/B") == 0.75
    with pytest.raises(ValueError):
        confidence_weight("D")


def test_total_distance_is_the_weighted_rms():
    a = Term("a", ("a",), (0.0,), 1.0, 1.0)
    c = Term("c", ("c",), (0.0,), 1.0, 0.25)
    assert distance([a, c], {"a": 1.0, "c": 2.0}) == pytest.approx(math.sqrt((1.0 * 1 + 0.25 * 4) / 1.25))


def test_bad_targets_name_the_target():
    with pytest.raises(ValueError, match="'aug'.*tolerance"):
        term_for({k: v for k, v in AUGUST.items() if k != "tolerance"})
    with pytest.raises(ValueError, match="unknown kind"):
        term_for({"id": "x", "kind": "poll"})
