"""Network design from Python: Result.design and Result.pipes_df()."""

from __future__ import annotations

import pytest

import parkwater

# Two effluents at 30 mg/L, one demand of 40 t/h at <= 20: the LP takes 20 t/h
# from one and 6.67 from the other; at 4 M CNY a pipe (0.4 M/yr) only the
# 20 t/h pipe pays (it saves 20 x 5 x 8000 = 0.8 M/yr).
PARK = """
contaminants = ["COD"]
[park]
name = "design"
[[enterprise]]
id = "A"
location = [0.0, 0.0]
[[enterprise]]
id = "B"
location = [1.0, 0.0]
[[enterprise]]
id = "C"
location = [0.0, 1.0]
[[intake]]
id = "FW"
kind = "tap"
conc = { COD = 0 }
price = 4.0
[[source]]
id = "A.S"
enterprise = "A"
flow = 20
conc = { COD = 30 }
[[source]]
id = "B.S"
enterprise = "B"
flow = 20
conc = { COD = 30 }
[[sink]]
id = "C.D"
enterprise = "C"
flow = 40
max_conc = { COD = 20 }
[[discharge]]
id = "WW"
fee = 1.0
[objective]
minimize = "cost"
[design]
pipe_capex_fixed = 4.0e6
discount_rate = 0.0
lifetime_years = 10
"""


def test_design_and_pipes_df() -> None:
    r = parkwater.Scenario.from_toml(PARK).solve()
    assert r.optimal
    assert r.design is not None and r.design["capex"] == pytest.approx(4.0e6)
    df = r.pipes_df()
    assert list(df.columns) == ["from", "to", "length_km", "flow", "existing", "capex", "annual_capex"]
    assert len(df) == 1 and df["to"][0] == "C.D" and df["flow"][0] == pytest.approx(20.0)
    assert r.kpis["pipes_built"] == 1
    assert r.objective["cost"] == pytest.approx((20 * 4 + 20) * 8000 + 4.0e5)


def test_a_plain_lp_has_no_design() -> None:
    text = PARK.split("[design]")[0]
    r = parkwater.Scenario.from_toml(text).solve()
    assert r.design is None
    assert r.pipes_df().empty


def test_price_and_branch_from_python_gives_the_plain_optimum() -> None:
    plain = parkwater.Scenario.from_toml(PARK).solve(pricing="off")
    priced = parkwater.Scenario.from_toml(PARK).solve(pricing="on")
    assert plain.design["method"] == "milp"
    assert priced.design["method"] == "price_and_branch"
    assert priced.design["bound_scope"] == "whole_park"
    assert priced.objective["cost"] == pytest.approx(plain.objective["cost"], rel=1e-9)
    assert priced.design["objective_bound"] <= plain.objective["cost"] * (1 + 1e-9)
    assert priced.design["pricing"]["candidate_pipes"] == 2
