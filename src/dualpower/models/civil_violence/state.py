"""The civil-violence state: compact per-agent and per-cell arrays, and how to build it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .params import CivilViolenceParams
from .rules import count_dtype

QUIET, ACTIVE, JAILED, COP = 0, 1, 2, 3


AGENT = np.dtype(
    [
        ("cell", "<i4"),
        ("condition", "i1"),
        ("jail", "<i4"),
        ("hardship", "<f4"),
        ("risk_aversion", "<f4"),
        ("next_in_cell", "<i4"),
        ("ident", "<i4"),
    ]
)


@dataclass(frozen=True)
class Agents:
    """Per-agent records, shape (n,), stored in the order the agents acted in the last step.

    Renumbering every step turns the random activation order into a sequential walk through
    memory; ``ident`` keeps track of who is who. Each agent is one packed 25-byte record
    (dtype :data:`AGENT`), so that renumbering moves one or two cache lines per agent rather
    than one per field. The fields read as arrays (strided views), e.g. ``agents.cell``:

    - cell: int32, the cell ``y * width + x`` the agent stands on (jailed agents keep theirs).
    - condition: int8, QUIET, ACTIVE or JAILED for citizens, COP for cops.
    - jail: int32, steps of sentence left (0 when free).
    - hardship: float32, H ~ U(0, 1) (0 for cops).
    - risk_aversion: float32, R ~ U(0, 1) (0 for cops).
    - next_in_cell: int32, the next visible agent on the same cell, -1 at the end of the list.
    - ident: int32, the agent's index at initialisation (citizens first, then cops).
    """

    table: np.ndarray

    def __getattr__(self, name: str) -> np.ndarray:
        if name in AGENT.names:
            return self.table[name]
        raise AttributeError(name)


@dataclass(frozen=True)
class Lattice:
    """Per-cell arrays, shape (width * height,), kept current by every move and change of mind.

    Attributes:
        head: int32, first visible agent on the cell (-1: empty); visible means free citizens,
            cops, and (mesa variant only) jailed citizens.
        actives_here: int8, active citizens on the cell.
        actives_seen: int16, active citizens within citizen vision of the cell, own cell included.
        cops_seen: int16, cops within citizen vision of the cell, own cell included.
        actives_seen_by_cops: int16, actives within cop vision; empty when the visions are equal.
        vacant: uint64 bitset, shape (ceil(width * height / 64),), bit ``cell`` set when the cell
            has no visible agent: small enough to stay in cache while agents look for empty cells.
    """

    head: np.ndarray
    actives_here: np.ndarray
    actives_seen: np.ndarray
    cops_seen: np.ndarray
    actives_seen_by_cops: np.ndarray
    vacant: np.ndarray


@dataclass(frozen=True)
class CivilViolenceState:
    """Agents, lattice and the number of steps taken."""

    agents: Agents
    lattice: Lattice
    step: int = 0

    @property
    def counts(self) -> np.ndarray:
        """Agents by condition: [quiet, active, jailed, cops], int64."""
        return np.bincount(self.agents.condition, minlength=4)


def place(params: CivilViolenceParams, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Cells of citizens and of cops: Bernoulli per cell (mesa) or exact rounded counts (others)."""
    cells = params.width * params.height
    if params.variant == "mesa":
        u = rng.random(cells)
        citizens = u < params.citizen_density
        cops = ~citizens & (u < params.citizen_density + params.cop_density)
        return np.flatnonzero(citizens), np.flatnonzero(cops)
    n_cops = int(np.floor(params.cop_density * cells + 0.5))
    n_citizens = min(int(np.floor(params.citizen_density * cells + 0.5)), cells - n_cops)
    picks = rng.permutation(cells)[: n_cops + n_citizens]
    return picks[n_cops:], picks[:n_cops]


def new_agents(citizen_cells: np.ndarray, cop_cells: np.ndarray, rng: np.random.Generator) -> Agents:
    """Quiet citizens with drawn hardship and risk aversion, then cops."""
    nc, n = citizen_cells.size, citizen_cells.size + cop_cells.size
    draws = np.zeros((2, n), dtype=np.float32)
    draws[:, :nc] = rng.random((2, nc))
    table = np.zeros(n, dtype=AGENT)
    table["cell"] = np.concatenate([citizen_cells, cop_cells])
    table["condition"] = COP
    table["condition"][:nc] = QUIET
    table["hardship"], table["risk_aversion"] = draws
    table["next_in_cell"] = -1
    table["ident"] = np.arange(n)
    return Agents(table)


def empty_lattice(params: CivilViolenceParams, agents: Agents) -> Lattice:
    """One agent per cell as placed; no actives yet; cops still to be counted into view."""
    cells = params.width * params.height
    head = np.full(cells, -1, dtype=np.int32)
    head[agents.cell] = np.arange(agents.cell.size, dtype=np.int32)
    by_cops = 0 if params.citizen_vision == params.cop_vision else cells
    return Lattice(
        head=head,
        actives_here=np.zeros(cells, dtype=np.int8),
        actives_seen=np.zeros(cells, dtype=count_dtype(params)),
        cops_seen=np.zeros(cells, dtype=count_dtype(params)),
        actives_seen_by_cops=np.zeros(by_cops, dtype=count_dtype(params)),
        vacant=vacancies(head < 0),
    )


def vacancies(empty: np.ndarray) -> np.ndarray:
    """The vacancy bitset of a boolean array of empty cells."""
    padded = np.zeros(-(-empty.size // 64) * 64, dtype=bool)
    padded[: empty.size] = empty
    return np.packbits(padded, bitorder="little").view("<u8").astype(np.uint64)


__all__ = ["ACTIVE", "AGENT", "COP", "JAILED", "QUIET", "Agents", "CivilViolenceState", "Lattice"]
