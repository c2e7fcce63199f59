"""Water pinch targets before any network is designed: :func:`target`.

The same numbers as ``parkwater target --format json``: the water cascade
analysis of one contaminant (minimum freshwater and wastewater, pinch
concentrations, the cascade table, regeneration targets when the park has a
regenerator), or of every contaminant with the LP's true multi-contaminant
minimum beside them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from . import _parkwater as _ext
from ._html import table
from .plugin import Plugin, _dirs, _plugins

if TYPE_CHECKING:
    import pandas as pd

    from .scenario import PathLike, Scenario


class Targets:
    """Pinch targets of one contaminant (``contaminant`` is a name) or of all
    (``contaminant`` is ``None``; see :attr:`per_contaminant`).

    The document is plain data (:meth:`to_dict`); the properties read it.
    Flows are in the scenario's flow unit, concentrations in mg/L.
    """

    __slots__ = ("_data", "_svg")

    def __init__(self, data: dict[str, Any], svg: dict[str, str] | None = None) -> None:
        self._data = data
        self._svg = dict(svg or {})

    def to_dict(self) -> dict[str, Any]:
        """The targets document (a deep copy)."""
        copy: dict[str, Any] = json.loads(json.dumps(self._data))
        return copy

    def __getstate__(self) -> dict[str, Any]:
        return {"data": self._data, "svg": self._svg}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._data = state["data"]
        self._svg = state["svg"]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Targets):
            return NotImplemented
        return self._data == other._data

    @property
    def _single(self) -> bool:
        return "contaminants" not in self._data

    @property
    def contaminant(self) -> str | None:
        """The contaminant targeted, or ``None`` for all of them."""
        return self._data.get("contaminant") if self._single else None

    @property
    def per_contaminant(self) -> dict[str, Targets]:
        """Each targeted contaminant's own targets, by name."""
        if self._single:
            return {str(self._data["contaminant"]): self}
        return {
            t["contaminant"]: Targets(t, {t["contaminant"]: self._svg.get(t["contaminant"], "")})
            for t in self._data["contaminants"]
        }

    @property
    def limiting(self) -> str | None:
        """The contaminant with the largest freshwater target (all-contaminant targets)."""
        if self._single:
            return self.contaminant
        value = self._data.get("limiting")
        return None if value is None else str(value)

    @property
    def failed(self) -> list[dict[str, Any]]:
        """Contaminants that could not be targeted: ``contaminant``, ``code``,
        ``infeasible``, ``message`` (all-contaminant targets only)."""
        value: list[dict[str, Any]] = self._data.get("failed", [])
        return value

    def _limiting_targets(self) -> dict[str, Any]:
        if self._single:
            return self._data
        name = self.limiting
        for t in self._data["contaminants"]:
            if t["contaminant"] == name:
                found: dict[str, Any] = t
                return found
        return {}

    @property
    def freshwater(self) -> float | None:
        """Minimum freshwater: of this contaminant, or, for all contaminants,
        the LP's minimum with every contaminant at once when there are several
        (``lp_freshwater``), else the limiting contaminant's."""
        if not self._single and self._data.get("lp_freshwater") is not None:
            return float(self._data["lp_freshwater"])
        value = self._limiting_targets().get("freshwater")
        return None if value is None else float(value)

    @property
    def wastewater(self) -> float | None:
        """Wastewater at the freshwater target (of the limiting contaminant for all)."""
        value = self._limiting_targets().get("wastewater")
        return None if value is None else float(value)

    @property
    def pinches(self) -> list[float]:
        """Pinch concentrations (mg/L), lowest first."""
        return [float(c) for c in self._limiting_targets().get("pinches", [])]

    @property
    def regeneration(self) -> dict[str, Any] | None:
        """Regeneration targets (``treatment``, ``regenerated``, ``outlet_conc``,
        ``without_regeneration``, ...) when the park has a regenerator."""
        value: dict[str, Any] | None = self._limiting_targets().get("regeneration")
        return value

    @property
    def cascade(self) -> list[dict[str, float]]:
        """The cascade table: ``conc_low``, ``conc_high``, ``net_flow``,
        ``cumulative_flow``, ``load``, ``cumulative_load``, one row per interval."""
        value: list[dict[str, float]] = self._limiting_targets().get("cascade", [])
        return value

    @property
    def notes(self) -> list[str]:
        """What the reader should know (assumptions, LP differences)."""
        value: list[str] = self._limiting_targets().get("notes", [])
        return value

    def cascade_df(self) -> pd.DataFrame:
        """The cascade table as a DataFrame (pandas is an optional dependency)."""
        import pandas as pd

        columns = ["conc_low", "conc_high", "net_flow", "cumulative_flow", "load", "cumulative_load"]
        return pd.DataFrame([{c: row[c] for c in columns} for row in self.cascade], columns=columns)

    def composite_svg(self, contaminant: str | None = None) -> str:
        """The source and sink composite curves as SVG text."""
        name = contaminant or self.contaminant or self.limiting
        if name is None or name not in self._svg:
            raise KeyError(f"no composite curves for {name!r} (have: {sorted(self._svg)})")
        return self._svg[name]

    def __repr__(self) -> str:
        what = self.contaminant or f"all contaminants, limiting {self.limiting}"
        return (
            f"Targets({what}: freshwater {self.freshwater}, wastewater {self.wastewater}, "
            f"pinches {self.pinches})"
        )

    def _repr_html_(self) -> str:
        rows: list[tuple[str, Any]] = [
            ("contaminant", self.contaminant or f"all (limiting: {self.limiting})"),
            ("minimum freshwater", self.freshwater),
            ("wastewater", self.wastewater),
            ("pinch (mg/L)", self.pinches),
        ]
        if self.regeneration:
            rows.append(("regenerated", self.regeneration.get("regenerated")))
        rows.extend(("failed", f"{f['contaminant']}: {f['message']}") for f in self.failed)
        return table(["target", "value"], rows, numeric=[False, True])


def target(
    scenario: Scenario,
    contaminant: str | None = None,
    *,
    plugins: Iterable[Plugin] | None = None,
    plugin_dirs: Iterable[PathLike] | PathLike | None = None,
) -> Targets:
    """Water pinch targets of a scenario, as ``parkwater target`` computes them.

    With ``contaminant`` (or a scenario of one contaminant): its water cascade
    analysis. Without, on a scenario of several: every contaminant's targets,
    the limiting one, and the LP's minimum freshwater with all at once.
    Plugins apply first, as in :meth:`Scenario.solve`.

    Raises :class:`~parkwater.ValidationError` for an invalid scenario or an
    unknown contaminant (code ``contaminant.unknown``), and
    :class:`~parkwater.InfeasibleError` when no freshwater flow can meet the
    demands of the contaminant asked for.
    """
    from .scenario import Scenario, _dumps

    if not isinstance(scenario, Scenario):
        raise TypeError(f"target takes a Scenario, not {type(scenario).__name__}")
    text, svg = _ext.target(
        _dumps(scenario._data),
        contaminant,
        plugin_dirs=_dirs(plugin_dirs),
        plugins=_plugins(plugins),
    )
    return Targets(json.loads(text), svg)
