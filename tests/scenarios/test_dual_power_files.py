"""The dual-power data files' shapes: unknown keys and wrong types are one-line errors naming the field;
provenance keys (source, note, confidence, *_source, *_confidence) are free."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dualpower.cli import main
from dualpower.core import InputError
from dualpower.scenarios import BUILTIN, load

DATA = Path(str(BUILTIN)).parent / "data" / "petrograd-1917"


@pytest.fixture
def case(tmp_path) -> Path:
    shutil.copytree(DATA, tmp_path / "data")
    text = (Path(str(BUILTIN)) / "petrograd-1917.toml").read_text().replace("../data/petrograd-1917/", "data/")
    (tmp_path / "case.toml").write_text(text)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    "file, old, new, field, reason",
    [
        ("classes.toml", "count = 392000", "count = 392000\ncolourz = 1", "class[worker].colourz", "unknown key"),
        ("classes.toml", "armed = false", 'armed = "no"', "class[worker].armed", "must be true or false"),
        ("parties.toml", "agitation = 1.0", 'agitation = "high"', "party[Kadet].agitation", "must be a number"),
        ("units.toml", "total_plants = 958", 'total_plants = "many"', "plants.total_plants", "must be int"),
        ("units.toml", 'seats = "per-unit"', 'seats = "per-unit"\nfloors = 3', "kind[0].floors", "unknown key"),
        (
            "events.toml",
            "weights = { Kadet = 0.9, SR = 0.1 }",
            'weights = "most"',
            "cabinet[0].weights",
            "must be a table",
        ),
        ("events.toml", "bread_reference = 1.5", "bread_reference = 1.5\nharvest = 2", "harvest", "unknown key"),
        ("elections.toml", "[[election]]", "[[election]]\nturnout = 0.7", "election[0].turnout", "unknown key"),
        ("districts.toml", "[[district]]", "mayor = 1\n\n[[district]]", "mayor", "unknown key"),
        ("parties.toml", 'colour = "#2f5d8c"', 'colour = "blue"', "party[0].colour", "should match pattern"),
        ("parties.toml", 'bloc = "liberal"', 'bloc = "centre"', "party[0].bloc", "'radical', 'moderate'"),
        ("districts.toml", "polygon = [[318, 20],", "polygon = [[318],", "district[0].polygon[0]", "at least 2"),
    ],
)
def test_shape_errors_name_file_field_and_reason(case, file, old, new, field, reason):
    edit(case / "data" / file, old, new)
    with pytest.raises(InputError) as err:
        load(case / "case.toml")
    assert err.value.source.endswith(file) and err.value.field == field and reason in err.value.reason


def test_provenance_keys_are_free(case):
    edit(case / "data" / "classes.toml", "count = 392000", 'count = 392000\nnote = "x"\ncount_confidence = "A"')
    assert load(case / "case.toml").model.inputs.classes.counts[0] == 392000


def test_command_line_exits_2_with_one_line(case, tmp_path, capsys):
    edit(case / "data" / "units.toml", "total_plants = 958", "total_plants = 9.5")
    rc = main(["run", str(case / "case.toml"), "--scale", "0.001", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 2 and "plants.total_plants: must be int" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()
