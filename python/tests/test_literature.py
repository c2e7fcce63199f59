"""The published cases, solved through Python, match their published figures."""

from __future__ import annotations

from pathlib import Path

import pytest

import parkwater
from conftest import SCENARIOS, expected_values

#: Absolute tolerance on published flows, t/h (the published figures are exact).
TOL = 1e-6

CASES = [
    pytest.param("polley-polley-2000.toml", 70.0, 50.0, id="polley-polley-2000"),
    pytest.param("wang-smith-1994-ex1.toml", 90.0, 90.0, id="wang-smith-1994-ex1"),
    # The same case as fixed-load [[operation]]s (the engine derives the limiting flows).
    pytest.param(
        "wang-smith-1994-ex1-operations.toml", 90.0, 90.0, id="wang-smith-1994-ex1-operations"
    ),
]


@pytest.mark.parametrize(("file", "freshwater", "wastewater"), CASES)
def test_published_targets(file: str, freshwater: float, wastewater: float) -> None:
    path: Path = SCENARIOS / file
    expected = expected_values(path)
    # The table above and the file's own `# expected:` line agree.
    assert expected["freshwater"] == freshwater
    assert expected["wastewater"] == wastewater

    result = parkwater.Scenario.load(path).solve(objective="freshwater")

    assert result.status == "optimal"
    assert result.kpis["freshwater"] == pytest.approx(freshwater, abs=TOL)
    assert result.kpis["discharge"] == pytest.approx(wastewater, abs=TOL)
    assert result.objective["freshwater"] == pytest.approx(freshwater, abs=TOL)
    assert result.verification["max_violation"] < 1e-6
    assert result.verification["violations"] == []


@pytest.mark.parametrize(("file", "freshwater", "wastewater"), CASES)
def test_published_targets_in_parallel(file: str, freshwater: float, wastewater: float) -> None:
    scenario = parkwater.load(SCENARIOS / file)
    results = parkwater.solve_many([scenario] * 4, objective="freshwater")
    assert [r.kpis["freshwater"] for r in results] == pytest.approx([freshwater] * 4, abs=TOL)
    assert [r.kpis["discharge"] for r in results] == pytest.approx([wastewater] * 4, abs=TOL)


def test_mass_balance_of_flows(polley: parkwater.Scenario) -> None:
    """Flows close every balance: each sink gets its demand, each source is fully used."""
    result = polley.solve()
    inflow: dict[str, float] = {}
    outflow: dict[str, float] = {}
    for f in result.flows:
        inflow[f["to"]] = inflow.get(f["to"], 0.0) + f["flow"]
        outflow[f["from"]] = outflow.get(f["from"], 0.0) + f["flow"]
    for sink in polley.sinks:
        assert inflow[sink.id] == pytest.approx(sink.flow)
    for source in polley.sources:
        assert outflow[source.id] == pytest.approx(source.flow)
    assert outflow["FW"] == pytest.approx(70.0)


def test_lexicographic_objective_holds_the_first(polley: parkwater.Scenario) -> None:
    result = polley.solve(objective=["freshwater", "cost"])
    assert set(result.objective) == {"freshwater", "cost"}
    assert result.objective["freshwater"] == pytest.approx(70.0, abs=TOL)


@pytest.mark.parametrize("pricing", ["on", "off"])
@pytest.mark.parametrize(("file", "freshwater", "wastewater"), CASES)
def test_pricing_gives_the_same_optimum(file: str, freshwater: float, wastewater: float, pricing: str) -> None:
    result = parkwater.Scenario.load(SCENARIOS / file).solve(objective="freshwater", pricing=pricing)
    assert result.solver["method"] == ("pricing" if pricing == "on" else "full")
    assert result.kpis["freshwater"] == pytest.approx(freshwater, abs=TOL)


def test_unknown_pricing_mode_is_a_value_error(polley: parkwater.Scenario) -> None:
    with pytest.raises(ValueError, match="pricing"):
        polley.solve(pricing="sometimes")
