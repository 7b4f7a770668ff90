"""Force and confrontation: armed demonstrations, the coup march, the military committee,
insurrection and crackdown. Each is triggered by the state, never by a date (the coup march's
start is an input)."""

from __future__ import annotations

import dataclasses as dc

import numpy as np

from .force import Armed, armed_people, strengths
from .params import DualPowerParams
from .state import ACTIVE, COUNCILS, DEAD, JAILED, State

COUNCIL_POWER, RESTORATION, DICTATORSHIP = "council-power", "government-restoration", "military-dictatorship"


def contest(f_s: float, f_g: float, m: float) -> float:
    """Chance that the councils win: ``F_S^m / (F_S^m + F_G^m)`` (1 when nobody defends)."""
    if f_g <= 0:
        return 1.0
    return f_s**m / (f_s**m + f_g**m)


def casualties(armed: Armed, won_by_councils: bool, f_s: float, f_g: float, lethality: float, rng) -> np.ndarray:
    """Who dies: as many attackers engage as there are defenders, each dying at ``lethality`` times the
    defence's share of all force (a hopeless defence surrenders, a strong one bleeds both sides)."""
    defenders, attackers = (armed.obeys_gov, armed.obeys_councils) if won_by_councils else (armed.obeys_councils, armed.obeys_gov)
    share = (f_g if won_by_councils else f_s) / max(f_s + f_g, 1e-12)
    d_idx = armed.index[defenders]
    a_idx = rng.permutation(armed.index[attackers])[: len(d_idx)]
    fighters = np.concatenate([d_idx, a_idx])
    return fighters[rng.random(len(fighters)) < lethality * share]


def end(state: State, outcome: str, detail: str, dead: np.ndarray) -> State:
    """Record an outcome; the dead are marked."""
    condition = state.people.condition.copy()
    condition[dead] = DEAD
    jail = state.people.jail.copy()
    jail[dead] = 0
    pol = dc.replace(state.polity, outcome=outcome, outcome_day=state.day)
    if outcome == COUNCIL_POWER:
        pol = dc.replace(pol, cabinet=council_cabinet(pol.delegates, state.world), cabinet_name="Council government")
    event = (_event_type(outcome), f"{detail}; {len(dead) / state.world.scale:.0f} dead")
    return dc.replace(state, people=dc.replace(state.people, condition=condition, jail=jail), polity=pol, events=state.events + (event,))


def council_cabinet(delegates: np.ndarray, world) -> np.ndarray:
    """The councils' majority forms the government: cabinet weights are the power-claiming parties' seats."""
    p = world.inputs.parties
    filled = delegates >= 0
    claimers = p.power > 0.5
    seats = np.bincount(delegates[filled], weights=world.seats[filled], minlength=len(p.names)) * claimers
    return seats / seats.sum() if seats.sum() > 0 else claimers / claimers.sum()


def _event_type(outcome: str) -> str:
    return {COUNCIL_POWER: "insurrection", RESTORATION: "crackdown", DICTATORSHIP: "coup"}[outcome]


def armed_demonstration(state: State, armed: Armed, params: DualPowerParams, rng) -> State:
    """Armed council loyalists come out while the majority refuses power; the radical party is repressed."""
    pol, people = state.polity, state.people
    loyal = people.allegiance[armed.index] == COUNCILS
    out = loyal & (people.condition[armed.index] == ACTIVE)
    share = out.sum() / max(loyal.sum(), 1)
    if pol.claims or share <= params.demo_share or state.day - pol.demo_day < params.demo_cooldown:
        return state
    radical = state.world.inputs.parties.radical
    members = np.flatnonzero(people.member & (people.party == radical) & (people.condition <= ACTIVE))
    jailed = members[rng.random(len(members)) < params.repress_share]
    condition, jail = people.condition.copy(), people.jail.copy()
    condition[jailed], jail[jailed] = JAILED, params.jail_max
    until = pol.repressed_until.copy()
    until[radical] = state.day + params.repress_days
    name = state.world.inputs.parties.names[radical]
    detail = (f"{out.sum() / state.world.scale:.0f} armed out ({share:.0%} of armed council loyalists); "
              f"the majority refuses power; {len(jailed) / state.world.scale:.0f} {name} activists arrested")
    return dc.replace(state, people=dc.replace(people, condition=condition, jail=jail),
                      polity=dc.replace(pol, repressed_until=until, demo_day=state.day),
                      events=state.events + (("armed-demonstration", detail),))


