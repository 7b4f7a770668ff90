"""docs/ODD.md: the protocol's headings in order, and a parameter table that matches the code."""

from __future__ import annotations

from pathlib import Path

from dualpower.models.dual_power.odd import END, START, parameter_table, with_table

ODD = Path(__file__).resolve().parents[3] / "docs" / "ODD.md"
HEADINGS = [
    "## 1 Purpose and patterns", "## 2 Entities, state variables, and scales", "## 3 Process overview and scheduling",
    "## 4 Design concepts", "### Basic principles", "### Emergence", "### Adaptation", "### Objectives", "### Learning",
    "### Prediction", "### Sensing", "### Interaction", "### Stochasticity", "### Collectives", "### Observation",
    "## 5 Initialization", "## 6 Input data", "## 7 Submodels",
]


def test_odd_parameter_table_is_the_generated_one():
    text = ODD.read_text(encoding="utf-8")
    assert with_table(text) == text, "run: python -m dualpower.models.dual_power.odd docs/ODD.md"
    assert parameter_table() in text.split(START)[1].split(END)[0]


def test_odd_has_the_2020_headings_in_order():
    lines = ODD.read_text(encoding="utf-8").splitlines()
    positions = [lines.index(h) for h in HEADINGS]
    assert positions == sorted(positions)
