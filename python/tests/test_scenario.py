"""Loading, building, editing, round-tripping and validating scenarios."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import parkwater
from conftest import SCENARIOS


def test_load_toml_and_json_agree(tmp_path: Path, demo: parkwater.Scenario) -> None:
    path = tmp_path / "demo.json"
    demo.save(path)
    again = parkwater.Scenario.load(path)
    assert again == demo
    assert again.origin == str(path)


def test_toml_round_trip(tmp_path: Path, demo: parkwater.Scenario) -> None:
    assert parkwater.Scenario.from_toml(demo.to_toml()) == demo
    path = tmp_path / "demo.toml"
    demo.save(path)
    assert parkwater.Scenario.load(path) == demo


def test_dict_round_trip(demo: parkwater.Scenario) -> None:
    d = demo.to_dict()
    assert d["contaminants"] == ["COD", "NH3N", "TDS"]
    assert {"sink", "source", "intake", "treatment", "discharge", "enterprise"} <= set(d)
    assert parkwater.Scenario.from_dict(d) == demo
    assert parkwater.Scenario.from_json(demo.to_json()) == demo


def test_to_dict_is_a_copy(polley: parkwater.Scenario) -> None:
    d = polley.to_dict()
    d["sink"][0]["flow"] = 1.0
    assert polley.sink("SK1").flow == 50.0


def test_from_dict_normalizes_numbers_and_copies() -> None:
    d: dict[str, Any] = {
        "contaminants": ["C"],
        "source": [{"id": "S", "flow": 5, "conc": {"C": 1}}],
    }
    s = parkwater.Scenario.from_dict(d)
    assert s.source("S").flow == 5.0 and isinstance(s.source("S").flow, float)
    d["source"][0]["flow"] = 9
    assert s.source("S").flow == 5.0


def test_from_dict_rejects_unknown_fields() -> None:
    with pytest.raises(parkwater.ValidationError) as info:
        parkwater.Scenario.from_dict({"contaminants": [], "sinks": []})
    assert info.value.codes() == ["file.syntax"]
    assert "sinks" in str(info.value)


def test_build_from_scratch_solves(tiny: parkwater.Scenario) -> None:
    result = tiny.solve(objective="freshwater")
    assert result.kpis["freshwater"] == pytest.approx(48.0)
    assert result.flow("S1", "D1") == pytest.approx(32.0)
    assert result.flow("FW", "D1") == pytest.approx(48.0)
    assert result.flow("D1", "S1") == 0.0


def test_editing_a_limit_changes_the_answer(tiny: parkwater.Scenario) -> None:
    tiny.sink("D1").max_conc["COD"] = 30
    # 80 t/h at <= 30 from 50 mg/L effluent: 48 t/h effluent, 32 t/h fresh.
    assert tiny.solve(objective="freshwater").kpis["freshwater"] == pytest.approx(32.0)
    assert tiny.to_dict()["sink"][0]["max_conc"] == {"COD": 30}


def test_issue_example_edit(tmp_path: Path) -> None:
    s = parkwater.Scenario(["COD"])
    s.add_enterprise("E1", "chemicals")
    s.add_sink("E1.D1", flow=10, enterprise="E1")
    sink = s.sink("E1.D1")
    assert sink.max_conc == {}
    assert "max_conc" not in s.to_dict()["sink"][0], "reading must not edit"
    s.sink("E1.D1").max_conc["COD"] = 30
    assert s.to_dict()["sink"][0]["max_conc"] == {"COD": 30}
    del s.sink("E1.D1").max_conc["COD"]
    assert dict(s.sink("E1.D1").max_conc) == {}


def test_node_attributes() -> None:
    s = parkwater.Scenario(["COD", "TDS"], name="n")
    intake = s.add_intake("FW")
    assert intake.conc == {"COD": 0.0, "TDS": 0.0}, "an intake's conc defaults to 0"
    assert intake.kind == "tap" and intake.table == "intake" and intake.id == "FW"
    intake.price = 2.5
    intake.max_flow = 100
    assert s.intake("FW")["price"] == 2.5
    intake.max_flow = None
    assert "max_flow" not in s.intake("FW")
    with pytest.raises(AttributeError, match="no field 'prise'"):
        intake.prise = 3
    with pytest.raises(AttributeError):
        _ = intake.prise
    assert "price" in dir(intake)
    assert repr(intake).startswith("Intake('FW'")


def test_park_policy_and_objective(polley: parkwater.Scenario) -> None:
    assert polley.name == "Polley & Polley (2000)"
    polley.name = "renamed"
    assert polley.park.name == "renamed"
    assert polley.policy.min_reuse_rate is None
    assert "policy" not in polley.to_dict(), "reading must not edit"
    polley.policy.max_intake = 60  # below the 70 t/h minimum
    with pytest.raises(parkwater.InfeasibleError):
        polley.solve()
    del polley.policy.max_intake
    assert polley.objective == ["freshwater"]
    polley.objective = "cost"
    assert polley.to_dict()["objective"]["minimize"] == ["cost"]
    polley.objective = None
    assert polley.objective is None


def test_objective_argument_does_not_edit(polley: parkwater.Scenario) -> None:
    before = polley.to_dict()
    polley.solve(objective=["cost", "freshwater"])
    assert polley.to_dict() == before


def test_copy_is_independent(demo: parkwater.Scenario) -> None:
    for other in (demo.copy(), copy.copy(demo), copy.deepcopy(demo)):
        other.intake("TAP").price = 99.0
        other.contaminants.append("X")
        assert demo.intake("TAP").price == 3.59
        assert demo.contaminants == ["COD", "NH3N", "TDS"]
        assert other != demo


def test_unknown_id_is_a_key_error_with_a_hint(demo: parkwater.Scenario) -> None:
    with pytest.raises(KeyError, match="REF-CT"):
        demo.sink("REF-TC")
    with pytest.raises(KeyError):
        demo.node("nope")
    assert demo.node("TAP").table == "intake"


def test_duplicate_id_is_refused_at_once(tiny: parkwater.Scenario) -> None:
    with pytest.raises(parkwater.ValidationError) as info:
        tiny.add_sink("S1", flow=3)  # S1 is a source: node ids share one namespace
    assert info.value.codes() == ["id.duplicate"]
    with pytest.raises(parkwater.ValidationError):
        tiny.add_source("", flow=1, conc={"COD": 0})


def test_remove_and_ids(tiny: parkwater.Scenario) -> None:
    assert tiny.ids() == ["FW", "S1", "D1", "WW"]
    assert tiny.ids("sink") == ["D1"]
    removed = tiny.remove("S1")
    assert removed["flow"] == 50
    assert tiny.ids() == ["FW", "D1", "WW"]
    assert tiny.solve().kpis["freshwater"] == pytest.approx(80.0)
    with pytest.raises(KeyError):
        tiny.remove("S1")


def test_forbid_rules(tiny: parkwater.Scenario) -> None:
    tiny.add_forbid("S*", "D1", reason="no reuse")
    assert tiny.forbidden == [{"from": "S*", "to": "D1", "reason": "no reuse"}]
    assert tiny.solve().kpis["freshwater"] == pytest.approx(80.0)


def test_numpy_numbers_are_accepted(tiny: parkwater.Scenario) -> None:
    tiny.sink("D1").flow = np.int64(80)
    tiny.sink("D1").max_conc["COD"] = np.float32(20.0)
    assert tiny.solve().kpis["freshwater"] == pytest.approx(48.0)


def test_all_node_lists(demo: parkwater.Scenario) -> None:
    assert len(demo.enterprises) == 10
    assert {n.table for n in demo.sinks} == {"sink"}
    assert [n.id for n in demo.intakes] == ["SW", "TAP", "RCW", "DSW"]
    assert all(n.table == "treatment" for n in demo.treatments)
    assert all(n.table == "discharge" for n in demo.discharges)
    assert sum(s.flow for s in demo.sources) > 0


def test_repr_and_html(demo: parkwater.Scenario) -> None:
    assert "Lianyungang" in repr(demo)
    page = demo._repr_html_()
    assert "<table" in page and "Lianyungang" in page and "TAP" in page
    s = parkwater.Scenario(["<b>"], name="<script>")
    assert "<script>" not in s._repr_html_()


def test_scenario_validate_and_problems(tiny: parkwater.Scenario) -> None:
    tiny.validate()
    assert tiny.is_valid and tiny.problems() == []
    tiny.source("S1").flow = -5
    assert not tiny.is_valid
    assert [p["code"] for p in tiny.problems()] == ["number.negative"]


def test_load_from_string_and_pathlib() -> None:
    path = SCENARIOS / "polley-polley-2000.toml"
    assert parkwater.load(str(path)) == parkwater.load(path)


def test_operations() -> None:
    """Wang & Smith (1994) Example 1 built from its limiting data: 90 t/h of fresh water."""
    s = parkwater.Scenario(["C"], name="Wang & Smith ex. 1")
    s.add_intake("FW", "tap", {"C": 0}, price=1.0)
    for id, load, cin, cout in [
        ("OP1", 2.0, 0.0, 100.0),
        ("OP2", 5.0, 50.0, 100.0),
        ("OP3", 30.0, 50.0, 800.0),
        ("OP4", 4.0, 400.0, 800.0),
    ]:
        s.add_operation(id, {"C": load}, {"C": cin}, {"C": cout})
    s.add_discharge("WW", "sewer")
    assert [o.id for o in s.operations] == ["OP1", "OP2", "OP3", "OP4"]
    s.operation("OP1").load["C"] = 2.0
    with pytest.raises(parkwater.ValidationError):
        s.add_operation("OP1", {"C": 1}, {"C": 0})
    result = s.solve(objective="freshwater")
    assert result.kpis["freshwater"] == pytest.approx(90.0, abs=1e-6)
    assert result.kpis["discharge"] == pytest.approx(90.0, abs=1e-6)
