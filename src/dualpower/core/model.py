"""The contract every model fulfils so that one engine can run, record and sweep it."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from .errors import InputError
from .params import Params


class Model:
    """A model: parameters type, initial state, a pure daily step, and observation.

    Subclasses set ``name`` and ``params_type`` and implement :meth:`init`,
    :meth:`step` and :meth:`observe`. State is any immutable object (usually a
    frozen dataclass of arrays); ``step`` returns a new one. Scenario inputs
    (districts, dated events) are given to the constructor, never read at run time.
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

    def init(self, params: Params, rng: np.random.Generator) -> Any:
        """Build the initial state."""
        raise NotImplementedError

    def step(self, state: Any, params: Params, rng: np.random.Generator) -> Any:
        """Advance one step; returns the new state."""
        raise NotImplementedError

    def observe(self, state: Any, params: Params) -> dict[str, float | int | str]:
        """The metrics of one step, one scalar per column of ``timeseries.parquet``."""
        raise NotImplementedError

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

    def table_schemas(self) -> dict[str, dict[str, str]]:
        """Column types of each extra table, so that empty tables still have a schema."""
        return {}
