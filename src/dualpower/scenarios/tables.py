"""Checks of values whose meaning depends on other files (dates, unknown names), on top of the shapes in
``validation``: every bad value names its file and field."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np

from ..core import InputError


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV data file as dicts."""
    try:
        with path.open(newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))
    except OSError as err:
        raise InputError(str(path), "", err.strerror or "cannot read") from None


def field(row: dict[str, Any], key: str, typ: type | tuple, src: str, where: str) -> Any:
    """A required field of the given type (ints accepted where floats are asked)."""
    if key not in row:
        raise InputError(src, f"{where}.{key}", "missing")
    value = row[key]
    ok = isinstance(value, typ) and not (isinstance(value, bool) and bool not in _types(typ))
    if typ is float and isinstance(value, int) and not isinstance(value, bool):
        ok = True
    if not ok:
        raise InputError(src, f"{where}.{key}", f"must be {_name(typ)}")
    return float(value) if typ is float else value


def number(row: dict[str, Any], key: str, src: str, where: str, lo: float = -np.inf, hi: float = np.inf) -> float:
    """A required number within [lo, hi]."""
    value = field(row, key, float, src, where)
    if not np.isfinite(value) or value < lo or value > hi:
        raise InputError(src, f"{where}.{key}", f"must be within [{lo}, {hi}], got {value}")
    return value




def date(row: dict[str, Any], key: str, src: str, where: str) -> dt.date:
    """A required ISO date (TOML date or string)."""
    value = row.get(key)
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(src, f"{where}.{key}", f"must be a date YYYY-MM-DD, got {value!r}") from None


def table_list(data: dict[str, Any], key: str, src: str) -> list[dict[str, Any]]:
    """A non-empty array of tables."""
    rows = data.get(key)
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        raise InputError(src, key, "must be a non-empty array of tables")
    return rows


def names_of(rows: list[dict[str, Any]], src: str, key: str) -> tuple[str, ...]:
    """Unique names of rows."""
    names = tuple(field(r, "name", str, src, f"{key}[{i}]") for i, r in enumerate(rows))
    if len(set(names)) != len(names):
        raise InputError(src, f"{key}.name", "names must be unique")
    return names


def _types(typ: type | tuple) -> tuple:
    return typ if isinstance(typ, tuple) else (typ,)


def _name(typ: type | tuple) -> str:
    return " or ".join(t.__name__ for t in _types(typ))
