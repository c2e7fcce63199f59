"""Plugins from Python: compiled ones from named directories, and Python
callables playing their hooks with the same declarative data."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

import parkwater
from parkwater import Plugin, PluginError, ValidationError

from conftest import REPO, SCENARIOS

PLUGIN_DIR = REPO / "target" / "release"
DEMO_PLUGINS = SCENARIOS / "lianyungang-demo-plugins.toml"

#: The hand-written form of the rule the plugins below produce.
CAP = {
    "label": "S1 to D1 <= 10",
    "sense": "<=",
    "rhs": 10.0,
    "term": [{"from": "S1", "to": "D1", "coef": 1.0}],
}


def cap_s1(hook_input: dict[str, Any]) -> dict[str, Any]:
    return {"constraints": [CAP]}


@pytest.fixture(autouse=True)
def no_plugin_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the directories a test names are searched."""
    monkeypatch.delenv("PARKWATER_PLUGIN_PATH", raising=False)


def compiled_plugins() -> Path:
    library = PLUGIN_DIR / "libcooling_tower.so"
    if not library.exists():
        pytest.fail(f"{library} is missing: run `cargo build --release` first (scripts/test.sh does)")
    return PLUGIN_DIR


# ---------------------------------------------------------------- Python plugins


def test_constraints_hook_moves_the_optimum(tiny: parkwater.Scenario) -> None:
    # 48 t/h of fresh water when S1 may send 32 t/h to D1; 70 when capped at 10.
    assert tiny.solve().kpis["freshwater"] == pytest.approx(48.0)
    r = tiny.solve(plugins=[Plugin("cap", constraints=cap_s1)])
    assert r.kpis["freshwater"] == pytest.approx(70.0)
    assert r.flow("S1", "D1") == pytest.approx(10.0)
    # The row is labelled by plugin and priced like any user constraint.
    assert set(r.duals["constraint"]) == {"cap: S1 to D1 <= 10"}
    assert r.plugins == {"cap": {"version": "0.1.0", "kpis": {}, "checks": []}}


def test_a_python_rule_equals_the_same_rule_written_by_hand(tiny: parkwater.Scenario) -> None:
    by_hand = tiny.copy()
    by_hand._data["constraint"] = [dict(CAP, label="cap: S1 to D1 <= 10")]
    expected = by_hand.solve()
    got = tiny.solve(plugins=[Plugin("cap", constraints=lambda i: [CAP])])  # list shorthand
    assert got.kpis == expected.kpis
    assert got.flows == expected.flows
    assert got.duals == expected.duals


def test_rules_hook_forbids_and_dedicates(tiny: parkwater.Scenario) -> None:
    forbid = Plugin("no-reuse", rules=lambda i: {"forbid": [{"from": "S1", "to": "D1", "reason": "odour"}]})
    assert tiny.solve(plugins=[forbid]).kpis["freshwater"] == pytest.approx(80.0)
    # Dedicating S1 to the outfall forbids every other demand.
    dedicate = Plugin("segregate", rules=lambda i: {"dedicate": [{"from": "S1", "to": ["WW"]}]})
    r = tiny.solve(plugins=[dedicate])
    assert r.kpis["freshwater"] == pytest.approx(80.0) and r.flow("S1", "WW") == pytest.approx(50.0)


def test_transform_hook_sees_the_scenario_and_its_config(tiny: parkwater.Scenario) -> None:
    seen: list[Any] = []

    def grow_demand(hook_input: dict[str, Any]) -> dict[str, Any]:
        seen.append(hook_input["config"])
        scenario = hook_input["scenario"]
        scenario["sink"][0]["flow"] = hook_input["config"]["demand"]
        return scenario  # shorthand for {"scenario": scenario}

    s = tiny.copy()
    s.plugins.append("grow")
    s.plugin_config["grow"] = {"demand": 100.0}
    r = s.solve(plugins=[Plugin("grow", transform=grow_demand)])
    # 100 t/h at <= 20 mg/L: 40 t/h of S1 at 50 mg/L, 60 t/h of fresh water.
    assert r.kpis["freshwater"] == pytest.approx(60.0)
    assert seen == [{"demand": 100.0}]
    # Returning None leaves the scenario as it was.
    same = tiny.solve(plugins=[Plugin("noop", transform=lambda i: None)])
    assert same.kpis["freshwater"] == pytest.approx(48.0)


