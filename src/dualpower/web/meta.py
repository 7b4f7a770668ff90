"""What the dashboard needs to draw a parameter: a human label, its mechanism, its control and presets.

Names, bounds, units, help, and labels and groups where a model declares them, come from the
parameter definitions (:func:`dualpower.core.params.table`); the tables here label the built-in
models' parameters that declare none. A parameter nobody labels still gets a control (label from
its name, group "Other").
"""

from __future__ import annotations

import types
import typing
from typing import Any

from ..core.params import table
from ..scenarios import Scenario

GROUPS: dict[str, tuple[str, ...]] = {
    "Scale": ("scale", "width", "height", "citizen_density", "cop_density"),
    "Opinion and parties": (
        "mu_unit",
        "mu_district",
        "agitation",
        "hardship_push",
        "frustration",
        "power_feed",
        "shock_sd",
        "inertia",
        "inertia_member",
        "reconsider",
        "join_rate",
        "lapse_rate",
        "defection_rate",
        "discipline",
        "cue",
        "line_adoption",
        "split_patience",
        "join_radius",
    ),
    "Legitimacy and allegiance": (
        "legitimacy_rate",
        "hysteresis",
        "repression_penalty",
        "legitimacy",
        "legitimacy_drop_step",
        "legitimacy_drop_to",
        "legitimacy_decrement",
    ),
    "Protest and repression": (
        "arrest_k",
        "threshold",
        "mobilisation",
        "call_gap",
        "arrest_efficiency",
        "jail_max",
        "lethality",
        "citizen_vision",
        "cop_vision",
        "max_jail_term",
        "active_threshold",
        "arrest_prob_constant",
        "movement",
        "variant",
    ),
    "Factories": ("closure_base", "closure_activity", "closure_control", "reopen_days", "unemployment"),
    "Councils and government": (
        "reelection_rate",
        "recall_margin",
        "proportional_seats",
        "crisis_level",
        "crisis_days",
        "reshuffle_step",
        "turnout",
    ),
    "Armed force": (
        "will_span",
        "neutral_will",
        "mutiny_share",
        "demo_share",
        "repress_share",
        "repress_days",
        "agitation_cut",
        "red_guard_rate",
        "insurrection_ratio",
        "crackdown_ratio",
        "contest_exponent",
        "battle_lethality",
    ),
    "Coup and counterfactuals": (
        "coup_decay",
        "order_1",
        "peace_talks_day",
        "peace_talks_level",
    ),
}
LABELS = {
    "scale": "Share of the population simulated",
    "mu_unit": "Pull toward one's unit",
    "mu_district": "Pull toward one's district",
    "agitation": "Party agitation strength",
    "hardship_push": "Demands rise with hardship",
    "frustration": "Frustration with unmet demands",
    "power_feed": "Unmet peace and land feed 'all power to the councils'",
    "shock_sd": "Rumour shocks",
    "inertia": "Party loyalty (inertia)",
    "inertia_member": "Party members' loyalty",
    "reconsider": "Supporters' daily reconsideration of a doubted party",
    "join_rate": "Rate of joining a party",
    "lapse_rate": "Rate of letting membership lapse",
    "defection_rate": "Rate of leaving a party one disagrees with",
    "discipline": "Members' schooling in their party's line",
    "cue": "Supporters' following of their party's line",
    "line_adoption": "Speed of a party's turn to a new line",
    "join_radius": "Closeness needed to join",
    "legitimacy_rate": "Speed of legitimacy change",
    "hysteresis": "Legitimacy gap to switch allegiance",
    "repression_penalty": "Legitimacy lost to repression",
    "arrest_k": "Arrest constant k",
    "threshold": "Protest threshold",
    "mobilisation": "Boost of a call to the streets",
    "call_gap": "Policy gap before a call to the streets",
    "arrest_efficiency": "Arrests made per day",
    "jail_max": "Longest jail term",
    "lethality": "Deaths in street clashes",
    "closure_base": "Factory closures (base)",
    "closure_activity": "Closures due to unrest",
    "closure_control": "Closures due to workers' control",
    "reopen_days": "Days a factory stays closed",
    "unemployment": "Hardship of unemployment",
    "reelection_rate": "Re-elections of delegates",
    "recall_margin": "Lead needed to recall",
    "proportional_seats": "Seats in proportion to votes",
    "crisis_level": "Legitimacy of a cabinet crisis",
    "crisis_days": "Days before a reshuffle",
    "reshuffle_step": "Reshuffle toward the councils",
    "will_span": "Will to fight",
    "neutral_will": "Will of neutral soldiers",
    "mutiny_share": "Loyal share for a mutiny",
    "demo_share": "Activity for an armed demonstration",
    "repress_share": "Members arrested after a demonstration",
    "repress_days": "Days agitation stays cut",
    "agitation_cut": "Agitation left after repression",
    "red_guard_rate": "Workers taking up rifles",
    "coup_decay": "Coup force's loss of will",
    "insurrection_ratio": "Force ratio to rise",
    "crackdown_ratio": "Force ratio to disband the councils",
    "contest_exponent": "Decisiveness of force",
    "battle_lethality": "Deaths in battle",
    "turnout": "Election turnout",
    "order_1": "Order No. 1 in force",
    "peace_talks_day": "Day peace talks open (-1 never)",
    "peace_talks_level": "Peace policy once talks open",
    "width": "Grid width",
    "height": "Grid height",
    "citizen_density": "Citizens per cell",
    "cop_density": "Cops per cell",
    "citizen_vision": "Citizens' vision",
    "cop_vision": "Cops' vision",
    "legitimacy": "Regime legitimacy",
    "max_jail_term": "Longest jail term",
    "active_threshold": "Rebellion threshold T",
    "arrest_prob_constant": "Arrest constant k",
    "movement": "Agents move",
    "variant": "Rule set",
    "legitimacy_drop_step": "Step legitimacy starts to change",
    "legitimacy_drop_to": "Legitimacy changes to",
    "legitimacy_decrement": "Change of legitimacy per step",
}
KEY = (
    "scale",
    "agitation",
    "frustration",
    "hysteresis",
    "threshold",
    "order_1",
    "peace_talks_day",
    "legitimacy",
    "citizen_density",
    "cop_density",
    "citizen_vision",
    "max_jail_term",
    "variant",
    "legitimacy_drop_to",
)
QUICK_SCALE = 0.01
QUICK_STEPS = 200
DIMENSIONLESS = {"1", "flag"}


