"""The councils' military organisation: arming from finite stocks at the pace of organisation, the military
committee, and the decisions of both sides once the councils claim power (the government striking first,
the councils' leadership rising)."""

from __future__ import annotations

import numpy as np

from .force import Armed, armed_people
from .kernels import Slices
from .leadership import radical_party
from .params import DualPowerParams
from .state import DEAD, State, evolve
from .tallies import living_mean, rifle_pool

FACTORY, ARSENAL = 0, 1
GOLDEN = (np.sqrt(5.0) - 1.0) / 2.0


def threat(state: State) -> float:
    """How urgently the councils organise, in [0, 1]: a coup march's will or the committee's readiness."""
    pol = state.polity
    return max(pol.coup_will, pol.readiness)


def open_stock(stocks: np.ndarray, garrison_with_councils: float, urgency: float) -> float:
    """Rifles within reach (real units): the factories', and the arsenals' as far as their guards obey the
    councils and the councils' organisation, under threat, comes to take them."""
    return float(stocks[FACTORY] + stocks[ARSENAL] * garrison_with_councils * urgency)


def garrison_share(armed: Armed) -> float:
    """Share of the garrison classes' armed strength obeying the councils."""
    total = float(armed.strength[armed.garrison].sum(dtype=np.float64))
    return float(armed.strength[armed.garrison & armed.obeys_councils].sum(dtype=np.float64)) / max(total, 1e-12)


def place_offsets(n_units: int) -> np.ndarray:
    """A fixed offset in [0, 1) per unit, equidistributed over any run of consecutive units (the golden-ratio
    sequence by index): rounding ``x + offset`` down gives each unit ``x`` on average and a run of units their
    sum to within a few places, where rounding ``x`` down takes half a place from every unit on average."""
    return np.modf(np.arange(1, n_units + 1) * GOLDEN)[0]


def militia_room(state: State, norm: float) -> np.ndarray:
    """By unit, the rifles its militia may still take: ``norm`` of its living less those already armed, int64
    (n_units,). A workplace's organisers can drill and command so many (the Petrograd Soviet's executive asked
    the factories on 28 February 1917 for a militia of 100 per 1,000 workers). The fraction of a place goes
    by :func:`place_offsets`: at scale 0.05 a sampled workplace of nine stands for 180 workers and their
    militia of 18, which rounding down would leave with none (docs/ODD.md, Scale)."""
    people, units = state.people, state.world.units
    alive = people.condition != DEAD
    living = np.add.reduceat(alive, units.start, dtype=np.int64)
    armed = np.add.reduceat(people.armed & alive, units.start, dtype=np.int64)
    room = np.floor(norm * living + place_offsets(len(units.size))).astype(np.int64) - armed
    return np.where(units.size > 0, np.maximum(room, 0), 0)


def first_of_each(unit: np.ndarray, room: np.ndarray) -> np.ndarray:
    """Mask keeping, of people listed unit by unit (``unit`` nondecreasing), the first ``room[u]`` of unit u."""
    rank = np.arange(len(unit)) - np.searchsorted(unit, unit, side="left")
    return rank < room[unit]


def arm(state: State, armed: Armed, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Free council-loyal workers join their workplace's militia and take rifles from the stocks within reach,
    faster under threat, as far as their militia has room (:func:`militia_room`)."""
    people, units, pol = state.people, state.world.units, state.polity
    reach = garrison_share(armed)
    room = int(open_stock(pol.stocks, reach, threat(state)) * state.world.scale)
    if room <= 0:
        return state
    scan = state.world.inputs.classes.red_guard_pool[units.cls]
    pool = rifle_pool(Slices(units.start, units.size), scan, people.armed, people.condition, people.allegiance)
    rate = min(params.red_guard_rate * (1.0 + params.organise_gain * threat(state)), 1.0)
    takers = pool[rng.random(len(pool)) < rate]
    if len(takers) == 0:
        return state
    takers = takers[first_of_each(people.unit[takers], militia_room(state, params.militia_norm))][:room]
    if len(takers) == 0:
        return state
    taken = len(takers) / state.world.scale
    stocks = pol.stocks.copy()
    from_factory = min(taken, stocks[FACTORY])
    stocks[FACTORY] -= from_factory
    stocks[ARSENAL] = max(stocks[ARSENAL] - (taken - from_factory), 0.0)
    armed_now = people.armed.copy()
    armed_now[takers] = True
    return evolve(state, people=evolve(people, armed=armed_now), polity=evolve(pol, stocks=stocks))


def step_arming(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Today's arming from the stocks."""
    return arm(state, armed_people(state, params), params, rng)


def illegitimacy(state: State) -> float:
    """One less the government's mean legitimacy among the living."""
    return 1.0 - living_mean(state.people.lg, state.people.condition)


def organise(state: State, armed: Armed, params: DualPowerParams, f_g: float, f_s: float, rng) -> State:
    """While the councils claim power: the government may strike first, the councils form a military
    committee (at once if struck, else by their own decision), whose readiness then grows with the garrison
    it wins. A coup march hastens the arming (:func:`threat`), not the committee: defence is not a rising."""
    pol = state.polity
    if not pol.claims or pol.outcome:
        return state
    weak = illegitimacy(state)
    events = list(state.events)
    if pol.strike_day < 0 and rng.random() < params.strike_rate * weak * f_s / max(f_s + f_g, 1e-12):
        until = pol.repressed_until.copy()
        until[radical_party(pol.platforms)] = state.day + params.repress_days
        pol = evolve(pol, strike_day=state.day, repressed_until=until)
        events.append(("government-strikes",
                       "the government orders the garrison to the front and closes the radical press"))
    if pol.committee_day < 0:
        if pol.strike_day >= 0 or rng.random() < params.committee_rate * weak:
            pol = evolve(pol, committee_day=state.day)
            detail = f"the councils form a military committee (forces {f_s:.0f} vs {f_g:.0f})"
            events.append(("military-committee", detail))
    else:
        pol = evolve(pol, readiness=min(pol.readiness + params.organise_speed * garrison_share(armed), 1.0))
    return evolve(state, polity=pol, events=tuple(events))


def standing_among_electors(state: State) -> float:
    """The government's mean legitimacy among the living of the classes that elect the councils (1 if none):
    the constituency whose mood the councils' leadership reads in its own meetings and votes."""
    people = state.people
    electors = (people.condition != DEAD) & state.world.inputs.classes.council_voter[people.cls]
    return float(people.lg.mean(where=electors, dtype=np.float64)) if electors.any() else 1.0


def rises(state: State, params: DualPowerParams, f_g: float, f_s: float, rng) -> bool:
    """The councils' leadership decides to rise: its committee ready, strong enough, and the government's mean
    legitimacy among the councils' electors below ``rising_level``, with a daily chance growing with that
    shortfall. The leaders judge by the workers and soldiers who elect them, not by the propertied (Lenin's
    September letters argued from the majorities in the capitals' soviets; Rabinowitch 1976)."""
    pol = state.polity
    if not pol.claims or pol.readiness < 1.0 or f_s < params.insurrection_ratio * f_g:
        return False
    shortfall = max(params.rising_level - standing_among_electors(state), 0.0) / max(params.rising_level, 1e-12)
    return bool(rng.random() < params.insurrection_rate * min(4.0 * shortfall, 1.0))


__all__ = [
    "arm", "first_of_each", "garrison_share", "militia_room", "open_stock", "organise", "place_offsets", "rises",
    "standing_among_electors", "step_arming", "threat",
]
