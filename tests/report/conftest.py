"""Hand-made results folders following the output contract, so report tests need no model."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

CLASSES = ["worker", "soldier", "sailor", "officer", "cadet", "cossack", "bourgeois", "employee", "poor"]
PARTIES = ["bolshevik", "sr", "menshevik", "kadet", "left_sr"]
DISTRICTS = ["vyborg", "petrograd_side", "vasilievsky", "narva", "moscow", "nevsky", "rozhdestvensky", "liteiny",
             "admiralty", "kolomna", "spassky", "kazan", "okhta", "kronstadt", "peterhof"]


def logistic(t: np.ndarray, mid: float, width: float) -> np.ndarray:
    return 1 / (1 + np.exp(-(t - mid) / width))


def dual_power_columns(days: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Every column the contract lists, with a plausible drift from government to councils."""
    t = np.arange(days, dtype=float)
    start = dt.date(1917, 3, 1)
    councils = 0.2 + 0.5 * logistic(t, 180, 25)
    cols: dict[str, object] = {
        "step": np.arange(days),
        "date_os": [(start + dt.timedelta(days=int(d))).isoformat() for d in t],
        "date_ns": [(start + dt.timedelta(days=int(d) + 13)).isoformat() for d in t],
        "allegiance_councils": councils, "allegiance_government": 0.5 - 0.4 * logistic(t, 170, 30),
    }
    cols["allegiance_neutral"] = 1 - cols["allegiance_councils"] - cols["allegiance_government"]
    for i, c in enumerate(CLASSES):
        for side in ("councils", "government", "neutral"):
            cols[f"allegiance_{side}_{c}"] = np.clip(
                cols[f"allegiance_{side}"] + 0.05 * (i - 4) + rng.normal(0, 0.01, days), 0, 1
            )
    cols["legitimacy_government_mean"] = 0.6 - 0.3 * logistic(t, 150, 40)
    cols["legitimacy_councils_mean"] = 0.4 + 0.3 * logistic(t, 150, 40)
    bolshevik = 0.1 + 0.5 * logistic(t, 180, 12)
    shares = {
        "bolshevik": bolshevik,
        "sr": (1 - bolshevik) * 0.5,
        "menshevik": (1 - bolshevik) * 0.3,
        "kadet": (1 - bolshevik) * 0.15,
        "left_sr": (1 - bolshevik) * 0.05,
    }
    for p in PARTIES:
        cols[f"seats_{p}"] = shares[p]
        cols[f"support_{p}"] = np.clip(shares[p] + rng.normal(0, 0.01, days), 0, 1)
        cols[f"members_{p}"] = np.round(20000 * (1 + t / 50) * shares[p]).astype(np.int64)
    cols["claims_power"] = (bolshevik > 0.5).astype(np.int64)
    cols["active"] = rng.poisson(2000 + 1000 * np.sin(t / 20) ** 2).astype(np.int64)
    cols["jailed"] = rng.poisson(300, days).astype(np.int64)
    cols["dead"] = np.cumsum(rng.poisson(0.5, days)).astype(np.int64)
    cols["red_guard"] = np.round(20000 * logistic(t, 175, 10)).astype(np.int64)
    cols["force_government"] = 150000 * (1 - 0.8 * logistic(t, 170, 30))
    cols["force_councils"] = 50000 + 200000 * logistic(t, 170, 30)
    for j, d in enumerate(DISTRICTS):
        cols[f"councils_share_{d}"] = np.clip(councils + 0.02 * (j - 7) + rng.normal(0, 0.01, days), 0, 1)
        cols[f"government_share_{d}"] = np.clip(cols["allegiance_government"] - 0.02 * (j - 7), 0, 1)
    return cols


def write_run(folder: Path, cols: dict, events: list[dict], elections: list[dict], manifest: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(cols), folder / "timeseries.parquet")
    if events is not None:
        pq.write_table(pa.Table.from_pylist(events), folder / "events.parquet")
    if elections is not None:
        pq.write_table(pa.Table.from_pylist(elections), folder / "elections.parquet")
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def dual_power_events(days: int) -> list[dict]:
    start = dt.date(1917, 3, 1)
    rows = [
        (1, "order_no_1", "Order No. 1: garrison units elect committees"),
        (64, "cabinet", "first coalition, 5 May"),
        (124, "armed_demonstration", "armed demonstration; majority refuses power; 812 arrested"),
        (177, "coup_march", "coup march on the city; Red Guard grows to 18,402"),
        (238, "insurrection", "insurrection succeeds"),
    ]
    return [
        {"step": s, "date_os": (start + dt.timedelta(days=s)).isoformat(), "type": k, "detail": d}
        for s, k, d in rows
        if s < days
    ]


def dual_power_elections() -> list[dict]:
    hist = {
        "June dumas": {"sr": 0.27, "kadet": 0.235, "menshevik": 0.2, "bolshevik": 0.185},
        "20 August duma": {"sr": 0.375, "bolshevik": 0.335, "kadet": 0.21, "menshevik": 0.04},
    }
    steps = {"June dumas": 92, "20 August duma": 172}
    return [
        {
            "step": steps[e],
            "election": e,
            "date_os": "1917-06-01" if e.startswith("June") else "1917-08-20",
            "party": p,
            "share": round(h * 1.1, 3),
            "historical": h,
        }
        for e, parties in hist.items()
        for p, h in parties.items()
    ]


