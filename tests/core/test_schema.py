"""The metrics schema and case in a manifest: what readers use instead of column names."""

import dualpower
from dualpower.core import Schema


def test_dual_power_declares_every_column_with_its_group_and_member():
    res = dualpower.simulate("moscow-1917", scale=0.002, steps=1, seed=1)
    sch = Schema(res.manifest)
    assert [m["name"] for m in sch.metrics] == res.timeseries.column_names
    assert set(sch.family("seats")) == {p["name"] for p in sch.members("parties")}
    assert set(sch.family("councils_share")) == {d["name"] for d in sch.members("districts")}
    assert {m["group"] for m in sch.metrics if m["family"].startswith("allegiance_")} == {"class"}
    assert sch.kind("seats_Bolshevik") == "share" and sch.kind("members_Bolshevik") == "count"
    assert sch.bloc("moderate") == ["SR", "Menshevik"] and sch.bloc("radical") == ["Bolshevik"]
    assert sch.label("parties", "Kadet") == "Kadets" and sch.label("parties", "unknown") == "unknown"
    assert res.manifest["scenario_description"].startswith("Moscow")


def test_a_model_without_a_case_or_declarations_gets_plain_entries():
    sch = Schema({"metrics": [{"name": "x", "family": "x", "group": None, "member": None, "kind": "level"}]})
    assert sch.family("x") == {} and sch.members("parties") == [] and sch.bloc("radical") == []



def test_every_builtin_model_declares_every_column_it_writes():
    """A column the model did not declare reaches tables, the report and the dashboard with its bare name."""
    from dualpower.scenarios import builtin_names, load

    firsts = {}
    for name in builtin_names():
        sc = load(name)
        firsts.setdefault(sc.model.name, (name, {"scale": 0.002} if hasattr(sc.params, "scale") else {}))
    assert set(firsts) == {"dual-power", "civil-violence", "granovetter"}
    for name, small in firsts.values():
        res = dualpower.simulate(name, steps=1, seed=1, **small)
        bare = [m["name"] for m in res.manifest["metrics"] if not m["description"]]
        assert bare == [], f"{name}: {bare}"
