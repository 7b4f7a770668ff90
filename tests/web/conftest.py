"""A toy dual-power model, a live dashboard server on a free port, and headless Chromium."""

from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from dualpower.core import Model, Params, metric, param
from dualpower.scenarios import Scenario

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TOKEN = "test-token"
DISTRICTS = ("vyborg", "narva", "vasilievsky", "kronstadt")
START = dt.date(1917, 3, 1)
SIDES = ("councils", "government", "neutral")
CASE = {"description": "A toy case.", "map": None, "classes": [],
        "parties": [{"name": "bolshevik", "label": "Bolsheviks", "colour": "#b8322a", "bloc": "radical"},
                    {"name": "sr", "label": "SRs", "colour": "#3c8d5a", "bloc": "moderate"}],
        "districts": [{"name": d, "label": d.title(), "polygon": None} for d in DISTRICTS]}


class ToyParams(Params):
    scale: float = param(0.01, ge=0.001, le=1.0, unit="fraction", help="Share of the population simulated.")
    drift: float = param(0.01, ge=0.0, le=0.1, unit="1/day", help="Daily drift toward the councils.")
    delay_ms: int = param(0, ge=0, le=500, unit="ms", help="Wall time per day, to imitate a long run.")
    fail_at: int = param(-1, ge=-1, le=10_000, unit="day", help="Day on which the run raises (-1: never).")


class ToyDualPower(Model):
    """Emits the dual-power output contract from a logistic drift: enough to chart, no mechanisms."""

    name = "toy-dual-power"
    params_type = ToyParams

    def init(self, params, rng):
        return {"day": 0, "councils": 0.2, "noise": rng.normal(0, 0.01, len(DISTRICTS))}

    def step(self, state, params, rng):
        if state["day"] + 1 == params.fail_at:
            raise RuntimeError("toy failure")
        time.sleep(params.delay_ms / 1000)
        c = min(0.9, state["councils"] + params.drift * (1 - state["councils"]))
        return {"day": state["day"] + 1, "councils": c, "noise": rng.normal(0, 0.01, len(DISTRICTS))}

    def observe(self, state, params):
        day, c = state["day"], state["councils"]
        row = {
            "date_os": (START + dt.timedelta(days=day)).isoformat(),
            "date_ns": (START + dt.timedelta(days=day + 13)).isoformat(),
            "allegiance_councils": c,
            "allegiance_government": (1 - c) * 0.6,
            "allegiance_neutral": (1 - c) * 0.4,
            "allegiance_councils_worker": min(1.0, c * 1.2),
            "allegiance_councils_soldier": c * 0.9,
            "legitimacy_government_mean": 1 - c,
            "legitimacy_councils_mean": c,
            "seats_bolshevik": c * 0.8,
            "seats_sr": 1 - c * 0.8,
            "active": int(1000 * c),
            "jailed": 50,
            "dead": 0,
            "red_guard": int(5000 * c),
            "force_government": 1000 * (1 - c),
            "force_councils": 1000 * c,
            "claims_power": int(c > 0.6),
        }
        row.update({f"councils_share_{d}": float(np.clip(c + n, 0, 1)) for d, n in zip(DISTRICTS, state["noise"])})
        row.update(
            {
                f"government_share_{d}": float(np.clip((1 - c) * 0.6 - n, 0, 1))
                for d, n in zip(DISTRICTS, state["noise"])
            }
        )
        return row

    def metrics(self, params):
        out = [metric("date_os", "Date", "date", "time"), metric("date_ns", "Date", "date", "time")]
        out += [metric("allegiance", side, "share", "share", group="side", member=side) for side in SIDES]
        out += [
            metric("allegiance_councils", "by class", "share", "share", group="class", member=c)
            for c in ("worker", "soldier")
        ]
        out += [metric("seats", "seats", "share", "share", group="party", member=p) for p in ("bolshevik", "sr")]
        for fam in ("councils_share", "government_share"):
            out += [metric(fam, "district", "share", "share", group="district", member=d) for d in DISTRICTS]
        return out

    def emit(self, state, params):
        return (
            {
                "events": [
                    {
                        "date_os": (START + dt.timedelta(days=state["day"])).isoformat(),
                        "type": "cabinet",
                        "detail": "new cabinet",
                    }
                ]
            }
            if state["day"] == 20
            else {}
        )

    def table_schemas(self):
        return {"events": {"date_os": "str", "type": "str", "detail": "str"}}

    def agent_count(self, state):
        return 1000


