"""Calibration throughput: ABC-SMC simulations per second on Dask with 1 and 2 workers, and on the local pool.

    python benchmarks/calibration_scaling.py                 # petrograd-1917 at scale 0.02, 240 simulations each
    python benchmarks/calibration_scaling.py --budget 600 --population 100

Each setting runs the same calibration (same seed, priors, targets) from scratch in its own folder,
start-up of the workers (and of the Dask LocalCluster) included, so short runs understate the steady
rate. Target: Dask with 2 workers at least 1.8x Dask with 1, and within 10% of the local pool.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from dualpower.calibration.workflow import Request, Settings, calibrate, options

TARGETS = Path(__file__).resolve().parents[1] / "src/dualpower/scenarios/data/petrograd-1917/targets.toml"


def rate(executor: str, workers: int, budget: int, population: int, scale: float, out: Path) -> tuple[int, float]:
    """(simulations, seconds) of one calibration with no predictive draws."""
    started = time.perf_counter()
    summary = calibrate(
        Request("petrograd-1917", TARGETS, out, scale=scale, draws=0),
        Settings(budget=budget, population=population, executor=options(executor, workers, None), seed=7),
    )
    return int(summary["simulations"]), time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--budget", type=int, default=240)
    ap.add_argument("--population", type=int, default=60)
    ap.add_argument("--scale", type=float, default=0.02)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="calibration-bench-"))
    per_s = {}
    for executor, workers in (("dask", 1), ("dask", 2), ("local", 2)):
        sims, seconds = rate(executor, workers, args.budget, args.population, args.scale, tmp / f"{executor}{workers}")
        per_s[executor, workers] = sims / seconds
        print(
            f"{executor} {workers} worker(s): {sims} simulations in {seconds:.1f} s"
            f" = {sims / seconds:.2f} simulations/s"
        )
    print(f"dask speed-up 1->2 workers: {per_s['dask', 2] / per_s['dask', 1]:.2f}x (target >= 1.8x)")
    print(f"dask vs local pool, 2 workers: {100 * (per_s['dask', 2] / per_s['local', 2] - 1):+.1f}% in rate")


if __name__ == "__main__":
    main()
