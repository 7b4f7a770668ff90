"""Experiment specs (TOML, in the manner of BehaviorSpace): what to vary, repeat, keep and stop on."""

from __future__ import annotations

import hashlib
import json
import math
import operator
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..core import InputError
from ..scenarios import Scenario, read_toml
from ..scenarios.validation import SpecFile, check

SUBTABLE_KEYS = {"sample": {"method", "n", "bounds", "seed"}, "metrics": {"keep", "every", "final_only"},
                 "stop": {"steps", "when"}, "output": {"metric", "at", "outcome"}}
SAMPLE_METHODS = ("sobol", "lhs", "halton", "random", "salib-sobol", "salib-morris")
OPERATORS = {
    "<=": operator.le,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
}
CONDITION = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*(<=|>=|==|!=|<|>)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$")


@dataclass(frozen=True)
class Sample:
    """A space-filling or SALib design over ``bounds`` (name -> (low, high)), ``n`` base points."""

    method: str
    n: int
    bounds: dict[str, tuple[float, float]]
    seed: int = 0


@dataclass(frozen=True)
class Metrics:
    """Which metrics each run keeps (``None``: all) and how thinly (every N steps, or the last only)."""

    keep: tuple[str, ...] | None = None
    every: int = 1
    final_only: bool = False


@dataclass(frozen=True)
class Condition:
    """``metric op value``: a stop rule compared, never evaluated as code."""

    metric: str
    op: str
    value: float

    def holds(self, metrics: dict[str, Any]) -> bool:
        return bool(OPERATORS[self.op](metrics[self.metric], self.value))


@dataclass(frozen=True)
class Stop:
    """Run length (``None``: the scenario's) and conditions, any of which ends a run early."""

    steps: int | None = None
    when: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Output:
    """The scalar a sensitivity analysis explains: a metric (final, at a step or a date) or the outcome step."""

    metric: str | None = None
    at: int | str | None = None
    outcome: str | None = None

    @property
    def label(self) -> str:
        if self.outcome:
            return f"outcome_{self.outcome}"
        return self.metric if self.at is None else f"{self.metric}@{self.at}"


@dataclass(frozen=True)
class ExperimentSpec:
    """A whole experiment: base scenario, fixed overrides, design, repetitions, seeding and recording.

    ``vary`` holds explicit values per parameter (crossed as a full factorial); ``sample``
    adds a design of points, crossed with the factorial. Run ``i`` of ``repetitions`` per
    point is seeded with ``SeedSequence(seed, spawn_key=(i,))`` (or the repetition index
    with common random numbers), so seeds never depend on the executor or on order.
    """

    scenario: str | Path | Scenario
    fixed: dict[str, Any] = field(default_factory=dict)
    vary: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    sample: Sample | None = None
    repetitions: int = 1
    seed: int | None = None
    common_random_numbers: bool = False
    metrics: Metrics = Metrics()
    stop: Stop = Stop()
    output: Output | None = None
    source: str = "spec"

    def normalised(self) -> dict[str, Any]:
        """The spec as plain JSON data, independent of key order and file location."""
        data = asdict(self)
        data.pop("source")
        sc = self.scenario
        data["scenario"] = sc.name if isinstance(sc, Scenario) else str(sc)
        return json.loads(json.dumps(data, sort_keys=True, default=str))


def spec_hash(data: dict[str, Any]) -> str:
    """A short, stable digest of normalised JSON data."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def load_spec(path: str | Path) -> ExperimentSpec:
    """Read and check an experiment spec file (its scenario path is relative to the file)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "", "spec file not found")
    return parse_spec(read_toml(path), str(path), path.parent)


def parse_spec(data: dict[str, Any], source: str, base_dir: Path) -> ExperimentSpec:
    """Build an :class:`ExperimentSpec` from parsed TOML, naming the field of any error."""
    for key, allowed in SUBTABLE_KEYS.items():
        _known_keys(data.get(key), allowed, source, key)
    top = check(SpecFile, data, source)
    if not top.scenario.strip():
        raise InputError(source, "scenario", "missing (a built-in name or a TOML path)")
    return ExperimentSpec(
        scenario=_scenario_ref(top.scenario, base_dir),
        fixed=dict(top.set),
        vary={k: _values(v, source, f"vary.{k}") for k, v in top.vary.items()},
        sample=_sample(top.sample, source) if top.sample is not None else None,
        repetitions=top.repetitions,
        seed=top.seed,
        common_random_numbers=top.common_random_numbers,
        metrics=_metrics(top.metrics, source),
        stop=_stop(top.stop, source),
        output=_output(top.output, source) if top.output is not None else None,
        source=source,
    )


def _known_keys(table: Any, allowed: set[str], source: str, where: str) -> None:
    """A typo in a subtable is an error, not a silently ignored setting."""
    unknown = sorted(set(table) - allowed) if isinstance(table, dict) else []
    if unknown:
        raise InputError(source, f"{where}.{unknown[0]}", f"unknown key (known: {', '.join(sorted(allowed))})")


