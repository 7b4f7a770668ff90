"""End to end with the shipped models, where their scenarios exist: run, write, report."""

from __future__ import annotations

import pytest

from dualpower.report import payload_for
from dualpower.scenarios import builtin_names


@pytest.mark.slow
def test_petrograd_run_gets_a_dual_power_report(tmp_path):
    if "petrograd-1917" not in builtin_names():
        pytest.skip("the petrograd-1917 scenario is not shipped yet")
    from dualpower.cli import main

    out = tmp_path / "p"
    assert main(["run", "petrograd-1917", "--scale", "0.002", "--steps", "30", "--quiet", "--out", str(out)]) == 0
    payload = payload_for(out)
    assert {"allegiance", "legitimacy"} <= {f["id"] for f in payload["figures"]}
    size = (out / "report.html").stat().st_size
    print(f"\npetrograd-1917 at scale 0.002, 30 days: report {size:,} bytes, map: {payload['map'] is not None}")


def test_each_chart_note_names_what_the_chart_draws(tmp_path):
    """The activity chart's note names the counts of the model at hand, and only a chart with the record on it
    explains the record's bands and diamonds."""
    from dualpower import simulate

    def notes(name: str, **kw) -> dict[str, str]:
        payload = payload_for(simulate(name, seed=1, **kw).write(tmp_path / name))
        return {f["id"]: f["note"] for f in payload["figures"]}

    cv = notes("civil-violence", steps=5)["activity"]
    assert "the cops" in cv and "step" in cv and "armed" not in cv and "dead" not in cv and "record" not in cv
    berlin = notes("berlin-1918", scale=0.003, steps=80)
    assert "out armed" in berlin["activity"] and "dead" in berlin["activity"] and "record's value" in berlin["activity"]
    assert "record" not in berlin["members"]
    moscow = notes("moscow-1917", scale=0.003, steps=5)
    assert "out armed" in moscow["activity"] and "record" not in moscow["activity"]
