"""The contract every model fulfils so that one engine can run, record and sweep it."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass
from typing import Any, ClassVar

import numpy as np

from .errors import InputError
from .params import Params

KINDS = ("share", "count", "level", "code", "time")
GROUPS = ("party", "district", "class", "side")


@dataclass(frozen=True)
class Metric:
    """One column of ``timeseries.parquet``, declared by the model that fills it.

    Attributes:
        name: the column name.
        family: the name without the member (``support`` for ``support_<party>``).
        group: what the members are (``party``, ``district``, ``class``, ``side``), or None.
        member: the party, district, class or side, or None.
        label: a short title for charts and tables.
        unit: the unit in words (``share``, ``people``, ``day``...).
        kind: ``share`` (0..1), ``count`` (people, rifles, events), ``level`` (an index),
            ``code`` (a categorical or integer flag) or ``time`` (a step or date).
        description: one sentence on what it measures.
    """

    name: str
    family: str
    label: str
    unit: str
    kind: str
    description: str = ""
    group: str | None = None
    member: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS or (self.group is not None and self.group not in GROUPS):
            raise ValueError(f"metric {self.name!r}: kind {self.kind!r} or group {self.group!r} is not declared")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def metric(family: str, label: str, unit: str, kind: str, description: str = "", group: str | None = None,
           member: str | None = None, suffix: str | None = None) -> Metric:
    """A metric named ``family`` or ``family_<suffix or member>``."""
    tail = suffix if suffix is not None else member
    name = family if tail is None else f"{family}_{tail}"
    return Metric(name, family, label, unit, kind, description, group, member)


def undeclared(name: str, value: Any) -> Metric:
    """What the engine records for a column a model did not declare: a level, or a code for text."""
    return Metric(name, name, name.replace("_", " "), "", "code" if isinstance(value, str) else "level")


class Model:
    """A model: parameters type, initial state, a pure step, and declared metrics.

    Subclasses set ``name`` and ``params_type`` and implement :meth:`init`, :meth:`step`,
    :meth:`observe` and :meth:`metrics`. Scenario inputs (districts, dated events) go to the
    constructor; :meth:`build` closes the model over one parameter set, which is what the engine runs.
    State is any immutable object (usually a frozen dataclass of arrays); ``step`` returns a new one.
    """

    name: ClassVar[str] = ""
    params_type: ClassVar[type[Params]] = Params
    headline: ClassVar[tuple[str, ...]] = ()
    """Metrics the terminal summary shows first (all numeric ones when empty)."""

    @classmethod
    def from_inputs(cls, inputs: dict[str, Any], base_dir: Any, source: str) -> "Model":
        """Build the model from a scenario's ``[inputs]`` table (paths relative to ``base_dir``).

        Raises:
            InputError: naming ``source``, the field and the reason, before any simulation.
        """
        if inputs:
            raise InputError(source, "inputs", f"model {cls.name!r} takes no inputs")
        return cls()

    def build(self, params: Params) -> "Built":
        """This model with its parameters: what :func:`dualpower.core.engine.run` takes."""
        return Built(self, params)

    def init(self, params: Params, rng: np.random.Generator) -> Any:
        """Build the initial state."""
        raise NotImplementedError

    def step(self, state: Any, params: Params, rng: np.random.Generator) -> Any:
        """Advance one step; returns the new state."""
        raise NotImplementedError

    def observe(self, state: Any, params: Params) -> dict[str, float | int | str]:
        """The metrics of one step, one scalar per column of ``timeseries.parquet``."""
        raise NotImplementedError

    def metrics(self, params: Params) -> list[Metric]:
        """The declared columns of :meth:`observe`, in order (undeclared ones are recorded as plain levels)."""
        return []

    def emit(self, state: Any, params: Params) -> dict[str, list[dict[str, Any]]]:
        """Rows for extra tables (e.g. ``events``, ``elections``) produced by the last step."""
        return {}

    def done(self, state: Any, params: Params) -> bool:
        """Whether the run should stop before its last step (e.g. an outcome was reached)."""
        return False

    def summary(self, state: Any, params: Params) -> dict[str, Any]:
        """What the manifest records about the run's end (e.g. ``outcome``)."""
        return {}

    def estimate_bytes(self, params: Params) -> int:
        """Memory one run's state needs, estimated before it starts (0: small enough not to matter)."""
        return 0

    def agent_count(self, state: Any) -> int:
        """Number of agents in the state."""
        return 0

    def running(self, state: Any) -> AbstractContextManager[None]:
        """The context a run's steps and observations are taken in, once the state exists (e.g. how many
        threads the compiled loops use for a population of this size)."""
        return nullcontext()

    def table_schemas(self) -> dict[str, dict[str, str]]:
        """Column types of each extra table, so that empty tables still have a schema."""
        return {}


class Built:
    """A model closed over its parameters and, once started, its random stream: ``init(rng)``, ``step(state)``."""

    def __init__(self, model: Model, params: Params) -> None:
        self.model, self.params = model, params
        self.name = model.name
        self.rng: np.random.Generator | None = None

    def init(self, rng: np.random.Generator) -> Any:
        self.rng = rng
        return self.model.init(self.params, rng)

    def step(self, state: Any) -> Any:
        return self.model.step(state, self.params, self.rng)

    def observe(self, state: Any) -> dict[str, float | int | str]:
        return self.model.observe(state, self.params)

    def emit(self, state: Any) -> dict[str, list[dict[str, Any]]]:
        return self.model.emit(state, self.params)

    def done(self, state: Any) -> bool:
        return self.model.done(state, self.params)

    def summary(self, state: Any) -> dict[str, Any]:
        return self.model.summary(state, self.params)

    def agent_count(self, state: Any) -> int:
        return self.model.agent_count(state)

    def running(self, state: Any) -> AbstractContextManager[None]:
        return self.model.running(state)

    def table_schemas(self) -> dict[str, dict[str, str]]:
        return self.model.table_schemas()

    def metrics(self, row: dict[str, Any]) -> list[Metric]:
        """The declared metrics of ``row``'s columns, in the row's order; undeclared ones as plain levels."""
        declared = {m.name: m for m in self.model.metrics(self.params)}
        extra = sorted(set(declared) - set(row))
        if extra:
            raise KeyError(f"model {self.name!r} declares metrics it does not observe: {extra[:5]}")
        step = Metric("step", "step", "Step", "step", "time", "steps since the start (0: the initial state)")
        return [step, *(declared.get(k) or undeclared(k, v) for k, v in row.items())]
