"""The compiled kernel and the plain-Python reference agree draw for draw, for every variant."""

from __future__ import annotations

import numpy as np
import pytest

from dualpower.core import make_rng
from dualpower.models.civil_violence import CivilViolence, CivilViolenceParams, reference
from dualpower.models.civil_violence.state import CivilViolenceState

SMALL = {"width": 12, "height": 9, "citizen_vision": 3, "cop_vision": 3}
CASES = {
    "defaults": {},
    "tight-torus": {"citizen_vision": 4, "cop_vision": 4, "legitimacy": 0.6},
    "crowded-low-legitimacy": {"citizen_density": 0.9, "cop_density": 0.06, "legitimacy": 0.3, "max_jail_term": 4},
    "other-cop-vision": {"cop_vision": 2, "citizen_vision": 3, "legitimacy": 0.5, "max_jail_term": 3},
    "no-movement": {"movement": False, "legitimacy": 0.5, "max_jail_term": 2},
    "no-jail": {"max_jail_term": 0, "legitimacy": 0.4},
}


def check_lattice(state: CivilViolenceState, snap: reference.Snapshot, params: CivilViolenceParams) -> None:
    """The kernel's incremental counts, lists and bitset equal a recount from positions."""
    counts = reference.seen_counts(snap, params)
    lat = state.lattice
    np.testing.assert_array_equal(lat.actives_here, counts["actives_here"])
    np.testing.assert_array_equal(lat.actives_seen, counts["actives_seen"])
    np.testing.assert_array_equal(lat.cops_seen, counts["cops_seen"])
    if lat.actives_seen_by_cops.size:
        np.testing.assert_array_equal(lat.actives_seen_by_cops, counts["by_cops"])
    bits = np.unpackbits(lat.vacant.view(np.uint8), bitorder="little")
    np.testing.assert_array_equal(bits[: params.width * params.height].astype(bool), counts["vacant"])
    np.testing.assert_array_equal(lat.head >= 0, ~counts["vacant"])


@pytest.mark.parametrize("variant", ["mesa", "netlogo", "paper"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_kernel_equals_reference_step_for_step(variant: str, case: str) -> None:
    params = CivilViolenceParams(**{**SMALL, "variant": variant, **CASES[case]})
    model = CivilViolence()
    state = model.init(params, make_rng(7))
    fast, slow = make_rng(11), make_rng(11)
    snap = reference.snapshot(state)
    for _ in range(25):
        state = model.step(state, params, fast)
        snap = reference.step(snap, params, slow)
        a = state.agents
        assert a.condition.tolist() == snap.condition
        assert a.cell.tolist() == snap.cell
        assert a.jail.tolist() == snap.jail
        assert a.ident.tolist() == snap.ident
        check_lattice(state, snap, params)
    assert fast.random() == slow.random()


def test_reference_sees_activity_in_the_checked_cases() -> None:
    params = CivilViolenceParams(**{**SMALL, **CASES["crowded-low-legitimacy"]})
    model = CivilViolence()
    state = model.init(params, make_rng(7))
    rng = make_rng(11)
    seen = np.zeros(4, dtype=np.int64)
    for _ in range(25):
        state = model.step(state, params, rng)
        seen += state.counts > 0
    assert seen.min() > 0


def test_kernel_bundles_carry_the_state_fields_in_order() -> None:
    from dataclasses import fields

    from dualpower.models.civil_violence.kernels import CellArrays
    from dualpower.models.civil_violence.state import Lattice

    assert CellArrays._fields == tuple(f.name for f in fields(Lattice))
