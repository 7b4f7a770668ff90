"""Hardship from the daily drivers, and owners' sabotage: exogenous and endogenous plant closures."""

from __future__ import annotations

import numpy as np

from .kernels import Slices, daily_hardship, unit_activity
from .news import newsworthy
from .params import DualPowerParams
from .state import State, evolve


def class_burden(state: State) -> np.ndarray:
    """Hardship each class draws from today's bread shortfall, prices and the war, float32 (n_classes,).

    The war weighs less when the government pursues peace: the felt war burden is war x (1 - g.peace).
    """
    c, d, t = state.world.inputs.classes, state.world.inputs.drivers, min(state.day, state.world.inputs.days - 1)
    war = d.war[t] * (1.0 - state.polity.g.peace)
    pressed = c.kappa_bread * d.bread_shortfall[t] + c.kappa_price * d.price_rise[t] + c.kappa_war * war
    return pressed.astype(np.float32)


def closure_chance(state: State, params: DualPowerParams) -> np.ndarray:
    """Daily chance an owner closes each unit: the scenario's rate plus the workers' activity and control demand."""
    units, people = state.world.units, state.people
    t = min(state.day, state.world.inputs.days - 1)
    open_ = units.plant & (state.closed_until <= state.day)
    active, land = unit_activity(Slices(units.start, units.size), open_, people.condition, people.land)
    control = np.maximum(land - 0.5, 0.0)
    p = params.closure_base * state.world.inputs.drivers.closures[t]
    p = p + params.closure_activity * active + params.closure_control * control
    return np.where(open_, np.clip(p, 0.0, 1.0), 0.0)


def step_hardship(state: State, params: DualPowerParams, rng: np.random.Generator) -> State:
    """Close plants, then set today's hardship ``h = clip(h0 + burden[class] + unemployment)``."""
    units, people = state.world.units, state.people
    closing = rng.random(len(units.size)) < closure_chance(state, params)
    closed_until, pol, events = state.closed_until, state.polity, state.events
    n, real = int(closing.sum()), float(units.size[closing].sum() / state.world.scale)
    if n:
        closed_until = closed_until.copy()
        closed_until[closing] = state.day + rng.integers(1, 2 * params.reopen_days + 1, size=n)
        if newsworthy("closure", state.day, pol.closure_day, real):
            events = events + (("closure", f"{n} workplaces closed, {real:.0f} workers laid off"),)
        pol = evolve(pol, closure_day=state.day)
    pol = evolve(pol, closed_today=n, laid_off_today=real)
    extra = (closed_until > state.day) * params.unemployment
    h = daily_hardship(Slices(units.start, units.size), extra, people.h0, people.cls, class_burden(state))
    people = evolve(people, hardship=h)
    return evolve(state, people=people, closed_until=closed_until, polity=pol, events=events)
