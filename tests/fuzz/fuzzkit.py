"""Shared pieces of the fuzz suite: a TOML writer for generated documents, and in-process CLI calls.

Not a conftest: test folders share the module name "conftest", so helpers imported by name live here."""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
for sub in ("core", "experiments"):
    if str(HERE.parent / sub) not in sys.path:
        sys.path.insert(0, str(HERE.parent / sub))

settings.register_profile(
    "fuzz",
    derandomize=True,
    deadline=None,
    max_examples=100,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
FUZZ = settings.get_profile("fuzz")

LIMITS = {"DUALPOWER_MAX_STEPS": "40", "DUALPOWER_MAX_RUNS": "12"}
"""Generated inputs may ask for anything; these keep each accepted one to a fraction of a second."""


def scalars() -> st.SearchStrategy:
    return st.one_of(
        st.integers(-3, 60),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.text(max_size=12),
        st.sampled_from(["toy_model:Toy", "civil-violence", "all", "active >= 5", "level > 2"]),
    )


def values(depth: int = 2) -> st.SearchStrategy:
    if depth == 0:
        return scalars()
    inner = values(depth - 1)
    return st.one_of(scalars(), st.lists(inner, max_size=3), st.dictionaries(keys(), inner, max_size=3))


def keys(known: tuple[str, ...] = ()) -> st.SearchStrategy:
    return (
        st.one_of(st.sampled_from(known), st.text(min_size=1, max_size=8)) if known else st.text(min_size=1, max_size=8)
    )


def toml_value(v: Any) -> str:
    """A TOML literal for ``v`` (inline tables and arrays for containers)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(x)}" for k, x in v.items()) + "}"


def toml_doc(data: dict[str, Any]) -> str:
    """A TOML document: scalars and arrays at the top, then one [table] per dict value."""
    flat = [f"{json.dumps(k)} = {toml_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    tables = [
        f"[{json.dumps(k)}]\n" + "\n".join(f"{json.dumps(kk)} = {toml_value(vv)}" for kk, vv in v.items())
        for k, v in data.items()
        if isinstance(v, dict)
    ]
    return "\n".join(flat + tables) + "\n"


def cli(*argv: str) -> tuple[int, str]:
    """Run the command line in-process; returns the exit code and what went to stderr."""
    from dualpower.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        rc = main(list(argv))
    return rc, err.getvalue()


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every path under ``folder`` with its size and modification time."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            p = Path(root) / name
            st_ = p.lstat()
            out[str(p.relative_to(folder))] = (st_.st_size, st_.st_mtime_ns)
    return out


def assert_clean_outcome(rc: int, err: str, names: tuple[str, ...]) -> None:
    """Works (0), or exit 2 with one line naming one of ``names``; never a traceback."""
    from hypothesis import event

    event(f"exit {rc}")
    assert "Traceback" not in err, err
    assert rc in (0, 2), (rc, err)
    if rc == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert any(n in lines[0] for n in names), err


def touched_outside(before: dict, after: dict, out: str) -> list[str]:
    """Paths added, changed or removed that do not lie under ``out``."""
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    return sorted(k for k in changed if k != out and not k.startswith(out + os.sep))
