"""Typed, frozen parameters with bounds, units, help and sources.

Every model's parameters are a :class:`Params` subclass whose fields are made with
:func:`param`. The same definitions drive validation, ``--set`` overrides, the
dashboard's sliders and the ODD parameter table, so none of them can drift.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import InputError


class Params(BaseModel):
    """Base of all parameter sets: immutable, unknown keys rejected, defaults validated."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True, allow_inf_nan=False)


def param(
    default: Any,
    *,
    ge: float | None = None,
    le: float | None = None,
    unit: str = "",
    help: str = "",
    source: str = "assumption",
    free: bool = False,
    prior: tuple[float, float] | None = None,
    posterior: tuple[float, float] | None = None,
    label: str = "",
    group: str = "",
) -> Any:
    """Declare one parameter.

    Args:
        default: the default value (its type is the field's annotation).
        ge, le: inclusive bounds, checked on construction and override.
        unit: the physical or conceptual unit, e.g. ``"1/day"``.
        help: one sentence on what the parameter does.
        source: where the default comes from: a citation, ``"calibrated"`` or ``"assumption"``.
        free: whether calibration may vary it.
        prior: the plausible range a calibration searches (uniform prior), narrower than the
            bounds where knowledge allows; ``None`` searches ``[ge, le]``.
        posterior: the 90% interval of the calibration posterior the default was chosen from,
            so the ODD table can show how far the record pins the parameter.
        label, group: a human name and the mechanism it belongs to, for forms (the dashboard).
    """
    for what, interval in (("prior", prior), ("posterior interval", posterior)):
        if interval is not None and not _inside(interval, ge, le, open_=what == "prior"):
            raise ValueError(f"{what} {interval} must be an interval inside [{ge}, {le}]")
    extra = {"unit": unit, "source": source, "free": free, "prior": list(prior) if prior else None,
             "posterior": list(posterior) if posterior else None, "label": label, "group": group}
    return Field(default, ge=ge, le=le, description=help, json_schema_extra=extra)


def _inside(interval: tuple[float, float], ge: float | None, le: float | None, open_: bool) -> bool:
    """Whether ``interval`` lies within the bounds and is ordered (strictly when ``open_``: a prior needs width)."""
    low, high = interval
    ordered = low < high if open_ else low <= high
    return ordered and (ge is None or low >= ge) and (le is None or high <= le)


def first_error(err: ValidationError) -> tuple[str, str]:
    """The first problem of a pydantic error as (field, reason)."""
    e = err.errors()[0]
    field = ".".join(str(p) for p in e.get("loc", ())) or "(parameters)"
    reason = e.get("msg", "invalid value")
    if e.get("type") == "extra_forbidden":
        reason = "unknown parameter"
    return field, reason


def build(cls: type[Params], values: Mapping[str, Any], source: str) -> Params:
    """Construct ``cls`` from ``values``, turning validation errors into :class:`InputError`."""
    try:
        return cls.model_validate(dict(values))
    except ValidationError as err:
        field, reason = first_error(err)
        raise InputError(source, field, reason) from None


def override(params: Params, values: Mapping[str, Any], source: str = "--set") -> Params:
    """A copy of ``params`` with ``values`` applied and the whole set validated again."""
    unknown = sorted(set(values) - set(type(params).model_fields))
    if unknown:
        raise InputError(source, unknown[0], f"unknown parameter (known: {', '.join(names(type(params)))})")
    return build(type(params), {**params.model_dump(), **values}, source)


def parse_assignments(items: Iterable[str], source: str = "--set") -> dict[str, str]:
    """Parse ``key=value`` strings; values stay strings for pydantic's lax conversion."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(source, item, "expected key=value")
        out[key.strip()] = value.strip()
    return out


def names(cls: type[Params]) -> list[str]:
    """Parameter names in declaration order."""
    return list(cls.model_fields)


def table(cls: type[Params]) -> list[dict[str, Any]]:
    """One row per parameter: name, default, bounds, unit, help, source, free, prior and posterior
    (``[low, high]`` or None)."""
    rows = []
    for name, f in cls.model_fields.items():
        extra = f.json_schema_extra or {}
        ge = le = None
        for m in f.metadata:
            ge = getattr(m, "ge", ge)
            le = getattr(m, "le", le)
        rows.append(
            {
                "name": name,
                "default": f.default,
                "ge": ge,
                "le": le,
                "unit": extra.get("unit", ""),
                "help": f.description or "",
                "source": extra.get("source", "assumption"),
                "free": bool(extra.get("free", False)),
                "prior": extra.get("prior"),
                "posterior": extra.get("posterior"),
                "label": extra.get("label", ""),
                "group": extra.get("group", ""),
            }
        )
    return rows
