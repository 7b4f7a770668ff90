"""Speed and memory of the civil-violence model against Mesa's own example, in one run.

Prints agent-steps per CPU second (process time, so that other programs on the machine
count less; best of a few windows after the same burn-in) for Mesa's ``EpsteinCivilViolence``
and for ours at Mesa's default size (40x40, same parameters), the ratio, ours at 1000x1000
and at a million agents, and bytes per agent (peak RSS at ~10^6 agents minus at ~10^3, in subprocesses).
Run from the repository root: ``.venv/bin/python benchmarks/civil_violence_vs_mesa.py``.
Mesa is a bench extra (``pip install dualpower[bench]``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from mesa_reference import APP_PARAMS, load_mesa_model

from dualpower import simulate

MILLION_SIDE = 1163  # 1163^2 cells at 74% occupancy hold just over 10^6 agents
THOUSAND_SIDE = 37  # 37^2 cells hold about 10^3 agents


def best_rate(stamps: list[float], agents: int, steps: int, repeats: int) -> float:
    """Agent-steps per CPU second of the fastest of the last ``repeats`` windows of ``steps`` steps."""
    ends = [len(stamps) - 1 - k * steps for k in range(repeats)]
    return max(agents * steps / (stamps[end] - stamps[end - steps]) for end in ends)


def mesa_rate(steps: int, burn_in: int, repeats: int, seed: int = 1) -> float:
    """Agent-steps per CPU second of Mesa's example at its app parameters."""
    model = load_mesa_model()(**APP_PARAMS, seed=seed)
    stamps = []
    for _ in range(burn_in + steps * repeats):
        model.step()
        stamps.append(time.process_time())
    return best_rate(stamps, len(model.agents), steps, repeats)


def our_rate(side: int, steps: int, burn_in: int, repeats: int, seed: int = 1) -> tuple[float, int]:
    """Agent-steps per CPU second of ``engine.run`` (recording included) on a ``side``-wide torus.

    The burn-in skips set-up and the first outburst, when nearly everyone turns active at once
    and every change of mind costs a view-sized update; later steps are the model's usual state.
    """
    params = {**APP_PARAMS, "width": side, "height": side}
    simulate("civil-violence", params=params, steps=2, seed=seed)
    stamps: list[float] = []
    res = simulate(
        "civil-violence",
        params=params,
        steps=burn_in + steps * repeats,
        seed=seed,
        progress=lambda done, total: stamps.append(time.process_time()),
    )
    return best_rate(stamps, res.manifest["agents"], steps, repeats), res.manifest["agents"]


PEAK = """
import json, re
from dualpower import simulate
simulate("civil-violence", steps=2, seed=1)
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
res = simulate("civil-violence", params={{"width": {side}, "height": {side}}}, steps=3, seed=1)
peak = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) * 1024
print(json.dumps([res.manifest["agents"], peak]))
"""


def peak_rss(side: int) -> tuple[int, int]:
    """(agents, peak resident bytes) of a fresh process that runs three steps.

    The peak is reset after a warm-up run (Linux ``clear_refs``) so that loading the compiled
    kernels, which briefly takes more memory than a small run, does not hide the run itself.
    """
    out = subprocess.run([sys.executable, "-c", PEAK.format(side=side)], capture_output=True, text=True, check=True)
    agents, peak = json.loads(out.stdout.strip().splitlines()[-1])
    return agents, peak


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mesa-steps", type=int, default=40)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--big-steps", type=int, default=8)
    parser.add_argument("--burn-in", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    mesa = mesa_rate(args.mesa_steps, args.burn_in, args.repeats)
    ours, agents = our_rate(40, args.steps, args.burn_in, args.repeats)
    print(f"40x40 Mesa {mesa:,.0f} agent-steps/s; ours {ours:,.0f} agent-steps/s ({agents} agents; CPU time)")
    print(f"ratio ours/Mesa at 40x40: {ours / mesa:,.0f}x")
    for side in (1000, MILLION_SIDE):
        rate, n = our_rate(side, args.big_steps, args.burn_in, args.repeats)
        print(f"{side}x{side} ours {rate:,.0f} agent-steps/s ({n:,} agents); {rate / mesa:,.0f}x Mesa at 40x40")
    small, big = peak_rss(THOUSAND_SIDE), peak_rss(MILLION_SIDE)
    per_agent = (big[1] - small[1]) / (big[0] - small[0])
    print(
        f"memory: peak RSS {small[1] / 2**20:,.0f} MiB at {small[0]:,} agents, "
        f"{big[1] / 2**20:,.0f} MiB at {big[0]:,} agents: {per_agent:,.0f} bytes/agent"
    )


if __name__ == "__main__":
    main()
