"""Each built-in scenario's report.html in headless Chromium: introduction, map or grid, history, no errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import shoot
from test_report_browser import payload_of


from dualpower import simulate
from dualpower.report import write_report
from dualpower.report.history import history_marks
from dualpower.scenarios import builtin_names, load

pytestmark = pytest.mark.browser
SMALL = 0.003


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    """A small run of every built-in scenario over its whole period, with its report."""
    out = {}
    for name in builtin_names():
        sc = load(name)
        small = {"scale": SMALL} if "scale" in type(sc.params).model_fields else {}
        results = simulate(sc, **small)
        out[name] = results.write(tmp_path_factory.mktemp(name), extra=write_report) / "report.html"
    return out


def history_in(payload: dict) -> int:
    """How many history markers the payload asks for on the support chart."""
    support = [f for f in payload["figures"] if f["id"] == "support" and f.get("history")]
    return len(payload["history"]) if support else 0


def test_petrograd_report_marks_its_history(reports):
    assert history_marks("petrograd-1917")
    assert history_in(payload_of(reports["petrograd-1917"])) >= 3


@pytest.mark.parametrize("name", builtin_names())
def test_report_shows_intro_view_and_history(page, reports, name):
    path = reports[name]
    assert path.stat().st_size <= 5_000_000
    page.goto(path.as_uri())
    page.wait_for_selector(".chart .main-svg")
    assert len(page.inner_text(".report-head .lead")) > 80
    model = load(name).model.name
    if model == "civil-violence":
        page.wait_for_selector(".cv-grid[data-ready='1'] canvas")
        page.fill(".grid-slider", "5")
        assert "active" in page.get_attribute(".cv-grid canvas", "aria-label")
    elif model == "dual-power":
        assert page.locator(".district-map polygon").count() >= 4
        assert "councils" in page.text_content(".district-map svg title")
        old_style = load(name).model.inputs.ns_offset != 0
        assert (" OS (" in page.text_content(".district-map .map-date")) == old_style
    marks = history_in(payload_of(path))
    if marks:
        page.wait_for_selector('[data-fig="support"] .annotation-text')
        assert page.locator('[data-fig="support"] .annotation-text').all_text_contents().count("H") == marks
    if page.locator(".switch").count():
        page.focus(".switch >> nth=1")
        page.keyboard.press("Enter")
        assert page.get_attribute(".switch >> nth=1", "aria-pressed") == "true"
    assert page.errors == []
    if name in ("petrograd-1917", "civil-violence"):
        shoot(page, f"report-{name}-desktop")


@pytest.mark.parametrize("name", ["petrograd-1917", "berlin-1918"])
def test_the_record_is_drawn_on_the_activity_chart(page, reports, name):
    page.goto(reports[name].as_uri())
    page.wait_for_selector('[data-fig="activity"] .main-svg')
    assert page.locator('[data-fig="activity"] .js-fill').count() >= 1
    legend = " ".join(page.locator('[data-fig="activity"] .legendtext').all_text_contents())
    assert "record: " in legend and "Out armed" in legend
    assert page.errors == []
    if name == "berlin-1918":
        page.locator('[data-fig="activity"]').scroll_into_view_if_needed()
        shoot(page, "report-berlin-1918-record")


def test_switches_survive_a_live_redraw(page, reports):
    """The activity chart's log scale and the class chart's side stay as the reader chose them when the
    page is redrawn with new data, as the dashboard does on every live update."""
    path = reports["berlin-1918"]
    page.goto(path.as_uri())
    page.wait_for_selector('[data-fig="activity"] .main-svg')
    axis = "document.querySelector('[data-fig=\"activity\"]')._fullLayout.yaxis.type"
    assert page.evaluate(axis) == "linear"
    switches = '[data-card="{}"] .switch'
    page.locator(switches.format("activity")).filter(has_text="log scale").click()
    page.locator(switches.format("allegiance-by-class")).filter(has_text="loyal to government").click()
    shown = ("Array.from(document.querySelector('[data-fig=\"allegiance-by-class\"]')._fullData)"
             ".flatMap((t, i) => t.visible === true ? [i] : [])")
    chosen = page.evaluate(shown)
    assert page.evaluate(axis) == "log" and len(chosen) >= 5
    page.evaluate("p => DualpowerReport.update(p, document.getElementById('report'))", payload_of(path))
    assert page.evaluate(axis) == "log"
    assert page.evaluate(shown) == chosen
    pressed = page.locator('[data-card="activity"] .switch[aria-pressed="true"]').all_text_contents()
    assert pressed == ["log scale"]
    assert page.errors == []


@pytest.mark.parametrize("name", ["petrograd-1917", "moscow-1917"])
def test_the_red_guard_axis_has_round_ticks_of_its_own(page, reports, name):
    """The right axis counts the Red Guard in round steps, not at the left axis's gridlines (5.33k, 10.66k)."""
    page.goto(reports[name].as_uri())
    page.wait_for_selector('[data-fig="force"] .y2tick text')
    ticks = page.locator('[data-fig="force"] .y2tick text').all_text_contents()
    assert len(ticks) >= 2 and all(re.fullmatch(r"\d+(\.\d)?[kM]?", t.replace(",", "")) for t in ticks), ticks


def test_report_at_phone_width_fits(phone, reports):
    phone.goto(reports["petrograd-1917"].as_uri())
    phone.wait_for_selector(".chart .main-svg")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 400
    shoot(phone, "report-petrograd-1917-phone")
    assert phone.errors == []
