"""The government: scenario cabinets, endogenous reshuffles, its policy vector g, and calls to act."""

from __future__ import annotations

import dataclasses as dc

import numpy as np

from .leadership import broken_away, claimers
from .params import DualPowerParams
from .questions import open_questions, stretch
from .state import Policy, Polity, State, World, evolve, party_seats
from .tallies import living_mean

COUNCIL_POWER = "council-power"


def platform_policy(weights: np.ndarray, platforms: np.ndarray) -> Policy:
    """The weighted line of a cabinet."""
    peace, land, power = weights @ platforms
    return Policy(float(peace), float(land), float(power))


def policy_of(polity: Polity, day: int, params: DualPowerParams, world: World) -> Policy:
    """The government's policy today: its cabinet's platform, dated decisions, peace talks."""
    if polity.outcome == COUNCIL_POWER:
        return polity.s
    g = dc.asdict(platform_policy(polity.cabinet, polity.platforms))
    for start, until, _, values in world.inputs.policies:
        if start <= day <= until and not _talks_open(day, params):
            g.update(values)
    if _talks_open(day, params):
        g["peace"] = max(g["peace"], params.peace_talks_level)
    return Policy(**g)


def _talks_open(day: int, params: DualPowerParams) -> bool:
    return 0 <= params.peace_talks_day <= day


def cabinet_on(day: int, polity: Polity, world: World) -> tuple[np.ndarray, str, bool]:
    """The cabinet in office today, and whether a scenario cabinet took office today (none does once dual power
    has ended: the scenario's cabinets are those of the history the run has left)."""
    for start, name, weights in world.inputs.cabinets:
        if start == day and not polity.outcome:
            return weights, name, True
    return polity.cabinet, polity.cabinet_name, False


def step_inputs(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Advance the clock, seat a scheduled cabinet, set g."""
    day = state.day + 1
    pol = state.polity
    weights, name, new = cabinet_on(day, pol, state.world)
    events = [("cabinet", f"{name}: " + _weights_text(weights, state.world))] if new else []
    pol = evolve(pol, cabinet=weights, cabinet_name=name)
    if day == params.peace_talks_day:
        events.append(("peace-talks", f"the government opens peace talks (peace policy {params.peace_talks_level:.2f})"))
    pol = evolve(pol, g=policy_of(pol, day, params, state.world))
    return evolve(state, day=day, polity=pol, events=tuple(events), votes=())


def _weights_text(weights: np.ndarray, world: World) -> str:
    names = world.inputs.parties.names
    return ", ".join(f"{names[p]} {w:.2f}" for p, w in enumerate(weights) if w > 0)


def step_government(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Reshuffle toward the council parties after a long legitimacy crisis; decide who calls people out."""
    pol, world = state.polity, state.world
    mean_lg = living_mean(state.people.lg, state.people.condition)
    crisis = pol.crisis + 1 if mean_lg < params.crisis_level else 0
    events = list(state.events)
    if crisis >= params.crisis_days and not pol.outcome:
        cabinet = _reshuffled(pol, world, params)
        pol = evolve(pol, cabinet=cabinet, cabinet_name=f"{pol.cabinet_name} (reshuffled)")
        pol = evolve(pol, g=policy_of(pol, state.day, params, world))
        events.append(("reshuffle", f"cabinet crisis (mean government legitimacy {mean_lg:.2f}): " + _weights_text(cabinet, world)))
        crisis = 0
    pol = evolve(pol, crisis=crisis, calls=calls(pol, world, params, state.day))
    return evolve(state, polity=pol, events=tuple(events))


def _reshuffled(pol: Polity, world: World, params: DualPowerParams) -> np.ndarray:
    """Move cabinet weight toward the council parties that do not claim power, by their seats."""
    p = world.inputs.parties
    seats = party_seats(pol.delegates)
    moderate = seats * ~claimers(pol.platforms) * p.councils
    if moderate.sum() == 0:
        return pol.cabinet
    return (1 - params.reshuffle_step) * pol.cabinet + params.reshuffle_step * moderate / moderate.sum()


def calls(pol: Polity, world: World, params: DualPowerParams, day: int) -> np.ndarray:
    """Who calls people out: council parties outside the cabinet whose line is far from g on the open questions
    or that have broken with a government they shared and claim power against it (:func:`.leadership.broken_away`:
    the USPD's Berlin organisation, with the revolutionary shop stewards and the KPD, called the demonstration
    of 5 January 1919), unless repressed; and the councils."""
    p = world.inputs.parties
    w = stretch(open_questions(world, day))
    g = np.array([pol.g.peace, pol.g.land, pol.g.power]) * w
    plat = pol.platforms * w
    far = np.linalg.norm(plat - g, axis=1) > params.call_gap
    broke = broken_away(pol, world, day)
    party_calls = (far | broke) & p.councils & (pol.cabinet <= 0) & (pol.repressed_until < day) & pol.on_offer(day)
    s = np.array([pol.s.peace, pol.s.land, pol.s.power]) * w
    councils_call = bool(np.linalg.norm(s - g) > params.call_gap) and not pol.outcome
    return np.append(party_calls, councils_call)
