"""Shared fixtures: the bundled scenarios and their published answers."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

import parkwater

PYTHON_DIR = Path(__file__).resolve().parents[1]
REPO = PYTHON_DIR.parent
SCENARIOS = REPO / "scenarios"

sys.path.insert(0, str(Path(__file__).resolve().parent))

_EXPECTED = re.compile(r"^# expected: (.*)$", re.MULTILINE)


def expected_values(path: Path) -> dict[str, float]:
    """The `# expected: freshwater = 70.0, wastewater = 50.0, ...` line of a bundled case."""
    match = _EXPECTED.search(path.read_text(encoding="utf-8"))
    assert match, f"{path.name} has no '# expected:' line"
    pairs = (item.split("=") for item in match.group(1).split(","))
    return {k.strip(): float(v) for k, v in pairs}


@pytest.fixture
def polley() -> parkwater.Scenario:
    return parkwater.Scenario.load(SCENARIOS / "polley-polley-2000.toml")


@pytest.fixture
def wang_smith() -> parkwater.Scenario:
    return parkwater.Scenario.load(SCENARIOS / "wang-smith-1994-ex1.toml")


@pytest.fixture
def demo() -> parkwater.Scenario:
    return parkwater.Scenario.load(SCENARIOS / "lianyungang-demo.toml")


@pytest.fixture
def tiny() -> parkwater.Scenario:
    """The engine's doc example: 80 t/h at <= 20 mg/L from 50 t/h at 50 mg/L:
    32 t/h of effluent, 48 t/h of fresh water."""
    s = parkwater.Scenario(["COD"], name="tiny")
    s.add_intake("FW", "tap", {"COD": 0}, price=3.59)
    s.add_source("S1", flow=50, conc={"COD": 50})
    s.add_sink("D1", flow=80, max_conc={"COD": 20})
    s.add_discharge("WW")
    return s


@pytest.fixture
def infeasible(tiny: parkwater.Scenario) -> parkwater.Scenario:
    """The tiny park with a permit of 10 t/h on its only intake (48 are needed)."""
    s = tiny.copy()
    s.intake("FW").max_flow = 10
    return s
