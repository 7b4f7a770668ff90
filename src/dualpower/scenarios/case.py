"""The case a scenario describes, for readers of its results: parties, districts, classes and a map.

Labels, colours, blocs and district outlines live in the case's data files beside the numbers
the model uses, so reports, calibration and the dashboard name no party, district or city.
A case without outlines is drawn as neutral tiles.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..core import InputError
from ..core.files import read_toml

BLOCS = ("radical", "moderate", "liberal", "right")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
FILES = {"parties": "party", "districts": "district", "classes": "class"}


def read_case(inputs: dict[str, Any], base_dir: Path) -> dict[str, Any] | None:
    """The case of a scenario's ``[inputs]``, or None when it names no parties, districts or classes."""
    paths = {k: Path(base_dir) / inputs[k] for k in FILES if isinstance(inputs.get(k), str)}
    if not paths:
        return None
    data = {k: read_toml(p) for k, p in paths.items()}
    rows = {k: _rows(data.get(k, {}), FILES[k], str(paths.get(k, k))) for k in FILES}
    districts_src = str(paths.get("districts", "districts"))
    return {
        "description": _readme(next(iter(paths.values())).parent),
        "parties": [_party(r, i, str(paths.get("parties"))) for i, r in enumerate(rows["parties"])],
        "districts": [_district(r, i, districts_src) for i, r in enumerate(rows["districts"])],
        "classes": [
            {"name": r["name"], "label": _label(r, "class", i, str(paths.get("classes")))}
            for i, r in enumerate(rows["classes"])
        ],
        "map": _map(data.get("districts", {}), districts_src),
    }


def _readme(folder: Path) -> str:
    """The first paragraph of the case folder's README, if it has one."""
    path = folder / "README.md"
    if not path.is_file():
        return ""
    paragraphs = [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip() and not p.startswith("#")]
    return " ".join(paragraphs[0].split()) if paragraphs else ""


def _rows(data: dict[str, Any], key: str, src: str) -> list[dict[str, Any]]:
    rows = data.get(key, [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) and isinstance(r.get("name"), str) for r in rows):
        raise InputError(src, key, "must be an array of tables, each with a name")
    return rows


def _label(row: dict[str, Any], key: str, i: int, src: str) -> str:
    label = row.get("label", row["name"])
    if not isinstance(label, str):
        raise InputError(src, f"{key}[{i}].label", "must be a string")
    return label


def _party(row: dict[str, Any], i: int, src: str) -> dict[str, Any]:
    colour, bloc = row.get("colour"), row.get("bloc")
    if colour is not None and not (isinstance(colour, str) and COLOUR.match(colour)):
        raise InputError(src, f"party[{i}].colour", f"must be a colour #rrggbb, got {colour!r}")
    if bloc is not None and bloc not in BLOCS:
        raise InputError(src, f"party[{i}].bloc", f"must be one of {', '.join(BLOCS)}, got {bloc!r}")
    return {"name": row["name"], "label": _label(row, "party", i, src), "colour": colour, "bloc": bloc}


def _points(value: Any, src: str, field: str) -> list[list[float]]:
    ok = (
        isinstance(value, list)
        and len(value) >= 2
        and all(
            isinstance(p, list)
            and len(p) == 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in p)
            for p in value
        )
    )
    if not ok:
        raise InputError(src, field, "must be a list of [x, y] points")
    return [[float(x), float(y)] for x, y in value]


def _district(row: dict[str, Any], i: int, src: str) -> dict[str, Any]:
    polygon = row.get("polygon")
    shape = None if polygon is None else _points(polygon, src, f"district[{i}].polygon")
    return {"name": row["name"], "label": _label(row, "district", i, src), "polygon": shape}


def _map(data: dict[str, Any], src: str) -> dict[str, Any] | None:
    lines = data.get("line")
    if lines is None:
        return None
    if not isinstance(lines, list) or not all(isinstance(r, dict) and isinstance(r.get("name"), str) for r in lines):
        raise InputError(src, "line", "must be an array of tables, each with a name")
    return {
        "lines": [
            {"name": r["name"], "points": _points(r.get("points"), src, f"line[{i}].points")}
            for i, r in enumerate(lines)
        ]
    }
