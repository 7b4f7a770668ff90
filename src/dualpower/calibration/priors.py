"""Priors over the free parameters: uniform over each parameter's documented plausible range."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..core import InputError
from ..core.params import table
from ..scenarios import Scenario


@dataclass(frozen=True)
class Prior:
    """A uniform prior on ``[low, high]``; integer parameters are rounded when applied."""

    name: str
    low: float
    high: float
    integer: bool = False

    @property
    def width(self) -> float:
        return self.high - self.low


def free_names(scenario: Scenario) -> tuple[str, ...]:
    """The scenario's ``free`` list, else every parameter declared with ``free=True``."""
    if scenario.free:
        return scenario.free
    return tuple(row["name"] for row in table(type(scenario.params)) if row["free"])


def priors_for(scenario: Scenario, names: Iterable[str] | None = None) -> tuple[Prior, ...]:
    """Uniform priors over the free parameters' documented plausible ranges (``prior``), else their bounds.

    Raises:
        InputError: when nothing is free, a name is unknown, or a range is not finite.
    """
    rows = {row["name"]: row for row in table(type(scenario.params))}
    chosen = tuple(names) if names is not None else free_names(scenario)
    src = str(scenario.path)
    if not chosen:
        raise InputError(src, "free", "no free parameters to calibrate (list them in the scenario's free = [...])")
    out = []
    for name in chosen:
        row = rows.get(name)
        if row is None:
            raise InputError(src, "free", f"unknown parameter {name!r}")
        low, high = row["prior"] or (row["ge"], row["le"])
        if low is None or high is None or not high > low:
            raise InputError(src, name, "a free parameter needs a finite range (prior, or bounds ge < le)")
        integer = isinstance(row["default"], int) and not isinstance(row["default"], bool)
        out.append(Prior(name, float(low), float(high), integer))
    return tuple(out)


def as_values(priors: Iterable[Prior], point: Mapping[str, float]) -> dict[str, Any]:
    """Parameter values for a run: clipped into range, integers rounded."""
    out: dict[str, Any] = {}
    for p in priors:
        v = min(max(float(point[p.name]), p.low), p.high)
        out[p.name] = int(round(v)) if p.integer else v
    return out


def pyabc_prior(priors: Iterable[Prior]):
    """The pyabc joint prior (independent uniforms); pyabc is imported here, only when used."""
    import pyabc

    return pyabc.Distribution(**{p.name: pyabc.RV("uniform", p.low, p.width) for p in priors})