def test_report_hook_reads_the_solution(tiny: parkwater.Scenario) -> None:
    def reuse_check(hook_input: dict[str, Any]) -> dict[str, Any]:
        kpis = hook_input["report"]["kpis"]
        rate = kpis["reuse_rate"]
        return {
            "kpis": {"reuse_pct": {"value": 100 * rate, "unit": "%", "description": "reuse"}},
            "checks": [{"id": "reuse.92", "passed": rate >= 0.92, "value": rate, "limit": 0.92, "message": "92 %"}],
        }

    r = tiny.solve(plugins=[Plugin("policy", report=reuse_check, version="2.1.0")])
    extras = r.plugins["policy"]
    assert extras["version"] == "2.1.0"
    assert extras["kpis"]["reuse_pct"]["value"] == pytest.approx(100 * r.kpis["reuse_rate"])
    assert [c["id"] for c in r.failed_checks] == ["reuse.92"]
    assert r.failed_checks[0]["plugin"] == "policy"


def test_hooks_run_in_the_engine_order(tiny: parkwater.Scenario) -> None:
    calls: list[str] = []

    class Traced(Plugin):
        def transform(self, hook_input: dict[str, Any]) -> None:
            calls.append("transform")

        def rules(self, hook_input: dict[str, Any]) -> dict[str, Any]:
            calls.append("rules")
            return {}

        def constraints(self, hook_input: dict[str, Any]) -> list[Any]:
            calls.append("constraints")
            return []

        def report(self, hook_input: dict[str, Any]) -> dict[str, Any]:
            calls.append("report")
            assert hook_input["report"]["status"] == "optimal"
            return {}

    plugin = Traced("traced")
    assert plugin.hooks == ["transform", "rules", "constraints", "report"]
    tiny.solve(plugins=[plugin])
    assert calls == ["transform", "rules", "constraints", "report"]


@pytest.mark.parametrize(
    ("plugin", "code"),
    [
        (Plugin("bad", constraints=lambda i: {"constraint": []}), "plugin.malformed_json"),
        (Plugin("bad", rules=lambda i: {"forbid": [{"from": "S1"}]}), "plugin.malformed_json"),
        (Plugin("bad", rules=lambda i: {"dedicate": [{"from": "S1", "to": ["NOPE"]}]}), "plugin.malformed_json"),
        (Plugin("bad", report=lambda i: {"kpis": {"x": {"value": float("nan")}}}), "plugin.hook_error"),
        (Plugin("bad", transform=lambda i: {"no": "scenario"}), "plugin.malformed_json"),
        (Plugin("bad", constraints=lambda i: 1 / 0), "plugin.hook_error"),
    ],
)
def test_a_bad_answer_is_a_plugin_error(tiny: parkwater.Scenario, plugin: Plugin, code: str) -> None:
    with pytest.raises(PluginError) as info:
        tiny.solve(plugins=[plugin])
    assert info.value.plugin == "bad" and info.value.code == code
    # The engine is unharmed: the next solve works.
    assert tiny.solve().kpis["freshwater"] == pytest.approx(48.0)


def test_a_rule_that_breaks_the_scenario_is_a_validation_error(tiny: parkwater.Scenario) -> None:
    unknown = Plugin("typo", rules=lambda i: {"forbid": [{"from": "S9", "to": "D1"}]})
    with pytest.raises(ValidationError) as info:
        tiny.solve(plugins=[unknown])
    assert "forbid.no_match" in info.value.codes()
    with pytest.raises(ValidationError):
        tiny.validate(plugins=[unknown])
    tiny.validate(plugins=[Plugin("cap", constraints=cap_s1)])


