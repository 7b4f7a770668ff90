import json

import pyarrow.parquet as pq
import pytest

from dualpower.cli import main
from dualpower.scenarios import builtin_names, load


def _run(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_run_writes_results_folder(tmp_path, toy_scenario, capsys):
    out = tmp_path / "res"
    rc, stdout, _ = _run(
        capsys, "run", str(toy_scenario), "--steps", "5", "--seed", "2", "--out", str(out), "--set", "n=30"
    )
    assert rc == 0
    assert pq.read_table(out / "timeseries.parquet").num_rows == 6
    m = json.loads((out / "manifest.json").read_text())
    assert m["parameters"]["n"] == 30 and m["seed"]["entropy"] == "2" and m["scenario"] == "toy-walk"
    assert "toy-walk" in stdout and str(out) in stdout


@pytest.mark.parametrize(
    "extra, needle",
    [
        (["--set", "nn=3"], "nn: unknown parameter"),
        (["--set", "n=lots"], "n: Input should be a valid integer"),
        (["--set", "drift=5"], "drift: Input should be less than or equal to 1"),
        (["--set", "share_a=0.7", "--set", "share_b=0.7"], "share_a + share_b"),
        (["--set", "n"], "expected key=value"),
        (["--steps", "-1"], "steps"),
        (["--scale", "0.1"], "no scale parameter"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_no_output(tmp_path, toy_scenario, capsys, extra, needle):
    out = tmp_path / "res"
    rc, stdout, err = _run(capsys, "run", str(toy_scenario), "--out", str(out), *extra)
    assert rc == 2
    assert needle in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists() and list(tmp_path.iterdir()) == [toy_scenario]


def test_unknown_scenario_and_malformed_file_exit_2(tmp_path, capsys):
    rc, _, err = _run(capsys, "run", "atlantis", "--out", str(tmp_path / "o"))
    assert rc == 2 and "unknown scenario" in err
    bad = tmp_path / "bad.toml"
    bad.write_text("steps = [")
    rc, _, err = _run(capsys, "run", str(bad), "--out", str(tmp_path / "o"))
    assert rc == 2 and str(bad) in err and "malformed TOML" in err
    assert not (tmp_path / "o").exists()


def test_unwritable_out_exits_2_before_simulating(tmp_path, toy_scenario, capsys):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    rc, _, err = _run(capsys, "run", str(toy_scenario), "--out", str(blocker / "o"))
    assert rc == 2 and "--out" in err


def test_params_command_lists_bounds(toy_scenario, capsys):
    rc, stdout, _ = _run(capsys, "params", str(toy_scenario))
    assert rc == 0 and "drift" in stdout and "Mean step of the level." in stdout


def test_simulate_checks_steps_and_seed_in_one_place(toy_scenario):
    import dualpower
    from dualpower.core import InputError

    with pytest.raises(InputError, match="steps"):
        dualpower.simulate(toy_scenario, steps=-1)
    with pytest.raises(InputError, match="seed"):
        dualpower.simulate(toy_scenario, seed=-3, steps=1)
    a = dualpower.simulate(toy_scenario, seed=2, steps=3, params={"n": 5})
    b = dualpower.simulate(toy_scenario, seed=2, steps=3, n=5)
    assert a.timeseries.equals(b.timeseries) and a.manifest["parameters"]["n"] == 5


def test_summary_prints_any_model_outcome_with_its_step(tmp_path, capsys):
    rc, out, _ = _run(capsys, "run", "granovetter-riot-perturbed", "--out", str(tmp_path / "r"))
    assert rc == 0
    assert "outcome: equilibrium on step 2" in out and "rioting=1" in out


@pytest.mark.parametrize("name, old_style", [("petrograd-1917", True), ("berlin-1918", False)])
def test_dates_are_labelled_old_style_only_where_the_case_counts_them_so(tmp_path, capsys, name, old_style):
    rc, out, _ = _run(capsys, "run", name, "--scale", "0.003", "--seed", "1", "--out", str(tmp_path / "r"))
    assert rc == 0
    outcome = next(line for line in out.splitlines() if line.startswith("outcome:"))
    assert ("(OS)" in outcome and "(NS)" in outcome) == old_style and " on 19" in outcome
    assert ("date (OS)" in out) == old_style
    report = (tmp_path / "r" / "report.html").read_text()
    assert ("date (Old Style)" in report) == old_style


@pytest.mark.parametrize("name", builtin_names())
def test_every_built_in_scenario_runs_from_the_cli(tmp_path, capsys, name):
    small = ["--scale", "0.003"] if "scale" in type(load(name).params).model_fields else []
    rc, out, _ = _run(capsys, "run", name, *small, "--seed", "1", "--out", str(tmp_path / "r"))
    assert rc == 0 and out.startswith(f"{name} (")
    manifest = json.loads((tmp_path / "r" / "manifest.json").read_text())
    assert manifest["scenario"] == name and int(manifest["seed"]["entropy"]) == 1
    assert pq.read_table(tmp_path / "r" / "timeseries.parquet").num_rows == manifest["steps"] + 1
    assert (tmp_path / "r" / "report.html").stat().st_size > 0