def _scenario_ref(value: str, base_dir: Path) -> str:
    candidate = base_dir / value
    return str(candidate) if value.endswith(".toml") or candidate.is_file() else value


def _int(data: dict[str, Any], key: str, source: str, default: int, low: int, where: str = "") -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise InputError(source, where + key, f"must be an integer >= {low}")
    return value


def _bool(data: dict[str, Any], key: str, source: str, where: str = "") -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise InputError(source, where + key, "must be true or false")
    return value


def _values(value: Any, source: str, where: str) -> tuple[Any, ...]:
    """Enumerated values, or a stepped range ``{first, step, last}`` (inclusive)."""
    if isinstance(value, list):
        if not value:
            raise InputError(source, where, "empty list of values")
        return tuple(value)
    if isinstance(value, dict) and set(value) == {"first", "step", "last"}:
        return stepped(value["first"], value["step"], value["last"], source, where)
    raise InputError(source, where, "must be a list of values or {first, step, last}")


def stepped(first: Any, step: Any, last: Any, source: str, where: str) -> tuple[Any, ...]:
    """The values ``first, first+step, ..., last`` (inclusive, tolerant to float rounding)."""
    if not all(_finite(v) for v in (first, step, last)):
        raise InputError(source, where, "first, step and last must be finite numbers")
    if step == 0:
        raise InputError(source, where, "step must not be 0")
    count = int((last - first) / step + 1e-9) + 1
    if count < 1:
        raise InputError(source, where, f"empty range: {first} does not reach {last} by {step}")
    if count > 1_000_000:
        raise InputError(source, where, f"range of {count} values is too long")
    ints = all(isinstance(v, int) for v in (first, step, last))
    return tuple(first + i * step if ints else round(first + i * step, 12) for i in range(count))


def _sample(value: Any, source: str) -> Sample:
    if not isinstance(value, dict):
        raise InputError(source, "sample", "must be a table")
    method = value.get("method", "sobol")
    if method not in SAMPLE_METHODS:
        raise InputError(source, "sample.method", f"unknown method {method!r} (known: {', '.join(SAMPLE_METHODS)})")
    bounds = value.get("bounds")
    if not isinstance(bounds, dict) or not bounds:
        raise InputError(source, "sample.bounds", "must be a table of name = [low, high]")
    return Sample(
        method=method,
        n=_int(value, "n", source, 0, low=1, where="sample."),
        bounds={k: _bounds(v, source, f"sample.bounds.{k}") for k, v in bounds.items()},
        seed=_int(value, "seed", source, 0, low=0, where="sample."),
    )


def _bounds(value: Any, source: str, where: str) -> tuple[float, float]:
    ok = isinstance(value, list) and len(value) == 2 and all(_finite(v) for v in value)
    if not ok or not value[0] < value[1]:
        raise InputError(source, where, "must be [low, high] with low < high")
    return float(value[0]), float(value[1])


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _metrics(value: dict[str, Any], source: str) -> Metrics:
    keep = value.get("keep", "all")
    if keep != "all" and not (isinstance(keep, list) and keep and all(isinstance(k, str) for k in keep)):
        raise InputError(source, "metrics.keep", 'must be "all" or a non-empty list of metric names')
    return Metrics(
        keep=None if keep == "all" else tuple(keep),
        every=_int(value, "every", source, 1, low=1, where="metrics."),
        final_only=_bool(value, "final_only", source, where="metrics."),
    )


def _stop(value: dict[str, Any], source: str) -> Stop:
    when = value.get("when", [])
    when = [when] if isinstance(when, str) else when
    if not isinstance(when, list) or not all(isinstance(w, str) for w in when):
        raise InputError(source, "stop.when", 'must be a condition such as "active >= 500", or a list of them')
    steps = _int(value, "steps", source, 0, low=0, where="stop.") if "steps" in value else None
    return Stop(steps=steps, when=tuple(parse_condition(w, source) for w in when))


def parse_condition(text: str, source: str = "stop.when") -> Condition:
    """Parse ``metric op number`` (op one of < <= > >= == !=)."""
    m = CONDITION.match(text)
    if m is None:
        raise InputError(
            source, "stop.when", f"cannot read {text!r}: expected 'metric op number', e.g. 'active >= 500'"
        )
    return Condition(m.group(1), m.group(2), float(m.group(3)))


def _output(value: Any, source: str) -> Output:
    if not isinstance(value, dict) or ("metric" in value) == ("outcome" in value):
        raise InputError(
            source, "output", 'give either metric = "name" (with optional at = step or date) or outcome = "step"'
        )
    if "outcome" in value and value["outcome"] != "step":
        raise InputError(source, "output.outcome", 'only "step" is supported')
    at = value.get("at")
    at = at.isoformat() if hasattr(at, "isoformat") else at
    if at is not None and (isinstance(at, bool) or not isinstance(at, (int, str))):
        raise InputError(source, "output.at", "must be a step number or a date (YYYY-MM-DD)")
    return Output(metric=value.get("metric"), at=at, outcome=value.get("outcome"))
