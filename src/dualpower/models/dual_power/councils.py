"""Councils: delegates per constituency (by plurality, or in proportion), re-election and recall, policy, claim
to power."""

from __future__ import annotations

import numpy as np

from .tallies import Counting, Electorate, Grouping, tally
from .groups import consistent
from .leadership import claimers
from .params import DualPowerParams
from .state import JAILED, Policy, Polity, State, World, evolve, party_seats


def constituency_votes(state: State) -> np.ndarray:
    """Living council voters' preferences by (constituency, party), float64 (n_constituencies, n_parties).

    A constituency's sampled voters stand for its real ones: its shares keep their real difference from the
    shares of its district and class but only the real electorate's sampling noise (:func:`.groups.consistent`),
    so that the noise of a company of four sampled soldiers does not spread seats among parties that would
    lose every company at full scale (docs/ODD.md, Scale)."""
    people, world = state.people, state.world
    units = world.units
    who = Electorate(people.party, people.member, people.condition)
    counted = Counting(world.inputs.classes.council_voter, False, JAILED, world.n_parties, len(world.seats))
    votes = tally(Grouping(units.start, units.size, units.cls, units.constituency), who, counted).astype(np.float64)
    voters = votes.sum(axis=1)
    return consistent(votes, voters, world.seat_rows) * voters[:, None]


def plurality(votes: np.ndarray, in_councils: np.ndarray, seats: np.ndarray) -> np.ndarray:
    """Every seat of a constituency to its leading council party (none where nobody votes for one): seats by
    constituency and party, int64 (n_constituencies, n_parties)."""
    counted = votes * in_councils
    out = np.zeros(counted.shape, np.int64)
    out[np.arange(len(counted)), np.argmax(counted, axis=1)] = seats
    out[counted.sum(axis=1) == 0] = 0
    return out


def proportional(votes: np.ndarray, in_councils: np.ndarray, seats: np.ndarray) -> np.ndarray:
    """A constituency's seats shared among the council parties in proportion to their votes, by largest
    remainder (ties to the party listed first; none where nobody votes for one), int64 (n_constituencies,
    n_parties). A constituency of one seat gives it to its leading party, as plurality does."""
    counted = votes * in_councils
    total = counted.sum(axis=1)
    quota = counted / np.maximum(total, 1e-300)[:, None] * seats[:, None]
    whole = np.floor(quota).astype(np.int64)
    rank = np.argsort(np.argsort(-(quota - whole), axis=1, kind="stable"), axis=1, kind="stable")
    out = whole + (rank < (seats - whole.sum(axis=1))[:, None])
    out[total <= 0] = 0
    return out


def recalls(delegates: np.ndarray, votes: np.ndarray, in_councils: np.ndarray, seats: np.ndarray, margin: float,
            in_proportion: bool) -> np.ndarray:
    """Constituencies that recall their delegates: where one party holds them, once it has fallen ``margin``
    (share of voters) behind the leader; in proportion, once a party's share of the voters exceeds its
    share of the seats by ``margin``."""
    counted = votes * in_councils
    total = np.maximum(counted.sum(axis=1), 1)
    held = delegates.sum(axis=1) > 0
    if in_proportion:
        return held & ((counted / total[:, None] - delegates / seats[:, None]).max(axis=1) > margin)
    own = counted[np.arange(len(delegates)), np.argmax(delegates, axis=1)]
    return held & ((counted.max(axis=1) - own) / total > margin)


def seat_shares(delegates: np.ndarray) -> np.ndarray:
    """Share of the filled seats held by each party, float64 (n_parties,)."""
    held = party_seats(delegates)
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
    """New delegates: recalled, randomly re-electing and vacant constituencies, and those where a party that
    has left the menu holds seats, elect theirs by plurality (or, with ``proportional_seats``, in
    proportion)."""
    votes = constituency_votes(state)
    in_councils = state.world.inputs.parties.councils
    seats = state.world.seats
    held = polity.delegates
    due = recalls(held, votes, in_councils, seats, params.recall_margin, params.proportional_seats)
    due |= rng.random(len(due)) < params.reelection_rate
    due |= held.sum(axis=1) == 0
    due |= (held[:, ~polity.on_offer(state.day)] > 0).any(axis=1)
    elected = (proportional if params.proportional_seats else plurality)(votes, in_councils, seats)
    return np.where(due[:, None], elected, held)


def step_councils(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Elect, set the councils' policy and whether their majority claims power (a change is an event and a
    milestone only while dual power lasts: after a crackdown the delegates no longer sit)."""
    pol, world = state.polity, state.world
    delegates = elect(pol, state, params, rng)
    shares = seat_shares(delegates)
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
