"""Parameters: bounds, the density check, and the legitimacy schedule."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

import dualpower
from dualpower.core import InputError
from dualpower.models.civil_violence import CivilViolenceParams


def test_densities_over_one_are_rejected_naming_both_fields() -> None:
    with pytest.raises(ValidationError, match="citizen_density \\+ cop_density"):
        CivilViolenceParams(citizen_density=0.8, cop_density=0.3)


@pytest.mark.parametrize(
    "field,value",
    [
        ("citizen_vision", -1),
        ("cop_vision", 0),
        ("legitimacy", 1.5),
        ("max_jail_term", -3),
        ("variant", "sugarscape"),
        ("width", 0),
    ],
)
def test_out_of_range_values_are_rejected(field: str, value: object) -> None:
    with pytest.raises(ValidationError, match=field):
        CivilViolenceParams(**{field: value})


def test_vision_must_fit_the_torus() -> None:
    with pytest.raises(ValidationError, match="width and height"):
        CivilViolenceParams(width=10, height=40, citizen_vision=7)


def test_overrides_through_simulate_become_input_errors() -> None:
    with pytest.raises(InputError, match="citizen_vision"):
        dualpower.simulate("civil-violence", steps=1, citizen_vision=-1)


def test_legitimacy_schedule_constant_jump_and_slices() -> None:
    constant = CivilViolenceParams(legitimacy=0.8)
    assert {constant.legitimacy_at(t) for t in range(0, 300, 7)} == {0.8}
    jump = CivilViolenceParams(legitimacy=0.9, legitimacy_drop_to=0.7, legitimacy_drop_step=77)
    assert [jump.legitimacy_at(t) for t in (0, 76, 77, 500)] == [0.9, 0.9, 0.7, 0.7]
    salami = CivilViolenceParams(
        legitimacy=0.9, legitimacy_drop_to=0.7, legitimacy_drop_step=10, legitimacy_decrement=0.01
    )
    assert salami.legitimacy_at(9) == 0.9
    assert salami.legitimacy_at(10) == pytest.approx(0.89)
    assert salami.legitimacy_at(29) == pytest.approx(0.70)
    assert salami.legitimacy_at(40) == 0.7
    rise = CivilViolenceParams(legitimacy=0.5, legitimacy_drop_to=0.6, legitimacy_decrement=0.05)
    assert [rise.legitimacy_at(t) for t in (0, 1, 5)] == [pytest.approx(0.55), pytest.approx(0.6), 0.6]


@pytest.mark.parametrize("name", ["civil-violence", "civil-violence-jump", "civil-violence-salami"])
def test_builtin_scenarios_run(name: str) -> None:
    res = dualpower.simulate(name, steps=3)
    assert res.timeseries.column_names == ["step", "active", "quiet", "jailed", "cops", "legitimacy"]
    assert res.timeseries.num_rows == 4
