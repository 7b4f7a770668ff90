"""Sweep scaling: speed-up on 1 vs 2 local workers, Dask overhead, client memory, a 1,000-run sweep.

    python benchmarks/sweep_scaling.py                      # petrograd-1917 at scale 0.05 (else civil-violence 20x20)
    python benchmarks/sweep_scaling.py --scenario civil-violence --runs 32
    python benchmarks/sweep_scaling.py --thousand   # also 1,000 runs at scale 0.01, and the runs.parquet load time

Targets: speed-up >= 1.8x on 2 cores; Dask within 10% of the local pool; client peak RSS flat in the number of runs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

from dualpower.core.results import peak_rss_mb  # noqa: F401 - read by the client_rss subprocess
from dualpower.experiments import ExecutorOptions, ExperimentSpec, Metrics, sweep
from dualpower.scenarios import builtin_names, load

FALLBACK = 'name = "civil-violence-20"\nmodel = "civil-violence"\nsteps = 100\n[params]\nwidth = 20\nheight = 20\n'


def scenario_ref(name: str, tmp: Path) -> str:
    """The named scenario, or a small civil-violence scenario when it is not installed yet."""
    if name in builtin_names() or Path(name).is_file():
        return name
    path = tmp / "civil-violence-20.toml"
    path.write_text(FALLBACK)
    print(f"scenario {name!r} not available; using a 20x20 civil-violence scenario")
    return str(path)


def spec_for(ref: str, runs: int, scale: float) -> ExperimentSpec:
    has_scale = "scale" in type(load(ref).params).model_fields
    fixed = {"scale": scale} if has_scale else {}
    return ExperimentSpec(scenario=ref, fixed=fixed, repetitions=runs, seed=1, metrics=Metrics(every=10))


def timed(spec: ExperimentSpec, out: Path, options: ExecutorOptions) -> float:
    started = time.perf_counter()
    report = sweep(spec, out, options)
    assert report.ok, f"{report.failed} runs failed"
    return time.perf_counter() - started


def client_rss(ref: str, runs: int, scale: float) -> float:
    """Peak RSS of a client process running a 2-worker local sweep of ``runs`` runs."""
    code = (
        "import sys, tempfile, pathlib; sys.path.insert(0, 'benchmarks'); import sweep_scaling as b;"
        f"d = pathlib.Path(tempfile.mkdtemp()); "
        f"b.sweep(b.spec_for({ref!r}, {runs}, {scale}), d / 'o', b.ExecutorOptions('local', 2));"
        "print(b.peak_rss_mb())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="petrograd-1917")
    ap.add_argument("--scale", type=float, default=0.05)
    ap.add_argument("--runs", type=int, default=32)
    ap.add_argument("--thousand", action="store_true", help="also run 1,000 runs at scale 0.01")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="sweep-bench-"))
    ref = scenario_ref(args.scenario, tmp)
    spec = spec_for(ref, args.runs, args.scale)
    t1 = timed(spec, tmp / "local1", ExecutorOptions("local", 1))
    t2 = timed(spec, tmp / "local2", ExecutorOptions("local", 2))
    td = timed(spec, tmp / "dask2", ExecutorOptions("dask", 2))
    print(f"{args.runs} runs of {ref}: 1 worker {t1:.2f} s, 2 workers {t2:.2f} s, dask 2 workers {td:.2f} s")
    print(f"speed-up 1->2 workers: {t1 / t2:.2f}x (target >= 1.8x)")
    print(f"dask overhead vs local pool: {100 * (td / t2 - 1):+.1f}% (target <= 10%)")
    small, large = client_rss(ref, 32, 0.01), client_rss(ref, 256, 0.01)
    print(f"client peak RSS: 32 runs {small:.0f} MiB, 256 runs {large:.0f} MiB ({100 * (large / small - 1):+.1f}%)")
    if args.thousand:
        thousand(ref, tmp)


def thousand(ref: str, tmp: Path) -> None:
    t = timed(spec_for(ref, 1000, 0.01), tmp / "thousand", ExecutorOptions("local"))
    started = time.perf_counter()
    rows = pq.read_table(tmp / "thousand" / "runs.parquet").num_rows
    print(f"1,000 runs: {t:.1f} s; runs.parquet ({rows} rows) loads in {time.perf_counter() - started:.3f} s")


if __name__ == "__main__":
    main()
