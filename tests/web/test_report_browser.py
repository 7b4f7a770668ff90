"""report.html opened from disk in headless Chromium: every chart draws, no errors, no network."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import toy_scenario
from dualpower.core import run
from dualpower.report import write_report

pytestmark = pytest.mark.browser


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    sc = toy_scenario(steps=40)
    results = run(sc.model.build(sc.params), sc.steps, 1, scenario=sc.name)
    return results.write(tmp_path / "run", extra=write_report) / "report.html"


def payload_of(path: Path) -> dict:
    text = path.read_text()
    start = text.index('id="payload">') + len('id="payload">')
    return json.loads(text[start:text.index("</script>", start)].replace("<\\/", "</"))


def test_report_renders_offline_from_file(page, report_file):
    page.goto(report_file.as_uri())
    figures = payload_of(report_file)["figures"]
    page.wait_for_function(f"document.querySelectorAll('.chart .main-svg').length >= {len(figures)}")
    for fig in figures:
        assert page.locator(f'[data-fig="{fig["id"]}"] .main-svg').count() > 0, fig["id"]
    assert page.locator(".district-map polygon").count() == 4
    page.fill(".map-slider", "0")
    assert "1917-03-01" in page.inner_text(".map-date")
    assert page.errors == []
    outside = [u for u in page.requests if not u.startswith(("file://", "data:"))]
    assert outside == []
    page.screenshot(path="/tmp/dualpower-report-toy.png", full_page=True)
