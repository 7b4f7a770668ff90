"""Malformed scenario, params and spec files: exit 2 with one line naming the file and field, never a traceback."""

import json
import os

import pytest

from dualpower.cli import main

SCENARIO = 'name = "toy-walk"\nmodel = "toy_model:Toy"\nsteps = 3\n'


def _run(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def _refused(capsys, tmp_path, path, needle, *argv):
    before = sorted(os.listdir(tmp_path))
    rc, _, err = _run(capsys, *argv)
    assert rc == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert str(path) in err and needle in err
    assert sorted(os.listdir(tmp_path)) == before
    return err


@pytest.mark.parametrize(
    "extra, needle",
    [
        ("inputs = 5\n", "inputs: must be a table"),
        ("free = 5\n", "free: must be a list"),
        ("free = [1]\n", "free: must be a list"),
        ("extends = 5\n", "extends: must be a scenario name"),
        ("params = 5\n", "params: must be a table"),
        ("x = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ],
)
def test_malformed_scenario_files(tmp_path, capsys, extra, needle):
    path = tmp_path / "bad.toml"
    path.write_text(SCENARIO + extra)
    _refused(capsys, tmp_path, path, needle, "run", str(path), "-q", "--out", str(tmp_path / "o"))


def test_scenario_that_is_not_utf8_is_named(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_bytes(SCENARIO.encode() + b'description = "\xff\xfe"\n')
    _refused(capsys, tmp_path, path, "not UTF-8", "run", str(path), "-q", "--out", str(tmp_path / "o"))


@pytest.mark.parametrize(
    "body, needle",
    [
        ("params = 5\n", "params: must be a table"),
        ("params = [1, 2]\n", "params: must be a table"),
        ("[params]\nn = -3\n", "n: Input should be greater"),
        ("[params]\nnn = 3\n", "nn: unknown parameter"),
        (b"n = \xff\n", "not UTF-8"),
    ],
)
def test_malformed_params_files_are_named_as_such(tmp_path, toy_scenario, capsys, body, needle):
    path = tmp_path / "p.toml"
    path.write_bytes(body if isinstance(body, bytes) else body.encode())
    args = ("run", str(toy_scenario), "-q", "--params", str(path), "--out", str(tmp_path / "o"))
    assert "--set" not in _refused(capsys, tmp_path, path, needle, *args)


@pytest.mark.parametrize(
    "body, needle",
    [
        ("[stop]\nstpes = 5\n", "stop.stpes: unknown key"),
        ('[metrics]\nkep = ["x"]\n', "metrics.kep: unknown key"),
        ('[sample]\nn = 4\nmethd = "lhs"\nbounds = {drift = [0.0, 0.1]}\n', "sample.methd: unknown key"),
        ('[output]\nmetric = "x"\nwhen = 3\n', "output.when: unknown key"),
        ("[vary]\ndrift = {first = 0.0, step = 0.1, last = inf}\n", "vary.drift: first, step and last must be finite"),
        ("[vary]\ndrift = {first = 0.0, step = nan, last = 1.0}\n", "vary.drift: first, step and last must be finite"),
        ("[sample]\nn = 4\nbounds = {drift = [0.0, nan]}\n", "sample.bounds.drift"),
        ("repetitions = 1000000000000\n", "repetitions: 1,000,000,000,000 runs exceed"),
        ("[sample]\nn = 1000000000\nbounds = {drift = [0.0, 0.1]}\n", "sample.n: 1,000,000,000 runs exceed"),
        (
            "[vary]\nn = {first = 1, step = 1, last = 1001}\ndrift = {first = 0.0, step = 0.0001, last = 0.1}\n",
            "vary: 1,002,001 runs exceed",
        ),
        ("[stop]\nsteps = 99999999999999\n", "stop.steps: 99999999999999 steps exceed"),
    ],
)
def test_malformed_or_oversized_specs(tmp_path, toy_scenario, capsys, body, needle):
    spec = tmp_path / "spec.toml"
    spec.write_text(f'scenario = "{toy_scenario.name}"\n{body}')
    _refused(
        capsys, tmp_path, spec, needle, "sweep", str(spec), "--out", str(tmp_path / "o"), "--executor", "serial", "-q"
    )


@pytest.mark.parametrize("manifest", ["[1, 2]", "{", "null"])
def test_report_of_a_folder_with_a_corrupt_manifest_names_it(tmp_path, toy_scenario, capsys, manifest):
    out = tmp_path / "res"
    assert _run(capsys, "run", str(toy_scenario), "-q", "--out", str(out), "--no-report")[0] == 0
    (out / "manifest.json").write_text(manifest)
    rc, _, err = _run(capsys, "report", str(out))
    assert rc == 2 and "manifest.json" in err and len(err.strip().splitlines()) == 1
    assert not (out / "report.html").exists()


def test_report_of_an_empty_parquet_file_names_it(tmp_path, toy_scenario, capsys):
    out = tmp_path / "res"
    assert _run(capsys, "run", str(toy_scenario), "-q", "--out", str(out), "--no-report")[0] == 0
    (out / "timeseries.parquet").write_bytes(b"")
    rc, _, err = _run(capsys, "report", str(out))
    assert rc == 2 and "timeseries.parquet" in err and len(err.strip().splitlines()) == 1
    assert json.loads((out / "manifest.json").read_text())["steps"] == 30
