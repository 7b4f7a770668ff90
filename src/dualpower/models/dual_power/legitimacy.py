"""Perceived legitimacy of the two authorities: distance of one's demands to their policies, class bias."""

from __future__ import annotations

import numpy as np

from .leadership import broken_away, claimers, moderate_share
from .kernels import Demands, LegitimacyRule, Slices, Standing, relax_legitimacy
from .params import DualPowerParams
from .questions import on_open, open_questions
from .state import State, evolve


def officer_authority(state: State, params: DualPowerParams) -> float:
    """Legitimacy the officers lend the government among garrison classes: theirs while no rule like
    Order No. 1 puts the units under elected committees."""
    order_1 = params.order_1 and state.day >= state.world.inputs.order_1_day
    return 0.0 if order_1 else params.officer_authority


def right_classes(state: State) -> np.ndarray:
    """Classes whose bias favours the government (officers, cadets, the propertied), bool (n_classes,)."""
    c = state.world.inputs.classes
    return c.bias_g > c.bias_s


def sanction(state: State, amount: float, broken: float) -> np.ndarray:
    """Legitimacy each party lends the government (row 0) and the councils (row 1) among its supporters of
    each class, float64 (2, n_classes, n_parties).

    Council parties whose line refuses power back the government with ``amount`` (the Soviet's support
    "insofar as" it keeps its promises, then the coalition), and their supporters obey it more readily, as far
    as these parties hold the councils' seats (the councils' authority stands behind the government only while
    they lead them); a party whose line claims power lends nothing, nor does anyone once dual power ends.
    A council party whose line claims power and that has left a cabinet of the case (it sat in one and is
    out of today's) takes ``broken`` from the government among its supporters (not ``amount``: a denunciation
    after bloodshed is no mirror of a partner's conditional support): it has broken with a government it
    shared, and says so (the USPD after the Christmas fighting of 1918, whose members left the Council of
    People's Deputies on 29 December). The parties that refuse power turn their supporters in the right's
    classes against councils whose majority claims power, as far as the claimers hold the seats: the councils
    are then the claimers' instrument, whose bid these parties denounce, and the denunciation carries where
    the class already leans to the government (the employees' strike and the Cossacks' neutrality), not where
    it leans to the councils."""
    pol, parties = state.polity, state.world.inputs.parties
    refuses = (parties.councils & ~claimers(pol.platforms)).astype(np.float64)
    opposes = broken_away(pol, state.world, state.day).astype(np.float64)
    moderate = moderate_share(state)
    right = right_classes(state).astype(np.float64)[:, None]
    lends = (amount * (moderate * refuses) - broken * opposes) * (not pol.outcome) * np.ones_like(right)
    takes = amount * (-(1.0 - moderate) * pol.claims * right * refuses)
    return np.stack([lends, takes])


def sanctions(params: DualPowerParams) -> tuple[float, float]:
    """The amounts a partner lends the government and a broken coalition takes from it (:func:`sanction`)."""
    return params.sanction, params.break_sanction


def relax(state: State, rate: float, hit: np.ndarray, officers: float = 0.0,
          lent: tuple[float, float] = (0.0, 0.0)) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lg and Ls moved ``rate`` of the way to ``1 - ||d - policy|| / sqrt(3) + class bias`` over the open
    questions (:func:`.questions.on_open`) (Lg also less the government's discredit for complicity in a coup
    on the other classes and its estrangement from the right on the right's classes, plus the sanction of
    one's party, ``lent`` being the amounts a partner lends and a broken coalition takes (:func:`sanction`),
    and less the unit's ``hit`` for people not loyal to it; garrison classes' biases moved ``officers`` toward
    the government); also each person's outrage (:func:`.kernels.relax_legitimacy`)."""
    people, c, pol, units = state.people, state.world.inputs.classes, state.polity, state.world.units
    policies = np.array([[pol.g.peace, pol.g.land, pol.g.power], [pol.s.peace, pol.s.land, pol.s.power]])
    shift = officers * c.garrison
    right = right_classes(state)
    lost = np.where(right, pol.estranged, pol.discredit)
    biases = np.stack([c.bias_g - lost + shift, c.bias_s - shift])
    standing = Standing(people.cls, people.party, people.lg, people.ls, people.allegiance)
    demands, policies = on_open(Demands(people.peace, people.land, people.power), policies,
                                open_questions(state.world, state.day))
    rule = LegitimacyRule(policies, biases, sanction(state, *lent), float(rate))
    return relax_legitimacy(Slices(units.start, units.size), hit, demands, standing, rule)


def step_legitimacy(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Relax legitimacy toward its targets; repression seen in one's district costs the government."""
    units = state.world.units
    hit = params.repression_penalty * state.polity.repressed_d[units.district]
    lg, ls, outrage = relax(state, params.legitimacy_rate, hit, officer_authority(state, params), sanctions(params))
    return evolve(state, people=evolve(state.people, lg=lg, ls=ls, outrage=outrage))
