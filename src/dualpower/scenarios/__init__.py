"""Scenarios: a model, its inputs, parameters and run length, from TOML files or built-in names."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..core import InputError, Model, Params
from ..core.files import read_toml
from ..core.params import build
from ..models import get

BUILTIN = resources.files(__package__) / "builtin"
SCENARIO_KEYS = {"name", "model", "description", "steps", "seed", "extends", "params", "inputs", "free"}


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
    """

    name: str
    description: str
    model: Model
    params: Params
    steps: int
    seed: int | None
    path: Path
    free: tuple[str, ...] = ()


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
    """The scenario's table with ``extends`` resolved (its inputs keep their own folder)."""
    data = read_toml(path)
    unknown = sorted(set(data) - SCENARIO_KEYS)
    if unknown:
        raise InputError(str(path), unknown[0], "unknown scenario key")
    shapes = (("inputs", dict, "a table"), ("params", dict, "a table"), ("extends", str, "a scenario name or path"),
              ("free", list, "a list of parameter names"))
    for key, typ, what in shapes:
        if key in data and not isinstance(data[key], typ):
            raise InputError(str(path), key, f"must be {what}")
    if not all(isinstance(name, str) for name in data.get("free", [])):
        raise InputError(str(path), "free", "must be a list of parameter names")
    inputs = data.get("inputs", {})
    data["inputs"] = {"_base_dir": str(path.parent), **inputs}
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


def load(name_or_path: str | Path) -> Scenario:
    """Load and validate a scenario before any simulation starts."""
    path = resolve(name_or_path)
    data = raw(path)
    src = str(path)
    model_cls = get(_typed(data, "model", str, src), src)
    inputs = dict(data.get("inputs", {}))
    base_dir = Path(inputs.pop("_base_dir", path.parent))
    steps = _typed(data, "steps", int, src)
    if steps < 0:
        raise InputError(src, "steps", "must be >= 0")
    seed = data.get("seed")
    if seed is not None and (not isinstance(seed, int) or seed < 0):
        raise InputError(src, "seed", "must be a non-negative integer")
    params_in = data.get("params", {})
    if not isinstance(params_in, dict):
        raise InputError(src, "params", "must be a table")
    params = build(model_cls.params_type, params_in, src)
    free = tuple(data.get("free", ()))
    for name in free:
        if name not in model_cls.params_type.model_fields:
            raise InputError(src, "free", f"unknown parameter {name!r}")
    return Scenario(
        name=str(data.get("name", path.stem)),
        description=str(data.get("description", "")),
        model=model_cls.from_inputs(inputs, base_dir, src),
        params=params,
        steps=steps,
        seed=seed,
        path=path,
        free=free,
    )


def _typed(data: dict[str, Any], key: str, typ: type, src: str) -> Any:
    if key not in data:
        raise InputError(src, key, "missing")
    if not isinstance(data[key], typ) or isinstance(data[key], bool):
        raise InputError(src, key, f"must be {typ.__name__}")
    return data[key]


__all__ = ["Scenario", "builtin_names", "load", "read_toml", "resolve"]
