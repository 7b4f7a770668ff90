"""Collects per-step metrics and table rows into columnar (Arrow) tables."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyarrow as pa

ARROW_TYPES = {"int": pa.int64(), "float": pa.float64(), "str": pa.string(), "bool": pa.bool_()}


class Recorder:
    """Append-only buffer of one run's observations.

    ``record`` takes the step's metrics (one scalar each); ``add_rows`` takes
    rows of extra tables. Columns are fixed by the first record: a later step
    with other keys is a bug in the model and raises.
    """

    def __init__(self) -> None:
        self._columns: dict[str, list[Any]] = {}
        self._rows: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def record(self, step: int, metrics: dict[str, Any]) -> None:
        """Store one step's metrics."""
        row = {"step": step, **metrics}
        if not self._columns:
            self._columns = {k: [] for k in row}
        if row.keys() != self._columns.keys():
            missing = set(self._columns) ^ set(row)
            raise KeyError(f"metrics changed between steps: {sorted(missing)}")
        for key, value in row.items():
            self._columns[key].append(value)

    def add_rows(self, step: int, tables: dict[str, list[dict[str, Any]]]) -> None:
        """Store rows of extra tables, tagging each with its step."""
        for name, rows in tables.items():
            self._rows[name].extend({"step": step, **r} for r in rows)

    def timeseries(self) -> pa.Table:
        """The metrics as a table: one row per recorded step."""
        return pa.table(self._columns)

    def tables(self, schemas: dict[str, dict[str, str]]) -> dict[str, pa.Table]:
        """Extra tables, with declared schemas so that empty tables keep their columns."""
        out = {}
        for name in sorted(set(schemas) | set(self._rows)):
            schema = None
            if name in schemas:
                cols = {"step": "int", **schemas[name]}
                schema = pa.schema([(c, ARROW_TYPES[t]) for c, t in cols.items()])
            out[name] = pa.Table.from_pylist(self._rows.get(name, []), schema=schema)
        return out
