"""Small populations on one thread or on all: wall times of whole runs, the two settings alternating in
one process, on an idle machine and with other processes keeping some cores busy.

A parallel loop ends when its slowest thread does; while another program holds a core, one of the
loop's threads waits for a scheduler's time slice, and a day has dozens of such loops. Below
``kernels.GRAIN`` people per thread the model uses fewer threads (``kernels.threads_for``).

    python benchmarks/small_threads.py [--scales 0.02 0.05] [--runs 5] [--busy 0 1]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time

import numba

from dualpower import simulate
from dualpower.models.dual_power import kernels
from dualpower.scenarios import load


def spin() -> None:
    """Keep one core busy until terminated."""
    while True:
        pass


def timed(sc, scale: float, grain: int, seed: int) -> float:
    kernels.GRAIN = grain
    started = time.perf_counter()
    simulate(sc, params={"scale": scale}, seed=seed)
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", type=float, nargs="+", default=[0.02, 0.05])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--busy", type=int, nargs="+", default=[0, 1], help="other processes spinning, per set")
    ap.add_argument("--seed", type=int, default=1917)
    args = ap.parse_args()
    sc = load("petrograd-1917")
    shipped = kernels.GRAIN
    simulate(sc, params={"scale": 0.001}, steps=2, seed=0)  # compile the kernels outside the timing
    print(f"threads available {numba.get_num_threads()}; grain {shipped:,} people per thread")
    print("busy  scale  agents   grain rule: median [min..max] s   all threads: median [min..max] s   ratio")
    for busy in args.busy:
        spinners = [multiprocessing.Process(target=spin, daemon=True) for _ in range(busy)]
        for p in spinners:
            p.start()
        try:
            for scale in args.scales:
                times: dict[int, list[float]] = {shipped: [], 1: []}
                for _ in range(args.runs):
                    for grain in times:
                        times[grain].append(timed(sc, scale, grain, args.seed))
                agents = simulate(sc, params={"scale": scale}, steps=0, seed=args.seed).manifest["agents"]
                rule, every = (statistics.median(times[g]) for g in (shipped, 1))
                cells = [f"{statistics.median(t):5.2f} [{min(t):.2f}..{max(t):.2f}]" for t in times.values()]
                print(f"{busy:4d}  {scale:5.3f}  {agents:7,d}   {cells[0]:>30s}   {cells[1]:>31s}   "
                      f"{every / rule:4.2f}x")
        finally:
            for p in spinners:
                p.terminate()
            kernels.GRAIN = shipped


if __name__ == "__main__":
    main()
