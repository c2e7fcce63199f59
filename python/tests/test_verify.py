"""``parkwater.verify``: a plan checked against a scenario by the engine's own
verifier, as ``parkwater verify`` does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import parkwater
from conftest import SCENARIOS

CAPPED = """contaminants = ["COD"]
[[intake]]
id = "FW"
kind = "tap"
conc = { COD = 0 }
[[source]]
id = "S"
flow = 50
conc = { COD = 50 }
[[sink]]
id = "D"
flow = 80
max_conc = { COD = 20 }
[[discharge]]
id = "WW"
[[constraint]]
label = "S to D at most 20"
sense = "<="
rhs = 20
[[constraint.term]]
from = "S"
to = "D"
coef = 1
"""


@pytest.fixture
def capped(tmp_path: Path) -> Path:
    path = tmp_path / "capped.toml"
    path.write_text(CAPPED, encoding="utf-8")
    return path


def test_the_engines_answer_verifies(polley: parkwater.Scenario, tmp_path: Path) -> None:
    result = polley.solve(objective="freshwater")
    for plan in (result, result.to_dict(), {"flows": result.to_dict()["flows"]}):
        checked = parkwater.verify(polley, plan)
        assert checked["status"] == "verified", checked
        assert checked["violated"] == 0
        assert checked["freshwater"] == pytest.approx(70.0)
    path = tmp_path / "answer.json"
    path.write_text(result.to_json(), encoding="utf-8")
    checked = parkwater.verify(SCENARIOS / "polley-polley-2000.toml", path)
    assert checked["status"] == "verified"


def test_a_broken_user_constraint_is_named(capped: Path) -> None:
    # 32 t/h from S to D is the optimum without the cap.
    plan = {
        "flows": [
            {"from": "FW", "to": "D", "flow": 48.0},
            {"from": "S", "to": "D", "flow": 32.0},
            {"from": "S", "to": "WW", "flow": 18.0},
        ]
    }
    checked = parkwater.verify(capped, plan)
    assert checked["status"] == "violated"
    (v,) = checked["violations"]
    assert '"S to D at most 20"' in v["check"]
    assert (v["value"], v["limit"], v["unit"]) == (pytest.approx(32.0), 20.0, "t/h")
    # The solver's answer under the cap holds.
    result = parkwater.Scenario.load(capped).solve(objective="freshwater")
    assert parkwater.verify(capped, result)["status"] == "verified"


def test_a_plan_of_another_park_is_invalid(capped: Path) -> None:
    plan = {"flows": [{"from": "FW", "to": "NOPE", "flow": 1.0}, {"from": "FW", "to": "WW", "flow": 1.0}]}
    with pytest.raises(parkwater.ValidationError) as info:
        parkwater.verify(capped, plan)
    assert info.value.codes() == ["plan.unknown_node", "plan.no_such_arc"]
    with pytest.raises(parkwater.ValidationError) as info:
        parkwater.verify(capped, {"status": "optimal"})
    assert info.value.codes() == ["field.missing"]
    with pytest.raises(TypeError):
        parkwater.verify(capped, 42)  # type: ignore[arg-type]


def test_parse_errors_name_the_entity_and_field(tmp_path: Path) -> None:
    path = tmp_path / "park.json"
    data = json.loads(parkwater.Scenario.load(SCENARIOS / "polley-polley-2000.toml").to_json())
    data["sink"][0]["flow"] = "five"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    with pytest.raises(parkwater.ValidationError) as info:
        parkwater.load(path)
    (problem,) = info.value.errors()
    assert problem["code"] == "type.mismatch"
    assert problem["path"] == f"sink[{data['sink'][0]['id']}].flow"
    assert "park.json:" in problem["message"]
