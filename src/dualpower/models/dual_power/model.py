"""The dual-power model: the Model contract, composing one pure step function per mechanism."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

import numpy as np
import psutil

from ...core import InputError, Metric, Model
from .activity import step_activity
from .allegiance import allegiance_rule, step_allegiance
from .confrontation import step_confrontation
from .councils import step_councils
from .elections import step_elections
from .enforcement import step_enforcement
from .force import armed_people, sides_by_district
from .government import calls, policy_of, step_government, step_inputs
from .hardship import step_hardship
from .inputs import Inputs, on_offer
from .kernels import threads_for
from .leadership import initial_platforms, step_lines
from .legitimacy import officer_authority, relax, sanctions, step_legitimacy
from .metrics import declare
from .military import step_arming
from .observation import dates, observe
from .opinion import step_opinion
from .params import DualPowerParams
from .parties import offered, step_parties
from .population import blueprint, recruit_members, sample_people, sample_world
from .state import Polity, State, evolve

STEPS = (
    step_inputs, step_lines, step_hardship, step_opinion, step_parties, step_legitimacy, step_allegiance, step_activity,
    step_enforcement, step_arming, step_councils, step_government, step_confrontation, step_elections,
)
BYTES_PER_PERSON = 160
"""State (~45 bytes a person) plus the day's temporaries and headroom, checked by benchmarks/petrograd_full.py."""
OUTCOME_NONE = "dual-power-persists"


def estimate_bytes(inputs: Inputs, scale: float) -> int:
    """Memory a run at ``scale`` needs."""
    return int(inputs.classes.counts.sum() * scale * BYTES_PER_PERSON)


class DualPower(Model):
    """Two authorities compete for the obedience of one population (docs/ODD.md)."""

    name = "dual-power"
    params_type = DualPowerParams
    headline = (
        "allegiance_councils", "allegiance_government", "legitimacy_government_mean", "legitimacy_councils_mean",
        "red_guard", "force_councils", "force_government", "active", "dead",
    )

    def __init__(self, inputs: Inputs) -> None:
        """``inputs``: the checked data of a case, as ``dualpower.scenarios.dual_power.read_inputs`` gives them."""
        self.inputs = inputs
        self.blueprint = blueprint(inputs)

    def estimate_bytes(self, params: DualPowerParams) -> int:
        return estimate_bytes(self.inputs, params.scale)

    def init(self, params: DualPowerParams, rng: np.random.Generator) -> State:
        """Sample the people, seat the first cabinet, elect the first councils."""
        need, free = estimate_bytes(self.inputs, params.scale), psutil.virtual_memory().available
        if need > free:
            raise InputError(
                "parameters",
                "scale",
                f"a run at scale {params.scale} needs about {need / 2**30:.1f} GiB; "
                f"{free / 2**30:.1f} GiB are available",
            )
        world = sample_world(self.inputs, self.blueprint, params.scale, rng)
        people = sample_people(world, rng)
        _, name, weights = self.inputs.cabinets[0]
        n_p = world.n_parties
        polity = Polity(
            cabinet=weights,
            cabinet_name=name,
            g=None,
            s=None,
            delegates=np.zeros((len(world.seats), world.n_parties), np.int64),
            stocks=np.array([self.inputs.arms.factory, self.inputs.arms.arsenal]),
            pressure=np.zeros(len(world.units.size)),
            habit=np.full(len(world.units.size), np.nan),
            platforms=offered(initial_platforms(self.inputs), on_offer(self.inputs.foundings, n_p, 0)),
            foundings=self.inputs.foundings,
            split_pressure=np.zeros(n_p),
            repressed_until=np.full(n_p, -1, np.int64),
            calls=np.zeros(n_p + 1, bool),
            active_d=np.zeros(world.n_districts),
            enforcers_d=np.zeros(world.n_districts),
            council_armed_d=np.zeros(world.n_districts),
            repressed_d=np.zeros(world.n_districts),
        )
        polity = evolve(polity, g=policy_of(polity, 0, params, world))
        polity = evolve(polity, s=polity.g)
        state = State(
            day=0, world=world, people=people, polity=polity, closed_until=np.zeros(len(world.units.size), np.int32)
        )
        state = step_parties(state, params.model_copy(update={"inertia": 0.0, "join_rate": 0.0}), rng)
        state = evolve(
            state,
            people=evolve(
                state.people, member=recruit_members(state.people, self.inputs.parties.members, params.scale, rng)
            ),
        )
        state = step_councils(state, params, rng)
        hit = np.zeros(len(world.units.size))
        lg, ls, _ = relax(state, 1.0, hit, officer_authority(state, params), sanctions(params))
        people = evolve(state.people, lg=lg, ls=ls)
        state = evolve(state, people=people)
        threat = np.zeros((2, len(world.units.size)))
        people = evolve(people, allegiance=allegiance_rule(state, params, threat))
        state = evolve(state, people=people)
        enforcers, council_armed = sides_by_district(armed_people(state, params), world.n_districts)
        pol = evolve(state.polity, calls=calls(state.polity, world, params, 0), enforcers_d=enforcers,
                     council_armed_d=council_armed)
        return evolve(state, polity=pol, events=(), votes=())

    def step(self, state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
        """One day: the mechanisms of docs/ODD.md section 3, in order."""
        for mechanism in STEPS:
            state = mechanism(state, params, rng)
        return state

    def observe(self, state: State, params: DualPowerParams) -> dict[str, float | int | str]:
        return observe(state)

    def metrics(self, params: DualPowerParams) -> list[Metric]:
        return declare(self.inputs)

    def emit(self, state: State, params: DualPowerParams) -> dict[str, list[dict[str, Any]]]:
        date_os = dates(state)[0]
        return {
            "events": [{"date_os": date_os, "type": t, "detail": d} for t, d in state.events],
            "elections": [{**row, "date_os": date_os} for row in state.votes],
        }

    def summary(self, state: State, params: DualPowerParams) -> dict[str, Any]:
        pol = state.polity
        outcome = {
            "type": pol.outcome or OUTCOME_NONE,
            **self._when(state, pol.outcome_day if pol.outcome else state.day),
        }
        milestones = {
            name: self._when(state, day)
            for name, day in (("majority_change", pol.majority_day), ("military_committee", pol.committee_day))
            if day >= 0
        }
        return {"outcome": outcome, "milestones": milestones}

    @staticmethod
    def _when(state: State, day: int) -> dict[str, Any]:
        date_os, date_ns = dates(evolve(state, day=day))
        return {"date_os": date_os, "date_ns": date_ns, "step": int(day)}

    def agent_count(self, state: State) -> int:
        return int(len(state.people.cls))

    def running(self, state: State) -> AbstractContextManager[None]:
        return threads_for(len(state.people.cls))

    def table_schemas(self) -> dict[str, dict[str, str]]:
        return {
            "events": {"date_os": "str", "type": "str", "detail": "str"},
            "elections": {"election": "str", "date_os": "str", "party": "str", "share": "float", "historical": "float"},
        }
