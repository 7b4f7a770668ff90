"""Distance between a run's statistics and the historical record, in units of each target's tolerance.

Every target becomes a :class:`Term`: the statistics it reads, the historical values,
a tolerance and a weight from the source's confidence. A term's discrepancy is 1 at
the edge of the tolerance, so "within tolerance" means ``<= 1`` whatever the target's
kind; the total is the weighted root mean square, so a confident target pulls harder.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

CONFIDENCE = {"A": 1.0, "B": 0.5, "C": 0.25}
CAP = 5.0
STATE_TOLERANCE = 0.25


@dataclass(frozen=True)
class Term:
    """One target's part of the distance.

    Attributes:
        target: the target's id.
        keys: names of the statistics it compares (e.g. one per party of an election).
        observed: the historical value of each key.
        tolerance: the difference that counts as one unit of discrepancy.
        weight: from the confidence of the source (:func:`confidence_weight`).
        side: ``""`` for a two-sided match, ``"max"`` or ``"min"`` for a bound
            (only an excess beyond ``observed`` counts).
    """

    target: str
    keys: tuple[str, ...]
    observed: tuple[float, ...]
    tolerance: float
    weight: float
    side: str = ""

    def __post_init__(self) -> None:
        if not self.tolerance > 0:
            raise ValueError(f"tolerance must be > 0, got {self.tolerance}")
        if len(self.keys) != len(self.observed) or not self.keys:
            raise ValueError("a term needs one observed value per statistic")


def confidence_weight(grade: str) -> float:
    """Weight of a confidence grade; ``"A/B"`` is the mean of A and B.

    Raises:
        ValueError: for an unknown grade.
    """
    parts = [p.strip().upper() for p in str(grade).split("/")]
    if not parts or any(p not in CONFIDENCE for p in parts):
        raise ValueError(f"unknown confidence {grade!r} (known: A, B, C, or X/Y)")
    return sum(CONFIDENCE[p] for p in parts) / len(parts)


def discrepancy(term: Term, stats: Mapping[str, float]) -> float:
    """Root mean square over the term's keys of |simulated - observed| / tolerance, each capped.

    A statistic that is missing or NaN (an event that never happened) counts as
    :data:`CAP`, the same as a value far outside the tolerance, so that "never"
    is never better than "very late".
    """
    errors = [_scaled(term, stats.get(k), obs) for k, obs in zip(term.keys, term.observed)]
    return math.sqrt(sum(e * e for e in errors) / len(errors))


def _scaled(term: Term, value: float | None, observed: float) -> float:
    """One key's capped error in tolerance units."""
    if value is None or not math.isfinite(value):
        return CAP
    gap = value - observed
    if term.side == "max":
        gap = max(gap, 0.0)
    elif term.side == "min":
        gap = min(gap, 0.0)
    return min(abs(gap) / term.tolerance, CAP)


def distance(terms: Iterable[Term], stats: Mapping[str, float]) -> float:
    """Weighted root mean square of the terms' discrepancies (0 = the record exactly)."""
    terms = list(terms)
    total = sum(t.weight for t in terms)
    return math.sqrt(sum(t.weight * discrepancy(t, stats) ** 2 for t in terms) / total)


class Distance:
    """A picklable ``distance(x, x0)`` for pyabc; the observed values live in the terms."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms = tuple(terms)

    def __call__(self, x: Mapping[str, float], x0: Mapping[str, float] | None = None) -> float:
        return distance(self.terms, x)


def observed(terms: Iterable[Term]) -> dict[str, float]:
    """The historical value of every statistic the terms read."""
    return {k: v for t in terms for k, v in zip(t.keys, t.observed)}


def term_for(target: Mapping, source: str = "targets") -> Term:
    """The term of one target table of a targets file (kinds: election, date, outcome, event, state, bound,
    ratio, level, peak, rise, count).

    Statistic keys: ``"<id>:<party>"`` for election shares; ``"<id>"`` otherwise, where
    dates and outcomes are days after the historical date (NaN if it never happened or
    the outcome differs), a state is the share of days it held, a bound or ratio its value, a peak the
    column's largest value in its window, a rise its growth over the window, a count the number of events
    in its window.

    Raises:
        ValueError: naming the target and field.
    """
    tid = str(target.get("id", ""))
    kind = target.get("kind")
    try:
        w = confidence_weight(target.get("confidence", "C"))
        if kind == "election":
            parties = dict(target["shares"])
            keys = tuple(f"{tid}:{p}" for p in parties)
            return Term(tid, keys, tuple(float(v) for v in parties.values()), float(target["tolerance"]), w)
        if kind == "event" and "at_least" in target:
            _sized_event(target)
        if kind in ("date", "outcome", "event"):
            return Term(tid, (tid,), (0.0,), float(target["window_days"]), w)
        if kind == "state":
            return Term(tid, (tid,), (1.0,), float(target.get("tolerance", STATE_TOLERANCE)), w)
        if kind in ("ratio", "level", "peak", "rise", "count"):
            return Term(tid, (tid,), (float(target["value"]),), float(target["tolerance"]), w)
        if kind == "bound":
            return _bound(tid, target, w)
    except KeyError as err:
        raise ValueError(f"{source}: target {tid!r}: missing field {err.args[0]!r}") from None
    except (TypeError, ValueError) as err:
        raise ValueError(f"{source}: target {tid!r}: {err}") from None
    raise ValueError(f"{source}: target {tid!r}: unknown kind {kind!r}")


def _sized_event(target: Mapping) -> None:
    """An event's ``at_least`` is a number and names the ``column`` it is read from."""
    if not isinstance(target["column"], str):
        raise ValueError("column: must be a column name")
    if isinstance(target["at_least"], bool) or not isinstance(target["at_least"], (int, float)):
        raise ValueError("at_least: must be a number")


def _bound(tid: str, target: Mapping, weight: float) -> Term:
    """A one-sided term; the tolerance defaults to the bound's own size."""
    side = "max" if "max" in target else "min"
    limit = float(target[side])
    tol = float(target.get("tolerance", abs(limit) or 1.0))
    return Term(tid, (tid,), (limit,), tol, weight, side)
