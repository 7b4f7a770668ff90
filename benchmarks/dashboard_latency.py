"""Dashboard latency with the real petrograd-1917 model, in headless Chromium.

    python benchmarks/dashboard_latency.py                 # scale 0.01, then a longer run at --long-scale
    python benchmarks/dashboard_latency.py --long-scale 1.0

Prints the time from pressing Run to the first chart, the number of live chart updates
and the longest gap between them, and the browser's event-loop lag during the run.
Targets: first chart <= 2 s at scale 0.01; an update at least once a second during a long run.
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from dualpower.web import Settings, cached_loader, create_app, warm_up

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TOKEN = "bench"
TIMINGS = """() => { const t = window.dpTimings, u = t.updates, gaps = u.slice(1).map((x, i) => x - u[i]);
    return {first_chart_ms: t.firstChart - t.clicked, updates: u.length,
            max_gap_ms: gaps.length ? Math.max(...gaps) : null}; }"""
LAG = """() => new Promise(done => {
  const t0 = performance.now(); setTimeout(() => done(performance.now() - t0), 0); })"""


def serve() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    loader = cached_loader()
    warm_up(loader)
    app = create_app(Settings(Path(tempfile.mkdtemp(prefix="dash-bench-")), TOKEN, loader=loader))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}"


def run_once(page, scale: float) -> dict:
    page.select_option("#scenario", "petrograd-1917")
    page.wait_for_selector('.param[data-name="scale"] input[type=number]')
    page.fill('.param[data-name="scale"] input[type=number]', str(scale))
    page.click("#run")
    page.wait_for_function("window.dpTimings.firstChart !== undefined", timeout=600_000)
    lag = page.evaluate(LAG)
    page.wait_for_function("document.getElementById('progress-text').textContent.includes('(100%)')", timeout=900_000)
    page.wait_for_function("window.dpTimings.final !== undefined", timeout=60_000)
    return {**page.evaluate(TIMINGS), "event_loop_lag_ms": round(lag, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--long-scale", type=float, default=0.25)
    args = ap.parse_args()
    base = serve()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{base}/?token={TOKEN}")
        page.wait_for_selector("#scenario option", state="attached")
        for scale in (0.01, args.long_scale):
            started = time.perf_counter()
            t = run_once(page, scale)
            print(
                f"scale {scale}: first chart {t['first_chart_ms']:.0f} ms after Run; {t['updates']} live updates, "
                f"longest gap {t['max_gap_ms']:.0f} ms; event-loop lag {t['event_loop_lag_ms']} ms; "
                f"run {time.perf_counter() - started:.1f} s"
            )
        browser.close()


if __name__ == "__main__":
    main()
