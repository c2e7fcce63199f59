"""The solve options are listed once (parkwater.options) and every solving function
takes them, checks them and hands them to the engine."""

from __future__ import annotations

import inspect

import pytest

import parkwater
from parkwater import _parkwater as _ext
from parkwater.options import DEFAULTS, NAMES, complete


def test_the_one_list_matches_every_engine_entry_point() -> None:
    """Each option is a parameter, with the same default, of every engine function
    that solves: a new option added to the list but not to the engine fails here."""
    for fn in (_ext.solve, _ext.solve_many, _ext.compare, _ext.sweep):
        params = inspect.signature(fn).parameters
        for name in NAMES:
            assert name in params, f"{fn.__name__} lacks {name}"
            assert params[name].default == DEFAULTS[name], (fn.__name__, name)  # type: ignore[literal-required]
        assert "time_limit" in params


def test_an_unknown_option_is_a_type_error_naming_the_function_and_the_options(
    tiny: parkwater.Scenario,
) -> None:
    with pytest.raises(TypeError, match=r"solve\(\) got an unexpected keyword argument 'thread'.*threads"):
        tiny.solve(thread=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"solve_many\(\).*'pricng'"):
        parkwater.solve_many([tiny], pricng="off")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"compare\(\).*'algo'"):
        parkwater.compare(tiny, tiny, algo="ipm")  # type: ignore[call-arg]
    assert complete({}, "solve") == {"threads": 1, "algorithm": "auto", "pricing": "auto"}


def test_every_solving_function_passes_the_options_to_the_engine(tiny: parkwater.Scenario) -> None:
    """A bad value reaches the engine's check from each function (compare and sweep
    took no `algorithm` before the options were one list)."""
    calls = [
        lambda: tiny.solve(algorithm="dual"),
        lambda: parkwater.solve(tiny, algorithm="dual"),
        lambda: parkwater.solve_many([tiny], algorithm="dual"),
        lambda: parkwater.compare(tiny, tiny, algorithm="dual"),
        lambda: parkwater.sweep(tiny, {"sink[D1].flow": [80.0]}, algorithm="dual"),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="algorithm must be 'auto', 'simplex' or 'ipm'"):
            call()


def test_options_give_the_same_answer_everywhere(tiny: parkwater.Scenario) -> None:
    one = tiny.solve(threads=1, algorithm="simplex", pricing="off")
    [many] = parkwater.solve_many([tiny], threads=1, algorithm="ipm", pricing="on")
    assert one.kpis["freshwater"] == pytest.approx(many.kpis["freshwater"], rel=1e-7)
    table = parkwater.compare(tiny, tiny, algorithm="simplex", threads=1)
    assert list(table["status"]) == ["optimal", "optimal"]


def test_the_signatures_keep_time_limit_where_it_was() -> None:
    assert list(inspect.signature(parkwater.Scenario.solve).parameters)[:3] == ["self", "objective", "time_limit"]
    assert list(inspect.signature(parkwater.solve).parameters)[:3] == ["scenario", "objective", "time_limit"]
