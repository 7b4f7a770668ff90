"""A resumed sweep trusts only parts that match their logged size and checksum, and one folder has one writer."""

import pyarrow.parquet as pq
import pytest
from exp_toys import write_spec

from dualpower.cli import main
from dualpower.core import InputError
from dualpower.experiments import SerialExecutor, sweep
from dualpower.experiments.store import LOCK, lock_folder


def _truncate_half(p):
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])


def _empty(p):
    p.write_bytes(b"")


def _flip(p):
    data = bytearray(p.read_bytes())
    data[len(data) // 2] ^= 0xFF
    p.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_truncate_half, _empty, _flip])
def test_resume_reruns_damaged_parts_and_the_report_reads(tmp_path, damage, capsys):
    spec = write_spec(tmp_path, "seed = 3\nrepetitions = 4\n")
    first = sweep(spec, tmp_path / "o", SerialExecutor())
    part = first.out / "timeseries" / "run=00002" / "part.parquet"
    good = part.read_bytes()
    damage(part)
    again = sweep(spec, first.out, SerialExecutor(), resume=True)
    assert (again.skipped, again.succeeded, again.failed) == (3, 1, 0)
    assert part.read_bytes() == good
    assert pq.read_table(part).num_rows > 0
    assert main(["report", str(first.out)]) == 0 and (first.out / "report.html").is_file()


def test_a_status_line_that_is_not_a_record_is_skipped(tmp_path):
    spec = write_spec(tmp_path, "seed = 3\nrepetitions = 2\n")
    first = sweep(spec, tmp_path / "o", SerialExecutor())
    with (first.out / "status.jsonl").open("a") as f:
        f.write('{}\n[1, 2]\n{"run": "x", "status": 5}\n')
    again = sweep(spec, first.out, SerialExecutor(), resume=True)
    assert (again.skipped, again.succeeded) == (2, 0)


def test_a_second_writer_of_one_folder_is_refused(tmp_path):
    spec = write_spec(tmp_path, "seed = 3\nrepetitions = 2\n")
    first = sweep(spec, tmp_path / "o", SerialExecutor())
    (first.out / "timeseries" / "run=00001" / "part.parquet").unlink()
    held = lock_folder(first.out)
    try:
        with pytest.raises(InputError, match="another process is writing"):
            sweep(spec, first.out, SerialExecutor(), resume=True)
    finally:
        import os

        os.close(held)
    lines = (first.out / "status.jsonl").read_text().splitlines()
    assert len(lines) == 2
    again = sweep(spec, first.out, SerialExecutor(), resume=True)
    assert (again.skipped, again.succeeded) == (1, 1)
    assert (first.out / LOCK).is_file()


def test_corrupt_experiment_record_is_named(tmp_path):
    spec = write_spec(tmp_path, "seed = 3\nrepetitions = 2\n")
    first = sweep(spec, tmp_path / "o", SerialExecutor())
    (first.out / "experiment.json").write_text("[1")
    with pytest.raises(InputError, match="experiment.json: corrupt JSON"):
        sweep(spec, first.out, SerialExecutor(), resume=True)
