"""moscow-1917: a second city built from Moscow's inputs on Petrograd's behaviour.

The scenario loads; its inputs add up (population, classes over districts, plants); it runs at a
tiny scale to its end and records every Moscow election; and no Moscow election result is an input
(the shares appear only as ``historical`` values in elections.toml, never in targets or elsewhere).

Moscow's class and party tables carry copies of Petrograd's behavioural numbers. When Petrograd's
are re-tuned the copies drift; a test warns, and

    .venv/bin/python tests/scenarios/test_moscow_scenario.py --sync

re-copies them (classes: same-named class, "artisan" from "poor"; parties: platform, agitation,
councils).
"""

from __future__ import annotations

import math
import re
import sys
import tomllib
import warnings
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dualpower.core import run
from dualpower.core.params import override
from dualpower.scenarios import BUILTIN, load
from dualpower.scenarios.dual_power import FLAGS, NUMBERS

DATA = Path(str(BUILTIN)).parent / "data"
MOSCOW, PETROGRAD = DATA / "moscow-1917", DATA / "petrograd-1917"
TINY = 0.002
CLASS_BEHAVIOUR = (*FLAGS, *NUMBERS, "demands")
"""Every behavioural column of a class row: what a case copies from Petrograd, never fits."""
PARTY_BEHAVIOUR = ("platform", "agitation", "recruitment", "councils")
BEHAVES_AS = {"artisan": "poor"}


def _toml(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def moscow():
    return load("moscow-1917")


def test_scenario_loads_with_moscow_inputs_and_petrograd_behaviour(moscow):
    petrograd = load("petrograd-1917")
    inp = moscow.model.inputs
    assert moscow.name == "moscow-1917" and moscow.free == ()
    assert inp.start.isoformat() == "1917-03-01" and inp.ns_offset == 13
    assert "Zamoskvorechye" in inp.district_names and "Vyborg" not in inp.district_names
    assert inp.targets is not None and inp.targets.parent.name == "moscow-1917"
    # every behavioural parameter is Petrograd's (inherited through `extends`), scale aside
    mine, theirs = moscow.params.model_dump(), petrograd.params.model_dump()
    assert {k: v for k, v in mine.items() if k != "scale"} == {k: v for k, v in theirs.items() if k != "scale"}


def test_population_adds_up(moscow):
    c = moscow.model.inputs.classes
    counts = dict(zip(c.names, c.counts.tolist()))
    assert sum(counts.values()) == 2_000_000
    assert 1_800_000 <= sum(counts.values()) <= 2_100_000
    assert 150_000 <= counts["worker"] <= 250_000  # factory workers, far fewer than Petrograd's 392,000
    assert 50_000 <= counts["soldier"] <= 100_000  # garrison: tens of thousands
    assert counts["cadet"] == 4300
    rows = _toml(MOSCOW / "classes.toml")["class"]
    for row in rows:
        assert row.get("count_source") and row.get("count_confidence") in {"A", "B", "C", "U"}, row["name"]


def test_plants_match_the_factory_inspection_counts(moscow):
    from dualpower.models.dual_power.population import blueprint

    inp = moscow.model.inputs
    bp = blueprint(inp)
    w = inp.classes.names.index("worker")
    plants = bp.size[bp.plant & (bp.cls == w)]
    assert plants.sum() == inp.classes.counts[w]
    assert len(plants) == 767 and (plants >= 1000).sum() == 28
    assert plants.max() <= 7000


def test_runs_at_tiny_scale_and_records_every_election(moscow, tmp_path):
    results = run(
        moscow.model.build(override(moscow.params, {"scale": TINY})), moscow.steps, seed=5, scenario=moscow.name
    )
    results.write(tmp_path / "out")
    ts = pq.read_table(tmp_path / "out" / "timeseries.parquet").to_pydict()
    assert ts["date_os"][-1] == "1917-11-21"
    elections = pq.read_table(tmp_path / "out" / "elections.parquet").to_pylist()
    parties = set(moscow.model.inputs.parties.names)
    for e in moscow.model.inputs.elections:
        rows = [r for r in elections if r["election"] == e.name]
        assert {r["party"] for r in rows} == parties, e.name
        assert sum(r["share"] for r in rows) == pytest.approx(1.0)
        for r in rows:
            assert r["historical"] == pytest.approx(e.historical[r["party"]])
    assert {e.name for e in moscow.model.inputs.elections} == {
        "moscow-city-duma",
        "moscow-district-dumas",
        "constituent-assembly-moscow",
    }


def _keys(obj) -> set[str]:
    """Every key of a parsed TOML document, at any depth."""
    if isinstance(obj, dict):
        return set(obj) | {k for v in obj.values() for k in _keys(v)}
    if isinstance(obj, list):
        return {k for v in obj for k in _keys(v)}
    return set()


def test_no_moscow_election_result_is_an_input_file_value():
    elections = _toml(MOSCOW / "elections.toml")["election"]
    for row in elections:
        assert set(row) <= {"name", "date_os", "historical", "confidence", "source"}, row["name"]
        assert "U" in row["confidence"].split("/")  # what is recalled is labelled as such
    targets = _toml(MOSCOW / "targets.toml")["target"]
    assert {t["kind"] for t in targets} <= {"outcome", "bound"}  # no election, majority or membership target
    for path in sorted(MOSCOW.glob("*.toml")):
        if path.name != "elections.toml":
            assert not _keys(_toml(path)) & {"historical", "shares", "election"}, path.name
    scenario = _toml(Path(str(BUILTIN)) / "moscow-1917.toml")
    assert scenario["free"] == [] and "params" not in scenario  # nothing fitted, nothing overridden


def _drift() -> list[str]:
    out = []
    p_cls = {r["name"]: r for r in _toml(PETROGRAD / "classes.toml")["class"]}
    for row in _toml(MOSCOW / "classes.toml")["class"]:
        ref = p_cls[BEHAVES_AS.get(row["name"], row["name"])]
        out += [f"class {row['name']}.{k}: {row[k]} != {ref[k]}" for k in CLASS_BEHAVIOUR if row[k] != ref[k]]
    p_par = {r["name"]: r for r in _toml(PETROGRAD / "parties.toml")["party"]}
    for row in _toml(MOSCOW / "parties.toml")["party"]:
        out += [
            f"party {row['name']}.{k}: {row[k]} != {p_par[row['name']][k]}"
            for k in PARTY_BEHAVIOUR
            if row[k] != p_par[row["name"]][k]
        ]
    return out


def test_behaviour_copies_match_petrograd():
    """Warns (does not fail) when Petrograd's class or party behaviour was re-tuned since the copy."""
    drift = _drift()
    if drift:
        warnings.warn(
            "moscow-1917 behaviour differs from petrograd-1917 (re-copy with "
            "`python tests/scenarios/test_moscow_scenario.py --sync`): " + "; ".join(drift),
            stacklevel=1,
        )


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, float) and math.isfinite(v):
        return repr(v)
    return str(v)


