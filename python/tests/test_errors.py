"""Every exception type: where it comes from, what it carries, that it pickles."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import parkwater
from parkwater import (
    InfeasibleError,
    ParkwaterError,
    PluginError,
    SolverError,
    ValidationError,
)
from synthetic import random_park


@pytest.mark.parametrize(
    ("cls", "bases"),
    [
        (ParkwaterError, (Exception,)),
        (ValidationError, (ParkwaterError, ValueError)),
        (InfeasibleError, (ParkwaterError,)),
        (SolverError, (ParkwaterError,)),
        (PluginError, (ParkwaterError,)),
    ],
)
def test_hierarchy(cls: type[Exception], bases: tuple[type[Exception], ...]) -> None:
    for base in bases:
        assert issubclass(cls, base)
    assert not issubclass(cls, RuntimeError), "never a bare RuntimeError"
    assert cls.__module__ == "parkwater"
    assert getattr(parkwater, cls.__name__) is cls


def test_validation_error_lists_every_problem(tiny: parkwater.Scenario) -> None:
    tiny.source("S1").flow = -5
    tiny.sink("D1").max_conc["TSS"] = 10  # undeclared contaminant
    tiny.intake("FW").price = float("nan")
    tiny.add_treatment("RO", {"COD": 1}, recovery=0.5)  # reject_to missing
    with pytest.raises(ValidationError) as info:
        tiny.solve()
    err = info.value
    assert isinstance(err, ValueError)
    codes = err.codes()
    assert {"number.negative", "contaminant.undeclared", "number.not_finite", "reject_to.missing"} <= set(codes)
    for problem in err.errors():
        assert set(problem) == {"path", "code", "message"}
        assert problem["path"] and problem["message"]
    paths = {p["code"]: p["path"] for p in err.errors()}
    assert paths["number.negative"] == "source[S1].flow"
    assert err.errors() == sorted(err.errors(), key=lambda p: (p["path"], p["code"]))
    assert "source[S1].flow" in str(err)


def test_validate_raises_the_same(tiny: parkwater.Scenario) -> None:
    tiny.sink("D1").flow = -1
    with pytest.raises(ValidationError) as info:
        tiny.validate()
    assert info.value.codes() == ["number.negative"]


def test_unknown_objective_is_a_validation_error(tiny: parkwater.Scenario) -> None:
    with pytest.raises(ValidationError) as info:
        tiny.solve(objective="profit")
    assert info.value.errors()[0]["code"] == "objective.unknown"
    with pytest.raises(ValueError):
        tiny.solve(objective=[])


def test_syntax_error_in_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('contaminants = ["C"]\n[[source]]\nid = "S"\nflwo = 3\n')
    with pytest.raises(ValidationError) as info:
        parkwater.load(path)
    # Every problem at once, each at its entity and field: the unknown
    # field (code file.syntax, as always) and the two required ones missing.
    paths = {(p["path"], p["code"]) for p in info.value.errors()}
    assert paths == {
        ("source[S].flwo", "file.syntax"),
        ("source[S].flow", "field.missing"),
        ("source[S].conc", "field.missing"),
    }
    assert "bad.toml:4" in str(info.value)


def test_missing_file_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nope.toml"):
        parkwater.load(tmp_path / "nope.toml")


def test_infeasible_error_carries_the_diagnosis(infeasible: parkwater.Scenario) -> None:
    with pytest.raises(InfeasibleError) as info:
        infeasible.solve()
    err = info.value
    assert err.status == "infeasible"
    assert err.diagnosis is not None
    assert err.diagnosis["summary"] in str(err)
    families = {c["family"] for c in err.diagnosis["conflicting"]}
    assert "intake_cap" in families
    assert err.result is not None and err.result.status == "infeasible"


def test_check_false_returns_the_result(infeasible: parkwater.Scenario) -> None:
    result = infeasible.solve(check=False)
    assert result.status == "infeasible" and not result.optimal
    assert result.diagnosis is not None
    assert result.duals is None
    with pytest.raises(InfeasibleError):
        result.raise_for_status()


def test_solver_error_on_time_limit() -> None:
    big = random_park(120, 120, 3)
    with pytest.raises(SolverError) as info:
        big.solve(time_limit=1e-3)
    assert info.value.status == "time_limit"
    assert info.value.result is not None


def test_bad_solver_arguments_are_value_errors(tiny: parkwater.Scenario) -> None:
    with pytest.raises(ValueError, match="algorithm"):
        tiny.solve(algorithm="barrier")
    with pytest.raises(ValueError, match="time_limit"):
        tiny.solve(time_limit=-1)


def test_plugin_error_carries_the_plugin_and_hook(tiny: parkwater.Scenario) -> None:
    def broken(hook_input: dict[str, object]) -> None:
        raise RuntimeError("quota table missing")

    err = _raised(lambda: tiny.solve(plugins=[parkwater.Plugin("petro", rules=broken)]))
    assert isinstance(err, PluginError) and isinstance(err, ParkwaterError)
    assert (err.plugin, err.hook, err.code) == ("petro", "rules", "plugin.hook_error")
    assert "RuntimeError: quota table missing" in str(err)


def _raised(make: object) -> BaseException:
    try:
        make()  # type: ignore[operator]
    except BaseException as e:  # noqa: BLE001
        return e
    raise AssertionError("nothing raised")


@pytest.mark.parametrize("kind", ["validation", "infeasible", "solver", "plugin", "base"])
def test_exceptions_pickle(kind: str, tiny: parkwater.Scenario, infeasible: parkwater.Scenario) -> None:
    if kind == "validation":
        tiny.source("S1").flow = -1
        err = _raised(tiny.validate)
    elif kind == "infeasible":
        err = _raised(infeasible.solve)
    elif kind == "solver":
        err = SolverError("no optimal solution (status time_limit)", tiny.solve(check=False))
    elif kind == "plugin":
        err = _raised(lambda: tiny.solve(plugins=[parkwater.Plugin("x", report=lambda i: 1 / 0)]))
    else:
        err = ParkwaterError("base")
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is type(err)
    assert str(again) == str(err)
    if isinstance(err, ValidationError):
        assert isinstance(again, ValidationError)
        assert again.errors() == err.errors() and again.codes() == ["number.negative"]
    if isinstance(err, (InfeasibleError, SolverError)):
        assert isinstance(again, type(err))
        assert again.result == err.result
        assert again.status == err.status
    if isinstance(err, InfeasibleError):
        assert isinstance(again, InfeasibleError)
        assert again.diagnosis == err.diagnosis
    if isinstance(err, PluginError):
        assert isinstance(again, PluginError)
        assert (again.plugin, again.hook, again.code) == ("x", "report", "plugin.hook_error")
