"""Scenarios: a model, its inputs, parameters and run length, from TOML files or built-in names."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..core import InputError, Model, Params
from ..core.files import read_toml
from ..core.params import build
from ..models import get
from .case import read_case
from .dual_power import read_inputs
from .validation import ScenarioFile, check

BUILTIN = resources.files(__package__) / "builtin"
DEFAULT = "petrograd-1917"
"""The scenario commands run when none is named."""
READERS: dict[str, Callable[[dict[str, Any], Path, str], Any]] = {"dual-power": read_inputs}
"""Readers of a model's ``[inputs]`` table, by model name (other models read their own)."""
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


@dataclass(frozen=True)
class Scenario:
    """A runnable scenario.

    Attributes:
        name: scenario name (file stem for files).
        description: one paragraph for listings and reports.
        model: the model, built from the scenario's inputs.
        params: validated parameters (scenario values over model defaults).
        steps: default run length.
        seed: default seed, or None.
        path: the file it came from.
        free: parameters calibration may vary (names), when the scenario says.
        case: parties, districts, classes and map of the case, for readers of results (None: no case).
    """

    name: str
    description: str
    model: Model
    params: Params
    steps: int
    seed: int | None
    path: Path
    free: tuple[str, ...] = ()
    case: dict[str, Any] | None = None


def builtin_names() -> list[str]:
    """Names of the scenarios shipped with the package."""
    if not BUILTIN.is_dir():
        return []
    return sorted(p.name[:-5] for p in BUILTIN.iterdir() if p.name.endswith(".toml"))


def resolve(name_or_path: str | Path) -> Path:
    """The file of a built-in name or a path, or a clear error."""
    p = Path(name_or_path)
    if p.suffix == ".toml" or p.exists():
        if not p.is_file():
            raise InputError(str(p), "", "scenario file not found")
        return p
    if str(name_or_path) in builtin_names():
        return Path(str(BUILTIN / f"{name_or_path}.toml"))
    known = ", ".join(builtin_names())
    raise InputError("scenario", str(name_or_path), f"unknown scenario (built-in: {known})")


def _merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def raw(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The scenario's table with ``extends`` resolved; an input naming a file beside the scenario that declares
    it is that file's full path, so inherited inputs keep their own folder."""
    data = read_toml(path)
    unknown = sorted(set(data) - set(ScenarioFile.model_fields) - {"extends"})
    if unknown:
        raise InputError(str(path), unknown[0], "unknown scenario key")
    shapes = (("inputs", dict, "a table"), ("params", dict, "a table"), ("extends", str, "a scenario name or path"),
              ("free", list, "a list of parameter names"))
    for key, typ, what in shapes:
        if key in data and not isinstance(data[key], typ):
            raise InputError(str(path), key, f"must be {what}")
    if not all(isinstance(name, str) for name in data.get("free", [])):
        raise InputError(str(path), "free", "must be a list of parameter names")
    data["inputs"] = {key: _beside(path.parent, value) for key, value in data.get("inputs", {}).items()}
    parent = data.pop("extends", None)
    if parent is None:
        return data
    try:
        parent_path = resolve(parent)
    except InputError as err:
        raise InputError(str(path), "extends", f"{parent!r}: {err.reason}") from None
    if parent_path.resolve() in seen:
        raise InputError(str(path), "extends", f"circular extends via {parent!r}")
    base = raw(parent_path, seen + (path.resolve(),))
    base.pop("name", None)
    base.pop("description", None)
    return _merge(base, data)


def _beside(folder: Path, value: Any) -> Any:
    """An input naming a file beside the scenario that declares it, as that file's full path: a scenario that
    extends another keeps the other's files wherever it lies itself."""
    if isinstance(value, str) and value and (folder / value).is_file():
        return str((folder / value).resolve())
    return value


def load(name_or_path: str | Path) -> Scenario:
    """Load and validate a scenario before any simulation starts."""
    path = resolve(name_or_path)
    src = str(path)
    data = raw(path)
    inputs = data.pop("inputs", {})
    base_dir = path.parent
    spec = check(ScenarioFile, {**data, "inputs": inputs}, src)
    model_cls = get(spec.model, src)
    params = build(model_cls.params_type, spec.params, src)
    name = spec.name or path.stem
    if not NAME.match(name):
        raise InputError(src, "name", "must be a slug: letters, digits, '.', '_' or '-', at most 100 characters")
    for free in spec.free:
        if free not in model_cls.params_type.model_fields:
            raise InputError(src, "free", f"unknown parameter {free!r}")
    return Scenario(
        name=name,
        description=spec.description,
        model=model_of(model_cls, spec.inputs, base_dir, src),
        params=params,
        steps=spec.steps,
        seed=spec.seed,
        path=path,
        free=tuple(spec.free),
        case=read_case(spec.inputs, base_dir),
    )


def model_of(model_cls: type[Model], inputs: dict[str, Any], base_dir: Path, source: str) -> Model:
    """The model built from the scenario's inputs: read here for the built-in models, by the model otherwise."""
    reader = READERS.get(model_cls.name)
    return model_cls(reader(inputs, base_dir, source)) if reader else model_cls.from_inputs(inputs, base_dir, source)


__all__ = ["Scenario", "builtin_names", "load", "read_toml", "resolve"]
