"""Workbooks from Python: ``Scenario.load`` reads .xlsx and CSV folders,
problems name the sheet and cell, and the results workbook written by
``parkwater solve --out`` opens with openpyxl and carries the JSON's KPIs."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import openpyxl
import pytest

import parkwater
from parkwater import ValidationError

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "scenarios"
BINARY = REPO / "target" / "release" / "parkwater"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    if not BINARY.exists():
        pytest.fail(f"{BINARY} is missing: run `cargo build --release -p parkwater-cli` first")
    return subprocess.run([str(BINARY), *args], capture_output=True, text=True, check=False)


@pytest.mark.parametrize("name", ["polley-polley-2000", "wang-smith-1994-ex1", "lianyungang-demo"])
@pytest.mark.parametrize("suffix", [".xlsx", ""])
def test_load_workbook_and_csv_folder_like_toml(tmp_path: Path, name: str, suffix: str) -> None:
    source = SCENARIOS / f"{name}.toml"
    target = tmp_path / f"{name}{suffix}"
    run = cli("convert", str(source), str(target))
    assert run.returncode == 0, run.stderr
    original = parkwater.Scenario.load(source)
    again = parkwater.Scenario.load(target)
    assert again.to_dict() == original.to_dict()
    a, b = original.solve(), again.solve()
    assert a.objective == pytest.approx(b.objective, rel=1e-12)


def test_workbook_problems_name_sheet_and_cell(tmp_path: Path) -> None:
    folder = tmp_path / "park"
    assert cli("convert", str(SCENARIOS / "polley-polley-2000.toml"), str(folder)).returncode == 0
    sinks = folder / "sinks.csv"
    lines = sinks.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    col = next(i for i, h in enumerate(header) if h.startswith("flow"))
    cells = lines[1].split(",")
    cells[col] = "five"
    lines[1] = ",".join(cells)
    sinks.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        parkwater.Scenario.load(folder)
    errors = info.value.errors()
    letter = chr(ord("A") + col)
    assert errors[0]["code"] == "sheet.type"
    assert errors[0]["message"] == f"file 'sinks.csv' cell {letter}2 (sink[{cells[0]}].flow): expected a number, found \"five\""


def test_missing_workbook_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        parkwater.Scenario.load(tmp_path / "absent.xlsx")


def test_results_workbook_kpis_equal_the_json(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = cli("solve", str(SCENARIOS / "lianyungang-demo.toml"), "--out", str(out))
    assert run.returncode == 0, run.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    book = openpyxl.load_workbook(out / "results.xlsx", read_only=True)
    assert book.sheetnames[0] == "KPIs"
    for name in ["flows", "enterprises", "outfalls", "duals", "verification"]:
        assert name in book.sheetnames
    rows = list(book["KPIs"].iter_rows(values_only=True))
    assert rows[0] == ("key", "KPI", "value", "unit")
    checked = 0
    for key, _label, value, _unit in rows[1:]:
        node = report
        for part in key.split("."):
            node = node[part]
        if isinstance(node, (int, float)) and not isinstance(node, bool):
            assert isinstance(value, (int, float)), key
            assert value == node, key
            checked += 1
        else:
            assert value == node, key
    assert checked >= 10
    # Units in the headers, numbers as numbers.
    flows = list(book["flows"].iter_rows(values_only=True))
    assert flows[0][7] == "flow (t/h)"
    assert all(isinstance(r[7], float | int) for r in flows[1:])
    assert len(flows) - 1 == len(report["flows"]) + len(report["rejects"])
