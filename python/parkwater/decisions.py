"""Decisions: variants by path, comparisons and sweeps as pandas DataFrames.

The columns are those of ``parkwater compare --format csv`` and
``parkwater sweep``: the varied paths, ``status``, ``objective.<name>``,
``kpis.<name>`` for every KPI, ``error``. Without an executor the work runs
in Rust on the rayon pool with the GIL released; with any
:class:`concurrent.futures.Executor` (a process pool, a Dask or Ray
executor) the points go out in chunks, each chunk one task.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

from . import _parkwater as _ext
from .options import SolveOptions, complete
from .scenario import PathLike, Scenario

if TYPE_CHECKING:
    from typing_extensions import Unpack


def _frame(columns: list[str], rows: list[list[Any]]) -> Any:
    import pandas as pd

    return pd.DataFrame(rows, columns=columns)


def _axis(path: str, values: Any) -> str:
    """``PATH=VALUES`` from a list of numbers or a ``"lo:hi:n"`` / ``"a,b"`` string."""
    if isinstance(values, str):
        return f"{path}={values}"
    return f"{path}=" + ",".join(repr(float(v)) for v in values)


def _as_scenario(s: Scenario | PathLike) -> Scenario:
    return s if isinstance(s, Scenario) else Scenario.load(s)


def variant(scenario: Scenario, sets: Mapping[str, Any]) -> Scenario:
    """The scenario with ``path = value`` settings, e.g.
    ``{"intake[SW].price": 2.0, "policy.min_reuse_rate": 0.92}``; a path may
    set an optional field the scenario leaves out. Raises
    :class:`~parkwater.ValidationError` naming each bad path."""
    text = _ext.apply_sets(
        json.dumps(scenario.to_dict()),
        [(path, json.dumps(value)) for path, value in sets.items()],
    )
    return Scenario.from_json(text)


def _compare_task(items: list[tuple[str, str, float | None]], options: dict[str, Any]) -> str:
    result: str = _ext.compare(items, **options)
    return result


def compare(
    base: Scenario | PathLike,
    *variants: Scenario | PathLike,
    names: Sequence[str] | None = None,
    capex: Sequence[float | None] | None = None,
    executor: Executor | None = None,
    time_limit: float | None = None,
    max_workers: int | None = None,
    **options: Unpack[SolveOptions],
) -> Any:
    """Solves the base and every variant and returns one row each (a
    DataFrame with the columns of ``parkwater compare --format csv``):
    status, freshwater, discharge, reuse rate, reclaimed share, cost, capital
    and their changes against the base, payback, and a note (an infeasible
    variant's diagnosis). Paths are read as files (variant chains resolved).
    ``names`` default to the file stems (or ``variant1``, ...); ``capex``
    gives each scenario's capital, CNY, for the payback. ``time_limit`` and
    the :class:`~parkwater.options.SolveOptions` are those of
    :meth:`Scenario.solve` and apply to every solve."""
    scenarios = [_as_scenario(s) for s in (base, *variants)]
    labels: list[str] = list(names) if names is not None else []
    if names is None:
        for i, s in enumerate((base, *variants)):
            if isinstance(s, Scenario):
                labels.append("base" if i == 0 else f"variant{i}")
            else:
                labels.append(os.path.splitext(os.path.basename(os.fspath(s)))[0])
    if len(labels) != len(scenarios):
        raise ValueError(f"{len(labels)} names for {len(scenarios)} scenarios")
    caps: list[float | None] = list(capex) if capex is not None else [None] * len(scenarios)
    if len(caps) != len(scenarios):
        raise ValueError(f"{len(caps)} capex figures for {len(scenarios)} scenarios")
    items = [
        (name, json.dumps(s.to_dict()), cap) for name, s, cap in zip(labels, scenarios, caps)
    ]
    engine = complete(options, "compare")
    task: dict[str, Any] = {"time_limit": time_limit, "max_workers": max_workers, **engine}
    if executor is None:
        out = json.loads(_compare_task(items, task))
        return _frame(out["columns"], out["rows"])
    # Each task compares the base with one variant; the base row comes from the first.
    futures = [executor.submit(_compare_task, [items[0], item], task) for item in items[1:]]
    parts = [json.loads(f.result()) for f in futures]
    if not parts:
        out = json.loads(_compare_task(items[:1], task))
        return _frame(out["columns"], out["rows"])
    rows = [parts[0]["rows"][0]] + [p["rows"][1] for p in parts]
    return _frame(parts[0]["columns"], rows)


def _sweep_task(text: str, axes: list[str], points: list[list[float]], options: dict[str, Any]) -> str:
    result: str = _ext.sweep(text, axes, explicit=points, **options)
    return result


def sweep(
    scenario: Scenario | PathLike,
    vary: Mapping[str, Any],
    *,
    sample: str = "grid",
    points: int = 100,
    seed: int = 1,
    executor: Executor | None = None,
    chunks: int | None = None,
    time_limit: float | None = None,
    max_workers: int | None = None,
    **options: Unpack[SolveOptions],
) -> Any:
    """One row per point (a DataFrame with the columns of ``parkwater
    sweep``). ``vary`` maps a path to its values: a list, or ``"lo:hi:n"``
    (n points, ends included); several paths make a full grid, or
    ``sample="lhs"`` a Latin hypercube of ``points`` points from ``seed``.
    A point that fails is a row with its status and error; the sweep goes on.
    With an ``executor`` the points go out in ``chunks`` tasks (default: 4
    per worker of a process pool, else 16). ``time_limit`` and the
    :class:`~parkwater.options.SolveOptions` are those of
    :meth:`Scenario.solve` and apply to every point."""
    s = _as_scenario(scenario)
    axes = [_axis(path, values) for path, values in vary.items()]
    text = json.dumps(s.to_dict())
    engine = complete(options, "sweep")
    task: dict[str, Any] = {"time_limit": time_limit, "max_workers": max_workers, **engine}
    if executor is None:
        out = json.loads(
            _ext.sweep(text, axes, sample=sample, points=points, seed=seed, **task)
        )
        return _frame(out["columns"], out["rows"])
    all_points = _ext.sweep_points(axes, sample, points, seed)
    n = chunks or 16
    size = max(1, -(-len(all_points) // n))
    batches = [all_points[i : i + size] for i in range(0, len(all_points), size)]
    futures = [executor.submit(_sweep_task, text, axes, b, task) for b in batches]
    parts = [json.loads(f.result()) for f in futures]
    columns: list[str] = []
    for p in parts:
        for c in p["columns"]:
            if c not in columns and c != "error":
                columns.append(c)
    columns.append("error")
    import pandas as pd

    frames = [_frame(p["columns"], p["rows"]) for p in parts]
    return pd.concat(frames, ignore_index=True).reindex(columns=columns)
