"""The dashboard in headless Chromium: sliders, a live run to 100%, charts, a comparison (timings printed)."""

from __future__ import annotations

import pytest

from conftest import TOKEN

pytestmark = pytest.mark.browser


def open_dashboard(page, server):
    page.goto(f"{server}/?token={TOKEN}")
    page.wait_for_selector("body[data-scenario]", state="attached")
    page.click("#params details summary")
    page.wait_for_selector('.param[data-name="drift"] input[type=range]')


def run_and_wait(page, timeout=60_000):
    page.click("#run")
    page.wait_for_function("document.getElementById('progress-text').textContent.includes('(100%)')", timeout=timeout)
    page.wait_for_function("window.dpTimings.final !== undefined", timeout=timeout)


def timings(page) -> dict:
    return page.evaluate("""() => { const t = window.dpTimings, u = t.updates;
        const gaps = u.slice(1).map((x, i) => x - u[i]);
        return {first_chart_ms: t.firstChart - t.clicked, updates: u.length,
                max_gap_ms: gaps.length ? Math.max(...gaps) : null}; }""")


def test_slider_run_progress_charts_and_compare(page, server, tmp_path):
    open_dashboard(page, server)
    page.fill('.param[data-name="drift"] input[type=range]', "0.05")
    assert page.input_value('.param[data-name="drift"] input[type=number]') == "0.05"
    run_and_wait(page)
    print("\ndashboard timings (toy, 60 days):", timings(page))
    assert page.locator("#live .chart .main-svg").count() > 0
    assert page.locator('#live [data-fig="seats"] .scatterlayer .trace').count() == 2
    assert page.locator("#live .district-map polygon").count() == 4
    page.screenshot(path="/tmp/dualpower-dashboard.png", full_page=True)
    page.fill('.param[data-name="drift"] input[type=number]', "0")
    run_and_wait(page)
    page.wait_for_function("document.querySelectorAll('#runs li .status-done').length >= 2")
    page.click("#compare")
    page.wait_for_selector("#comparison .chart .main-svg")
    assert page.locator("#comparison .chart").count() >= 4
    assert "drift" in page.inner_text("#comparison .summary")
    page.screenshot(path="/tmp/dualpower-compare.png", full_page=True)
    assert page.errors == []


def test_long_run_updates_live_and_page_stays_responsive(page, server):
    open_dashboard(page, server)
    page.select_option("#scenario", "toy-long")
    page.wait_for_function("document.body.dataset.scenario === 'toy-long'")
    page.select_option("#preset", "full")
    page.click("#params details summary")
    assert page.input_value("#steps") == "300"
    page.fill('.param[data-name="delay_ms"] input[type=number]', "20")
    page.click("#run")
    page.wait_for_function("window.dpTimings.updates.length >= 3", timeout=30_000)
    live = page.inner_text("#live .summary")
    assert "days so far" in live and "agents" not in live and "wall time" not in live
    lag = page.evaluate("""() => new Promise(done => { const t0 = performance.now();
        setTimeout(() => done(performance.now() - t0), 0); })""")
    page.click("#tab-compare")
    page.click("#tab-live")
    page.wait_for_function("document.getElementById('progress-text').textContent.includes('(100%)')", timeout=60_000)
    print("\ndashboard timings (toy, 300 days x 20 ms):", timings(page), f"event-loop lag {lag:.1f} ms")
    assert page.errors == []
