"""The model's state: struct-of-arrays people, units, constituencies, and the two authorities.

Allegiance codes: GOV 0, NEUTRAL 1, COUNCILS 2. Condition codes: QUIET 0, ACTIVE 1, JAILED 2,
DEAD 3 (one code per person, so nobody is in two conditions at once).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from .inputs import Founding, Inputs, on_offer

if TYPE_CHECKING:
    from .groups import Rows

GOV, NEUTRAL, COUNCILS = 0, 1, 2
QUIET, ACTIVE, JAILED, DEAD = 0, 1, 2, 3
ALLEGIANCES = ("government", "neutral", "councils")
T = TypeVar("T")


@dataclass(frozen=True)
class People:
    """One entry per simulated person, sorted by unit (so units are contiguous slices).

    Attributes:
        cls: int8 class index. unit: int32 unit index.
        h0: float32 base hardship. risk: float32 risk aversion in [0, 1].
        hardship: float32 today's hardship in [0, 1].
        peace, land, power: float32 demands in [0, 1].
        party: int8 preferred party. member: bool party member (activist). restless: bool a member whose
            demands have left the party's line: still a member until they leave, no longer its agitator.
        lg, ls: float32 perceived legitimacy of government and councils in [0, 1].
        allegiance: int8 GOV/NEUTRAL/COUNCILS. condition: int8 QUIET/ACTIVE/JAILED/DEAD.
        jail: int16 days of jail left (> 0 exactly when JAILED). armed: bool carries arms.
        outrage: float32 how far the government's standing today falls short of what one had granted it.
    """

    cls: np.ndarray
    unit: np.ndarray
    h0: np.ndarray
    risk: np.ndarray
    hardship: np.ndarray
    peace: np.ndarray
    land: np.ndarray
    power: np.ndarray
    party: np.ndarray
    member: np.ndarray
    restless: np.ndarray
    lg: np.ndarray
    ls: np.ndarray
    allegiance: np.ndarray
    condition: np.ndarray
    jail: np.ndarray
    armed: np.ndarray
    outrage: np.ndarray


@dataclass(frozen=True)
class Units:
    """Static units actually populated in this run, shape (n_units,).

    Attributes:
        cls: int8 class of its members. district: int16. start, size: int64 slice of People.
        constituency: int32 constituency index, or -1 (sends no delegate).
        plant: bool whether owners can close it.
    """

    cls: np.ndarray
    district: np.ndarray
    start: np.ndarray
    size: np.ndarray
    constituency: np.ndarray
    plant: np.ndarray


@dataclass(frozen=True)
class World:
    """What does not change during a run: inputs, units, seats, district sizes, scale, each populated unit's
    real size (int64 (n_units,), the members it stands for), the units whose class carries or may take arms
    (bool (n_units,)), and the groups of units and of constituencies for the scale-consistent estimates
    (:func:`.population.make_world` derives these three)."""

    inputs: Inputs
    units: Units
    seats: np.ndarray
    district_size: np.ndarray
    scale: float
    real_size: np.ndarray
    armed_units: np.ndarray
    unit_rows: Rows
    seat_rows: Rows

    @property
    def n_parties(self) -> int:
        return len(self.inputs.parties.names)

    @property
    def n_districts(self) -> int:
        return len(self.inputs.district_names)


@dataclass(frozen=True)
class Policy:
    """A policy vector on the three demands."""

    peace: float
    land: float
    power: float


@dataclass(frozen=True)
class Polity:
    """The two authorities and the city-wide stocks, all small.

    Attributes:
        cabinet: float64 (n_parties,) weights; cabinet_name: str. g, s: Policy of government, councils.
        delegates: int64 (n_constituencies, n_parties) seats each party holds in each constituency (a row of
            zeros: vacant).
        platforms: float64 (n_parties, 3) each party's line today (peace, land, power).
        claims: the councils' majority claims power. arms_ban: the councils' executive's ban on the garrison's
            coming out armed without its leave holds (issued after an armed demonstration; lapsed once its own
            demonstration has shown that it does not speak for the units). committee_day: day a military
            committee formed (-1).
        readiness: the military committee's readiness to rise, in [0, 1]. strike_day: day the government
            struck first at the councils (-1). crisis: days of low legitimacy.
        discredit: legitimacy the government has lost to a coup. estranged: legitimacy it has lost among the
            right's classes by turning against the command's coup. stocks: float64 (2,) rifles left in
            factories and arsenals (real units). pressure: float64 (n_units,) each unit's accumulated
            pressure to come out armed; habit: float64 (n_units,) its habitual active share (NaN before the
            first day). reinforcements: the command's combatants with the government (real).
        repressed_until: int64 (n_parties,) last day of a party's cut agitation.
        preparation: the right's preparation for a coup, in [0, 1].
        coup_day: day the command marched (-1). coup_will: the marching force's will in [0, 1] (0: no march
            under way). force_g, force_s: real units.
        active_d, enforcers_d, council_armed_d, repressed_d: float64 (n_districts,) yesterday's actives, the armed
            obeying the government and the councils, and the share arrested or killed.
        calls: bool (n_parties + 1,) who calls people out (last: the councils). disarmed: bool (n_units,) the
            units whose armed take part without their arms today (empty: none).
        killed_today, arrested_today: real dead and arrested in today's clashes. closed_today, laid_off_today:
            workplaces closed today and their real workers. clash_day, closure_day: last day with one (news.py).
        outcome, outcome_day: how dual power ended ("" while it lasts). majority_day: first day of a
            power-claiming majority (-1).
        foundings: the case's parties founded during the run, each wing with the day it split (if it has).
        split_pressure: float64 (n_parties,) each unsplit wing's accumulated majority among its parent's
            members (share x day).
    """

    cabinet: np.ndarray
    cabinet_name: str
    g: Policy
    s: Policy
    delegates: np.ndarray
    platforms: np.ndarray = field(default_factory=lambda: np.zeros((0, 3)))
    claims: bool = False
    arms_ban: bool = False
    committee_day: int = -1
    readiness: float = 0.0
    strike_day: int = -1
    crisis: int = 0
    discredit: float = 0.0
    estranged: float = 0.0
    stocks: np.ndarray = field(default_factory=lambda: np.zeros(2))
    pressure: np.ndarray = field(default_factory=lambda: np.zeros(0))
    habit: np.ndarray = field(default_factory=lambda: np.zeros(0))
    reinforcements: float = 0.0
    repressed_until: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    preparation: float = 0.0
    coup_day: int = -1
    coup_will: float = 0.0
    force_g: float = 0.0
    force_s: float = 0.0
    active_d: np.ndarray = field(default_factory=lambda: np.zeros(0))
    enforcers_d: np.ndarray = field(default_factory=lambda: np.zeros(0))
    council_armed_d: np.ndarray = field(default_factory=lambda: np.zeros(0))
    repressed_d: np.ndarray = field(default_factory=lambda: np.zeros(0))
    calls: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    disarmed: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    killed_today: float = 0.0
    arrested_today: float = 0.0
    closed_today: int = 0
    laid_off_today: float = 0.0
    clash_day: int = -10_000
    closure_day: int = -10_000
    outcome: str = ""
    outcome_day: int = -1
    majority_day: int = -1
    foundings: tuple[Founding, ...] = ()
    split_pressure: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def on_offer(self, day: int) -> np.ndarray:
        """Parties people can choose on ``day``, bool (n_parties,), the wings split so far among them."""
        return on_offer(self.foundings, len(self.cabinet), day)


@dataclass(frozen=True)
class State:
    """The whole state of one day.

    Attributes:
        day: days since the start. people, polity: as above. closed_until: int32 (n_units,) day a
        closed plant reopens (closed while > day). events, votes: rows produced by the last step.
    """

    day: int
    world: World
    people: People
    polity: Polity
    closed_until: np.ndarray
    events: tuple = ()
    votes: tuple = ()


def party_seats(delegates: np.ndarray) -> np.ndarray:
    """Council seats held by each party (``Polity.delegates`` summed over constituencies), float64 (n_parties,)."""
    return delegates.sum(axis=0).astype(np.float64)


def evolve(obj: T, **changes: Any) -> T:
    """A copy of one of these frozen dataclasses with ``changes``: ``dataclasses.replace`` less its loop over
    every field and its ``__init__`` (they check nothing here), which a day's thirty-odd copies of State,
    People and Polity would otherwise spend a tenth of a run on."""
    fields = obj.__dataclass_fields__
    if not changes.keys() <= fields.keys():
        raise TypeError(f"{type(obj).__name__} has no field {sorted(changes.keys() - fields.keys())}")
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__, **changes)
    return new
