"""Hostile text in a results folder stays text; the dashboard sends a CSP; scenario names are slugs."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from conftest import TOKEN, serve, settings, toy_scenario
from dualpower.core import InputError
from dualpower.scenarios import load

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from dualpower.web import create_app  # noqa: E402

HOSTILE = '<img src=x onerror="window.pwned=document.title">'


def plant_run(runs: Path) -> None:
    """A finished-looking run folder whose manifest carries markup in its scenario name and outcome."""
    folder = runs / "0123456789ab"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"scenario": HOSTILE, "steps": 3, "outcome": {"type": HOSTILE}}))


@pytest.fixture
def planted(tmp_path):
    """The toy dashboard over a runs folder holding the hostile manifest."""
    plant_run(tmp_path / "runs")
    yield from serve(settings(tmp_path / "runs"))


@pytest.mark.browser
@pytest.mark.parametrize("fixture", ["page", "strict_page"])
def test_markup_in_a_manifest_is_shown_as_text(request, planted, fixture):
    pg = request.getfixturevalue(fixture)
    pg.goto(f"{planted}/?token={TOKEN}")
    pg.wait_for_selector('#runs li[data-run="0123456789ab"]')
    assert HOSTILE in pg.inner_text('#runs li[data-run="0123456789ab"]')
    assert pg.locator("#runs img").count() == 0
    assert pg.evaluate("window.pwned") is None
    pg.click("#run")
    pg.wait_for_selector("#live .chart .main-svg")
    assert [e for e in pg.errors if "Content Security Policy" in e] == []


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(settings(tmp_path / "runs"))) as c:
        yield c


def test_pages_carry_a_policy_without_inline_script(client):
    for path in ("/", "/static/app.js", f"/api/scenarios?token={TOKEN}"):
        csp = client.get(path).headers["content-security-policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["script-src"] == "'self'", path
        assert "unsafe-inline" not in directives["script-src"] and directives["object-src"] == "'none'"
    assert client.get("/").headers["x-content-type-options"] == "nosniff"


def test_the_report_may_run_its_inline_script_and_reach_nothing(client, tmp_path):
    r = client.post("/api/runs", json={"scenario": "toy-1917", "steps": 5}, headers={"X-Token": TOKEN})
    run_id = r.json()["id"]
    for _ in range(200):
        if client.get(f"/api/runs/{run_id}", headers={"X-Token": TOKEN}).json()["status"] == "done":
            break
        time.sleep(0.05)
    csp = client.get(f"/api/runs/{run_id}/report", headers={"X-Token": TOKEN}).headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'unsafe-inline'" in csp and "connect-src" not in csp


def test_a_scenario_name_must_be_a_slug(tmp_path):
    path = tmp_path / "bad.toml"
    base = toy_scenario()
    assert base.name == "toy-1917"
    path.write_text(f'name = "{HOSTILE.replace(chr(34), chr(39))}"\nmodel = "civil-violence"\nsteps = 3\n')
    with pytest.raises(InputError) as err:
        load(path)
    assert err.value.field == "name" and "slug" in err.value.reason
