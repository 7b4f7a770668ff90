"""Does watching a dashboard run slow it down? Steps/s of one run with 0, 1 and 5 live /stream viewers.

    python benchmarks/dashboard_viewers.py                  # civil-violence, 20,000 steps
    python benchmarks/dashboard_viewers.py --steps 50000

Each setting starts the same run (same seed) on one server and reads its event stream with N
clients until it ends; prints steps/s side by side, the ratio to no viewer, and the server's
resident memory after each run has ended (finished runs release their rows).
Target: five viewers within 20% of none.
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from pathlib import Path

import httpx
import psutil
import uvicorn

from dualpower.web import Settings, cached_loader, create_app

TOKEN = "bench"
H = {"X-Token": TOKEN}


def serve() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(Settings(Path(tempfile.mkdtemp(prefix="dash-viewers-")), TOKEN, loader=cached_loader()))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}"


def watch(base: str, run_id: str) -> None:
    with httpx.stream("GET", f"{base}/api/runs/{run_id}/stream", headers=H, timeout=None) as r:
        for line in r.iter_lines():
            if line == "event: end":
                return


def steps_per_s(base: str, steps: int, viewers: int) -> float:
    body = {"scenario": "civil-violence", "steps": steps, "seed": 1}
    run_id = httpx.post(f"{base}/api/runs", json=body, headers=H).json()["id"]
    threads = [threading.Thread(target=watch, args=(base, run_id)) for _ in range(viewers)]
    for t in threads:
        t.start()
    while httpx.get(f"{base}/api/runs/{run_id}", headers=H).json()["status"] == "queued":
        time.sleep(0.01)
    started = time.perf_counter()
    while (info := httpx.get(f"{base}/api/runs/{run_id}", headers=H).json())["status"] == "running":
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    for t in threads:
        t.join()
    return info["total"] / elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=20_000)
    args = ap.parse_args()
    base = serve()
    steps_per_s(base, 200, 0)  # compile the kernels once
    rate = {}
    for viewers in (0, 1, 5):
        rate[viewers] = steps_per_s(base, args.steps, viewers)
        rss = psutil.Process().memory_info().rss / 2**20
        print(
            f"{viewers} viewer(s): {rate[viewers]:,.0f} steps/s ({rate[viewers] / rate[0]:.2f}x of none); "
            f"server RSS after the run {rss:,.0f} MiB"
        )


if __name__ == "__main__":
    main()
