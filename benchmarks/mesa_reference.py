"""Generate the Mesa statistics that the civil-violence validation test compares against.

Runs Mesa's own ``EpsteinCivilViolence`` example (mesa is a bench extra, not a test
dependency) with fixed seeds and the Mesa *app* values that our ``civil-violence``
scenario uses, and stores per-seed means of the active and jailed shares over steps
100-500 in ``tests/data/mesa_civil_violence_reference.json``. Run it once, from the
repository root: ``.venv/bin/python benchmarks/mesa_reference.py`` (minutes).
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import sys
import time
import types
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "mesa_civil_violence_reference.json"
APP_PARAMS = {
    "width": 40,
    "height": 40,
    "citizen_density": 0.7,
    "cop_density": 0.04,
    "citizen_vision": 7,
    "cop_vision": 7,
    "legitimacy": 0.82,
    "max_jail_term": 30,
    "active_threshold": 0.1,
    "arrest_prob_constant": 2.3,
    "movement": True,
}
WINDOW = (100, 500)


def load_mesa_model() -> type:
    """Mesa's example class, imported without ``mesa.examples.__init__`` (which needs networkx)."""
    import mesa

    root = Path(mesa.__file__).parent / "examples"
    packages = {
        "mesa.examples": root,
        "mesa.examples.advanced": root / "advanced",
        "mesa.examples.advanced.epstein_civil_violence": root / "advanced" / "epstein_civil_violence",
    }
    for name, path in packages.items():
        if name not in sys.modules:
            stub = types.ModuleType(name)
            stub.__path__ = [str(path)]
            sys.modules[name] = stub
    return importlib.import_module("mesa.examples.advanced.epstein_civil_violence.model").EpsteinCivilViolence


def run_seed(model_cls: type, seed: int, steps: int) -> dict[str, float]:
    """One Mesa run; the mean shares of citizens active, jailed and quiet over the window."""
    model = model_cls(**APP_PARAMS, max_iters=steps + 10, seed=seed)
    citizens = model.ACTIVE + model.QUIET + model.ARRESTED
    active, jailed = [], []
    for step in range(1, steps + 1):
        model.step()
        if WINDOW[0] <= step <= WINDOW[1]:
            active.append(model.ACTIVE / citizens)
            jailed.append(model.ARRESTED / citizens)
    return {
        "seed": seed,
        "citizens": citizens,
        "active_share": sum(active) / len(active),
        "jailed_share": sum(jailed) / len(jailed),
        "peak_active_share": max(active),
    }


def summarise(values: list[float]) -> dict[str, float]:
    """Mean, sample standard deviation and standard error of the per-seed values."""
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    return {"mean": mean, "sd": sd, "se": sd / math.sqrt(n)}


def main() -> None:
    """Run the seeds and write the JSON file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--steps", type=int, default=WINDOW[1])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    import mesa

    model_cls = load_mesa_model()
    started = time.perf_counter()
    runs = []
    for seed in range(args.seeds):
        runs.append(run_seed(model_cls, seed, args.steps))
        print(f"seed {seed}: {runs[-1]}", flush=True)
    stats = {k: summarise([r[k] for r in runs]) for k in ("active_share", "jailed_share", "peak_active_share")}
    data = {
        "source": "mesa.examples.advanced.epstein_civil_violence (EpsteinCivilViolence)",
        "mesa_version": mesa.__version__,
        "params": APP_PARAMS,
        "seeds": list(range(args.seeds)),
        "steps": args.steps,
        "window": list(WINDOW),
        "statistics": stats,
        "runs": runs,
        "wall_time_s": round(time.perf_counter() - started, 1),
    }
    args.out.write_text(json.dumps(data, indent=2) + "\n")
    print(json.dumps(stats, indent=2))


if __name__ == "__main__":
    main()
