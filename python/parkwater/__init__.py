"""parkwater: optimize the water network of an industrial park from Python.

A thin layer over the Rust engine (``parkwater-core``): scenarios are plain
data you load, build and edit here; validation, the LP, HiGHS, verification
and the KPIs all run in Rust, with the GIL released.

>>> import parkwater
>>> s = parkwater.Scenario.load("scenarios/polley-polley-2000.toml")  # doctest: +SKIP
>>> r = s.solve(objective="freshwater")                                # doctest: +SKIP
>>> r.kpis["freshwater"], r.kpis["discharge"]                          # doctest: +SKIP
(70.0, 50.0)

Public API: :class:`Scenario` (``load``, ``from_dict``, ``to_dict``,
``to_toml``, ``add_*``, ``sink(id).max_conc[...] = ...``, ``copy``,
``validate``, ``solve``), :class:`Result` (``status``, ``kpis``, ``flows``,
``duals``, ``verification``, ``*_df()``, ``sankey()``), :func:`solve`,
:func:`solve_many`, :func:`load`, :func:`target` (water pinch targets,
:class:`Targets`), :class:`Plugin` (industry rules as Python callables), and the exceptions :class:`ParkwaterError`,
:class:`ValidationError`, :class:`InfeasibleError`, :class:`SolverError`,
:class:`PluginError`.
"""

from __future__ import annotations

from . import _parkwater
from ._errors import (
    InfeasibleError,
    ParkwaterError,
    PluginError,
    Problem,
    SolverError,
    ValidationError,
)
from ._node import LiveMap, Node, Table
from .plugin import Plugin
from .result import Result
from .scenario import PathLike, Scenario
from .sweep import solve, solve_many
from .targets import Targets, target
from .verify import verify
from .decisions import compare, sweep

__version__: str = _parkwater.__version__
ENGINE_VERSION, SOLVER_VERSION = _parkwater.versions()


def load(path: PathLike) -> Scenario:
    """Reads a scenario file (TOML, or JSON for ``.json``); see :meth:`Scenario.load`."""
    return Scenario.load(path)


__all__ = [
    "ENGINE_VERSION",
    "SOLVER_VERSION",
    "InfeasibleError",
    "LiveMap",
    "Node",
    "ParkwaterError",
    "Plugin",
    "PluginError",
    "Problem",
    "Result",
    "Scenario",
    "SolverError",
    "Table",
    "Targets",
    "ValidationError",
    "__version__",
    "compare",
    "sweep",
    "load",
    "solve",
    "solve_many",
    "target",
    "verify",
]
