"""The case a scenario describes, for readers of its results: parties, districts, classes and a map.

Labels, colours, blocs and district outlines live in the case's data files beside the numbers
the model uses, so reports, calibration and the dashboard name no party, district or city.
A case without outlines is drawn as neutral tiles.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from ..core.files import read_toml
from .validation import check

FILES = {"parties": "party", "districts": "district", "classes": "class"}
Point = Annotated[list[float], Field(min_length=2, max_length=2)]
Points = Annotated[list[Point], Field(min_length=2)]


class Member(BaseModel):
    """What readers need of one party, district or class (the model's own keys are checked with the model)."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)
    name: StrictStr
    label: StrictStr | None = None

    def described(self) -> dict[str, Any]:
        return {**self.model_dump(), "label": self.label or self.name}


class Party(Member):
    colour: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")] | None = None
    bloc: Literal["radical", "moderate", "liberal", "right"] | None = None


class District(Member):
    polygon: Points | None = None


class Line(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)
    name: StrictStr
    points: Points


class CaseFile(BaseModel):
    """The rows of one data file that describe the case, and its map lines (``[[line]]``)."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True, populate_by_name=True)
    party: list[Party] = []
    district: list[District] = []
    class_: list[Member] = Field(default=[], alias="class")
    line: list[Line] | None = None


def read_case(inputs: dict[str, Any], base_dir: Path) -> dict[str, Any] | None:
    """The case of a scenario's ``[inputs]``, or None when it names no parties, districts or classes."""
    paths = {k: Path(base_dir) / inputs[k] for k in FILES if isinstance(inputs.get(k), str)}
    if not paths:
        return None
    files = {k: check(CaseFile, read_toml(p), str(p)) for k, p in paths.items()}
    empty = CaseFile()
    districts = files.get("districts", empty)
    return {
        "description": _readme(next(iter(paths.values())).parent),
        "parties": [p.described() for p in files.get("parties", empty).party],
        "districts": [d.described() for d in districts.district],
        "classes": [c.described() for c in files.get("classes", empty).class_],
        "map": None if districts.line is None else {"lines": [ln.model_dump() for ln in districts.line]},
    }


def _readme(folder: Path) -> str:
    """The first paragraph of the case folder's README, if it has one."""
    path = folder / "README.md"
    if not path.is_file():
        return ""
    paragraphs = [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip() and not p.startswith("#")]
    return " ".join(paragraphs[0].split()) if paragraphs else ""
