"""Councils: delegates per constituency (by plurality, or in proportion), re-election and recall, policy, claim
to power."""

from __future__ import annotations

import numba as nb
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


@nb.njit(cache=True, nogil=True, error_model="numpy")
def row_sum(row):
    """Sum of a float64 row in NumPy's own order (pairwise: up to 8 items in turn; up to 128 in eight running
    sums added as a tree; longer rows halved at a multiple of 8), so that a compiled pass decides every
    threshold as ``sum(axis=1)`` would."""
    n = len(row)
    if n < 8:
        total = 0.0
        for i in range(n):
            total += row[i]
        return total
    if n > 128:
        half = n // 2
        half -= half % 8
        return row_sum(row[:half]) + row_sum(row[half:])
    r0, r1, r2, r3, r4, r5, r6, r7 = row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7]
    whole = n - n % 8
    for i in range(8, whole, 8):
        r0, r1, r2, r3 = r0 + row[i], r1 + row[i + 1], r2 + row[i + 2], r3 + row[i + 3]
        r4, r5, r6, r7 = r4 + row[i + 4], r5 + row[i + 5], r6 + row[i + 6], r7 + row[i + 7]
    total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    for i in range(whole, n):
        total += row[i]
    return total


@nb.njit(cache=True, nogil=True, error_model="numpy")
def plurality(votes, in_councils, seats):
    """Every seat of a constituency to its leading council party (the first listed of those tied; none where
    nobody votes for one): seats by constituency and party, int64 (n_constituencies, n_parties)."""
    counted = votes * in_councils.astype(np.float64)
    out = np.zeros(votes.shape, np.int64)
    for i in range(len(votes)):
        if row_sum(counted[i]) != 0:
            out[i, np.argmax(counted[i])] = seats[i]
    return out


@nb.njit(cache=True, nogil=True, error_model="numpy")
def proportional(votes, in_councils, seats):
    """A constituency's seats shared among the council parties in proportion to their votes, by largest
    remainder (ties to the party listed first; none where nobody votes for one), int64 (n_constituencies,
    n_parties). A constituency of one seat gives it to its leading party, as plurality does."""
    counted = votes * in_councils.astype(np.float64)
    n_p = votes.shape[1]
    out = np.zeros(votes.shape, np.int64)
    whole = np.empty(n_p, np.int64)
    left = np.empty(n_p)
    for i in range(len(votes)):
        total = row_sum(counted[i])
        if total <= 0:
            continue
        free = seats[i]
        for j in range(n_p):
            quota = counted[i, j] / max(total, 1e-300) * seats[i]
            whole[j] = np.int64(np.floor(quota))
            left[j] = -(quota - whole[j])
            free -= whole[j]
        for j in range(n_p):
            rank = 0
            for k in range(n_p):
                rank += left[k] < left[j] or (left[k] == left[j] and k < j)
            out[i, j] = whole[j] + (rank < free)
    return out


@nb.njit(cache=True, nogil=True, error_model="numpy")
def recalls(delegates, votes, in_councils, seats, margin, in_proportion):
    """Constituencies that recall their delegates, bool (n_constituencies,): where one party holds them, once it
    has fallen ``margin`` (share of voters) behind the leader; in proportion, once a party's share of the
    voters exceeds its share of the seats by ``margin``."""
    counted = votes * in_councils.astype(np.float64)
    out = np.zeros(len(votes), np.bool_)
    for i in range(len(votes)):
        if delegates[i].sum() <= 0:
            continue
        total = max(row_sum(counted[i]), 1.0)
        if in_proportion:
            worst = -np.inf
            for j in range(votes.shape[1]):
                worst = max(worst, counted[i, j] / total - delegates[i, j] / seats[i])
            out[i] = worst > margin
        else:
            out[i] = (counted[i].max() - counted[i, np.argmax(delegates[i])]) / total > margin
    return out


@nb.njit(cache=True, nogil=True, error_model="numpy")
def reseat(votes, in_councils, seats, held, redraw, off_menu, margin, in_proportion):
    """The seats after today's elections: constituencies that recall their delegates, that ``redraw`` (re-elect
    by chance), whose seats are vacant or held by a party no longer on offer (``off_menu``, bool (n_parties,))
    elect anew, by plurality or in proportion; the others keep ``held``. int64 (n_constituencies, n_parties)."""
    due = recalls(held, votes, in_councils, seats, margin, in_proportion) | redraw
    elected = proportional(votes, in_councils, seats) if in_proportion else plurality(votes, in_councils, seats)
    out = held.copy()
    for i in range(len(held)):
        stale = held[i].sum() == 0
        for j in range(held.shape[1]):
            stale |= off_menu[j] and held[i, j] > 0
        if due[i] or stale:
            out[i] = elected[i]
    return out


def seat_shares(delegates: np.ndarray) -> np.ndarray:
    """Share of the filled seats held by each party, float64 (n_parties,)."""
    held = party_seats(delegates)
    return held / max(held.sum(), 1.0)


@nb.njit(cache=True, nogil=True, error_model="numpy")
def weighted_median(values, weights):
    """The value at which half the weight lies on either side."""
    order = np.argsort(values, kind="mergesort")
    cum = np.cumsum(weights[order])
    return values[order][np.searchsorted(cum, 0.5 * cum[-1])]


def council_policy(shares: np.ndarray, platforms: np.ndarray, fallback: Policy) -> Policy:
    """The seat-weighted median line on each demand."""
    if shares.sum() == 0:
        return fallback
    return Policy(*(float(weighted_median(np.ascontiguousarray(platforms[:, k]), shares)) for k in range(3)))


def elect(polity: Polity, state: State, params: DualPowerParams, rng: np.random.Generator) -> np.ndarray:
    """New delegates: recalled, randomly re-electing and vacant constituencies, and those where a party that
    has left the menu holds seats, elect theirs by plurality (or, with ``proportional_seats``, in
    proportion)."""
    seats = state.world.seats
    redraw = rng.random(len(seats)) < params.reelection_rate
    return reseat(constituency_votes(state), state.world.inputs.parties.councils, seats, polity.delegates, redraw,
                  ~polity.on_offer(state.day), float(params.recall_margin), bool(params.proportional_seats))


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
