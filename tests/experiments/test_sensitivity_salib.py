"""Sobol indices of Ishigami's function match the analytic values; the pipeline writes table and chart."""

import math

import numpy as np
import pyarrow.parquet as pq
import pytest
from exp_toys import ishigami, write_scenario

from dualpower.cli import main
from dualpower.experiments import SerialExecutor, sensitivity
from dualpower.experiments.design import unit_sample
from dualpower.experiments.sensitivity import analyze
from dualpower.experiments.spec import Sample

PI = math.pi
BOUNDS = {"x1": (-PI, PI), "x2": (-PI, PI), "x3": (-PI, PI)}
S1, ST = [0.3139, 0.4424, 0.0], [0.5576, 0.4424, 0.2437]


def test_sobol_indices_of_ishigami_match_analytic_values():
    sample = Sample("salib-sobol", 4096, BOUNDS, seed=1)
    x = unit_sample(sample)
    y = np.array([ishigami(*row) for row in x])
    t = analyze("sobol", sample, x, y)
    assert t.column("S1").to_pylist() == pytest.approx(S1, abs=0.04)
    assert t.column("ST").to_pylist() == pytest.approx(ST, abs=0.04)
    assert all(c > 0 for c in t.column("ST_conf").to_pylist())


def _spec(tmp_path, n):
    write_scenario(tmp_path, "Ishigami", steps=1, params="x1 = 0.0")
    b = ", ".join(f"{k} = [{lo}, {hi}]" for k, (lo, hi) in BOUNDS.items())
    path = tmp_path / "sa.toml"
    path.write_text(
        f'scenario = "ishigami.toml"\nseed = 1\n[sample]\nn = {n}\nbounds = {{{b}}}\n'
        '[output]\nmetric = "y"\n[metrics]\nfinal_only = true\n'
    )
    return path


def test_sobol_pipeline_ranks_ishigami_inputs_and_writes_table_and_chart(tmp_path):
    analysis = sensitivity(_spec(tmp_path, 64), tmp_path / "out", "sobol", SerialExecutor())
    t = pq.read_table(analysis.report.out / "sensitivity.parquet").to_pydict()
    assert analysis.report.runs == 64 * 5 and t["parameter"] == ["x1", "x2", "x3"]
    assert t["S1"][1] > t["S1"][2] and t["ST"][2] > t["S1"][2]
    svg = (analysis.report.out / "sensitivity.svg").read_text()
    assert svg.startswith("<svg") and "x3" in svg and svg.count("<rect") >= 6


def test_morris_command_prints_mu_star(tmp_path, capsys):
    rc = main(
        [
            "sensitivity",
            str(_spec(tmp_path, 6)),
            "--method",
            "morris",
            "--out",
            str(tmp_path / "m"),
            "--executor",
            "serial",
        ]
    )
    out = capsys.readouterr().out
    assert rc == 0 and "mu_star" in out and "24 runs" in out


def test_sensitivity_needs_sample_and_output(tmp_path, capsys):
    spec = tmp_path / "bad.toml"
    spec.write_text(f'scenario = "{write_scenario(tmp_path, "Ishigami").name}"\n[output]\nmetric = "y"\n')
    rc = main(["sensitivity", str(spec), "--out", str(tmp_path / "o")])
    assert rc == 2 and "sample: missing" in capsys.readouterr().err
