"""Parameters of Epstein's civil-violence Model I, named as in Mesa's example."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from ...core import Params, param

Variant = Literal["paper", "netlogo", "mesa"]
MESA_APP = "Mesa app (mesa/examples/advanced/epstein_civil_violence/app.py)"
EPSTEIN = "Epstein 2002, PNAS 99 suppl. 3:7243"


class CivilViolenceParams(Params):
    """Lattice, population, vision, legitimacy and its schedule, and which implementation to follow.

    Defaults are the Mesa app's (Epstein's Table 2, run 2). ``variant`` picks the rule set
    of the implementation it names; see ``docs/models/civil-violence.md``.
    """

    width: int = param(40, ge=3, le=20_000, unit="cells", help="Torus width.", source=MESA_APP)
    height: int = param(40, ge=3, le=20_000, unit="cells", help="Torus height.", source=MESA_APP)
    citizen_density: float = param(
        0.7, ge=0.0, le=1.0, unit="citizens/cell", help="Share of cells holding a citizen.", source=MESA_APP
    )
    cop_density: float = param(
        0.04, ge=0.0, le=1.0, unit="cops/cell", help="Share of cells holding a cop.", source=MESA_APP
    )
    citizen_vision: int = param(
        7, ge=1, le=20, unit="cells", help="How far citizens see (shape set by variant).", source=EPSTEIN
    )
    cop_vision: int = param(7, ge=1, le=20, unit="cells", help="How far cops see.", source=EPSTEIN)
    legitimacy: float = param(
        0.82, ge=0.0, le=1.0, unit="1", help="Perceived regime legitimacy L at the start.", source=EPSTEIN
    )
    max_jail_term: int = param(
        30, ge=0, le=1_000_000_000, unit="steps", help="Longest jail sentence J_max.", source=EPSTEIN
    )
    active_threshold: float = param(
        0.1, ge=0.0, le=1.0, unit="1", help="Rebel when grievance - net risk exceeds this T.", source=EPSTEIN
    )
    arrest_prob_constant: float = param(
        2.3,
        ge=0.0,
        le=100.0,
        unit="1",
        help="k in P = 1 - exp(-k C/A); 2.3 gives P=0.9 at C=A=1.",
        source=EPSTEIN,
    )
    movement: bool = param(True, help="Whether citizens (and cops, except in netlogo) move.", source=MESA_APP)
    variant: Variant = param("mesa", help="Rule set: paper, netlogo or mesa.", source="assumption")
    legitimacy_drop_step: int = param(
        0, ge=0, le=10_000_000, unit="step", help="First step of the legitimacy change.", source="assumption"
    )
    legitimacy_drop_to: float | None = param(
        None,
        ge=0.0,
        le=1.0,
        unit="1",
        help="Level legitimacy moves to; none keeps it constant.",
        source="assumption",
    )
    legitimacy_decrement: float = param(
        0.0,
        ge=0.0,
        le=1.0,
        unit="1/step",
        help="Change per step towards the level; 0 jumps at once.",
        source="assumption",
    )

    @model_validator(mode="after")
    def _fits(self) -> CivilViolenceParams:
        if self.citizen_density + self.cop_density > 1:
            raise ValueError("citizen_density + cop_density must not exceed 1")
        reach = 2 * max(self.citizen_vision, self.cop_vision) + 1
        if min(self.width, self.height) < reach:
            raise ValueError(f"width and height must be at least 2 * max(citizen_vision, cop_vision) + 1 = {reach}")
        return self

    def legitimacy_at(self, step: int) -> float:
        """Legitimacy in force during ``step``: constant, one jump, or steps of ``legitimacy_decrement``."""
        target = self.legitimacy_drop_to
        if target is None or step < self.legitimacy_drop_step:
            return self.legitimacy
        if self.legitimacy_decrement == 0:
            return target
        moved = self.legitimacy_decrement * (step - self.legitimacy_drop_step + 1)
        if target < self.legitimacy:
            return max(target, self.legitimacy - moved)
        return min(target, self.legitimacy + moved)


__all__ = ["CivilViolenceParams", "Variant"]
