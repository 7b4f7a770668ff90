"""A toy scenario for the command line: the random-walk model of the engine tests."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "core"))  # toy_model, shared with the engine tests

TOY = """\
name = "toy-walk"
model = "toy_model:Toy"
description = "A random walk for engine tests."
steps = 30
[params]
n = 50
drift = 0.01
"""


@pytest.fixture
def toy_scenario(tmp_path: Path) -> Path:
    path = tmp_path / "toy.toml"
    path.write_text(TOY)
    return path
