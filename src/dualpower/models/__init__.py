"""Registry of models by name; each model lives in its own subpackage and imports only core."""

from __future__ import annotations

from importlib import import_module

from ..core import InputError, Model

MODELS: dict[str, str] = {
    "civil-violence": "dualpower.models.civil_violence:CivilViolence",
    "dual-power": "dualpower.models.dual_power:DualPower",
    "granovetter": "dualpower.models.granovetter:Granovetter",
}


def get(name: str, source: str = "model") -> type[Model]:
    """The model class registered under ``name``, or named as ``"package.module:Class"``.

    The second form lets users run their own models from scenario files.
    """
    target = MODELS.get(name, name)
    module, sep, attr = target.partition(":")
    if not sep:
        raise InputError(source, "model", f"unknown model {name!r} (known: {', '.join(sorted(MODELS))})")
    try:
        cls = getattr(import_module(module), attr)
    except (ImportError, AttributeError) as err:
        raise InputError(source, "model", f"cannot import {target!r}: {err}") from None
    if not (isinstance(cls, type) and issubclass(cls, Model)):
        raise InputError(source, "model", f"{target!r} is not a dualpower Model")
    return cls


__all__ = ["MODELS", "get"]
