"""The dashboard API rejects what it must: no token, bad parameters, unknown scenarios, path-like ids."""

from __future__ import annotations

import time
import zipfile
import io

import pytest

from conftest import TOKEN, settings

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from dualpower.web import create_app  # noqa: E402

H = {"X-Token": TOKEN}


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(settings(tmp_path / "runs"))) as c:
        yield c


def wait(client, run_id, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        info = client.get(f"/api/runs/{run_id}", headers=H).json()
        if info["status"] not in ("queued", "running"):
            return info
        time.sleep(0.05)
    raise AssertionError(f"run {run_id} did not finish: {info}")


def test_api_requires_the_token(client):
    assert client.get("/api/scenarios").status_code == 401
    assert client.get("/api/scenarios", headers={"X-Token": "wrong"}).status_code == 401
    assert client.get("/api/openapi.json").status_code == 401
    assert client.get("/api/scenarios", params={"token": TOKEN}).status_code == 200


def test_openapi_schema_is_under_api(client):
    schema = client.get("/api/openapi.json", headers=H).json()
    assert "/api/runs" in schema["paths"] and "RunRequest" in schema["components"]["schemas"]


def test_parameters_come_with_bounds_units_and_help(client):
    body = client.get("/api/scenarios/toy-1917", headers=H).json()
    drift = next(p for p in body["params"] if p["name"] == "drift")
    assert (drift["ge"], drift["le"], drift["unit"], drift["kind"], drift["optional"]) == (
        0.0,
        0.1,
        "1/day",
        "number",
        False,
    )
    assert drift["help"] and drift["label"] == "Drift" and drift["group"] == "Other" and not drift["key"]
    assert [p["name"] for p in body["presets"]] == ["quick", "full"]


def test_out_of_bounds_parameter_is_422_naming_the_field(client):
    r = client.post("/api/runs", json={"scenario": "toy-1917", "params": {"drift": 5}}, headers=H)
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"][-1] == "drift"
    assert "less than or equal" in r.json()["detail"][0]["msg"]


def test_unknown_parameter_and_bad_steps_are_422(client):
    assert client.post("/api/runs", json={"scenario": "toy-1917", "params": {"nope": 1}}, headers=H).status_code == 422
    assert client.post("/api/runs", json={"scenario": "toy-1917", "steps": -1}, headers=H).status_code == 422
    assert client.post("/api/runs", json={"scenario": "toy-1917", "out": "/tmp/x"}, headers=H).status_code == 422


@pytest.mark.parametrize("name", ["nope", "..%2F..%2Fetc%2Fpasswd"])
def test_unknown_scenario_is_404(client, name):
    assert client.get(f"/api/scenarios/{name}", headers=H).status_code == 404


@pytest.mark.parametrize("scenario", ["nope", "../../etc/passwd", "/etc/passwd.toml"])
def test_scenario_paths_are_refused(client, scenario):
    assert client.post("/api/runs", json={"scenario": scenario}, headers=H).status_code in (404, 422)


@pytest.mark.parametrize("run_id", ["..%2F..%2Fetc", "abc", "ABCDEF123456", "000000000000%2F..", "..", "0123456789ab"])
def test_path_like_or_unknown_run_ids_are_rejected(client, run_id):
    for suffix in ("", "/zip", "/report", "/payload"):
        assert client.get(f"/api/runs/{run_id}{suffix}", headers=H).status_code in (404, 422)
    assert client.get(f"/api/compare?a={run_id}&b={run_id}", headers=H).status_code in (404, 422)


def test_run_completes_and_downloads_as_zip(client):
    run = client.post(
        "/api/runs", json={"scenario": "toy-1917", "steps": 10, "params": {"drift": 0.05}}, headers=H
    ).json()
    assert wait(client, run["id"])["status"] == "done"
    z = zipfile.ZipFile(io.BytesIO(client.get(f"/api/runs/{run['id']}/zip", headers=H).content))
    names = {n.split("/", 1)[1] for n in z.namelist()}
    assert {"timeseries.parquet", "manifest.json", "report.html"} <= names
    assert run["id"] in {r["id"] for r in client.get("/api/runs", headers=H).json()}


def test_server_survives_a_failing_run(client):
    bad = client.post("/api/runs", json={"scenario": "toy-1917", "params": {"fail_at": 3}}, headers=H).json()
    info = wait(client, bad["id"])
    assert info["status"] == "failed" and "toy failure" in info["error"]
    good = client.post("/api/runs", json={"scenario": "toy-1917", "steps": 5}, headers=H).json()
    assert wait(client, good["id"])["status"] == "done"


def test_runs_queue_and_can_be_cancelled(client):
    first = client.post("/api/runs", json={"scenario": "toy-long", "params": {"delay_ms": 20}}, headers=H).json()
    queued = client.post("/api/runs", json={"scenario": "toy-1917", "steps": 5}, headers=H).json()
    assert client.get(f"/api/runs/{queued['id']}", headers=H).json()["status"] == "queued"
    assert client.post(f"/api/runs/{queued['id']}/cancel", headers=H).json() == {"cancelled": True}
    assert client.post(f"/api/runs/{first['id']}/cancel", headers=H).json() == {"cancelled": True}
    assert wait(client, first["id"])["status"] == "cancelled"
    assert wait(client, queued["id"])["status"] == "cancelled"


def test_stream_sends_progress_data_and_end(client):
    run = client.post(
        "/api/runs", json={"scenario": "toy-1917", "steps": 20, "params": {"delay_ms": 30}}, headers=H
    ).json()
    with client.stream("GET", f"/api/runs/{run['id']}/stream", headers=H) as r:
        kinds = [line.split(": ", 1)[1] for line in r.iter_lines() if line.startswith("event:")]
    assert kinds[0] == "progress" and "data" in kinds and kinds[-1] == "end"


def test_compare_two_runs(client):
    ids = [
        client.post("/api/runs", json={"scenario": "toy-1917", "steps": 10, "params": {"drift": d}}, headers=H).json()[
            "id"
        ]
        for d in (0.0, 0.05)
    ]
    for i in ids:
        wait(client, i)
    body = client.get(f"/api/compare?a={ids[0]}&b={ids[1]}", headers=H).json()
    assert body["kind"] == "compare" and body["figures"]
    assert any(row[0] == "drift" for row in body["summary"]), body["summary"]


def test_ensemble_compares_two_settings_over_seeds(client):
    body = {"scenario": "toy-1917", "a": {}, "b": {"drift": 0.05}, "seeds": 3, "steps": 20}
    r = client.post("/api/ensemble", json=body, headers=H)
    assert r.status_code == 200
    p = r.json()
    assert p["summary"][0][1].startswith("3 | 3") and ["drift", "0.01 | 0.05"] in p["summary"]
    seats = next(f for f in p["figures"] if f["id"] == "cmp-seats")
    assert any(t.get("fill") == "tonexty" for t in seats["data"])


def test_ensemble_refuses_large_scale_and_bad_values(client):
    r = client.post("/api/ensemble", json={"scenario": "toy-1917", "b": {"scale": 0.5}, "seeds": 2}, headers=H)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "b", "scale"]
    r = client.post("/api/ensemble", json={"scenario": "toy-1917", "a": {"drift": 9}, "seeds": 2}, headers=H)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "drift"
    assert client.post("/api/ensemble", json={"scenario": "toy-1917", "seeds": 500}, headers=H).status_code == 422
