"""A new case needs only its data folder and a scenario file: no party, district or city is built in.

The test renames Petrograd's parties and districts, drops its map, and runs the result through
the command line, the report and the calibration statistics.
"""

from __future__ import annotations

import json
import re
import shutil

from dualpower.calibration.statistics import TargetStatistics
from dualpower.calibration.workflow import read_targets
from dualpower.cli import main
from dualpower.core import read_results
from dualpower.report import run_payload
from dualpower.report.data import load_run
from dualpower.scenarios import BUILTIN, load

PARTIES = {"Kadet": "DDP", "SR": "SPD", "Menshevik": "USPD", "Bolshevik": "KPD", "LeftSR": "KAPD", "Other": "Splinter"}
DISTRICTS = [
    "Mitte",
    "Wedding",
    "Friedrichshain",
    "Kreuzberg",
    "Neukoelln",
    "Charlottenburg",
    "Spandau",
    "Koepenick",
    "Lichtenberg",
    "Pankow",
    "Tiergarten",
    "Schoeneberg",
    "Steglitz",
    "Treptow",
]


def make_case(tmp_path):
    data = tmp_path / "data" / "berlin-test"
    shutil.copytree(BUILTIN.parent / "data" / "petrograd-1917", data)
    for path in data.glob("*.toml"):
        text = path.read_text()
        for old, new in PARTIES.items():
            text = re.sub(rf'\b{old}\b(?=\s*=|")', new, text)
        path.write_text(re.sub(r"(?m)^label = .*\n", "", text))
    districts = data / "districts.toml"
    text = re.sub(r"(?m)^polygon = .*\n", "", districts.read_text()).split("[[line]]")[0]
    names = iter(DISTRICTS)
    districts.write_text(re.sub(r'(?m)^name = ".*"$', lambda m: f'name = "{next(names)}"', text))
    inputs = "\n".join(
        f'{k} = "data/berlin-test/{k}.{"csv" if k == "drivers" else "toml"}"'
        for k in ("classes", "districts", "units", "parties", "drivers", "events", "elections", "targets")
    )
    scenario = tmp_path / "berlin-test.toml"
    scenario.write_text(
        f'name = "berlin-test"\nmodel = "dual-power"\nsteps = 40\nseed = 3\n[params]\nscale = 0.002\n'
        f'[inputs]\nstart_date_os = "1917-03-01"\nns_offset_days = 0\n{inputs}\n'
    )
    return scenario


def test_a_renamed_case_runs_reports_and_calibrates_without_code(tmp_path):
    scenario = make_case(tmp_path)
    out = tmp_path / "out"
    assert main(["run", str(scenario), "--quiet", "--out", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert [p["name"] for p in manifest["case"]["parties"]] == list(PARTIES.values())
    assert manifest["case"]["map"] is None and all(d["polygon"] is None for d in manifest["case"]["districts"])
    assert {m["member"] for m in manifest["metrics"] if m["family"] == "seats"} == set(PARTIES.values())
    payload = run_payload(load_run(out))
    assert payload["map"]["lines"] == [] and payload["map"]["schematic"]
    assert [d["name"] for d in payload["map"]["districts"]] == DISTRICTS
    seats = next(f for f in payload["figures"] if f["id"] == "seats")
    assert [t["name"] for t in seats["data"]] == sorted(PARTIES.values())
    html = (out / "report.html").read_text()
    assert "Neva" not in html and "Vyborg" not in html and "Bolshevik" not in html
    targets = read_targets(load(scenario).model.inputs.targets)
    stats = TargetStatistics(tuple(targets))(read_results(out))
    assert 0.0 <= stats["spring-moderate-majority"] <= 1.0
