"""The report's views: map layouts, the civil-violence grid, history markers, comparisons."""

from __future__ import annotations

import base64
import zlib

import numpy as np
import pytest

from dualpower import simulate
from dualpower.core import Schema, metric
from dualpower.models.civil_violence.model import grid_codes
from dualpower.models.civil_violence.state import ACTIVE, AGENT, COP, JAILED, QUIET
from dualpower.report import compare_payload, load_run, payload_for, write_report
from dualpower.report.charts import frame_of
from dualpower.report.data import RunData
from dualpower.report.events import elections
from dualpower.report.grid_view import encode, grid_view, read_grid
from dualpower.report.history import history_marks, record_ranges
from dualpower.report.map_view import map_view
from dualpower.report.run_figures import with_records
from dualpower.scenarios import load


def shares(districts: list[str], days: int = 5) -> RunData:
    cols = {"step": np.arange(days)}
    cols.update({f"councils_share_{d}": np.linspace(0.1, 0.9, days) for d in districts})
    return RunData(cols)


def schema(districts: list[str], case: dict | None = None) -> Schema:
    """The councils-share family over ``districts``, as a model declares it, and an optional case."""
    metrics = [metric("councils_share", d, "share", "share", group="district", member=d).as_dict() for d in districts]
    return Schema({"metrics": metrics, **({"case": case} if case else {})})


def test_other_cities_get_neutral_tiles_not_the_neva():
    moscow = ["gorodskoy", "zamoskvorechye", "khamovniki", "presnya", "lefortovo"]
    view = map_view(frame_of(shares(moscow)), schema(moscow))
    assert view["lines"] == [] and view["schematic"]
    assert [d["key"] for d in view["districts"]] == moscow
    boxes = [tuple(map(float, d["points"].split()[0].split(","))) for d in view["districts"]]
    assert len(set(boxes)) == len(moscow)


def test_petrograd_draws_the_outlines_and_river_of_its_own_data():
    case = load("petrograd-1917").case
    names = [d["name"] for d in case["districts"]]
    view = map_view(frame_of(shares(names)), schema(names, case))
    assert [ln["name"] for ln in view["lines"]] == ["Neva"] and not view["schematic"]


def test_the_case_geometry_wins_when_the_manifest_has_one():
    case = {
        "districts": [
            {"name": "mitte", "label": "Mitte", "polygon": [[0, 0], [100, 0], [100, 50]]},
            {"name": "wedding", "label": "Wedding", "polygon": [[0, 60], [100, 60], [50, 120]]},
        ],
        "map": {"lines": [{"name": "Spree", "points": [[0, 55], [100, 55]]}]},
    }
    view = map_view(frame_of(shares(["mitte", "wedding"])), schema(["mitte", "wedding"], case))
    assert [d["name"] for d in view["districts"]] == ["Mitte", "Wedding"]
    assert view["lines"] == [{"name": "Spree", "d": "M 0 55 L 100 55"}] and not view["schematic"]
    case["districts"][1]["polygon"] = None
    partial = map_view(frame_of(shares(["mitte", "wedding"])), schema(["mitte", "wedding"], case))
    assert partial["districts"][0]["points"] == "0,0 100,0 100,50"
    assert float(partial["districts"][1]["points"].split(",")[1].split()[0]) > 400  # a tile along the bottom
    case["districts"][0]["polygon"] = None
    tiled = map_view(frame_of(shares(["mitte", "wedding"])), schema(["mitte", "wedding"], case))
    assert tiled["lines"] == [] and tiled["schematic"]