LABELS = {"bolshevik": "Bolsheviks", "sr": "SRs", "menshevik": "Mensheviks", "kadet": "Kadets", "left_sr": "Left SRs"}
COLOURS = {"bolshevik": "#b8322a", "sr": "#3c8d5a", "menshevik": "#d9a91f", "kadet": "#2f5d8c", "left_sr": "#e07b39"}


def declared(family: str, group: str, member: str, kind: str = "share") -> dict:
    return {
        "name": f"{family}_{member}",
        "family": family,
        "group": group,
        "member": member,
        "label": member,
        "unit": kind,
        "kind": kind,
        "description": "",
    }


def dual_power_metrics() -> list[dict]:
    """The metrics schema of :func:`dual_power_columns`' grouped columns."""
    out = [
        declared(f"allegiance_{side}", "class", c) for c in CLASSES for side in ("councils", "government", "neutral")
    ]
    for p in PARTIES:
        out += [
            declared("seats", "party", p),
            declared("support", "party", p),
            declared("members", "party", p, "count"),
        ]
    out += [declared(f"{side}_share", "district", d) for d in DISTRICTS for side in ("councils", "government")]
    return out


def dual_power_case() -> dict:
    """The case: parties with labels and colours; districts with an outline for the first one only."""
    return {
        "description": "",
        "classes": [{"name": c, "label": c} for c in CLASSES],
        "map": None,
        "parties": [{"name": p, "label": LABELS[p], "colour": COLOURS[p], "bloc": None} for p in PARTIES],
        "districts": [
            {
                "name": d,
                "label": d.replace("_", " ").title(),
                "polygon": [[10, 10], [60, 10], [60, 60]] if i == 0 else None,
            }
            for i, d in enumerate(DISTRICTS)
        ],
    }


def dual_power_manifest(days: int) -> dict:
    return {
        "scenario": "petrograd-1917",
        "model": "dual-power",
        "parameters": {"scale": 1.0, "theta": 0.1},
        "metrics": dual_power_metrics(),
        "case": dual_power_case(),
        "seed": {"entropy": "17"},
        "steps": days - 1,
        "agents": 2_400_000,
        "wall_time_s": 41.2,
        "outcome": {"type": "council_power", "date_os": "1917-10-25", "step": 238},
        "milestones": {"bolshevik_majority": {"date_os": "1917-08-31", "step": 183}, "coup_march": None},
    }


def make_dual_power(folder: Path, days: int = 260) -> Path:
    """A Petrograd-like run folder (every contract column, 15 districts)."""
    cols = dual_power_columns(days, np.random.default_rng(1))
    return write_run(folder, cols, dual_power_events(days), dual_power_elections(), dual_power_manifest(days))


@pytest.fixture
def dual_power_run(tmp_path: Path) -> Path:
    """A full-length Petrograd-like run folder (260 days)."""
    return make_dual_power(tmp_path / "petrograd")


@pytest.fixture
def civil_violence_run(tmp_path: Path) -> Path:
    """A long civil-violence run folder: 5,000 steps, more than a report keeps."""
    rng = np.random.default_rng(2)
    n = 5000
    cols = {
        "step": np.arange(n),
        "active": rng.poisson(50, n),
        "quiet": rng.poisson(900, n),
        "jailed": rng.poisson(40, n),
        "cops": np.full(n, 40),
    }
    manifest = {
        "scenario": "civil-violence",
        "model": "civil-violence",
        "parameters": {"legitimacy": 0.8},
        "steps": n - 1,
        "agents": 1000,
    }
    return write_run(tmp_path / "cv", cols, None, None, manifest)


@pytest.fixture
def experiment(tmp_path: Path) -> Path:
    """A two-parameter sweep folder."""
    return make_experiment(tmp_path / "sweep")


def make_experiment(folder: Path) -> Path:
    """A two-parameter sweep: runs.parquet, hive-partitioned timeseries, spec.json, Sobol indices."""
    rng = np.random.default_rng(3)
    runs = []
    for run in range(24):
        theta, mu = [0.05, 0.1, 0.2][run % 3], [0.01, 0.02, 0.04, 0.08][run // 6 % 4]
        outcome = "council_power" if theta + mu + rng.normal(0, 0.03) < 0.2 else "dual_power"
        runs.append(
            {
                "run": run,
                "seed": 100 + run,
                "theta": theta,
                "mu": mu,
                "outcome_type": outcome,
                "outcome_step": 200 + run if outcome == "council_power" else None,
                "final_active": float(rng.poisson(100)),
            }
        )
        t = np.arange(50)
        part = folder / "timeseries" / f"run={run}"
        part.mkdir(parents=True)
        pq.write_table(
            pa.table({"step": t, "active": rng.poisson(100, 50), "allegiance_councils": 0.2 + t / 100 * (1 + theta)}),
            part / "part-0.parquet",
        )
    pq.write_table(pa.Table.from_pylist(runs), folder / "runs.parquet")
    (folder / "spec.json").write_text(
        json.dumps(
            {"scenario": "petrograd-1917", "vary": {"theta": [0.05, 0.2], "mu": [0.01, 0.08]}, "replications": 2}
        )
    )
    pq.write_table(
        pa.table(
            {
                "parameter": ["theta", "mu"],
                "S1": [0.6, 0.2],
                "S1_conf": [0.05, 0.04],
                "ST": [0.7, 0.3],
                "ST_conf": [0.06, 0.05],
            }
        ),
        folder / "sensitivity.parquet",
    )
    return folder
