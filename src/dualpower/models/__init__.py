"""Registry of models by name; each model lives in its own subpackage and imports only core."""

from __future__ import annotations

from importlib import import_module

from ..core import InputError, Model

MODELS: dict[str, str] = {
    "civil-violence": "dualpower.models.civil_violence:CivilViolence",
}


def get(name: str, source: str = "model") -> type[Model]:
    """The model class registered under ``name``."""
    if name not in MODELS:
        raise InputError(source, "model", f"unknown model {name!r} (known: {', '.join(sorted(MODELS))})")
    module, _, attr = MODELS[name].partition(":")
    return getattr(import_module(module), attr)


__all__ = ["MODELS", "get"]