def toy_scenario(name: str = "toy-1917", steps: int = 60) -> Scenario:
    return Scenario(
        name=name,
        description="A toy scenario for dashboard tests.",
        model=ToyDualPower(),
        params=ToyParams(),
        steps=steps,
        seed=7,
        path=Path(f"{name}.toml"),
        case=CASE,
    )


SCENARIOS = {"toy-1917": toy_scenario(), "toy-long": toy_scenario("toy-long", 300)}


def settings(runs_dir: Path, workers: int = 1):
    from dualpower.web import Settings

    return Settings(runs_dir, TOKEN, workers, names=lambda: sorted(SCENARIOS), loader=SCENARIOS.__getitem__)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path):
    """The dashboard over the toy scenarios, served by uvicorn in a thread; yields its base URL."""
    yield from serve(settings(tmp_path / "runs"))


@pytest.fixture
def real_server(tmp_path: Path):
    """The dashboard over the built-in scenarios (what a user gets from ``dualpower serve``)."""
    from dualpower.web import Settings

    yield from serve(Settings(tmp_path / "runs", TOKEN, 1))


def serve(config):
    """Run the dashboard with ``config`` on a free port until the test ends; yields its base URL."""
    uvicorn = pytest.importorskip("uvicorn")
    from dualpower.web import create_app

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(config), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 15
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture
def browser():
    """Headless Debian Chromium driven by Playwright; skipped where it is not installed."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A page that collects console errors and every URL it requests.

    Playwright's ``wait_for_function`` evaluates strings, which the dashboard's CSP forbids, so test
    pages bypass it; ``strict_page`` keeps it for the tests of the policy itself.
    """
    pg = watched(browser.new_page(viewport={"width": 1400, "height": 1000}, bypass_csp=True))
    yield pg
    pg.close()


@pytest.fixture
def phone(browser):
    """A 400 px wide page (a phone held upright), watched like ``page``."""
    pg = watched(browser.new_page(viewport={"width": 400, "height": 800}, bypass_csp=True))
    yield pg
    pg.close()


@pytest.fixture
def strict_page(browser):
    """A desktop page that obeys the Content-Security-Policy the server sends."""
    pg = watched(browser.new_page(viewport={"width": 1400, "height": 1000}))
    yield pg
    pg.close()


def watched(pg):
    """Collect a page's console errors and requested URLs on ``pg.errors`` and ``pg.requests``."""
    pg.errors, pg.requests = [], []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("request", lambda r: pg.requests.append(r.url))
    return pg


def shots_folder() -> Path:
    """Where screenshots go: ``DUALPOWER_SCREENSHOTS`` (e.g. docs/screenshots) if set, else a temporary folder."""
    given = os.environ.get("DUALPOWER_SCREENSHOTS")
    if given:
        return Path(given)
    folder = Path(tempfile.mkdtemp(prefix="dualpower-shots-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


SHOTS = shots_folder()


def shoot(pg, name: str) -> Path:
    """Save the visible page as <SHOTS>/<name>.png, reduced to 256 colours when Pillow is there."""
    import io

    path = SHOTS / f"{name}.png"
    png = pg.screenshot()
    try:
        from PIL import Image
    except ImportError:
        path.write_bytes(png)
        return path
    Image.open(io.BytesIO(png)).convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE).save(path, optimize=True)
    return path