def decode(data: str, frames: int, size: int) -> np.ndarray:
    """What render.js does: inflate, unpack base 5, undo the deltas."""
    packed = np.frombuffer(zlib.decompress(base64.b64decode(data)), dtype=np.uint8)
    digits = (
        np.stack([packed // 25, packed // 5 % 5, packed % 5], axis=1).reshape(-1)[: frames * size].reshape(frames, size)
    )
    return np.cumsum(digits, axis=0) % 5


def test_grid_frames_survive_the_packing():
    rng = np.random.default_rng(3)
    frames = rng.integers(0, 5, size=(7, 40 * 3), dtype=np.uint8)
    assert np.array_equal(decode(encode(frames), 7, 120), frames)


def test_grid_codes_put_free_agents_over_jailed_ones():
    agents = np.zeros(4, dtype=AGENT)
    agents["cell"] = [0, 0, 2, 3]
    agents["condition"] = [JAILED, QUIET, ACTIVE, COP]  # jailed and quiet share cell 0
    assert grid_codes(agents, 5) == "10240"


@pytest.fixture(scope="module")
def civil_violence_folder(tmp_path_factory):
    sc = load("civil-violence")
    results = simulate(sc)
    return results.write(tmp_path_factory.mktemp("cv"), extra=write_report)


def test_a_40x40_animation_over_500_steps_fits_the_5_mb_page(civil_violence_folder):
    size = (civil_violence_folder / "report.html").stat().st_size
    grid = payload_for(civil_violence_folder)["grid"]
    frames = read_grid(civil_violence_folder)
    print(
        f"\ncivil-violence 40x40, 500 steps: report.html {size:,} bytes, grid {len(grid['data']):,} chars, "
        f"one step in {grid['stride']}"
    )
    assert frames.shape == (501, 1600) and size <= 5_000_000
    kept = decode(grid["data"], len(grid["steps"]), 1600)
    assert np.array_equal(kept, frames[:: grid["stride"]]) and grid["steps"][-1] >= 495
    assert grid_view(frames, 41, 40, range(501)) is None


def test_history_markers_come_with_sources():
    marks = history_marks("petrograd-1917")
    assert {m["date"] for m in marks} >= {"1917-08-31", "1917-10-25"}
    assert all(m["source"] for m in marks)
    assert history_marks("civil-violence") == [] and history_marks("no-such-scenario") == []


def test_the_record_of_a_series_comes_from_the_targets_with_its_tolerance_and_source():
    petrograd = {(r["column"], r["from"]): r for r in record_ranges("petrograd-1917")}
    june, members = petrograd["active", "1917-06-11"], petrograd["members_Bolshevik", "1917-07-31"]
    assert (june["to"], june["value"], june["tolerance"]) == ("1917-06-25", 400_000, 160_000)
    assert members["to"] == "1917-07-31" and members["value"] == 41_000
    assert set(petrograd) == {("active", "1917-04-10"), ("active_armed", "1917-04-10"), ("active", "1917-06-11"),
                              ("members_Bolshevik", "1917-07-31")}
    assert {r["column"] for r in record_ranges("berlin-1918")} == {"active", "active_armed"}
    assert all(r["source"] and r["confidence"] for r in record_ranges("berlin-1918") + [june, members])
    assert record_ranges("civil-violence") == [] and record_ranges("no-such-scenario") == []


def test_a_record_is_drawn_on_the_chart_of_its_series_and_its_source_escaped():
    figs = [{"id": "activity", "data": [{"meta": "active"}]}, {"id": "members", "data": [{"meta": "members_x"}]}]
    crowd = {"column": "active", "from": "1917-06-11", "to": "1917-06-25", "value": 400.0, "tolerance": 100.0,
             "text": "crowd", "source": "<script>alert(1)</script>", "confidence": "B"}
    count = {**crowd, "column": "members_x", "from": "1917-07-31", "to": "1917-07-31"}
    unseen = {**crowd, "column": "nobody_draws_this"}
    activity, members = with_records(figs, [crowd, count, unseen])
    band = activity["data"][-1]
    assert band["fill"] == "toself" and band["y"] == [300.0, 300.0, 500.0, 500.0, 300.0]
    assert band["x"][:2] == ["1917-06-11", "1917-06-25"]
    diamond = members["data"][-1]
    assert diamond["x"] == ["1917-07-31"] and diamond["error_y"]["array"] == [100.0]
    assert len(activity["data"]) == len(members["data"]) == 2                       # the unseen column drawn nowhere
    assert "<script>" not in band["hovertemplate"] and "&lt;script&gt;" in band["hovertemplate"]


def test_compare_overlays_support_and_lists_the_biggest_differences_first(dual_power_run):
    a = load_run(dual_power_run)
    cols = dict(a.columns)
    cols["support_bolshevik"] = cols["support_bolshevik"] * 0.3
    b = RunData(
        cols,
        a.events,
        a.elections,
        {**a.manifest, "parameters": {**a.manifest.get("parameters", {}), "agitation": 0.3}},
    )
    p = compare_payload(a, b)
    ids = [f["id"] for f in p["figures"]]
    assert {"cmp-support", "cmp-seats", "cmp-allegiance", "cmp-force", "cmp-elections"} <= set(ids)
    rows = [r[0] for r in p["summary"]]
    assert rows[:2] == ["scenario", "outcome"]
    assert next(r for r in rows if r.startswith("final")) == "final Support: Bolsheviks"
    assert rows.index("agitation") > rows.index("final Support: Bolsheviks")


def test_compare_names_and_colours_parties_as_the_case_does(dual_power_run):
    run_a = load_run(dual_power_run)
    case = {"parties": [{"name": "bolshevik", "label": "RSDLP(b)", "colour": "#123456", "bloc": "radical"}]}
    a = RunData(run_a.columns, run_a.events, run_a.elections, {**run_a.manifest, "case": case})
    support = next(f for f in compare_payload(a, a)["figures"] if f["id"] == "cmp-support")
    ours = [t for t in support["data"] if t["name"].startswith("RSDLP(b)")]
    assert len(ours) == 2 and all(t["line"]["color"] == "#123456" for t in ours)


def test_election_bars_name_parties_short_and_hover_the_whole_label(dual_power_run):
    run = load_run(dual_power_run)
    case = {"parties": [{"name": "sr", "label": "SRs (with the <b>Trudoviks</b>)", "colour": "#3c8d5a"}]}
    fig = elections(RunData(run.columns, run.events, run.elections, {**run.manifest, "case": case}))[0]
    simulated = fig["data"][0]
    at = simulated["x"][1].index("SRs")
    assert "SRs (with" not in " ".join(simulated["x"][1])
    assert simulated["customdata"][at].endswith(": SRs (with the <b>Trudoviks</b>)")
    assert simulated["customdata"][at].startswith("June dumas")
