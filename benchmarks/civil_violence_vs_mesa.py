"""Speed and memory of the civil-violence model against Mesa's own example, in one run.

Prints agent-steps per second for Mesa's ``EpsteinCivilViolence`` and for ours at Mesa's
default size (40x40, same parameters), the ratio, ours at 1000x1000 and at a million
agents, and bytes per agent (peak RSS at ~10^6 agents minus at ~10^3, in subprocesses).
Run from the repository root: ``.venv/bin/python benchmarks/civil_violence_vs_mesa.py``.
Mesa is a bench extra (``pip install dualpower[bench]``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from mesa_reference import APP_PARAMS, load_mesa_model

from dualpower.core import run
from dualpower.models.civil_violence import CivilViolence, CivilViolenceParams

MILLION_SIDE = 1163  # 1163^2 cells at 74% occupancy hold just over 10^6 agents
THOUSAND_SIDE = 37  # 37^2 cells hold about 10^3 agents


def mesa_rate(steps: int, seed: int = 1) -> float:
    """Agent-steps per second of Mesa's example at its app parameters."""
    model = load_mesa_model()(**APP_PARAMS, seed=seed)
    model.step()
    started = time.perf_counter()
    for _ in range(steps):
        model.step()
    return len(model.agents) * steps / (time.perf_counter() - started)


def our_rate(side: int, steps: int, seed: int = 1) -> tuple[float, int]:
    """Agent-steps per second of ``engine.run`` (recording included) on a ``side`` x ``side`` torus."""
    params = CivilViolenceParams(**{**APP_PARAMS, "width": side, "height": side})
    run(CivilViolence(), params, 2, seed=seed)
    started = time.perf_counter()
    res = run(CivilViolence(), params, steps, seed=seed)
    agents = res.manifest["agents"]
    return agents * steps / (time.perf_counter() - started), agents


PEAK = """
import json, resource
from dualpower.core import run
from dualpower.models.civil_violence import CivilViolence, CivilViolenceParams
p = CivilViolenceParams(width={side}, height={side})
res = run(CivilViolence(), p, 3, seed=1)
print(json.dumps([res.manifest["agents"], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024]))
"""


def peak_rss(side: int) -> tuple[int, int]:
    """(agents, peak resident bytes) of a fresh process that runs three steps."""
    out = subprocess.run([sys.executable, "-c", PEAK.format(side=side)], capture_output=True, text=True, check=True)
    agents, peak = json.loads(out.stdout.strip().splitlines()[-1])
    return agents, peak


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mesa-steps", type=int, default=100)
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--big-steps", type=int, default=10)
    args = parser.parse_args()
    mesa = mesa_rate(args.mesa_steps)
    ours, agents = our_rate(40, args.steps)
    print(f"40x40 Mesa {mesa:,.0f} agent-steps/s; ours {ours:,.0f} agent-steps/s ({agents} agents)")
    print(f"ratio ours/Mesa at 40x40: {ours / mesa:,.0f}x")
    for side in (1000, MILLION_SIDE):
        rate, n = our_rate(side, args.big_steps)
        print(f"{side}x{side} ours {rate:,.0f} agent-steps/s ({n:,} agents); {rate / mesa:,.0f}x Mesa at 40x40")
    small, big = peak_rss(THOUSAND_SIDE), peak_rss(MILLION_SIDE)
    per_agent = (big[1] - small[1]) / (big[0] - small[0])
    print(f"memory: peak RSS {small[1] / 2**20:,.0f} MiB at {small[0]:,} agents, "
          f"{big[1] / 2**20:,.0f} MiB at {big[0]:,} agents: {per_agent:,.0f} bytes/agent")


if __name__ == "__main__":
    main()
