"""One validation library for every TOML file the project reads: scenario files, their inputs
tables and experiment specs. Each file's shape is a pydantic model; unknown keys are errors, and
the first problem becomes one ``file: field: reason`` line (an :class:`InputError`)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)

from ..core import InputError

M = TypeVar("M", bound=BaseModel)
TYPES = {
    "int_type": "must be int",
    "float_type": "must be a number",
    "string_type": "must be str",
    "bool_type": "must be true or false",
    "dict_type": "must be a table",
    "model_type": "must be a table",
    "list_type": "must be a list",
    "date_type": "must be a date YYYY-MM-DD",
    "date_from_datetime_parsing": "must be a date YYYY-MM-DD",
    "date_parsing": "must be a date YYYY-MM-DD",
    "missing": "missing",
    "extra_forbidden": "unknown key",
}


def dotted(parts: tuple[Any, ...]) -> str:
    """A field path as the project writes it: ``cabinet[0].weights.SR``."""
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        elif p != "":
            out += f".{p}" if out else str(p)
    return out


class Strict(BaseModel):
    """A table of a data file: unknown keys and wrong types are errors; values are not coerced."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def check(model: type[M], data: Any, source: str, where: str = "", unknown: str = "unknown key") -> M:
    """``data`` as ``model``, or an :class:`InputError` naming ``source``, the dotted field and the reason."""
    try:
        return model.model_validate(data)
    except ValidationError as err:
        e = err.errors()[0]
        loc = dotted((where, *e.get("loc", ())))
        kind = e.get("type", "")
        reason = unknown if kind == "extra_forbidden" else TYPES.get(kind, e.get("msg", "invalid value"))
        if kind == "greater_than_equal":
            reason = f"must be an integer >= {e['ctx']['ge']}"
        elif kind == "value_error":
            reason = str(e["ctx"]["error"])
        raise InputError(source, loc, reason) from None


PROVENANCE = ("source", "note", "confidence")


class Row(Strict):
    """A row of a case's data file. Provenance (``source``, ``note``, ``confidence`` and keys ending in
    ``_source`` or ``_confidence``) is for readers and never checked; any other unknown key is an error."""

    @model_validator(mode="before")
    @classmethod
    def _without_provenance(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        return {k: v for k, v in data.items() if k not in PROVENANCE and not k.endswith(("_source", "_confidence"))}


def within(lo: float, hi: float = math.inf) -> AfterValidator:
    """A finite number in [lo, hi]."""

    def inside(value: float) -> float:
        if not (math.isfinite(value) and lo <= value <= hi):
            raise ValueError(f"must be within [{lo:g}, {hi:g}], got {value:g}")
        return value

    return AfterValidator(inside)


def non_negative(value: int) -> int:
    if value < 0:
        raise ValueError(f"must be a non-negative count, got {value}")
    return value


Count = Annotated[StrictInt, AfterValidator(non_negative)]
Share = Annotated[float, within(0.0, 1.0)]
Triple = Annotated[list[Share], Field(min_length=3, max_length=3)]
"""Three numbers in [0, 1]: a platform or initial demands [peace, land and control, power]."""


class ScenarioFile(Strict):
    """The top level of a scenario file (``extends`` already resolved)."""

    name: StrictStr = ""
    model: StrictStr
    description: StrictStr = ""
    steps: StrictInt = Field(ge=0)
    seed: StrictInt | None = Field(default=None, ge=0)
    params: dict[str, Any] = {}
    inputs: dict[str, Any] = {}
    free: list[StrictStr] = []


class SpecFile(Strict):
    """The top level of an experiment spec: scalars typed here, each table checked by its own reader."""

    name: StrictStr = ""
    description: StrictStr = ""
    scenario: StrictStr
    seed: StrictInt | None = Field(default=None, ge=0)
    repetitions: StrictInt = Field(default=1, ge=1)
    common_random_numbers: StrictBool = False
    set: dict[str, Any] = {}
    vary: dict[str, Any] = {}
    sample: dict[str, Any] | None = None
    metrics: dict[str, Any] = {}
    stop: dict[str, Any] = {}
    output: dict[str, Any] | None = None


class DualPowerInputs(Strict):
    """The ``[inputs]`` table of a dual-power scenario: the start date, the calendar offset, data files."""

    start_date_os: Annotated[dt.date, Field(strict=False)]
    ns_offset_days: StrictInt
    classes: StrictStr
    districts: StrictStr
    units: StrictStr
    parties: StrictStr
    drivers: StrictStr
    events: StrictStr
    elections: StrictStr
    targets: StrictStr | None = None