def test_plugin_arguments_are_checked(tiny: parkwater.Scenario) -> None:
    with pytest.raises(ValueError, match="lowercase"):
        Plugin("Bad Name", rules=cap_s1)
    with pytest.raises(ValueError, match="no hook"):
        Plugin("empty")
    with pytest.raises(TypeError, match="not callable"):
        Plugin("x", rules=42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Plugin objects"):
        tiny.solve(plugins=[cap_s1])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="two plugins"):
        tiny.solve(plugins=[Plugin("a", constraints=cap_s1), Plugin("a", constraints=cap_s1)])


def test_python_plugins_run_in_parallel_sweeps(tiny: parkwater.Scenario) -> None:
    variants = []
    for cap in (0.0, 5.0, 10.0, 20.0):
        s = tiny.copy()
        s.plugins = ["cap"]
        s.plugin_config["cap"] = {"rhs": cap}
        variants.append(s)

    def configured(hook_input: dict[str, Any]) -> list[dict[str, Any]]:
        return [dict(CAP, rhs=hook_input["config"]["rhs"])]

    plugin = Plugin("cap", constraints=configured)
    parallel = parkwater.solve_many(variants, plugins=[plugin], max_workers=2)
    serial = [s.solve(plugins=[plugin]) for s in variants]
    assert [r.kpis["freshwater"] for r in parallel] == pytest.approx([80.0, 75.0, 70.0, 60.0])
    assert [r.kpis for r in parallel] == [r.kpis for r in serial]


def test_plugins_pickle_when_their_hooks_do(tiny: parkwater.Scenario) -> None:
    plugin = Plugin("cap", constraints=cap_s1)
    again = pickle.loads(pickle.dumps(plugin))
    assert again.hooks == ["constraints"]
    assert tiny.solve(plugins=[again]).kpis["freshwater"] == pytest.approx(70.0)


# ---------------------------------------------------------------- compiled plugins


def test_compiled_plugins_load_only_from_named_directories() -> None:
    s = parkwater.load(DEMO_PLUGINS)
    with pytest.raises(ValidationError) as info:
        s.solve()
    assert set(info.value.codes()) == {"plugin.not_loaded"}
    assert "plugin.not_loaded" in {p["code"] for p in s.problems()}
    r = s.solve(plugin_dirs=compiled_plugins())
    assert sorted(r.plugins) == ["cooling-tower", "electroplating", "water-quota"]
    assert all(c["passed"] for c in r.plugins["water-quota"]["checks"])
    # The environment variable is a directory the user names too.
    env = parkwater.load(DEMO_PLUGINS)
    import os

    os.environ["PARKWATER_PLUGIN_PATH"] = str(compiled_plugins())
    try:
        assert env.solve().kpis == r.kpis
    finally:
        del os.environ["PARKWATER_PLUGIN_PATH"]


def test_a_plugin_the_directories_lack_is_bad_input(tmp_path: Path, tiny: parkwater.Scenario) -> None:
    tiny.plugins.append("petrochem")
    with pytest.raises(ValidationError) as info:
        tiny.solve(plugin_dirs=[tmp_path])
    assert info.value.codes() == ["plugin.not_found"]
    assert str(tmp_path) in str(info.value)


def test_a_python_plugin_takes_the_place_of_a_compiled_one() -> None:
    s = parkwater.load(DEMO_PLUGINS)
    seen: list[str] = []

    def quota_report(hook_input: dict[str, Any]) -> dict[str, Any]:
        seen.append(hook_input["host"]["engine"])
        return {"checks": [{"id": "py", "passed": True, "message": "prototype"}]}

    prototype = Plugin("water-quota", report=quota_report)
    r = s.solve(plugin_dirs=compiled_plugins(), plugins=[prototype])
    assert r.plugins["water-quota"]["checks"] == [{"id": "py", "passed": True, "message": "prototype"}]
    assert sorted(r.plugins) == ["cooling-tower", "electroplating", "water-quota"]
    assert seen == [f"parkwater {parkwater.ENGINE_VERSION}"]
