"""`parkwater.target`: water pinch targets, against the published figures
and against the engine's LP."""

from __future__ import annotations

import json
import pickle
import subprocess
from typing import Any

import pytest

import parkwater
from parkwater import InfeasibleError, Targets, ValidationError

from conftest import REPO, SCENARIOS, expected_values


@pytest.mark.parametrize(
    ("file", "pinch"),
    [("polley-polley-2000.toml", 150.0), ("wang-smith-1994-ex1.toml", 100.0)],
)
def test_published_targets(file: str, pinch: float) -> None:
    path = SCENARIOS / file
    expected = expected_values(path)
    t = parkwater.target(parkwater.load(path))
    assert t.freshwater == pytest.approx(expected["freshwater"], rel=1e-9)
    assert t.wastewater == pytest.approx(expected["wastewater"], rel=1e-9)
    assert t.pinches == [pytest.approx(pinch)]
    assert t.cascade and min(row["cumulative_load"] for row in t.cascade) >= -1e-9
    # The LP reaches the target (single contaminant: the cascade is exact).
    lp = parkwater.load(path).solve(objective="freshwater")
    assert lp.kpis["freshwater"] == pytest.approx(t.freshwater, rel=1e-9)


def test_named_contaminant_of_a_multi_contaminant_park(demo: parkwater.Scenario) -> None:
    every = parkwater.target(demo)
    assert every.contaminant is None and not every.failed
    names = list(every.per_contaminant)
    assert names == demo.contaminants
    for name in names:
        one = parkwater.target(demo, name)
        assert one.contaminant == name
        assert one.to_dict()["freshwater"] == every.per_contaminant[name].to_dict()["freshwater"]
    # The limiting contaminant has the largest single-contaminant target, and
    # the LP with every contaminant needs at least that much.
    limiting = max(names, key=lambda n: every.per_contaminant[n].to_dict()["freshwater"])
    assert every.limiting == limiting
    lp = demo.solve(objective="freshwater")
    assert every.freshwater == pytest.approx(lp.kpis["freshwater"], rel=1e-7)
    assert every.freshwater >= every.per_contaminant[limiting].to_dict()["freshwater"] - 1e-6


def test_same_document_as_the_command_line() -> None:
    binary = REPO / "target" / "release" / "parkwater"
    if not binary.exists():
        pytest.fail(f"{binary} is missing: run `cargo build --release` first")
    path = SCENARIOS / "wang-smith-1994-ex1.toml"
    cli = subprocess.run(
        [str(binary), "target", str(path), "--format", "json"], capture_output=True, text=True, check=True
    )
    assert parkwater.target(parkwater.load(path)).to_dict() == json.loads(cli.stdout)


def test_tables_curves_and_pickling(polley: parkwater.Scenario) -> None:
    t = parkwater.target(polley)
    frame = t.cascade_df()
    assert list(frame.columns) == ["conc_low", "conc_high", "net_flow", "cumulative_flow", "load", "cumulative_load"]
    assert len(frame) == len(t.cascade)
    svg = t.composite_svg()
    assert svg.startswith("<svg") and "</svg>" in svg
    again = pickle.loads(pickle.dumps(t))
    assert again == t and again.composite_svg() == svg
    assert "70" in t._repr_html_() and "Targets(C" in repr(t)


def test_unknown_contaminant_is_a_validation_error(polley: parkwater.Scenario) -> None:
    with pytest.raises(ValidationError) as info:
        parkwater.target(polley, "COD")
    assert info.value.codes() == ["contaminant.unknown"]


def test_a_demand_no_supply_can_meet_is_infeasible(tiny: parkwater.Scenario) -> None:
    tiny.intake("FW").conc["COD"] = 30  # dirtier than D1 accepts (20 mg/L)
    with pytest.raises(InfeasibleError):
        parkwater.target(tiny)


def test_regeneration_targets(tiny: parkwater.Scenario) -> None:
    plain = parkwater.target(tiny)
    assert plain.regeneration is None
    tiny.add_treatment("RG", outlet_conc={"COD": 5}, opex=0.5)
    regen = parkwater.target(tiny)
    assert regen.regeneration is not None
    assert regen.freshwater is not None and plain.freshwater is not None
    assert regen.freshwater < plain.freshwater
    assert regen.regeneration["regenerated"] > 0


def test_plugins_apply_before_targeting(tiny: parkwater.Scenario) -> None:
    def grow(hook_input: dict[str, Any]) -> dict[str, Any]:
        scenario = hook_input["scenario"]
        scenario["sink"][0]["flow"] = 100.0
        return {"scenario": scenario}

    assert parkwater.target(tiny).freshwater == pytest.approx(48.0)
    t = parkwater.target(tiny, plugins=[parkwater.Plugin("grow", transform=grow)])
    assert t.freshwater == pytest.approx(60.0)


def test_target_takes_a_scenario() -> None:
    with pytest.raises(TypeError):
        parkwater.target("scenarios/polley-polley-2000.toml")  # type: ignore[arg-type]

