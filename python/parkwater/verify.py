"""Checking any plan against a scenario: :func:`verify`.

The same checks as ``parkwater verify SCENARIO RESULT.json``, run by the code
that verifies the engine's own answers: a consultant's hand-drawn network,
another tool's optimum or last year's operating flows, checked against every
requirement of this year's scenario (plugins' rules included).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from . import _parkwater as _ext
from .plugin import Plugin, _dirs, _plugins
from .result import Result

if TYPE_CHECKING:
    from .scenario import PathLike, Scenario


def verify(
    scenario: Scenario | PathLike,
    result: Result | Mapping[str, Any] | PathLike,
    *,
    plugins: Iterable[Plugin] | None = None,
    plugin_dirs: Iterable[PathLike] | PathLike | None = None,
) -> dict[str, Any]:
    """Checks a plan against every requirement of a scenario.

    ``scenario`` is a :class:`~parkwater.Scenario` or a scenario file;
    ``result`` a :class:`~parkwater.Result`, a mapping in the form
    ``parkwater solve --format json`` writes (at least ``"flows"``: a list of
    ``{"from", "to", "flow"}``, flows in the scenario's flow unit), or the
    path of such a JSON file.

    Returns the document ``parkwater verify --format json`` prints:
    ``status`` (``"verified"`` or ``"violated"``), ``checks``, ``violated``,
    ``max_violation``, ``violations`` (worst first, each with ``check``,
    ``amount`` and, where a figure is compared with a limit, ``value``,
    ``limit``, ``unit``), ``freshwater``, ``discharge``, ``flow_unit``,
    ``notes``. A violated requirement is a result, not an exception.

    Raises :class:`~parkwater.ValidationError` for an invalid scenario, or a
    plan that is not one of the park (an unknown node: code
    ``plan.unknown_node``; an arc the park cannot have: ``plan.no_such_arc``;
    no ``flows``: ``field.missing``).
    """
    from .scenario import Scenario, _dumps

    if not isinstance(scenario, Scenario):
        scenario = Scenario.load(scenario)
    if isinstance(result, Result):
        plan = result.to_json(indent=None)
    elif isinstance(result, Mapping):
        plan = json.dumps(dict(result))
    elif isinstance(result, (str, os.PathLike)):
        with open(os.fspath(result), encoding="utf-8") as f:
            plan = f.read()
    else:
        raise TypeError(
            f"verify takes a Result, a mapping or a path as result, not {type(result).__name__}"
        )
    text = _ext.verify(
        _dumps(scenario._data),
        plan,
        plugin_dirs=_dirs(plugin_dirs),
        plugins=_plugins(plugins),
    )
    document: dict[str, Any] = json.loads(text)
    return document
