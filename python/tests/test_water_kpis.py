"""Issue 13's KPIs reach Python through the JSON: both reuse rates, new water
by origin, cooling circulation, condensate recovery, the water balance, the
reuse target and the definitions; and they fit the pandas KPI table."""

from __future__ import annotations

import pytest

import parkwater

PARK = """
contaminants = ["COD"]
[[intake]]
id = "FW"
kind = "surface"
conc = { COD = 0 }
price = 2
[[intake]]
id = "RW"
kind = "reclaimed"
conc = { COD = 10 }
price = 1
max_flow = 25
[[sink]]
id = "CT"
flow = 100
max_conc = { COD = 60 }
consumed_fraction = 0.8
circulation = 6250
[[source]]
id = "BD"
flow = 20
conc = { COD = 200 }
class = "blowdown"
[[discharge]]
id = "WW"
[[forbid]]
from = "BD"
to = "CT"
[policy]
min_reuse_rate = 0.9
[objective]
minimize = ["freshwater", "cost"]
"""


@pytest.fixture(scope="module")
def result() -> parkwater.Result:
    return parkwater.Scenario.from_toml(PARK).solve()


def test_rates_with_and_without_recirculation(result: parkwater.Result) -> None:
    k = result.kpis
    assert k["reuse_rate"] == pytest.approx(6250 / 6350)
    assert k["reuse_rate_excluding_recirculation"] == 0.0
    assert k["indirect_cooling_circulation_rate"] == pytest.approx(6250 / 6350)
    assert k["wastewater_reuse_rate"] == 0.0
    assert k["condensate_recovery_rate"] is None
    assert k["reuse_target"] == {"target": 0.9, "rate": pytest.approx(6250 / 6350), "met": True}
    assert result.to_dict()["kpi_definitions"]["reuse_target"].startswith("declared")


def test_new_water_and_balance(result: parkwater.Result) -> None:
    k = result.kpis
    assert k["new_water"] == {"conventional": pytest.approx(75.0), "non_conventional": pytest.approx(25.0)}
    assert k["new_water_by_kind"] == {"surface": pytest.approx(75.0), "reclaimed": pytest.approx(25.0)}
    b = k["water_balance"]
    assert b["intake"] == pytest.approx(100.0) and b["discharge"] == pytest.approx(20.0)
    assert b["consumed"] == pytest.approx(80.0) and abs(b["unaccounted"]) < 1e-9
    assert b["closure"] == pytest.approx(1.0) and b["declared"] is True


def test_kpi_table_takes_the_new_figures(result: parkwater.Result) -> None:
    pd = pytest.importorskip("pandas")
    df = result.kpis_df()
    assert isinstance(df, pd.DataFrame)
    assert df.loc["water_balance.closure", "value"] == pytest.approx(1.0)
    assert df.loc["new_water.non_conventional", "value"] == pytest.approx(25.0)
