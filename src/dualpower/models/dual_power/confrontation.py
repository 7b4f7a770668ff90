"""Confrontations of the day, each a decision of an actor inside the model (never a date): armed
demonstrations (:mod:`.leadership`), the coup (:mod:`.command`), the military committee and the
insurrection (:mod:`.military`), and the government's crackdown."""

from __future__ import annotations

import numpy as np

from .command import DICTATORSHIP, attempt, march
from .force import Armed, armed_people, strengths
from .government import COUNCIL_POWER
from .leadership import armed_demonstration, claimers
from .military import illegitimacy, organise, rises
from .params import DualPowerParams
from .state import DEAD, State, evolve, party_seats

RESTORATION = "government-restoration"


def contest(f_s: float, f_g: float, m: float) -> float:
    """Chance that the councils win: ``F_S^m / (F_S^m + F_G^m)`` (1 when nobody defends)."""
    if f_g <= 0:
        return 1.0
    return f_s**m / (f_s**m + f_g**m)


def casualties(armed: Armed, won_by_councils: bool, f_s: float, f_g: float, lethality: float, rng) -> np.ndarray:
    """Who dies: as many attackers engage as there are defenders, each dying at ``lethality`` times the
    defence's share of all force (a hopeless defence surrenders, a strong one bleeds both sides)."""
    sides = (armed.obeys_gov, armed.obeys_councils)
    defenders, attackers = sides if won_by_councils else sides[::-1]
    share = (f_g if won_by_councils else f_s) / max(f_s + f_g, 1e-12)
    d_idx = armed.index[defenders]
    a_idx = rng.permutation(armed.index[attackers])[: len(d_idx)]
    fighters = np.concatenate([d_idx, a_idx])
    return fighters[rng.random(len(fighters)) < lethality * share]


def end(state: State, outcome: str, detail: str, dead: np.ndarray, event: str = "") -> State:
    """Record an outcome (``event`` names it, by default after the outcome); the dead are marked. A council
    government does not inherit the old one's discredit."""
    condition = state.people.condition.copy()
    condition[dead] = DEAD
    jail = state.people.jail.copy()
    jail[dead] = 0
    pol = evolve(state.polity, outcome=outcome, outcome_day=state.day)
    if outcome == COUNCIL_POWER:
        cabinet = council_cabinet(pol.delegates, pol.platforms)
        pol = evolve(pol, cabinet=cabinet, cabinet_name="Council government", discredit=0.0)
    event = (event or _event_type(outcome), f"{detail}; {len(dead) / state.world.scale:.0f} dead")
    people = evolve(state.people, condition=condition, jail=jail)
    return evolve(state, people=people, polity=pol, events=state.events + (event,))


def council_cabinet(delegates: np.ndarray, platforms: np.ndarray) -> np.ndarray:
    """The councils' majority forms the government: cabinet weights are the power-claiming parties' seats."""
    claim = claimers(platforms)
    seats = party_seats(delegates) * claim
    return seats / seats.sum() if seats.sum() > 0 else claim / max(claim.sum(), 1)


def _event_type(outcome: str) -> str:
    return {COUNCIL_POWER: "insurrection", RESTORATION: "crackdown", DICTATORSHIP: "coup"}[outcome]


def own_share(state: State) -> float:
    """The weight of the councils' parties in the cabinet: how far the government is the councils' own."""
    return float(state.polity.cabinet[state.world.inputs.parties.councils].sum())


def decide(state: State, armed: Armed, params: DualPowerParams, f_g: float, f_s: float, rng) -> State:
    """Insurrection when the councils' leadership decides to rise; a crackdown when the government, strong
    enough against councils that refuse power, decides to move (daily chance ``crackdown_rate x`` its
    mean legitimacy ``x`` the cabinet's weight outside the councils' parties: ministers do not disband the
    councils their own parties sit in)."""
    pol = state.polity
    if rises(state, params, f_g, f_s, rng):
        p = contest(f_s, f_g, params.contest_exponent)
        won = bool(rng.random() < p)
        dead = casualties(armed, won, f_s, f_g, params.battle_lethality, rng)
        detail = f"councils {f_s:.0f} vs government {f_g:.0f}, success chance {p:.2f}"
        return end(state, COUNCIL_POWER if won else RESTORATION, detail, dead)
    strong = not pol.claims and f_g > 0 and f_g >= params.crackdown_ratio * f_s
    if strong and rng.random() < params.crackdown_rate * (1.0 - illegitimacy(state)) * (1.0 - own_share(state)):
        dead = casualties(armed, False, f_s, f_g, params.battle_lethality, rng)
        return end(state, RESTORATION, f"the government disbands the councils ({f_g:.0f} vs {f_s:.0f})", dead)
    return state


def assembly_sits(state: State) -> bool:
    """Whether an elected assembly that claims sovereignty has met by today."""
    return any(0 <= e.meets <= state.day for e in state.world.inputs.elections)


def defer(state: State) -> State:
    """Councils whose majority refuses power hand their powers to an elected assembly once it sits: their
    majority holds that power belongs to the government and the assembly gives it a mandate. A majority that
    claims power keeps it, and hands it over only if it loses the claim while the assembly sits. An outcome
    reached earlier today (a coup that enters the city) stands."""
    if state.polity.outcome or state.polity.claims or not assembly_sits(state):
        return state
    return end(state, RESTORATION, "the councils' majority hands their powers to the elected assembly",
               np.zeros(0, np.int64), "handover")


def step_confrontation(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Measure both forces (the government's with the command's reinforcements) and let the day's decisions play out."""
    armed = armed_people(state, params)
    f_g, f_s = strengths(armed, state.world.scale)
    pol = state.polity
    reinforcements = pol.reinforcements * (1.0 - params.reinforce_decay)
    f_g += reinforcements
    state = evolve(state, polity=evolve(pol, force_g=f_g, force_s=f_s, reinforcements=reinforcements))
    if state.polity.outcome:
        return state
    state = armed_demonstration(state, armed, params, f_g, f_s, rng)
    state = attempt(state, params, f_g, f_s, rng)
    state = defer(march(state, params, f_s))
    if state.polity.outcome:
        return state
    state = organise(state, armed, params, f_g, f_s, rng)
    return decide(state, armed, params, f_g, f_s, rng)
