"""Reports of single runs and experiments, built from hand-made result folders."""

from __future__ import annotations

import re

import pytest

from dualpower.report import payload_for, write_report
from dualpower.report.page import plotly_js


def ids(payload) -> set[str]:
    return {f["id"] for f in payload["figures"]}


def test_dual_power_report_has_every_section(dual_power_run):
    p = payload_for(dual_power_run)
    assert {
        "allegiance",
        "allegiance-by-class",
        "legitimacy",
        "seats",
        "support",
        "members",
        "force",
        "activity",
        "events",
        "elections",
    } <= ids(p)
    assert len(p["map"]["districts"]) == 15 and len(p["map"]["councils"][0]) == 260
    assert any(row[0] == "outcome" and "1917-11-07 NS" in row[1] for row in p["summary"])


def test_seats_chart_marks_the_day_the_lead_changed(dual_power_run):
    seats = next(f for f in payload_for(dual_power_run)["figures"] if f["id"] == "seats")
    notes = {a["text"]: a["x"] for a in seats["layout"]["annotations"]}
    assert "Bolsheviks lead" in notes and notes["Bolsheviks lead"].startswith("1917-")
    assert "majority claims power" in notes


def test_full_scale_report_is_self_contained_and_under_5_mb(dual_power_run):
    path = write_report(dual_power_run)
    text = path.read_text()
    size = path.stat().st_size
    print(f"\nreport.html for a 260-day full-contract run: {size:,} bytes")
    assert size <= 5_000_000
    assert text.count("<script") == 4 and "Plotly" in text
    ours = text.replace(plotly_js(), "")
    assert len(ours) < len(text) - 4_000_000
    assert not re.search(r"https?://|(src|href)\s*=\s*[\"']?//", ours.replace("http://www.w3.org/2000/svg", ""))


def test_long_civil_violence_run_is_thinned(civil_violence_run):
    p = payload_for(civil_violence_run)
    assert ids(p) == {"activity"}
    trace = p["figures"][0]["data"][0]
    assert len(trace["y"]) == 1000 and {t["name"] for t in p["figures"][0]["data"]} == {
        "Active",
        "Quiet",
        "Jailed",
        "Cops",
    }
    assert p["map"] is None


def test_experiment_report_has_bands_outcomes_phase_and_sensitivity(experiment):
    p = payload_for(experiment)
    assert p["kind"] == "experiment"
    assert {"outcomes", "band-allegiance_councils", "band-active", "outcome-theta", "outcome-mu", "phase"} <= ids(p)
    sens = [f for f in p["figures"] if f["id"].startswith("sens-")]
    assert [t["name"] for t in sens[0]["data"]] == ["S1", "ST"]
    assert write_report(experiment).is_file()


def test_report_of_a_folder_without_results_fails(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_report(tmp_path)


def test_report_command_writes_the_page(dual_power_run):
    from dualpower.cli import main

    assert main(["report", str(dual_power_run)]) == 0
    assert (dual_power_run / "report.html").is_file()
    assert main(["report", str(dual_power_run / "missing")]) == 2
