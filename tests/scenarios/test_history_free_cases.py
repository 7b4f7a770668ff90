"""The out-of-sample cases' historical results are for comparison only: removing them changes no simulated output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dualpower import simulate
from dualpower.scenarios import BUILTIN, load

DATA = Path(str(BUILTIN)).parent / "data"


@pytest.mark.parametrize("case", ["moscow-1917", "berlin-1918"])
def test_historical_shares_change_nothing_the_model_computes(tmp_path, case):
    """The same run without the historical tables gives byte-identical simulated output."""
    (tmp_path / "builtin").mkdir()
    data = tmp_path / "data" / case
    data.mkdir(parents=True)
    for f in (DATA / case).iterdir():
        data.joinpath(f.name).write_bytes(f.read_bytes())
    text = (DATA / case / "elections.toml").read_text(encoding="utf-8")
    (data / "elections.toml").write_text(re.sub(r"(?m)^historical = .*$", "historical = {}", text), encoding="utf-8")
    (tmp_path / "builtin" / f"{case}.toml").write_bytes((Path(str(BUILTIN)) / f"{case}.toml").read_bytes())
    bare, real = load(tmp_path / "builtin" / f"{case}.toml"), load(case)
    assert all(e.historical == {} for e in bare.model.inputs.elections)
    assert all(e.historical for e in real.model.inputs.elections)
    outs = []
    for sc in (bare, real):
        res = simulate(sc, seed=11, scale=0.002)
        outs.append((res.to_pandas(), res.to_pandas("elections").drop(columns=["historical"]), res.manifest["outcome"]))
    assert outs[0][0].equals(outs[1][0])
    assert outs[0][1].equals(outs[1][1])
    assert outs[0][2] == outs[1][2]