def coup_march(state: State, params: DualPowerParams, f_s: float) -> State:
    """The marching force's will decays under agitation; on arrival it wins only if still stronger."""
    pol, coup = state.polity, state.world.inputs.coup
    if pol.coup_will <= 0 or coup is None:
        return state
    alive = state.people.condition != DEAD
    loyal = float(np.mean(state.people.allegiance[alive] == COUNCILS))
    will = pol.coup_will * float(np.exp(-params.coup_decay * loyal))
    state = dc.replace(state, polity=dc.replace(pol, coup_will=will))
    if state.day < coup[1]:
        return state
    strength = params.coup_strength * will
    if strength > f_s:
        return end(state, DICTATORSHIP, f"{coup[2]} enters the city ({strength:.0f} against {f_s:.0f})", np.zeros(0, np.int64))
    detail = f"{coup[2]} halted: will {will:.2f}, strength {strength:.0f} against councils' {f_s:.0f}"
    return dc.replace(state, polity=dc.replace(state.polity, coup_will=0.0), events=state.events + (("coup-collapsed", detail),))


def committee(state: State, params: DualPowerParams, f_g: float, f_s: float) -> State:
    """While the councils claim power the government's alarm grows; when it moves, a military committee forms."""
    pol = state.polity
    if not pol.claims or pol.committee_day >= 0:
        return state
    alarm = pol.alarm + f_s / max(f_s + f_g, 1e-12)
    if alarm < params.alarm_threshold:
        return dc.replace(state, polity=dc.replace(pol, alarm=alarm))
    detail = f"the government orders the garrison out; the councils form a military committee (forces {f_s:.0f} vs {f_g:.0f})"
    return dc.replace(state, polity=dc.replace(pol, alarm=alarm, committee_day=state.day),
                      events=state.events + (("military-committee", detail),))


def decide(state: State, armed: Armed, params: DualPowerParams, f_g: float, f_s: float, rng) -> State:
    """Insurrection when the councils claim power, are ready and strong enough; crackdown when they are weak."""
    pol = state.polity
    ready = pol.claims and pol.committee_day >= 0 and state.day - pol.committee_day >= params.prepare_days
    if ready and f_s >= params.insurrection_ratio * f_g:
        p = contest(f_s, f_g, params.contest_exponent)
        won = bool(rng.random() < p)
        dead = casualties(armed, won, f_s, f_g, params.battle_lethality, rng)
        detail = f"councils {f_s:.0f} vs government {f_g:.0f}, success chance {p:.2f}"
        return end(state, COUNCIL_POWER if won else RESTORATION, detail, dead)
    if not pol.claims and f_g > 0 and f_g >= params.crackdown_ratio * f_s:
        dead = casualties(armed, False, f_s, f_g, params.battle_lethality, rng)
        return end(state, RESTORATION, f"the government disbands the councils ({f_g:.0f} vs {f_s:.0f})", dead)
    return state


def step_confrontation(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Measure both forces and let the day's confrontations play out."""
    armed = armed_people(state, params)
    f_g, f_s = strengths(armed, state.world.scale)
    state = dc.replace(state, polity=dc.replace(state.polity, force_g=f_g, force_s=f_s))
    if state.polity.outcome:
        return state
    state = armed_demonstration(state, armed, params, rng)
    state = coup_march(state, params, f_s)
    if state.polity.outcome:
        return state
    state = committee(state, params, f_g, f_s)
    return decide(state, armed, params, f_g, f_s, rng)