def group_of(name: str) -> str:
    """The mechanism a parameter belongs to."""
    return next((g for g, names in GROUPS.items() if name in names), "Other")


def control(annotation: Any) -> dict[str, Any]:
    """The control a field's type calls for: choice, boolean, integer or number, and whether it may be empty."""
    args = typing.get_args(annotation)
    optional = type(None) in args and (typing.get_origin(annotation) in (typing.Union, types.UnionType))
    if optional:
        annotation = next(a for a in args if a is not type(None))
    if typing.get_origin(annotation) is typing.Literal:
        return {"kind": "choice", "choices": list(typing.get_args(annotation)), "optional": optional}
    kind = {bool: "boolean", int: "integer", float: "number", str: "text"}.get(annotation, "text")
    return {"kind": kind, "choices": None, "optional": optional}


def param_rows(sc: Scenario) -> list[dict[str, Any]]:
    """One row per parameter: definition, current value, label, group, control and whether it is a key one."""
    cls = type(sc.params)
    values = sc.params.model_dump(mode="json")
    key = set(KEY) | set(sc.free)
    rows = []
    for r in table(cls):
        name = r["name"]
        unit = "" if r["unit"] in DIMENSIONLESS else r["unit"]
        rows.append(
            {
                **r,
                "unit": unit,
                "value": values[name],
                "label": r["label"] or LABELS.get(name, name.replace("_", " ").capitalize()),
                "group": r["group"] or group_of(name),
                "key": name in key,
                **control(cls.model_fields[name].annotation),
            }
        )
    return rows


def presets(sc: Scenario) -> list[dict[str, Any]]:
    """Quick (a small scale, or fewer steps where there is no scale: seconds) and full (the scenario as written)."""
    fields = type(sc.params).model_fields
    if "scale" in fields:
        quick = {
            "name": "quick",
            "label": f"Quick ({QUICK_SCALE:.0%} of the population, {sc.steps} days)",
            "params": {"scale": QUICK_SCALE},
            "steps": sc.steps,
        }
    else:
        quick = {
            "name": "quick",
            "label": f"Quick ({min(sc.steps, QUICK_STEPS)} steps)",
            "params": {},
            "steps": min(sc.steps, QUICK_STEPS),
        }
    full = {"name": "full", "label": f"Full (as the scenario says, {sc.steps} steps)", "params": {}, "steps": sc.steps}
    return [quick, full]
