"""Read results folders (single runs and experiments) into plain numpy columns for charting."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..core.errors import InputError
from ..core.files import read_json

MANIFEST = "manifest.json"
RUNS = "runs.parquet"


@dataclass(frozen=True)
class RunData:
    """One run's tables as columns: the timeseries, events and elections, plus its manifest."""

    columns: dict[str, np.ndarray]
    events: list[dict[str, Any]] = field(default_factory=list)
    elections: list[dict[str, Any]] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def steps(self) -> int:
        return len(self.columns.get("step", ()))


def folder_kind(folder: Path) -> str:
    """``"experiment"`` when the folder holds ``runs.parquet``, ``"run"`` when it holds a timeseries."""
    if (folder / RUNS).is_file():
        return "experiment"
    if (folder / "timeseries.parquet").is_file():
        return "run"
    raise FileNotFoundError(f"{folder}: neither a run (timeseries.parquet) nor an experiment (runs.parquet)")


def columns_of(table: pa.Table) -> dict[str, np.ndarray]:
    """Each column as a numpy array; dates become ISO strings so charts need no date types."""
    out = {}
    for name in table.column_names:
        col = table.column(name)
        if pa.types.is_date(col.type) or pa.types.is_timestamp(col.type):
            col = col.cast(pa.string()) if pa.types.is_date(col.type) else col.cast(pa.date32()).cast(pa.string())
        out[name] = to_numpy(col)
    return out


def to_numpy(col: pa.ChunkedArray) -> np.ndarray:
    """A column as numpy, as ``to_numpy`` gives it; through Python values where that is the same, since
    ``to_numpy`` imports pandas (~0.4 s) and a report is written after every run."""
    t = col.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return np.array(col.to_pylist(), dtype=object)
    if col.null_count == 0 and (pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_boolean(t)):
        return np.array(col.to_pylist(), dtype=t.to_pandas_dtype())
    return col.to_numpy(zero_copy_only=False)


def table_rows(table: pa.Table | None) -> list[dict[str, Any]]:
    """A small table as a list of dicts with ISO-string dates (empty when absent)."""
    if table is None:
        return []
    cols = columns_of(table)
    return [{k: _plain(v[i]) for k, v in cols.items()} for i in range(table.num_rows)]


def read_parquet(path: Path) -> pa.Table:
    """One Parquet file as a table; unlike ``pq.read_table`` it does not import pyarrow.dataset (~0.1 s)."""
    try:
        return pq.ParquetFile(path).read()
    except (pa.ArrowException, OSError) as err:
        raise InputError(str(path), "", f"not a readable Parquet file: {str(err).splitlines()[0][:120]}") from None


def rows_of(path: Path) -> list[dict[str, Any]]:
    """A small Parquet file as rows (empty when absent)."""
    return table_rows(read_parquet(path)) if path.is_file() else []


def _plain(value: Any) -> Any:
    """Turn numpy scalars into JSON-friendly Python values (NaN into None)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest, or an empty dict when the folder has none."""
    path = folder / MANIFEST
    return read_json(path) if path.is_file() else {}


def load_run(folder: Path) -> RunData:
    """Read a run folder written by ``Results.write``."""
    table = read_parquet(folder / "timeseries.parquet")
    return RunData(
        columns=columns_of(table),
        events=rows_of(folder / "events.parquet"),
        elections=rows_of(folder / "elections.parquet"),
        manifest=read_manifest(folder),
    )


def from_tables(timeseries: pa.Table, tables: dict[str, pa.Table], manifest: dict[str, Any]) -> RunData:
    """Build :class:`RunData` from in-memory Arrow tables (a run still in progress)."""
    rows = {name: table_rows(tables.get(name)) for name in ("events", "elections")}
    return RunData(columns_of(timeseries), rows["events"], rows["elections"], manifest)
