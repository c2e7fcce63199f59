"""Industry rules written in Python, playing the part of a compiled plugin.

A compiled plugin (``plugins/README.md``) is a library with up to four hooks
that read and write JSON. A :class:`Plugin` is the same thing made of Python
callables, for prototyping a rule in a notebook before compiling it: each hook
gets the same input a compiled hook gets and answers with the same
declarative data, which the engine checks and applies exactly as it does a
compiled plugin's (transform, then rules, then constraints; report after the
solve). A failing hook raises :class:`~parkwater.PluginError` naming the
plugin and the hook, with the Python traceback in the message.

>>> def cap_reuse(hook_input):                       # doctest: +SKIP
...     return [{"label": "E1 reuse <= 10", "sense": "<=", "rhs": 10,
...              "term": [{"to_enterprise": "E1", "from_kind": "source", "coef": 1}]}]
>>> rule = parkwater.Plugin("e1-reuse-cap", constraints=cap_reuse)   # doctest: +SKIP
>>> scenario.solve(plugins=[rule])                                  # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from typing import Any

#: The hooks, in the order the engine runs them.
HOOKS: tuple[str, ...] = ("transform", "rules", "constraints", "report")

#: A hook: the hook input (``host``, ``scenario``, ``config`` and, for
#: ``report``, ``report``) to the hook's output.
Hook = Callable[[dict[str, Any]], Any]

_NAME = re.compile(r"[a-z0-9_-]+")


class Plugin:
    """A plugin whose hooks are Python callables.

    Each hook takes one dict, the hook input of the plugin ABI:
    ``scenario`` (the scenario in the file schema, as :meth:`Scenario.to_dict`
    gives it, after every plugin's transform), ``config`` (the scenario's
    ``[plugin.<name>]`` table, or ``None``), ``host`` (engine and ABI
    versions) and, for ``report``, ``report`` (the solved report, as
    :meth:`Result.to_dict`). It answers with the hook's output:

    - ``transform``: ``{"scenario": new_scenario_dict}``; returning the new
      scenario dict (or a :class:`Scenario`) directly, or ``None`` for
      "unchanged", also works;
    - ``rules``: ``{"forbid": [{"from", "to", "reason"}], "dedicate": [{"from", "to": [...], "reason"}]}``;
    - ``constraints``: ``{"constraints": [...]}`` or just the list, each item a
      ``[[constraint]]`` table: ``label``, ``sense`` (``"<="``, ``">="``,
      ``"="``), ``rhs`` and ``term`` (a list of ``{from, to, from_kind,
      to_kind, from_enterprise, to_enterprise, coef, contaminant}``);
    - ``report``: ``{"kpis": {name: {"value", "unit", "description"}},
      "checks": [{"id", "passed", "message", ...}]}``.

    Hooks may be given as arguments, or as methods of a subclass of the same
    names. Passing a plugin to :meth:`Scenario.solve` (``plugins=[...]``)
    applies it, after the plugins the scenario names; a Python plugin named
    like one the scenario names takes that plugin's place.
    """

    def __init__(
        self,
        name: str,
        *,
        transform: Hook | None = None,
        rules: Hook | None = None,
        constraints: Hook | None = None,
        report: Hook | None = None,
        version: str = "0.1.0",
        description: str = "",
        industries: Iterable[str] = (),
    ) -> None:
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise ValueError(
                f"a plugin name is lowercase letters, digits, '-' and '_', not {name!r}"
            )
        given = {"transform": transform, "rules": rules, "constraints": constraints, "report": report}
        self.name = name
        self.version = version
        self.description = description
        self.industries = list(industries)
        self._hooks: dict[str, Hook] = {}
        for hook in HOOKS:
            fn = given[hook] if given[hook] is not None else getattr(self, hook, None)
            if fn is None:
                continue
            if not callable(fn):
                raise TypeError(f"plugin {name!r}: hook {hook!r} is not callable")
            self._hooks[hook] = fn
        if not self._hooks:
            raise ValueError(f"plugin {name!r} has no hook ({', '.join(HOOKS)})")

    @property
    def hooks(self) -> list[str]:
        """The hooks it implements, in the engine's order."""
        return list(self._hooks)

    def __repr__(self) -> str:
        return f"Plugin({self.name!r}, hooks={self.hooks})"

    # ---------------------------------------------------------------- called by the engine

    def _manifest_json(self) -> str:
        """The manifest, as a compiled plugin's ``parkwater_plugin_manifest`` gives it."""
        return json.dumps(
            {
                "name": self.name,
                "version": self.version,
                "industries": self.industries,
                "hooks": self.hooks,
                "description": self.description,
            }
        )

    def _call_hook(self, hook: str, input_json: str) -> str:
        """Runs one hook on the ABI's JSON input; its JSON output."""
        answer = self._hooks[hook](json.loads(input_json))
        return json.dumps(_normalized(hook, answer), allow_nan=False)


def _normalized(hook: str, answer: Any) -> Any:
    """The shorthand answers a hook may give, in the ABI's exact form."""
    if hasattr(answer, "to_dict") and callable(answer.to_dict):
        answer = answer.to_dict()  # a Scenario from transform
    if hook == "transform":
        if answer is None:
            return {"scenario": None}
        if isinstance(answer, dict) and set(answer) != {"scenario"}:
            return {"scenario": answer}
    elif hook == "constraints" and isinstance(answer, (list, tuple)):
        return {"constraints": list(answer)}
    elif answer is None:
        return {}
    return answer


def _dirs(plugin_dirs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str] | None) -> list[str]:
    """Plugin directories as strings (``str`` or path-like)."""
    if plugin_dirs is None:
        return []
    if isinstance(plugin_dirs, str) or isinstance(plugin_dirs, os.PathLike):
        return [os.fspath(plugin_dirs)]
    return [os.fspath(d) for d in plugin_dirs]


def _plugins(plugins: Iterable[Plugin] | None) -> list[Plugin]:
    """Checks the Python plugins given to a solve."""
    out = list(plugins or [])
    for p in out:
        if not isinstance(p, Plugin):
            raise TypeError(f"plugins takes parkwater.Plugin objects, not {type(p).__name__}")
    names = [p.name for p in out]
    for n in names:
        if names.count(n) > 1:
            raise ValueError(f"two plugins are named {n!r}")
    return out
