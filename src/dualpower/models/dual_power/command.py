"""The army command and the right: a coup attempt is their decision, taken when the councils turn radical
and the government cannot defend itself; the march then meets the city's resistance."""

from __future__ import annotations

import numpy as np

from .councils import seat_shares
from .leadership import claimers
from .params import DualPowerParams
from .state import COUNCILS, DEAD, State, evolve

DICTATORSHIP = "military-dictatorship"


def coup_motive(radical_seats: float, council_force_share: float, params: DualPowerParams) -> float:
    """The right's motive for a coup, in [0, 1]: rising from nothing at ``coup_radical`` of seats held by
    power-claiming parties to 1 when they hold them all, times the councils' share of armed force (the
    government's helplessness as the right sees it)."""
    radical = max(radical_seats - params.coup_radical, 0.0) / max(1.0 - params.coup_radical, 1e-12)
    return radical * council_force_share


def prepared(preparation: float, motive: float, params: DualPowerParams) -> float:
    """The right's preparation after today: a coup needs a commander, officers' leagues and money, gathered at
    ``conspiracy_speed`` per unit of motive, in [0, 1]; it waits, unspent, while the motive is gone."""
    return min(preparation + params.conspiracy_speed * motive, 1.0)


def may_attempt(state: State, params: DualPowerParams) -> bool:
    """A command acting on its own, no attempt yet, dual power still open."""
    command = state.world.inputs.command
    pol = state.polity
    return (params.coup_attempts and command is not None and command.stance == "own" and pol.coup_day < 0
            and not pol.outcome)


def attempt(state: State, params: DualPowerParams, f_g: float, f_s: float, rng) -> State:
    """The right prepares as far as it has a motive and, once prepared, decides today, with a daily chance
    ``coup_rate``, whether the command marches; a march discredits the cabinet parties outside the
    councils, and the command's troops sent earlier to the government follow their command, not the
    government."""
    if not may_attempt(state, params):
        return state
    pol, world = state.polity, state.world
    seats = seat_shares(pol.delegates)
    motive = coup_motive(float(seats[claimers(pol.platforms)].sum()), f_s / max(f_s + f_g, 1e-12), params)
    pol = evolve(pol, preparation=prepared(pol.preparation, motive, params))
    p = params.coup_rate if pol.preparation >= 1.0 else 0.0
    if rng.random() >= p:
        return evolve(state, polity=pol)
    complicit = float(pol.cabinet[~world.inputs.parties.councils].sum())
    strength = world.inputs.command.strength
    pol = evolve(pol, coup_day=state.day, coup_will=1.0, reinforcements=0.0,
                 discredit=pol.discredit + params.complicity_discredit * complicit)
    detail = f"the command marches on the city with {strength:.0f} combatants (daily chance {p:.3f})"
    return evolve(state, polity=pol, events=state.events + (("coup-march", detail),))


def march(state: State, params: DualPowerParams, f_s: float) -> State:
    """The marching force's will decays under agitation; it arrives when its will has held for a few days'
    march and wins only if still stronger than the councils. A march that dissolves leaves the right's
    classes estranged from a government that turned against it."""
    pol = state.polity
    if pol.coup_will <= 0 or pol.coup_day == state.day:
        return state
    alive = state.people.condition != DEAD
    loyal = float(np.mean(state.people.allegiance[alive] == COUNCILS))
    will = pol.coup_will * float(np.exp(-params.coup_decay * loyal))
    strength = state.world.inputs.command.strength * will
    if strength > f_s:
        pol = evolve(pol, coup_will=will, outcome=DICTATORSHIP, outcome_day=state.day)
        event = ("coup", f"the command enters the city ({strength:.0f} against {f_s:.0f})")
        return evolve(state, polity=pol, events=state.events + (event,))
    if will > params.march_end:
        return evolve(state, polity=evolve(pol, coup_will=will))
    detail = f"the march dissolves: will {will:.2f}, strength {strength:.0f} against the councils' {f_s:.0f}"
    pol = evolve(pol, coup_will=0.0, estranged=pol.estranged + params.betrayal)
    return evolve(state, polity=pol, events=state.events + (("coup-collapsed", detail),))


__all__ = ["DICTATORSHIP", "attempt", "coup_motive", "march", "prepared"]
