"""Epstein's (2002) civil-violence Model I on the dualpower engine."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core import Metric, Model, metric
from .kernels import CellArrays, count_cops, paint_codes, step_agents
from .params import CivilViolenceParams
from .rules import rules_for
from .state import Agents, CivilViolenceState, Lattice, empty_lattice, new_agents, place

GRID_LIMIT = 10_000  # cells: lattices up to 100 x 100 record a snapshot per step (the report's animation)


BYTES_PER_CELL = 96
"""Placement draws and permutation (16), lattice arrays (up to 18), and a full cell's agent record with
its draws and shuffle order (~40), rounded up."""


def arrays(obj: Any, kind: type) -> Any:
    """The arrays of the lattice dataclass as the NamedTuple the kernels take, field by field name."""
    return kind(**{name: getattr(obj, name) for name in kind._fields})


class CivilViolence(Model):
    """Citizens rebel when grievance outweighs the risk of arrest; cops jail random rebels.

    Metrics per step: ``active``, ``quiet`` and ``jailed`` citizens, ``cops``, and the
    ``legitimacy`` in force.
    """

    name = "civil-violence"
    params_type = CivilViolenceParams

    def estimate_bytes(self, params: CivilViolenceParams) -> int:
        """Lattice arrays and the placement draws per cell, and one agent record (with temporaries) per occupant."""
        return params.width * params.height * BYTES_PER_CELL

    def init(self, params: CivilViolenceParams, rng: np.random.Generator) -> CivilViolenceState:
        """Place citizens and cops, draw hardship and risk aversion; everyone starts quiet."""
        citizen_cells, cop_cells = place(params, rng)
        agents = new_agents(citizen_cells, cop_cells, rng)
        lattice = empty_lattice(params, agents)
        count_cops(agents.table, arrays(lattice, CellArrays), rules_for(params))
        return CivilViolenceState(agents, lattice, 0)

    def step(
        self, state: CivilViolenceState, params: CivilViolenceParams, rng: np.random.Generator
    ) -> CivilViolenceState:
        """Activate every agent once in random order; the given state is left untouched."""
        rules = rules_for(params, params.legitimacy_at(state.step + 1))
        agents, cells = step_agents(state.agents.table, arrays(state.lattice, CellArrays), rules, rng)
        return CivilViolenceState(Agents(agents), Lattice(**cells._asdict()), state.step + 1)

    def observe(self, state: CivilViolenceState, params: CivilViolenceParams) -> dict[str, float | int]:
        """Citizens by condition, cops, and legitimacy."""
        quiet, active, jailed, cops = state.counts.tolist()
        return {
            "active": active,
            "quiet": quiet,
            "jailed": jailed,
            "cops": cops,
            "legitimacy": params.legitimacy_at(state.step),
        }

    def metrics(self, params: CivilViolenceParams) -> list[Metric]:
        return [
            metric("active", "Active", "citizens", "count", "citizens in open rebellion"),
            metric("quiet", "Quiet", "citizens", "count", "citizens at liberty and not rebelling"),
            metric("jailed", "Jailed", "citizens", "count", "citizens serving a jail term"),
            metric("cops", "Cops", "cops", "count", "cops on the lattice"),
            metric("legitimacy", "Legitimacy", "index 0-1", "level", "the regime's legitimacy in force"),
        ]

    def emit(self, state: CivilViolenceState, params: CivilViolenceParams) -> dict[str, list[dict[str, Any]]]:
        """A ``grid`` row per step: each cell's occupant as one character, row by row (small lattices only)."""
        size = params.width * params.height
        if size > GRID_LIMIT:
            return {}
        return {"grid": [{"cells": grid_codes(state.agents.table, size)}]}

    def table_schemas(self) -> dict[str, dict[str, str]]:
        """The ``grid`` table: one string of cell codes per step."""
        return {"grid": {"cells": "str"}}

    def agent_count(self, state: CivilViolenceState) -> int:
        """Citizens plus cops."""
        return int(state.agents.cell.size)

    def summary(self, state: CivilViolenceState, params: CivilViolenceParams) -> dict[str, Any]:
        """The variant and final counts, for the manifest."""
        return {"variant": params.variant, "final": self.observe(state, params)}


def grid_codes(agents: np.ndarray, size: int) -> str:
    """Cells as digits: 0 empty, 1 quiet, 2 active, 3 jailed, 4 cop; a free agent hides a jailed one on its cell."""
    out = np.empty(size, dtype=np.uint8)
    paint_codes(agents, out)
    return out.tobytes().decode("ascii")


__all__ = ["CivilViolence", "grid_codes"]
