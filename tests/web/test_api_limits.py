"""The API answers bad or oversized requests with a 4xx, survives unreadable run folders, and frees finished runs."""

from __future__ import annotations

import pytest
from conftest import TOKEN, settings

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from test_api_safety import wait  # noqa: E402

from dualpower.web import create_app  # noqa: E402

H = {"X-Token": TOKEN, "content-type": "application/json"}


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(settings(tmp_path / "runs")), raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize(
    "body, field",
    [
        ('{"scenario": "toy-1917", "steps": NaN}', "steps"),
        ('{"scenario": "toy-1917", "seed": NaN}', "seed"),
        ('{"scenario": "toy-1917", "params": {"drift": NaN}}', "drift"),
        ('{"scenario": "toy-1917", "params": {"drift": Infinity}}', "drift"),
        ('{"scenario": "toy-1917", "steps": 1e400}', "steps"),
    ],
)
def test_non_finite_numbers_are_422_naming_the_field(client, body, field):
    r = client.post("/api/runs", content=body, headers=H)
    assert r.status_code == 422
    assert field in r.json()["detail"][0]["loc"]


def test_oversized_body_is_413_before_parsing(client):
    body = '{"scenario": "toy-1917", "params": {"x": "' + "a" * (2 << 20) + '"}}'
    assert client.post("/api/runs", content=body, headers=H).status_code == 413


def test_one_corrupt_manifest_does_not_hide_the_other_runs(client, tmp_path):
    good = client.post("/api/runs", json={"scenario": "toy-1917", "steps": 3}, headers=H).json()["id"]
    wait(client, good)
    bad = tmp_path / "runs" / "aaaaaaaaaaaa"
    bad.mkdir()
    (bad / "manifest.json").write_text("[")
    r = client.get("/api/runs", headers=H)
    assert r.status_code == 200 and [x["id"] for x in r.json()] == [good]
    r = client.get("/api/runs/aaaaaaaaaaaa", headers=H)
    assert r.status_code == 422 and "manifest.json" in r.json()["detail"]


def test_run_without_report_is_404(client, tmp_path):
    run_id = client.post("/api/runs", json={"scenario": "toy-1917", "steps": 3}, headers=H).json()["id"]
    wait(client, run_id)
    (tmp_path / "runs" / run_id / "report.html").unlink()
    assert client.get(f"/api/runs/{run_id}/report", headers=H).status_code == 404


def test_finished_and_cancelled_runs_release_their_rows(client):
    manager = client.app.state.manager
    done = client.post("/api/runs", json={"scenario": "toy-1917", "steps": 5}, headers=H).json()["id"]
    wait(client, done)
    slow = client.post("/api/runs", json={"scenario": "toy-long", "params": {"delay_ms": 20}}, headers=H).json()["id"]
    while manager.live[slow].status != "running" or not manager.live[slow].rows:
        pass
    client.post(f"/api/runs/{slow}/cancel", headers=H)
    assert wait(client, slow)["status"] == "cancelled"
    assert manager.live[done].rows == [] and manager.live[slow].rows == []


def test_live_data_is_thinned_and_shared_between_viewers(monkeypatch):
    from dualpower.web import runs
    from dualpower.web.runs import PARTIAL_EVERY_S, PARTIAL_POINTS, LiveRun

    clock = [100.0]
    monkeypatch.setattr(runs.time, "monotonic", lambda: clock[0])
    live = LiveRun("abcdefabcdef", "toy-1917", None, 10_000, 1)
    live.rows = [{"allegiance_councils": i / 10_000} for i in range(5_000)]
    first = live.partial()
    live.rows.append({"allegiance_councils": 1.0})
    clock[0] += PARTIAL_EVERY_S / 2
    assert live.partial() is first
    assert len(first["shared"]["x"]) <= PARTIAL_POINTS + 1 and first["shared"]["x"][-1] == 4_999
    clock[0] += PARTIAL_EVERY_S
    assert live.partial()["shared"]["x"][-1] == 5_000
