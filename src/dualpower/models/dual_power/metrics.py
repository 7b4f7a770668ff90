"""The dual-power model's metrics schema: every column ``observe`` writes, with its unit, kind and group."""

from __future__ import annotations

from ...core import Metric, metric
from .inputs import Inputs
from .observation import district_key
from .state import ALLEGIANCES

SIDE_LABELS = {"government": "the government", "neutral": "neither power", "councils": "the councils"}
COUNTS = (
    ("active", "Active", "people", "people demonstrating, striking or fighting (real-population units)"),
    (
        "active_armed",
        "Out armed",
        "people",
        "active people bearing arms (on an armed demonstration's day, not the garrison units that kept to "
        "their leaders' restraint)",
    ),
    ("active_strike", "On strike", "people", "active people unarmed, of a workplace"),
    ("active_demonstration", "Demonstrating", "people", "active people unarmed, not of a workplace"),
    ("jailed", "Jailed", "people", "people held by the government"),
    ("dead", "Dead", "people", "people killed so far"),
    ("red_guard", "Red Guard", "people", "armed workers loyal to the councils"),
    (
        "force_government",
        "Armed strength: government",
        "weighted rifles",
        "rifles obeying the government, by unit cohesion",
    ),
    ("force_councils", "Armed strength: councils", "weighted rifles", "rifles obeying the councils, by unit cohesion"),
    ("clash_dead", "Killed in clashes today", "people", "deaths in the day's confrontations"),
    ("arrests", "Arrests today", "people", "people the government jailed that day"),
    ("closures", "Plant closures today", "units", "plants closed that day"),
    ("laid_off", "Laid off today", "people", "workers laid off that day"),
)


def declare(inputs: Inputs) -> list[Metric]:
    """The columns of :func:`observation.observe`, for the given parties, districts and classes."""
    out = [
        metric("date_os", "Date (Old Style)", "date", "time", "the day, Julian calendar"),
        metric("date_ns", "Date (New Style)", "date", "time", "the day, Gregorian calendar"),
    ]
    for side in ALLEGIANCES:
        out.append(
            metric(
                "allegiance",
                f"Obeying {SIDE_LABELS[side]}",
                "share",
                "share",
                f"share of the living who obey {SIDE_LABELS[side]}",
                "side",
                side,
            )
        )
    for cls in inputs.classes.names:
        for side in ALLEGIANCES:
            out.append(
                metric(
                    f"allegiance_{side}",
                    f"Obeying {SIDE_LABELS[side]}: {cls}",
                    "share",
                    "share",
                    f"share of the class who obey {SIDE_LABELS[side]}",
                    "class",
                    cls,
                )
            )
    for name in inputs.district_names:
        key = district_key(name)
        for side, label in (("councils", "the councils"), ("government", "the government")):
            out.append(
                metric(
                    f"{side}_share",
                    f"Obeying {label}: {name}",
                    "share",
                    "share",
                    f"share of the district's living who obey {label}",
                    "district",
                    name,
                    key,
                )
            )
    out += [
        metric(
            "legitimacy_government_mean",
            "Legitimacy of the government",
            "index 0-1",
            "level",
            "mean perceived legitimacy of the government",
        ),
        metric(
            "legitimacy_councils_mean",
            "Legitimacy of the councils",
            "index 0-1",
            "level",
            "mean perceived legitimacy of the councils",
        ),
    ]
    out += [metric(name, label, unit, "count", text) for name, label, unit, text in COUNTS]
    for party in inputs.parties.names:
        out += [
            metric("seats", f"Council seats: {party}", "share", "share", "share of council delegates", "party", party),
            metric(
                "support",
                f"Support: {party}",
                "share",
                "share",
                "share of the living preferring the party",
                "party",
                party,
            ),
            metric(
                "members",
                f"Members: {party}",
                "people",
                "count",
                "party members (real-population units)",
                "party",
                party,
            ),
        ]
    out.append(
        metric("claims_power", "Councils claim power", "flag", "code", "1 once the councils' majority claims power")
    )
    return out
