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
