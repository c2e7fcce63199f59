"""Result.report(): the park report as one self-contained HTML file, the same as
``parkwater report``; the notebook view shows the same KPI cards."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import pytest

import parkwater

from conftest import SCENARIOS


def kpi_values(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-kpi="([^"]+)" data-value="([^"]*)"', html))


def test_report_file_has_the_results_figures(demo: parkwater.Scenario, tmp_path: Path) -> None:
    result = demo.solve()
    written = result.report(tmp_path / "park.html")
    assert written == tmp_path / "park.html"
    html = written.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in html and 'id="sankey-data"' in html
    values = kpi_values(html)
    checked = 0
    for key, value in values.items():
        if key.startswith("derived."):
            continue
        if value == "":  # a KPI without one figure (null, or a table such as new_water)
            assert not isinstance(result.kpis[key], (int, float)), key
            continue
        assert float(value) == result.kpis[key], key
        checked += 1
    assert checked >= 6
    assert len(html.encode()) < 5 * 1024 * 1024
    assert not list(tmp_path.glob("*.tmp"))


def test_notebook_view_shows_the_same_cards(demo: parkwater.Scenario, tmp_path: Path) -> None:
    result = demo.solve()
    page = result._repr_html_()
    html = result.report(tmp_path / "park.html").read_text(encoding="utf-8")
    cards = re.compile(r'class="card [a-z]+" data-kpi="([^"]+)" data-value="([^"]*)"')
    assert cards.findall(page) and cards.findall(page) == cards.findall(html)
    assert "<script" not in page


def test_infeasible_report_has_the_diagnosis(infeasible: parkwater.Scenario, tmp_path: Path) -> None:
    result = infeasible.solve(check=False)
    html = result.report(tmp_path / "bad.html").read_text(encoding="utf-8")
    summary = result.diagnosis["summary"]
    assert summary.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in html
    assert 'class="card ' not in html


def test_a_result_without_its_scenario_needs_one(demo: parkwater.Scenario, tmp_path: Path) -> None:
    result = demo.solve()
    bare = parkwater.Result.from_json(result.to_json())
    with pytest.raises(ValueError, match="scenario"):
        bare.report(tmp_path / "x.html")
    path = bare.report(tmp_path / "y.html", scenario=SCENARIOS / "lianyungang-demo.toml")
    assert "lianyungang-demo.toml" in path.read_text(encoding="utf-8")
    assert bare.report(tmp_path / "z.html", scenario=demo).exists()
    # The scenario survives a pickle, so a result sent to a worker can still report.
    again = pickle.loads(pickle.dumps(result))
    assert again.report(tmp_path / "w.html").exists()


def test_a_bad_result_is_a_parkwater_error(demo: parkwater.Scenario) -> None:
    from parkwater import _parkwater

    with pytest.raises(parkwater.ParkwaterError):
        _parkwater.report_html(json.dumps({"flows": []}), demo.to_json())
