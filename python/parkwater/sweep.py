"""Solving many scenarios: in parallel in Rust (rayon), or on any executor.

Without an executor, :func:`solve_many` hands every scenario to the engine at
once and solves them on the rayon thread pool with the GIL released. With a
:class:`concurrent.futures.Executor` (a ``ProcessPoolExecutor``, a
``dask.distributed.Client.get_executor()``, a Ray or loky executor, ...) each
scenario is submitted as one task; scenarios and results travel pickled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any, Literal, overload

from . import _parkwater as _ext
from ._errors import ParkwaterError
from .result import Result
from .plugin import Plugin, _dirs, _plugins
from .options import SolveOptions, complete
from .scenario import Objective, PathLike, Scenario

if TYPE_CHECKING:
    from typing_extensions import Unpack


def solve(
    scenario: Scenario,
    objective: Objective | str | Sequence[str] | None = None,
    time_limit: float | None = None,
    *,
    check: bool = True,
    verbose: bool = False,
    plugins: Iterable[Plugin] | None = None,
    plugin_dirs: Iterable[PathLike] | PathLike | None = None,
    **options: Unpack[SolveOptions],
) -> Result:
    """``scenario.solve(...)`` as a function (picklable, for executors); see :meth:`Scenario.solve`."""
    return scenario.solve(
        objective,
        time_limit,
        check=check,
        verbose=verbose,
        plugins=plugins,
        plugin_dirs=plugin_dirs,
        **options,
    )


def _solve_task(scenario: Scenario, options: dict[str, Any]) -> Result:
    """What an executor runs for one scenario."""
    return solve(scenario, **options)


@overload
def solve_many(
    scenarios: Iterable[Scenario],
    executor: Executor | None = None,
    *,
    objective: Objective | str | Sequence[str] | None = None,
    time_limit: float | None = None,
    check: bool = True,
    return_exceptions: Literal[False] = False,
    max_workers: int | None = None,
    plugins: Iterable[Plugin] | None = None,
    plugin_dirs: Iterable[PathLike] | PathLike | None = None,
    **options: Unpack[SolveOptions],
) -> list[Result]: ...


@overload
def solve_many(
    scenarios: Iterable[Scenario],
    executor: Executor | None = None,
    *,
    objective: Objective | str | Sequence[str] | None = None,
    time_limit: float | None = None,
    check: bool = True,
    return_exceptions: Literal[True],
    max_workers: int | None = None,
    plugins: Iterable[Plugin] | None = None,
    plugin_dirs: Iterable[PathLike] | PathLike | None = None,
) -> list[Result | ParkwaterError]: ...


def solve_many(
    scenarios: Iterable[Scenario],
    executor: Executor | None = None,
    *,
    objective: Objective | str | Sequence[str] | None = None,
    time_limit: float | None = None,
    check: bool = True,
    return_exceptions: bool = False,
    max_workers: int | None = None,
    plugins: Iterable[Plugin] | None = None,
    plugin_dirs: Iterable[PathLike] | PathLike | None = None,
    **options: Unpack[SolveOptions],
) -> list[Result] | list[Result | ParkwaterError]:
    """Solves every scenario, returning the results in input order.

    ``executor=None`` solves in parallel in Rust on the rayon pool (one
    thread per core, or ``max_workers``), with the GIL released. Otherwise
    each scenario becomes ``executor.submit(...)``: any
    :class:`concurrent.futures.Executor` works, so
    ``dask.distributed.Client(...).get_executor()`` spreads a sweep over a
    cluster.

    The options are those of :meth:`Scenario.solve` (``time_limit`` and the
    :class:`~parkwater.options.SolveOptions`) and apply to every scenario.
    With ``check=True`` an infeasible or failed solve is an error
    (``InfeasibleError``, ``SolverError``), as is an invalid scenario
    (``ValidationError``): the first one, in input order, is raised, unless
    ``return_exceptions=True``, which puts each such error in the list in
    place of its result (as :func:`asyncio.gather` does). For a sweep where
    some variants may be infeasible, ``check=False`` returns their results
    with ``status == "infeasible"`` instead. ``plugins`` and ``plugin_dirs``
    apply to every scenario (Python plugins must pickle to go to an executor).
    """
    scenarios = list(scenarios)
    for s in scenarios:
        if not isinstance(s, Scenario):
            raise TypeError(f"solve_many takes Scenario objects, not {type(s).__name__}")
    engine = complete(options, "solve_many")
    task: dict[str, Any] = {
        "objective": objective,
        "time_limit": time_limit,
        "check": check,
        "plugins": _plugins(plugins),
        "plugin_dirs": _dirs(plugin_dirs),
        **engine,
    }
    outcomes: list[Result | ParkwaterError] = []
    if executor is None:
        encoded: list[str | ParkwaterError] = []
        for s in scenarios:
            try:
                encoded.append(s._payload(objective))
            except ParkwaterError as e:  # a NaN found while encoding
                encoded.append(e)
        solved = iter(
            _ext.solve_many(
                [p for p in encoded if isinstance(p, str)],
                time_limit=time_limit,
                max_workers=max_workers,
                plugin_dirs=task["plugin_dirs"],
                plugins=task["plugins"],
                **engine,
            )
        )
        raw = [p if isinstance(p, ParkwaterError) else next(solved) for p in encoded]
        for item in raw:
            if isinstance(item, BaseException):
                if not isinstance(item, ParkwaterError):
                    raise item
                outcomes.append(item)
                continue
            result = Result.from_json(item)
            if check:
                try:
                    result.raise_for_status()
                except ParkwaterError as e:
                    outcomes.append(e)
                    continue
            outcomes.append(result)
    else:
        futures = [executor.submit(_solve_task, s, task) for s in scenarios]
        for future in futures:
            try:
                outcomes.append(future.result())
            except ParkwaterError as e:
                outcomes.append(e)
    if not return_exceptions:
        for outcome in outcomes:
            if isinstance(outcome, ParkwaterError):
                raise outcome
    return outcomes
