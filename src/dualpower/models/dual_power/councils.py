"""Councils: delegates by plurality per constituency, re-election and recall, policy, claim to power."""

from __future__ import annotations

import numpy as np

from .tallies import Counting, Electorate, tally
from .groups import consistent, district_class
from .leadership import claimers
from .params import DualPowerParams
from .state import JAILED, VACANT, Policy, Polity, State, World, evolve


def constituency_votes(state: State) -> np.ndarray:
    """Living council voters' preferences by (constituency, party), float64 (n_constituencies, n_parties).

    A constituency's sampled voters stand for its real ones: its shares keep their real difference from the
    shares of its district and class but only the real electorate's sampling noise (:func:`.groups.consistent`),
    so that the noise of a company of four sampled soldiers does not spread seats among parties that would
    lose every company at full scale (docs/ODD.md, Scale)."""
    people, world = state.people, state.world
    who = Electorate(people.unit, people.party, people.cls, people.member, people.condition)
    counted = Counting(world.inputs.classes.council_voter, False, JAILED, world.n_parties, len(world.seats))
    votes = tally(world.units.constituency, who, counted).astype(np.float64)
    units = world.units
    seated = units.constituency >= 0
    n = len(world.seats)
    group = np.zeros(n, np.int64)
    group[units.constituency[seated]] = district_class(units, len(world.inputs.classes.names))[seated]
    sampled = np.bincount(units.constituency[seated], weights=units.size[seated], minlength=n)
    real = np.bincount(units.constituency[seated], weights=world.real_size[seated], minlength=n)
    voters = votes.sum(axis=1)
    return consistent(votes, voters, group, sampled / np.maximum(real, 1.0)) * voters[:, None]


def plurality(votes: np.ndarray, in_councils: np.ndarray) -> np.ndarray:
    """The leading council party of each constituency, or VACANT where nobody votes for one; int8."""
    counted = votes * in_councils
    winner = np.argmax(counted, axis=1).astype(np.int8)
    winner[counted.sum(axis=1) == 0] = VACANT
    return winner


def recalls(delegates: np.ndarray, votes: np.ndarray, in_councils: np.ndarray, margin: float) -> np.ndarray:
    """Constituencies whose delegates' party has fallen ``margin`` (share of voters) behind the leader."""
    counted = votes * in_councils
    total = np.maximum(counted.sum(axis=1), 1)
    own = np.where(delegates >= 0, counted[np.arange(len(delegates)), np.maximum(delegates, 0)], 0)
    return (delegates >= 0) & ((counted.max(axis=1) - own) / total > margin)


def seat_shares(delegates: np.ndarray, seats: np.ndarray, n_parties: int) -> np.ndarray:
    """Share of the filled seats held by each party, float64 (n_parties,)."""
    filled = delegates >= 0
    held = np.bincount(delegates[filled], weights=seats[filled], minlength=n_parties)
    return held / max(held.sum(), 1.0)


def weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The value at which half the weight lies on either side."""
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cum, 0.5 * cum[-1])])


def council_policy(shares: np.ndarray, platforms: np.ndarray, fallback: Policy) -> Policy:
    """The seat-weighted median line on each demand."""
    if shares.sum() == 0:
        return fallback
    return Policy(*(weighted_median(platforms[:, k], shares) for k in range(3)))


def elect(polity: Polity, state: State, params: DualPowerParams, rng: np.random.Generator) -> np.ndarray:
    """New delegates: recalled, randomly re-electing and vacant constituencies, and those whose party has left
    the menu, take their plurality party."""
    votes = constituency_votes(state)
    in_councils = state.world.inputs.parties.councils
    due = recalls(polity.delegates, votes, in_councils, params.recall_margin)
    due |= rng.random(len(due)) < params.reelection_rate
    due |= polity.delegates == VACANT
    due |= (polity.delegates >= 0) & ~polity.on_offer(state.day)[np.maximum(polity.delegates, 0)]
    return np.where(due, plurality(votes, in_councils), polity.delegates).astype(np.int8)


def step_councils(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Elect, set the councils' policy and whether their majority claims power (a change is an event and a
    milestone only while dual power lasts: after a crackdown the delegates no longer sit)."""
    pol, world = state.polity, state.world
    delegates = elect(pol, state, params, rng)
    shares = seat_shares(delegates, world.seats, world.n_parties)
    claims = bool(shares[claimers(pol.platforms)].sum() > 0.5)
    events = list(state.events)
    majority_day = pol.majority_day
    if claims != pol.claims and not pol.outcome:
        events.append(("majority-change", _majority_text(claims, shares, world)))
        if claims and majority_day < 0:
            majority_day = state.day
    s = council_policy(shares, pol.platforms, pol.s)
    pol = evolve(pol, delegates=delegates, s=s, claims=claims, majority_day=majority_day)
    return evolve(state, polity=pol, events=tuple(events))


def _majority_text(claims: bool, shares: np.ndarray, world: World) -> str:
    names = world.inputs.parties.names
    seats = ", ".join(f"{n} {s:.0%}" for n, s in zip(names, shares) if s > 0)
    return ("the majority claims power: " if claims else "the majority no longer claims power: ") + seats
