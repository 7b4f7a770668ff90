"""What the CLI refuses, and what it never deletes or leaves behind."""

import json
import os
import re
import subprocess

import pytest

from dualpower.cli import main


def _run(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def _one_line_exit_2(rc, err):
    assert rc == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_out_folder_with_files_we_did_not_write_is_refused_and_untouched(tmp_path, toy_scenario, capsys):
    proj = tmp_path / "proj"
    (proj / "src").mkdir(parents=True)
    (proj / "manifest.json").write_text('{"name":"ext"}')
    (proj / "important.txt").write_text("precious")
    rc, _, err = _run(capsys, "run", str(toy_scenario), "--steps", "3", "-q", "--out", str(proj))
    _one_line_exit_2(rc, err)
    assert "--overwrite" in err and str(proj) in err
    assert sorted(os.listdir(proj)) == ["important.txt", "manifest.json", "src"]
    assert (proj / "manifest.json").read_text() == '{"name":"ext"}'


def test_overwrite_adds_results_and_keeps_other_files(tmp_path, toy_scenario, capsys):
    proj = tmp_path / "proj"
    (proj / "src").mkdir(parents=True)
    (proj / "important.txt").write_text("precious")
    rc, _, err = _run(capsys, "run", str(toy_scenario), "--steps", "3", "-q", "--out", str(proj), "--overwrite")
    assert rc == 0, err
    assert (proj / "important.txt").read_text() == "precious" and (proj / "src").is_dir()
    assert json.loads((proj / "manifest.json").read_text())["steps"] == 3
    assert sorted(os.listdir(tmp_path)) == ["proj", "toy.toml"]


def test_our_own_results_folder_is_replaced(tmp_path, toy_scenario, capsys):
    out = tmp_path / "res"
    for steps in ("3", "4"):
        rc, _, err = _run(capsys, "run", str(toy_scenario), "--steps", steps, "-q", "--out", str(out))
        assert rc == 0, err
    assert json.loads((out / "manifest.json").read_text())["steps"] == 4


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["run", "--steps", "abc"], "--steps"),
        (["run", "--seed", "abc"], "--seed"),
        (["run", "--scale", "abc"], "--scale"),
        (["--bogus"], "--bogus"),
        (["frobnicate"], "frobnicate"),
        (["sweep", "x.toml", "--out", "o", "--workers", "abc"], "--workers"),
        (["ensemble", "civil-violence", "--out", "o", "--runs", "0"], "--runs"),
        (["ensemble", "civil-violence", "--out", "o", "--runs", "-1"], "--runs"),
        (["ensemble", "civil-violence", "--out", "o", "--seed", "-1"], "--seed"),
        (["serve", "--workers", "0"], "--workers"),
        (["serve", "--port", "70000"], "--port"),
    ],
)
def test_usage_errors_exit_2_with_one_line(tmp_path, monkeypatch, capsys, argv, needle):
    monkeypatch.chdir(tmp_path)
    rc, _, err = _run(capsys, *argv)
    _one_line_exit_2(rc, err)
    assert needle in err
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["--steps", "99999999999999999999999"], "DUALPOWER_MAX_STEPS"),
        (["--set", "width=20000", "--set", "height=20000"], "GiB of memory"),
    ],
)
def test_runs_too_large_are_refused_before_starting(tmp_path, capsys, argv, needle):
    rc, _, err = _run(capsys, "run", "civil-violence", "-q", "--out", str(tmp_path / "o"), *argv)
    _one_line_exit_2(rc, err)
    assert needle in err and os.listdir(tmp_path) == []


def test_memory_limit_can_be_raised_and_lowered(tmp_path, toy_scenario, capsys, monkeypatch):
    monkeypatch.setenv("DUALPOWER_MAX_STEPS", "10")
    rc, _, err = _run(capsys, "run", str(toy_scenario), "--steps", "11", "-q", "--out", str(tmp_path / "o"))
    _one_line_exit_2(rc, err)
    rc, _, err = _run(capsys, "run", str(toy_scenario), "--steps", "10", "-q", "--out", str(tmp_path / "o"))
    assert rc == 0, err


def test_a_scenario_file_that_asks_for_too_many_steps_is_named(tmp_path, toy_scenario, capsys, monkeypatch):
    steps = int(re.search(r"steps\s*=\s*(\d+)", toy_scenario.read_text()).group(1))
    monkeypatch.setenv("DUALPOWER_MAX_STEPS", str(steps - 1))
    rc, _, err = _run(capsys, "run", str(toy_scenario), "-q", "--out", str(tmp_path / "o"))
    _one_line_exit_2(rc, err)
    assert str(toy_scenario) in err and "steps" in err and not (tmp_path / "o").exists()
    rc, _, err = _run(capsys, "run", str(toy_scenario), "--steps", str(steps), "-q", "--out", str(tmp_path / "o"))
    assert rc == 2 and "command line" in err and str(toy_scenario) not in err


@pytest.mark.parametrize("out", ["", ".", ".."])
def test_out_naming_the_current_folder_is_refused(tmp_path, toy_scenario, capsys, monkeypatch, out):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    rc, _, err = _run(capsys, "run", str(toy_scenario), "--steps", "2", "-q", "--out", out)
    _one_line_exit_2(rc, err)
    assert os.listdir(work) == [] and sorted(os.listdir(tmp_path)) == ["toy.toml", "work"]


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_leftovers_of_a_killed_writer_are_cleaned_and_parked_results_restored(tmp_path, toy_scenario, capsys):
    out = tmp_path / "res"
    assert _run(capsys, "run", str(toy_scenario), "--steps", "3", "-q", "--out", str(out))[0] == 0
    pid = _dead_pid()
    parked = tmp_path / f".res.old-{pid}-abc"
    parked.mkdir()
    os.replace(out, parked / "x")
    (tmp_path / f".res.tmp-{pid}-def").mkdir()
    live = tmp_path / f".res.tmp-{os.getpid()}-ghi"
    live.mkdir()
    assert _run(capsys, "run", str(toy_scenario), "--steps", "4", "-q", "--out", str(out))[0] == 0
    assert sorted(os.listdir(tmp_path)) == [live.name, "res", "toy.toml"]
    assert json.loads((out / "manifest.json").read_text())["steps"] == 4


def test_serve_on_a_port_in_use_exits_2_with_one_line(capsys):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        rc, _, err = _run(capsys, "serve", "--port", str(sock.getsockname()[1]))
    _one_line_exit_2(rc, err)
    assert "--port" in err and "in use" in err


def test_a_full_disk_is_reported_naming_the_folder_and_leaves_nothing(tmp_path, toy_scenario, capsys, monkeypatch):
    import errno

    import pyarrow.parquet as pq

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pq, "write_table", full)
    out = tmp_path / "res"
    rc, _, err = _run(capsys, "run", str(toy_scenario), "--steps", "3", "-q", "--out", str(out))
    _one_line_exit_2(rc, err)
    assert str(out) in err and "No space left on device" in err
    assert sorted(os.listdir(tmp_path)) == ["toy.toml"]


def test_an_ensemble_of_too_many_runs_is_refused_naming_runs(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rc, _, err = _run(capsys, "ensemble", "civil-violence", "--runs", "1000000000000", "--out", "o", "-q")
    _one_line_exit_2(rc, err)
    assert "--runs: 1,000,000,000,000 runs exceed" in err and os.listdir(tmp_path) == []