def _sync_file(path: Path, table: str, ref: dict[str, dict], keys: tuple[str, ...], alias: dict[str, str]) -> None:
    """Rewrite the behavioural lines of each [[table]] block with Petrograd's values, comments kept."""
    blocks = re.split(rf"(?m)^(?=\[\[{table}\]\]\s*$)", path.read_text(encoding="utf-8"))
    out = [blocks[0]]
    for block in blocks[1:]:
        name = re.search(r'(?m)^name = "([^"]+)"', block).group(1)
        src = ref[alias.get(name, name)]
        for k in keys:
            block = re.sub(
                rf"(?m)^{k} = [^#\n]*?(\s*(#.*)?)$", lambda m, k=k: f"{k} = {_toml_value(src[k])}{m.group(1)}", block
            )
        out.append(block)
    path.write_text("".join(out), encoding="utf-8")


def sync() -> None:
    """Re-copy Petrograd's behavioural numbers into Moscow's class and party tables."""
    _sync_file(
        MOSCOW / "classes.toml",
        "class",
        {r["name"]: r for r in _toml(PETROGRAD / "classes.toml")["class"]},
        CLASS_BEHAVIOUR,
        BEHAVES_AS,
    )
    _sync_file(
        MOSCOW / "parties.toml",
        "party",
        {r["name"]: r for r in _toml(PETROGRAD / "parties.toml")["party"]},
        PARTY_BEHAVIOUR,
        {},
    )
    left = _drift()
    print("in sync" if not left else "still differs: " + "; ".join(left))


if __name__ == "__main__" and "--sync" in sys.argv:
    sync()
