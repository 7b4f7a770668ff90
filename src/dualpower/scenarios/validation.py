"""One validation library for every TOML file the project reads: scenario files, their inputs
tables and experiment specs. Each file's shape is a pydantic model; unknown keys are errors, and
the first problem becomes one ``file: field: reason`` line (an :class:`InputError`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError

from ..core import InputError

M = TypeVar("M", bound=BaseModel)
TYPES = {
    "int_type": "must be int",
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


class Strict(BaseModel):
    """A table of a data file: unknown keys and wrong types are errors; values are not coerced."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def check(model: type[M], data: Any, source: str, where: str = "", unknown: str = "unknown key") -> M:
    """``data`` as ``model``, or an :class:`InputError` naming ``source``, the dotted field and the reason."""
    try:
        return model.model_validate(data)
    except ValidationError as err:
        e = err.errors()[0]
        loc = ".".join(str(p) for p in (where, *e.get("loc", ())) if p != "")
        kind = e.get("type", "")
        reason = unknown if kind == "extra_forbidden" else TYPES.get(kind, e.get("msg", "invalid value"))
        if kind == "greater_than_equal":
            reason = f"must be an integer >= {e['ctx']['ge']}"
        raise InputError(source, loc, reason) from None


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
