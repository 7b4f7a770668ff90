"""Damaged results folders given to `report`, and generated dashboard request bodies: a report or exit 2 naming
a file, a 2xx or a 4xx; never a traceback, never a 500, never a file touched outside the folder."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from fuzzkit import FUZZ, HERE, assert_clean_outcome, cli, snapshot, touched_outside, values
from hypothesis import event, given
from hypothesis import strategies as st

RUN_FILES = ("manifest.json", "timeseries.parquet", "events.parquet", ".dualpower-results")


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    """One real run folder, copied and damaged by each example."""
    out = tmp_path_factory.mktemp("run") / "res"
    rc, err = cli("run", str(HERE / "toy.toml"), "--steps", "4", "--seed", "1", "-q", "--no-report", "--out", str(out))
    assert rc == 0, err
    return out


def damages() -> st.SearchStrategy:
    name = st.sampled_from(RUN_FILES)
    return st.lists(
        st.one_of(
            st.tuples(st.just("delete"), name),
            st.tuples(st.just("truncate"), name, st.floats(0, 1)),
            st.tuples(st.just("bytes"), name, st.binary(max_size=64)),
            st.tuples(st.just("json"), st.just("manifest.json"), values()),
            st.tuples(st.just("flip"), name, st.floats(0, 1)),
        ),
        min_size=1,
        max_size=3,
    )


def _damage(folder: Path, how: tuple) -> None:
    kind, path = how[0], folder / how[1]
    if kind == "delete":
        path.unlink(missing_ok=True)
    elif not path.is_file():
        return
    elif kind == "truncate":
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * how[2])])
    elif kind == "bytes":
        path.write_bytes(how[2])
    elif kind == "json":
        path.write_text(json.dumps(how[2], default=str))
    else:
        data = bytearray(path.read_bytes())
        if data:
            data[min(len(data) - 1, int(len(data) * how[2]))] ^= 0x5A
        path.write_bytes(bytes(data))


@FUZZ
@given(how=damages())
def test_report_on_damaged_run_folders(run_folder, how):
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        folder = root / "res"
        shutil.copytree(run_folder, folder)
        for h in how:
            _damage(folder, h)
        before = snapshot(root)
        rc, err = cli("report", str(folder))
        assert_clean_outcome(rc, err, (str(folder),))
        changed = touched_outside(before, snapshot(root), "res")
        assert changed == []
        assert (folder / "report.html").is_file() == (rc == 0)


NUMBERS = st.one_of(
    st.integers(-2, 400),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=6),
    st.none(),
)


def bodies() -> st.SearchStrategy:
    params = st.dictionaries(
        st.sampled_from(["scale", "drift", "delay_ms", "fail_at", "x"]), st.one_of(NUMBERS, values(1)), max_size=3
    )
    good = st.fixed_dictionaries(
        {"scenario": st.sampled_from(["toy-1917", "toy-1917", "toy-long", "nope", "../etc", ""])},
        optional={"params": st.one_of(params, values(1)), "seed": NUMBERS, "steps": NUMBERS, "extra": NUMBERS},
    )
    return st.one_of(
        good.map(lambda b: json.dumps(b, allow_nan=True)),
        values().map(lambda v: json.dumps(v, default=str)),
        st.text(max_size=40),
        st.binary(max_size=40).map(lambda b: b.decode("latin-1")),
    )


def _web_fixtures():
    """The dashboard tests' toy scenarios and token (their conftest, loaded under another name)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("dashboard_toys", HERE.parent / "web" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from dualpower.web import create_app

    toys = _web_fixtures()
    runs = tmp_path_factory.mktemp("dash") / "runs"
    with TestClient(create_app(toys.settings(runs)), raise_server_exceptions=False) as c:
        yield c, runs, toys.TOKEN


@FUZZ
@given(body=bodies())
def test_dashboard_request_bodies(client, body):
    c, runs, token = client
    before = {p.name for p in runs.parent.iterdir()}
    r = c.post(
        "/api/runs",
        content=body.encode("utf-8", "surrogatepass"),
        headers={"X-Token": token, "content-type": "application/json"},
    )
    event(f"HTTP {r.status_code}")
    assert r.status_code in (202, 404, 413, 422), (r.status_code, r.text)
    if r.status_code == 202:
        run_id = r.json()["id"]
        assert c.post(f"/api/runs/{run_id}/cancel", headers={"X-Token": token}).status_code == 200
    else:
        assert isinstance(r.json()["detail"], (str, list))
    assert {p.name for p in runs.parent.iterdir()} == before
