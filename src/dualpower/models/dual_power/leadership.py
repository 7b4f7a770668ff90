"""Party leaderships: their lines (changed only by dated decisions such as a leader's return) and their
restraint over armed units, which come out when the accumulated rise of their activity overrides it."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .activity import turn_out
from .force import Armed
from .groups import consistent
from .inputs import Inputs
from .params import DualPowerParams
from .state import ACTIVE, COUNCILS, JAILED, Polity, State, World, evolve, party_seats

CLAIM = 0.5
"""A line whose power coordinate exceeds this claims all power for the councils."""
MAJORITY = 0.5
"""Share of council seats, or of a crowd, beyond which a side holds the councils or the street."""


def initial_platforms(inputs: Inputs) -> np.ndarray:
    """The parties' lines on the first day (the table's, or a line dated that day), float64 (n_parties, 3)."""
    platforms = inputs.parties.platforms
    for day, party, plat in inputs.lines:
        if day == 0:
            platforms[party] = plat
    return platforms


def claimers(platforms: np.ndarray) -> np.ndarray:
    """Parties whose line today claims power for the councils, bool (n_parties,)."""
    return platforms[:, 2] > CLAIM


def served(world: World, day: int) -> np.ndarray:
    """Parties that have sat in a scenario cabinet that took office by ``day``, bool (n_parties,)."""
    seated = [weights > 0 for start, _, weights in world.inputs.cabinets if start <= day]
    return np.any(seated, axis=0) if seated else np.zeros(world.n_parties, bool)


def broken_away(pol: Polity, world: World, day: int) -> np.ndarray:
    """Council parties whose line claims power and that have left a cabinet of the case (they sat in one and
    are out of today's), bool (n_parties,): they have broken with a government they shared and claim power
    against it (the USPD after its members left the Council of People's Deputies on 29 December 1918). No
    such party sits in a Petrograd or Moscow cabinet (the Bolsheviks and the Left SRs never did)."""
    return world.inputs.parties.councils & claimers(pol.platforms) & (pol.cabinet <= 0) & served(world, day)


def radical_party(platforms: np.ndarray) -> int:
    """The party whose line claims power most strongly today."""
    return int(np.argmax(platforms[:, 2]))


def step_lines(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Parties whose leaders have announced a new line move toward it by ``line_adoption`` of the way a day: a
    party takes up its leaders' turn over weeks of meetings, press and conferences. A party off the menu keeps
    its line out of reach."""
    announced = [x for x in state.world.inputs.lines if x[0] <= state.day]     # in date order, checked on loading
    if not announced:
        return state
    platforms = state.polity.platforms.copy()
    names = state.world.inputs.parties.names
    events = list(state.events)
    latest = {}
    for day, p, plat in announced:
        latest[p] = plat
        if day == state.day:
            line = f"peace {plat[0]:.2f}, land {plat[1]:.2f}, power {plat[2]:.2f}"
            events.append(("line", f"the {names[p]} leaders announce the line {line}"))
    offer = state.polity.on_offer(state.day)
    for p, plat in latest.items():
        if offer[p]:
            platforms[p] += params.line_adoption * (np.asarray(plat) - platforms[p])
    return evolve(state, polity=evolve(state.polity, platforms=platforms), events=tuple(events))


class Unrest(NamedTuple):
    """Per unit (n_units,): its council-loyal armed members and the share of them out today."""

    loyal: np.ndarray
    active_share: np.ndarray


def unrest(state: State, armed: Armed) -> Unrest:
    """Council-loyal armed people by unit and the share of them active today (scale-consistent)."""
    count, out = armed.loyal, armed.loyal_active
    share = consistent(out[:, None], count, state.world.unit_rows)[:, 0]
    return Unrest(count, np.where(count > 0, share, 0.0))


def pressures(state: State, now: Unrest, params: DualPowerParams) -> tuple[np.ndarray, np.ndarray]:
    """Each unit's pressure (yesterday's, leaking, plus today's active share above the unit's habit, never
    below 0) and its new habit (the same leak's moving average of its active share), float64 (n_units,)."""
    leak, pol = params.pressure_leak, state.polity
    habit = np.where(np.isnan(pol.habit), now.active_share, pol.habit)
    pressure = np.maximum((1.0 - leak) * pol.pressure + now.active_share - habit, 0.0)
    return pressure, (1.0 - leak) * habit + leak * now.active_share


def armed_demonstration(state: State, armed: Armed, params: DualPowerParams, f_g: float, f_s: float, rng) -> State:
    """Units whose pressure beats their leaders' restraint come out together once they hold ``demo_share``
    of the councils' armed members and someone among them would fight for the councils. While the councils'
    executive's ban on arms holds and no council party that has broken with the government calls against it
    (:func:`broken_away`: the USPD, the shop stewards and the KPD called Berlin's crowds of 5-6 January 1919
    against the SPD's executive), the executive leads them into its own demonstration
    (:func:`led_demonstration`); otherwise they come out armed and the government answers by the balance of
    force that day (:func:`government_answer`), after which an executive of parties that refuse power bans
    arms. The whole city comes out, the other garrison units' armed without their arms, so every unit's
    pressure is spent and its habit rises to today's share."""
    now = unrest(state, armed)
    pressure, habit = pressures(state, now, params)
    pol = evolve(state.polity, habit=habit)
    ready = pressure > params.restraint
    share = now.loyal[ready].sum() / max(now.loyal.sum(), 1.0)
    in_ready = ready[state.people.unit[armed.index]]
    out = float(armed.strength[in_ready & armed.obeys_councils].sum(dtype=np.float64)) / state.world.scale
    if pol.claims or share <= params.demo_share or out <= 0.0:
        return evolve(state, polity=evolve(pol, pressure=pressure))
    spent = evolve(pol, pressure=np.zeros_like(pressure), habit=np.maximum(habit, now.active_share))
    state = evolve(state, polity=spent)
    marchers = armed.index[in_ready & (state.people.allegiance[armed.index] == COUNCILS)]
    garrison = state.world.inputs.classes.garrison[state.world.units.cls]
    if pol.arms_ban and not broken_away(pol, state.world, state.day).any():
        return led_demonstration(state, params, rng, garrison, marchers, out)
    state = government_answer(state, out, f_g, f_s, params, rng)
    state = turn_out(state, params, rng, ~ready & garrison, marchers)
    return evolve(state, polity=evolve(state.polity, arms_ban=moderate_share(state) > MAJORITY))


def led_demonstration(state: State, params: DualPowerParams, rng, garrison: np.ndarray, marchers: np.ndarray,
                      out: float) -> State:
    """The councils' executive, having banned the garrison's arms, leads the pressing units into its own
    demonstration: the whole city is called out, every garrison unit comes without arms (``garrison``, bool
    (n_units,)), and the government, facing the councils' own call, arrests nobody (after the April Days the
    Soviet's executive forbade soldiers to come out armed without its leave; in June the Congress of Soviets
    banned the Bolsheviks' armed demonstration of 10 June and called its own for the 18th; Rabinowitch 1968,
    ch. 4-5). The crowd shows whose lines it carries: when most of those out back parties that claim power,
    the executive has shown that it does not speak for the units, and their next rise comes out armed
    against its ban (18 June marched under Bolshevik slogans; on 3 July the units came out armed against
    both the executive and the Bolshevik leadership)."""
    state = turn_out(state, params, rng, garrison, marchers, safe=True)
    people = state.people
    active = people.condition == ACTIVE
    radical = float(claimers(state.polity.platforms)[people.party[active]].mean()) if active.any() else 0.0
    lapsed = radical > MAJORITY
    detail = (f"the councils' executive leads {out:.0f} armed pressing to come out into its own demonstration, "
              f"the garrison unarmed; {radical:.2f} of those out back parties that claim power"
              + (": the executive does not speak for the units" if lapsed else ""))
    return evolve(state, polity=evolve(state.polity, arms_ban=not lapsed),
                  events=state.events + (("council-demonstration", detail),))


def moderate_share(state: State) -> float:
    """Share of council seats held by council parties that refuse power: the executive that may side
    with the government against demonstrators."""
    pol = state.polity
    seats = party_seats(pol.delegates)
    return float(seats[~claimers(pol.platforms)].sum() / max(seats.sum(), 1.0))


def government_answer(state: State, out: float, f_g: float, f_s: float, params: DualPowerParams, rng) -> State:
    """Troops called from the front (while the command has not turned on the government), and the units that
    follow the councils' refusing executive, face the demonstrators. If that side prevails, the government
    arrests the radical party's members and cuts its agitation, both in proportion to its own troops' share
    of force against the demonstrators, and a ``repression`` event records that the demonstration was put
    down."""
    pol, people = state.polity, state.people
    command = state.world.inputs.command
    loyal = command is not None and pol.coup_day < 0
    extra = params.reinforce_share * command.strength if loyal else 0.0
    own = f_g + extra
    order = own + max(f_s - out, 0.0) * moderate_share(state)
    weight = order / max(order + out, 1e-12)
    grip = own / max(own + out, 1e-12) if weight > 0.5 else 0.0
    radical = radical_party(pol.platforms)
    members = np.flatnonzero(people.member & (people.party == radical) & (people.condition <= ACTIVE))
    jailed = members[rng.random(len(members)) < params.repress_share * grip]
    condition, jail = people.condition.copy(), people.jail.copy()
    condition[jailed], jail[jailed] = JAILED, params.jail_max
    until = pol.repressed_until.copy()
    until[radical] = max(until[radical], state.day + round(params.repress_days * grip))
    name = state.world.inputs.parties.names[radical]
    detail = (f"{out:.0f} armed out against their leaders' restraint; {extra:.0f} troops called to the government; "
              f"{len(jailed) / state.world.scale:.0f} {name} activists arrested (share of force for order "
              f"{weight:.2f}, the government's own {own / max(own + out, 1e-12):.2f})")
    pol = evolve(pol, repressed_until=until, reinforcements=pol.reinforcements + extra)
    events = (("armed-demonstration", detail),)
    if grip > 0:
        events += (("repression", f"the demonstration is put down; the {name}'s agitation cut for "
                                  f"{until[radical] - state.day} days"),)
    return evolve(state, people=evolve(people, condition=condition, jail=jail), polity=pol,
                  events=state.events + events)


__all__ = [
    "CLAIM", "armed_demonstration", "broken_away", "claimers", "initial_platforms", "radical_party", "served",
    "step_lines",
]
