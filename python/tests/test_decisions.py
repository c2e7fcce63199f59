"""Decisions from Python: variants by path, compare and sweep DataFrames."""

from __future__ import annotations

import csv
import io
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

import parkwater
from conftest import REPO

DEMO = REPO / "scenarios" / "lianyungang-demo.toml"
VARIANTS = REPO / "scenarios" / "variants"


def test_load_resolves_variant_files() -> None:
    v = parkwater.Scenario.load(VARIANTS / "drought-permit-cut.toml")
    assert v.intake("SW").max_flow == 5600.0
    base = parkwater.Scenario.load(DEMO)
    assert base.intake("SW").max_flow != 5600.0


def test_variant_in_memory_sets_paths_and_names_bad_ones() -> None:
    base = parkwater.Scenario.load(DEMO)
    v = base.variant(**{"intake[SW].price": 2.0, "intake[TAP].max_flow": 77.0})
    assert v.intake("SW").price == 2.0
    assert v.intake("TAP").max_flow == 77.0
    assert base.intake("SW").price != 2.0, "the base is left alone"
    with pytest.raises(parkwater.ValidationError) as err:
        base.variant(**{"intake[NOPE].price": 1.0})
    assert err.value.errors()[0]["path"] == "intake[NOPE].price"
    assert err.value.errors()[0]["code"] == "path.unknown_entity"
    with pytest.raises(parkwater.ValidationError) as err:
        base.variant(**{"intake[SW].pricee": 1.0})
    assert "unknown field" in str(err.value)


def test_compare_dataframe_signs_and_payback() -> None:
    df = parkwater.compare(DEMO, VARIANTS / "ro-retrofit.toml", VARIANTS / "price-rise.toml", capex=[None, 6.0e6, None])
    assert list(df["scenario"]) == ["lianyungang-demo", "ro-retrofit", "price-rise"]
    assert (df["status"] == "optimal").all()
    ro = df.iloc[1]
    assert ro["delta.cost"] <= 0
    if ro["delta.cost"] < 0:
        assert ro["payback_years"] == pytest.approx(6.0e6 / -ro["delta.cost"], rel=1e-12)
    assert df.iloc[2]["delta.cost"] >= 0


def test_sweep_dataframe_has_the_csv_columns_and_rows(tmp_path) -> None:
    vary = {"intake[SW].price": "0.8:1.6:3", "treatment[RO].opex": [1.5, 3.5]}
    df = parkwater.sweep(DEMO, vary)
    assert len(df) == 6
    out = tmp_path / "s.csv"
    binary = REPO / "target" / "release" / "parkwater"
    subprocess.run(
        [str(binary), "sweep", str(DEMO), "--vary", "intake[SW].price=0.8:1.6:3",
         "--vary", "treatment[RO].opex=1.5,3.5", "--out", str(out)],
        check=True,
    )
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert list(df.columns) == rows[0]
    for got, want in zip(df["objective.cost"], rows[1:]):
        assert got == pytest.approx(float(want[rows[0].index("objective.cost")]), rel=1e-12)


def test_sweep_on_an_executor_matches_rayon_and_keeps_failures() -> None:
    vary = {"intake[SW].price": [-1.0, 1.0, 1.5], "policy.max_intake": [1.0, 100000.0]}
    here = parkwater.sweep(DEMO, vary)
    with ThreadPoolExecutor(2) as pool:
        there = parkwater.sweep(DEMO, vary, executor=pool, chunks=3)
    assert list(here.columns) == list(there.columns)
    assert list(here["status"]) == list(there["status"])
    assert list(here["status"]).count("invalid") == 2
    assert "infeasible" in list(here["status"])
    optimal = here["status"] == "optimal"
    assert here[optimal]["objective.cost"].tolist() == pytest.approx(there[optimal]["objective.cost"].tolist())


def test_lhs_sweep_is_reproducible() -> None:
    vary = {"intake[SW].price": "0.5:2:2", "treatment[RO].opex": "1:3:2"}
    a = parkwater.sweep(DEMO, vary, sample="lhs", points=5, seed=3)
    b = parkwater.sweep(DEMO, vary, sample="lhs", points=5, seed=3)
    assert a["intake[SW].price"].tolist() == b["intake[SW].price"].tolist()
    assert len(a) == 5
