"""Every built-in scenario, at a fixed seed and small size, gives exactly the outputs it gave before.

The hashes cover a canonical dump of each table (column names, types and every value), so a
refactoring that changes no behaviour leaves them untouched. After an intended change, rerun with
``DUALPOWER_UPDATE_HASHES=1`` and say in the commit which outputs changed and why.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pyarrow as pa
import pytest

import dualpower
from dualpower.scenarios import builtin_names, load

HASHES = Path(__file__).parent.parent / "data" / "output_hashes.json"
SEED = 7
SMALL = {"dual-power": {"scale": 0.01}, "civil-violence": {}, "granovetter": {}}
STEPS = {"dual-power": None, "civil-violence": 100, "granovetter": None}


def canonical(table: pa.Table) -> str:
    """A SHA-256 of the table's schema and values, independent of Parquet writer metadata."""
    dump = {
        "schema": [[f.name, str(f.type)] for f in table.schema],
        "columns": {name: table.column(name).to_pylist() for name in table.column_names},
    }
    return hashlib.sha256(json.dumps(dump, default=str, allow_nan=True).encode()).hexdigest()


def digest(name: str) -> dict[str, str]:
    sc = load(name)
    res = dualpower.simulate(sc, seed=SEED, steps=STEPS[sc.model.name], **SMALL[sc.model.name])
    out = {"timeseries": canonical(res.timeseries)}
    out.update({k: canonical(t) for k, t in sorted(res.tables.items())})
    return out


def stored() -> dict[str, dict[str, str]]:
    return json.loads(HASHES.read_text()) if HASHES.is_file() else {}


@pytest.mark.parametrize("name", builtin_names())
def test_outputs_match_stored_hashes(name):
    got = digest(name)
    if os.environ.get("DUALPOWER_UPDATE_HASHES"):
        table = stored()
        table[name] = got
        HASHES.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n")
    assert got == stored().get(name), f"{name}: outputs differ from {HASHES.name}"
