import os

import pytest

from dualpower.core import InputError, read_results, run
from toy_model import Toy, ToyParams


def _results():
    return run(Toy(), ToyParams(bar=10), 3, seed=1)


def test_write_and_read_back(tmp_path):
    out = _results().write(tmp_path / "r")
    back = read_results(out)
    assert back.timeseries.num_rows == 4
    assert back.manifest["scenario"] == "toy"
    names = sorted(p.name for p in out.iterdir())
    assert names == [".dualpower-results", "events.parquet", "manifest.json", "timeseries.parquet"]


def test_failed_write_leaves_nothing_behind(tmp_path):
    def boom(folder):
        raise RuntimeError("report failed")

    with pytest.raises(RuntimeError):
        _results().write(tmp_path / "r", extra=boom)
    assert os.listdir(tmp_path) == []


def test_existing_results_are_replaced_only_when_complete(tmp_path):
    out = _results().write(tmp_path / "r", extra=lambda f: (f / "old-report.html").write_text("<html>"))
    _results().write(out, extra=lambda f: (f / "report.html").write_text("<html>"))
    assert sorted(p.name for p in out.iterdir())[-1] == "timeseries.parquet"
    assert not (out / "old-report.html").exists() and (out / "report.html").exists()
    assert sorted(os.listdir(tmp_path)) == ["r"]


def test_results_folder_with_a_file_we_did_not_write_is_refused_then_kept_with_overwrite(tmp_path):
    out = _results().write(tmp_path / "r")
    (out / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="did not write .notes.txt"):
        _results().write(out)
    _results().write(out, overwrite=True)
    assert (out / "notes.txt").read_text() == "mine" and (out / "manifest.json").is_file()
    assert sorted(os.listdir(tmp_path)) == ["r"]


def test_refuses_folder_that_is_not_results(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.tex").write_text("precious")
    with pytest.raises(InputError, match="did not write"):
        _results().write(tmp_path / "mine")
    assert (tmp_path / "mine" / "thesis.tex").read_text() == "precious"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_refuses_unwritable_parent(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir(mode=0o500)
    with pytest.raises(InputError, match="not writable"):
        _results().write(ro / "out")


def test_read_results_rejects_other_folders(tmp_path):
    with pytest.raises(InputError, match="not a results folder"):
        read_results(tmp_path)


def test_refuses_out_below_a_file(tmp_path):
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(InputError, match="--out"):
        _results().write(tmp_path / "file.txt" / "out")
    assert os.listdir(tmp_path) == ["file.txt"]


def test_results_get_the_usual_file_modes(tmp_path):
    old = os.umask(0o022)
    try:
        out = _results().write(tmp_path / "r")
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o755
    assert {(p.stat().st_mode & 0o777) for p in out.iterdir()} == {0o644}
