"""Result fields, pandas tables, the Sankey figure, notebook HTML and pickling."""

from __future__ import annotations

import math
import pickle

import pandas as pd
import pytest

import parkwater


@pytest.fixture(scope="module")
def demo_result() -> parkwater.Result:
    from conftest import SCENARIOS

    return parkwater.load(SCENARIOS / "lianyungang-demo.toml").solve()


def test_fields(demo_result: parkwater.Result) -> None:
    r = demo_result
    assert r.status == "optimal" and r.optimal
    assert r.park.startswith("Lianyungang")
    assert set(r.objective) == {"cost"}
    assert r.objective["cost"] == pytest.approx(r.kpis["cost_per_year"], rel=1e-9)
    assert r.kpis["reuse_rate"] >= 0.92 - 1e-9
    assert r.verification["violations"] == [] and r.verification["checks"] > 0
    assert r.units == {"flow": "t/h", "concentration": "mg/L", "load": "kg/h", "cost": "CNY/yr"}
    assert r.solver["solver"].startswith("HiGHS")
    assert r.solver["fallbacks"] == [], "the first solve was kept"
    assert r.diagnosis is None
    assert r.duals is not None and "sink_flow" in r.duals
    assert all(f["flow"] > 0 for f in r.flows)


def test_flows_df(demo_result: parkwater.Result) -> None:
    df = demo_result.flows_df()
    assert list(df.columns) == ["from", "to", "flow"]
    assert len(df) == len(demo_result.flows)
    assert df["flow"].is_monotonic_decreasing
    intake_ids = set(demo_result.kpis["freshwater_by_intake"])
    fresh = df[df["from"].isin(intake_ids)]["flow"].sum()
    assert fresh == pytest.approx(demo_result.kpis["freshwater"])
    with_rejects = demo_result.flows_df(include_rejects=True)
    assert len(with_rejects) == len(demo_result.flows) + len(demo_result.rejects)
    assert with_rejects["reject"].sum() == len(demo_result.rejects)
    assert list(demo_result.rejects_df().columns) == ["from", "to", "flow"]


def test_kpis_df(demo_result: parkwater.Result) -> None:
    df = demo_result.kpis_df()
    assert df.index.name == "kpi"
    assert list(df.columns) == ["value", "unit"]
    assert df.loc["freshwater", "value"] == pytest.approx(demo_result.kpis["freshwater"])
    assert df.loc["freshwater", "unit"] == "t/h"
    assert df.loc["cost.total", "unit"] == "CNY/yr"
    assert df.loc["freshwater_by_intake.TAP", "value"] == pytest.approx(
        demo_result.kpis["freshwater_by_intake"]["TAP"]
    )
    assert df.loc["discharged_load_kg_h.COD", "unit"] == "kg/h"
    assert not any(math.copysign(1.0, v) < 0 and v == 0 for v in df["value"]), "no -0.0"


def test_duals_df(demo_result: parkwater.Result) -> None:
    df = demo_result.duals_df()
    assert list(df.columns) == ["family", "entity", "contaminant", "dual"]
    sink_flow = df[df["family"] == "sink_flow"]
    assert len(sink_flow) == len(demo_result.duals["sink_flow"])  # type: ignore[index]
    assert sink_flow["contaminant"].isna().all()
    quality = df[df["family"] == "sink_quality"]
    assert quality["contaminant"].notna().all()
    assert df["dual"].map(math.isfinite).all()


def test_duals_df_empty_when_infeasible(infeasible: parkwater.Scenario) -> None:
    df = infeasible.solve(check=False).duals_df()
    assert df.empty and list(df.columns) == ["family", "entity", "contaminant", "dual"]


def test_dual_predicts_a_price_change(demo: parkwater.Scenario) -> None:
    """The cost dual of an intake's used flow is its price: raising the price of an
    intake that is used (and not at its cap) by 1 CNY/t raises the annual cost by
    about hours * flow."""
    base = demo.solve()
    used = base.kpis["freshwater_by_intake"]["SW"]
    dearer = demo.copy()
    dearer.intake("SW").price = (dearer.intake("SW").price or 0) + 0.01
    hours = demo.park.hours_per_year or 8000
    delta = dearer.solve().objective["cost"] - base.objective["cost"]
    assert delta == pytest.approx(0.01 * hours * used, rel=1e-3)


def test_sankey(demo_result: parkwater.Result) -> None:
    import plotly.graph_objects as go
    fig = demo_result.sankey(min_flow=1.0)
    assert isinstance(fig, go.Figure)
    sankey = fig.data[0]
    assert len(sankey.link.value) == sum(
        1 for f in (*demo_result.flows, *demo_result.rejects) if f["flow"] >= 1.0
    )
    assert "TAP" in sankey.node.label


def test_html(demo_result: parkwater.Result, infeasible: parkwater.Scenario) -> None:
    page = demo_result._repr_html_()
    assert "optimal" in page and "reuse_rate" in page and "<table" in page
    assert "more flows" in page  # only the largest flows are shown
    top = max(demo_result.flows, key=lambda f: f["flow"])
    assert top["from"] in page
    bad = infeasible.solve(check=False)._repr_html_()
    assert "infeasible" in bad and "cannot all hold" in bad
    assert repr(demo_result).startswith("<Result optimal")


def test_pickle_round_trips(demo: parkwater.Scenario, demo_result: parkwater.Result) -> None:
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        s = pickle.loads(pickle.dumps(demo, protocol=protocol))
        assert s == demo and s is not demo and s.origin == demo.origin
        r = pickle.loads(pickle.dumps(demo_result, protocol=protocol))
        assert r == demo_result
        assert r.flows_df().equals(demo_result.flows_df())
    # The unpickled scenario still solves to the same result.
    assert pickle.loads(pickle.dumps(demo)).solve() == demo_result


def test_to_dict_and_json(demo_result: parkwater.Result) -> None:
    d = demo_result.to_dict()
    assert d["status"] == "optimal" and d is not demo_result._data
    again = parkwater.Result.from_json(demo_result.to_json())
    assert again == demo_result
    assert isinstance(pd.DataFrame(d["flows"]), pd.DataFrame)
