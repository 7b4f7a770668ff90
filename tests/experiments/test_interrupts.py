"""Ctrl-C stops at once with exit 130 and one line; a parent killed with SIGKILL takes its workers with it."""

import json
import os
import signal
import subprocess
import sys
import time

import psutil
import pytest
from exp_toys import HERE, write_spec

MAIN = "import sys; from dualpower.cli import main; sys.exit(main(sys.argv[1:]))"


def _start(tmp_path, *argv):
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
        "TMPDIR": str(tmp_path),
    }
    return subprocess.Popen(
        [sys.executable, "-c", MAIN, *argv],
        env=env,
        cwd=tmp_path,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _until(check, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def _lines(path):
    """The complete lines of a log another process may be writing (a line still being written is left out)."""
    text = path.read_text() if path.is_file() else ""
    return text[: text.rfind("\n") + 1].splitlines()


def _interrupt(proc):
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err


def test_ctrl_c_in_compiled_code_exits_130_with_one_line_and_no_output(tmp_path):
    proc = _start(
        tmp_path,
        "run",
        "civil-violence",
        "--set",
        "width=400",
        "--set",
        "height=400",
        "--steps",
        "100000",
        "--seed",
        "1",
        "-q",
        "--out",
        "o",
    )
    psproc = psutil.Process(proc.pid)
    assert _until(lambda: psproc.cpu_times().user > 4.0)
    rc, err = _interrupt(proc)
    assert rc == 130 and err.strip() == "interrupted"
    assert sorted(os.listdir(tmp_path)) == []


@pytest.mark.parametrize("executor", ["serial", "local", "dask"])
def test_ctrl_c_stops_a_sweep_and_records_no_failed_runs(tmp_path, executor):
    if executor == "dask":
        pytest.importorskip("distributed")
    spec = write_spec(tmp_path, "seed = 4\nrepetitions = 64\n[set]\npause = 0.05\n")
    proc = _start(tmp_path, "sweep", str(spec), "--out", "o", "--executor", executor, "--workers", "2", "-q")
    assert _until(lambda: len(_lines(tmp_path / "o" / "status.jsonl")) >= 2)
    children = psutil.Process(proc.pid).children(recursive=True)
    rc, err = _interrupt(proc)
    assert rc == 130 and err.strip() == "interrupted"
    records = [json.loads(x) for x in _lines(tmp_path / "o" / "status.jsonl")]
    assert records and {r["status"] for r in records} == {"SUCCEEDED"} and len(records) < 64

    assert _until(lambda: not any(c.is_running() and c.status() != psutil.STATUS_ZOMBIE for c in children), 10)


def _parts(out):
    return sorted(int(p.parent.name[4:]) for p in (out / "timeseries").glob("run=*/part.parquet"))


def test_ctrl_c_inside_a_serial_run_starts_no_further_run(tmp_path):
    spec = write_spec(tmp_path, "seed = 4\nrepetitions = 64\n[set]\npause = 0.05\n")
    proc = _start(tmp_path, "sweep", str(spec), "--out", "o", "--executor", "serial", "--workers", "2", "-q")
    out = tmp_path / "o"

    def logged() -> set[int]:
        return {json.loads(x)["run"] for x in _lines(out / "status.jsonl")}

    # the first 12 runs (4 per worker + 4) ran and were logged; runs of the next batch are under way
    assert _until(lambda: len(logged()) >= 12 and set(_parts(out)) - logged())
    rc, err = _interrupt(proc)
    assert rc == 130 and err.strip() == "interrupted"
    parts = _parts(out)
    assert parts == list(range(len(parts))), "runs in order, none after the interrupted one"


def test_ctrl_c_while_workers_start_leaves_one_line(tmp_path):
    spec = write_spec(tmp_path, "seed = 4\nrepetitions = 2000\n[set]\npause = 0.05\n")
    proc = _start(tmp_path, "sweep", str(spec), "--out", "o", "--workers", "2", "-q")
    parent = psutil.Process(proc.pid)
    assert _until(lambda: len(parent.children()) >= 2)
    rc, err = _interrupt(proc)
    assert rc == 130 and err.strip() == "interrupted"


def test_workers_die_with_a_parent_killed_by_sigkill(tmp_path):
    proc = _start(
        tmp_path,
        "ensemble",
        "counter.toml",
        "--runs",
        "64",
        "--set",
        "pause=0.05",
        "--out",
        "o",
        "--workers",
        "2",
        "-q",
    )
    from exp_toys import write_scenario

    write_scenario(tmp_path)
    parent = psutil.Process(proc.pid)
    assert _until(lambda: len(_lines(tmp_path / "o" / "status.jsonl")) >= 2)
    children = parent.children(recursive=True)
    assert len(children) >= 2
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _until(lambda: not any(c.is_running() and c.status() != psutil.STATUS_ZOMBIE for c in children), 20)
    assert not [p for p in os.listdir(tmp_path) if p.startswith("pymp-")]
