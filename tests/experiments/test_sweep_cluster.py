"""The same sweep on a Dask LocalCluster and in one process gives byte-identical parts; workers share the cores."""

import os

from exp_toys import write_spec

from dualpower.experiments import ExecutorOptions, SerialExecutor, sweep
from dualpower.experiments.executors import dask_client, local_pool, threads_per_worker

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


def _threads() -> int:
    import numba

    return numba.get_num_threads()


def test_workers_share_the_cores_instead_of_each_taking_all(tmp_path):
    expected = threads_per_worker(2)
    with dask_client(workers=2) as client:
        assert set(client.run(_threads).values()) == {expected}
    with local_pool(2) as pool:
        assert {f.result() for f in [pool.submit(_threads) for _ in range(4)]} == {expected}
    assert threads_per_worker(1) == (os.cpu_count() or 1) and threads_per_worker(10**6) == 1
