"""The same sweep on a Dask LocalCluster and in one process gives byte-identical parts."""

from exp_toys import write_spec

from dualpower.experiments import ExecutorOptions, SerialExecutor, sweep

SPEC = (
    'seed = 11\nrepetitions = 3\n[vary]\nrate = [0.5, 1.5]\n'
    '[sample]\nmethod = "halton"\nn = 2\nbounds = {noise = [0.1, 2.0]}\n'
)


def _parts(folder):
    return {p.parent.name: p.read_bytes() for p in sorted((folder / "timeseries").glob("run=*/part.parquet"))}


def test_dask_local_cluster_equals_serial_run_for_run_byte_for_byte(tmp_path):
    spec = write_spec(tmp_path, SPEC)
    serial = sweep(spec, tmp_path / "serial", SerialExecutor())
    dask = sweep(spec, tmp_path / "dask", ExecutorOptions("dask", workers=2))
    assert serial.succeeded == dask.succeeded == 12
    a, b = _parts(serial.out), _parts(dask.out)
    assert len(a) == 12 and a == b
