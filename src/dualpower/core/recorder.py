"""Collects per-step metrics and table rows into columnar (Arrow) tables."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
import pyarrow as pa

ARROW_TYPES = {"int": pa.int64(), "float": pa.float64(), "str": pa.string(), "bool": pa.bool_()}


class Recorder:
    """Append-only buffer of one run's observations (the engine's first observer).

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

    def start(self, total: int, metrics: list[Any]) -> None:
        """Nothing to prepare: columns are fixed by the first record."""

    def observe(self, step: int, row: dict[str, Any], tables: dict[str, list[dict[str, Any]]]) -> None:
        """Store one step's metrics and extra-table rows."""
        self.record(step, row)
        self.add_rows(step, tables)

    def add_rows(self, step: int, tables: dict[str, list[dict[str, Any]]]) -> None:
        """Store rows of extra tables, tagging each with its step."""
        for name, rows in tables.items():
            self._rows[name].extend({"step": step, **r} for r in rows)

    def timeseries(self) -> pa.Table:
        """The metrics as a table: one row per recorded step."""
        return pa.table({k: arrow_array(v) for k, v in self._columns.items()})

    def tables(self, schemas: dict[str, dict[str, str]]) -> dict[str, pa.Table]:
        """Extra tables, with declared schemas so that empty tables keep their columns."""
        out = {}
        for name in sorted(set(schemas) | set(self._rows)):
            schema = None
            if name in schemas:
                cols = {"step": "int", **schemas[name]}
                schema = pa.schema([(c, ARROW_TYPES[t]) for c, t in cols.items()])
            rows = self._rows.get(name, [])
            if schema is None:
                out[name] = pa.Table.from_pylist(rows)
            elif not rows:
                out[name] = pa.Table.from_batches([], schema=schema)  # ``schema.empty_table()`` imports pandas
            else:
                columns = {f.name: arrow_array([r.get(f.name) for r in rows], f.type) for f in schema}
                out[name] = pa.table(columns, schema=schema)
        return out


def arrow_array(values: list[Any], typ: pa.DataType | None = None) -> pa.Array:
    """An Arrow array of Python scalars, built from NumPy buffers: ``pa.array`` first imports pandas (~0.4 s)
    to ask whether its argument is a pandas object. Other values (None among them) go through ``pa.array``."""
    arr = np.asarray(values)
    n = len(arr)
    if arr.dtype.kind in "iuf":
        out = pa.Array.from_buffers(pa.from_numpy_dtype(arr.dtype), n, [None, pa.py_buffer(np.ascontiguousarray(arr))])
    elif arr.dtype.kind == "b":
        out = pa.Array.from_buffers(pa.bool_(), n, [None, pa.py_buffer(np.packbits(arr, bitorder="little"))])
    elif arr.dtype.kind == "U":
        data = [v.encode() for v in values]
        offsets = np.zeros(n + 1, np.int32)
        np.cumsum([len(b) for b in data], out=offsets[1:])
        out = pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(data))])
    else:
        return pa.array(values, type=typ)
    return out if typ is None or out.type == typ else out.cast(typ)
