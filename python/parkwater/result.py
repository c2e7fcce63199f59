"""The :class:`Result` of a solve: the engine's report, with pandas and plotly views."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import _parkwater as _ext
from ._errors import InfeasibleError, SolverError

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

#: Units of the scalar KPIs; ``{flow}`` is the scenario's flow unit.
_KPI_UNITS: dict[str, str] = {
    "freshwater": "{flow}",
    "discharge": "{flow}",
    "reused": "{flow}",
    "regenerated": "{flow}",
    "reuse_rate": "-",
    "cost_per_year": "CNY/yr",
    "recirculation": "{flow}",
    "treated": "{flow}",
    "reclaimed_use_rate": "-",
    "freshwater_by_intake": "{flow}",
    "freshwater_by_enterprise": "{flow}",
    "discharge_by_outfall": "{flow}",
    "discharged_load_kg_h": "kg/h",
    "discharged_load_t_yr": "t/yr",
    "cost": "CNY/yr",
}


def _require_pandas() -> None:
    """Raises a helpful ImportError when pandas is missing (it is optional)."""
    try:
        import pandas  # noqa: F401
    except ImportError as e:  # pragma: no cover - exercised only without pandas
        raise ImportError(
            "this method needs pandas: pip install pandas (or parkwater[pandas])"
        ) from e


class Result:
    """What a solve produced: status, objective values, KPIs, flows, rejects,
    verification, duals and, for an infeasible park, a diagnosis.

    Every attribute is plain Python data (the engine's JSON report, see
    ``MODEL.md``), so a Result pickles, compares and serializes as data.
    Flows are in the scenario's flow unit (:attr:`units`).
    """

    __slots__ = ("_data", "_scenario")

    def __init__(self, report: dict[str, Any]) -> None:
        self._data = report
        # The solved scenario's JSON text, kept by Scenario.solve for report().
        self._scenario: str | None = None

    @classmethod
    def from_json(cls, text: str) -> Result:
        """A result from the engine's JSON report."""
        return cls(json.loads(text))

    def to_dict(self) -> dict[str, Any]:
        """The report as a dict (a deep copy)."""
        copy: dict[str, Any] = json.loads(json.dumps(self._data))
        return copy

    def to_json(self, indent: int | None = 2) -> str:
        """The report as JSON text, as ``parkwater solve --format json`` prints it."""
        return json.dumps(self._data, indent=indent)

    def __getstate__(self) -> dict[str, Any]:
        return {"report": self._data, "scenario": self._scenario}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._data = state["report"]
        self._scenario = state.get("scenario")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Result):
            return NotImplemented
        return self._data == other._data

    __hash__ = None  # type: ignore[assignment]

    # ------------------------------------------------------------------ fields

    @property
    def status(self) -> str:
        """``optimal``, ``infeasible``, ``unbounded``, ``time_limit``,
        ``solver_failure`` or ``verification_failed``."""
        return str(self._data["status"])

    @property
    def optimal(self) -> bool:
        """Whether the status is ``optimal`` (proven and independently verified)."""
        return self.status == "optimal"

    @property
    def park(self) -> str:
        """The park's name."""
        return str(self._data.get("park", ""))

    @property
    def objective(self) -> dict[str, float]:
        """Value of each objective solved, in order, in reported units."""
        value: dict[str, float] = self._data.get("objective", {})
        return value

    @property
    def kpis(self) -> dict[str, Any]:
        """Key figures: ``freshwater``, ``discharge``, ``reused``, ``reuse_rate``,
        ``cost_per_year``, breakdowns per intake, enterprise and outfall, ..."""
        value: dict[str, Any] = self._data.get("kpis", {})
        return value

    @property
    def flows(self) -> list[dict[str, Any]]:
        """Arcs with a positive flow: ``[{"from", "to", "flow"}]``."""
        value: list[dict[str, Any]] = self._data.get("flows", [])
        return value

    @property
    def rejects(self) -> list[dict[str, Any]]:
        """Treatment reject streams with a positive flow: ``[{"from", "to", "flow"}]``."""
        value: list[dict[str, Any]] = self._data.get("rejects", [])
        return value

    @property
    def verification(self) -> dict[str, Any]:
        """The independent re-check: ``max_violation``, ``checks``, ``violations``."""
        value: dict[str, Any] = self._data.get("verification", {})
        return value

    @property
    def duals(self) -> dict[str, dict[str, Any]] | None:
        """Row duals of the last objective, ``family -> entity -> value`` (or
        ``-> contaminant -> value``); ``None`` unless optimal."""
        value: dict[str, dict[str, Any]] | None = self._data.get("duals")
        return value

    @property
    def diagnosis(self) -> dict[str, Any] | None:
        """Why the park is infeasible (``summary``, ``conflicting``); ``None`` otherwise."""
        value: dict[str, Any] | None = self._data.get("diagnosis")
        return value

    @property
    def design(self) -> dict[str, Any] | None:
        """The network design (scenarios with a ``[design]``): ``pipes``,
        ``units``, ``capex``, ``annual_capex``, ``objective_bound``, ``gap``,
        ``diagnosis``; ``None`` for a plain LP."""
        value: dict[str, Any] | None = self._data.get("design")
        return value

    def pipes_df(self) -> pd.DataFrame:
        """The design's pipes as a DataFrame (see :func:`parkwater.design.pipes_frame`)."""
        from .design import pipes_frame

        return pipes_frame(self.design)

    @property
    def units(self) -> dict[str, str]:
        """Units of the figures: ``flow``, ``concentration``, ``load``, ``cost``."""
        value: dict[str, str] = self._data.get("units", {})
        return value

    @property
    def plugins(self) -> dict[str, Any]:
        """Each plugin's additions by plugin name: ``version``, ``kpis`` (name
        to ``{"value", "unit", "description"}``) and ``checks`` (``{"id",
        "passed", "message", ...}``); empty when the scenario used no plugin."""
        value: dict[str, Any] = self._data.get("plugins", {})
        return value

    @property
    def failed_checks(self) -> list[dict[str, Any]]:
        """Every plugin check that did not pass, each with its ``plugin`` name."""
        return [
            {"plugin": name, **check}
            for name, extras in self.plugins.items()
            for check in extras.get("checks", [])
            if not check.get("passed", False)
        ]

    @property
    def solver(self) -> dict[str, Any]:
        """Engine and solver versions, method, counters, and ``fallbacks``: the
        solves that gave no trusted answer before this one, earliest first
        (``method``, ``because``, ``then``; empty when the first was kept)."""
        value: dict[str, Any] = self._data.get("solver", {})
        return value

    def flow(self, from_: str, to: str) -> float:
        """Flow on the arc ``from_ -> to`` (rejects included); 0 when it carries none."""
        return sum(
            float(f["flow"]) for f in (*self.flows, *self.rejects) if f["from"] == from_ and f["to"] == to
        )

    def raise_for_status(self) -> Result:
        """Raises :class:`~parkwater.InfeasibleError` or
        :class:`~parkwater.SolverError` unless optimal; returns ``self``."""
        status = self.status
        if status == "optimal":
            return self
        name = self.park or "scenario"
        if status == "infeasible":
            summary = (self.diagnosis or {}).get("summary", "no flow meets every requirement")
            raise InfeasibleError(f"{name}: infeasible: {summary}", self)
        raise SolverError(f"{name}: no optimal solution (status {status})", self)

    # ------------------------------------------------------------------ tables

    def _kpi_rows(self) -> list[tuple[str, Any, str]]:
        flow_unit = self.units.get("flow", "t/h")
        rows: list[tuple[str, Any, str]] = []
        for key, value in self.kpis.items():
            unit = _KPI_UNITS.get(key, "").format(flow=flow_unit)
            if isinstance(value, dict):
                for sub, v in value.items():
                    rows.append((f"{key}.{sub}", v, unit))
            else:
                rows.append((key, value, unit))
        return rows

    def kpis_df(self) -> pd.DataFrame:
        """KPIs as a DataFrame indexed by ``kpi`` with columns ``value`` and
        ``unit``; breakdowns appear as ``freshwater_by_intake.FW``, ``cost.total``, ..."""
        _require_pandas()
        import pandas as pd

        rows = self._kpi_rows()
        frame = pd.DataFrame(
            {
                # `+ 0.0` turns the engine's -0.0 into 0.0.
                "value": [float("nan") if r[1] is None else float(r[1]) + 0.0 for r in rows],
                "unit": [r[2] for r in rows],
            },
            index=pd.Index([r[0] for r in rows], name="kpi"),
        )
        return frame

    def _flow_frame(self, flows: list[dict[str, Any]]) -> pd.DataFrame:
        _require_pandas()
        import pandas as pd

        return pd.DataFrame(
            {
                "from": [str(f["from"]) for f in flows],
                "to": [str(f["to"]) for f in flows],
                "flow": [float(f["flow"]) for f in flows],
            }
        )

    def flows_df(self, include_rejects: bool = False) -> pd.DataFrame:
        """Flows as a DataFrame with columns ``from``, ``to``, ``flow``, largest first.

        ``include_rejects=True`` appends the treatment rejects and adds a
        boolean column ``reject``.
        """
        frame = self._flow_frame(self.flows)
        if include_rejects:
            import pandas as pd

            rejects = self._flow_frame(self.rejects)
            frame["reject"] = False
            rejects["reject"] = True
            frame = pd.concat([frame, rejects], ignore_index=True)
        return frame.sort_values("flow", ascending=False, kind="stable").reset_index(drop=True)

    def rejects_df(self) -> pd.DataFrame:
        """Treatment rejects as a DataFrame with columns ``from``, ``to``, ``flow``."""
        return self._flow_frame(self.rejects)

    def duals_df(self) -> pd.DataFrame:
        """Duals in long form: columns ``family``, ``entity``, ``contaminant``
        (``None`` for rows without one) and ``dual``, the change of the (last)
        objective per unit increase of the row's right-hand side. Empty unless optimal."""
        _require_pandas()
        import pandas as pd

        rows: list[tuple[str, str, str | None, float]] = []
        for family, entities in (self.duals or {}).items():
            for entity, value in entities.items():
                if isinstance(value, dict):
                    rows.extend((family, entity, c, float(v)) for c, v in value.items())
                else:
                    rows.append((family, entity, None, float(value)))
        return pd.DataFrame(
            {
                "family": [r[0] for r in rows],
                "entity": [r[1] for r in rows],
                "contaminant": pd.Series([r[2] for r in rows], dtype=object),
                "dual": [r[3] for r in rows],
            }
        )

    # ------------------------------------------------------------------ display

    def sankey(self, min_flow: float = 0.0, title: str | None = None) -> go.Figure:
        """A plotly Sankey diagram of the flows and rejects (needs plotly).

        Arcs below ``min_flow`` (flow unit) are left out.
        """
        try:
            import plotly.graph_objects as go
        except ImportError as e:
            raise ImportError("sankey() needs plotly: pip install plotly (or parkwater[plot])") from e
        arcs = [(f, False) for f in self.flows] + [(f, True) for f in self.rejects]
        arcs = [(f, r) for f, r in arcs if float(f["flow"]) >= min_flow]
        labels: list[str] = []
        index: dict[str, int] = {}
        for f, _ in arcs:
            for node in (f["from"], f["to"]):
                if node not in index:
                    index[node] = len(labels)
                    labels.append(node)
        unit = self.units.get("flow", "t/h")
        figure = go.Figure(
            go.Sankey(
                node={"label": labels, "pad": 12, "thickness": 14},
                link={
                    "source": [index[f["from"]] for f, _ in arcs],
                    "target": [index[f["to"]] for f, _ in arcs],
                    "value": [float(f["flow"]) for f, _ in arcs],
                    "color": [
                        "rgba(214,39,40,0.35)" if r else "rgba(31,119,180,0.35)" for _, r in arcs
                    ],
                    "hovertemplate": "%{source.label} → %{target.label}: %{value:.4g} " + unit,
                },
                valueformat=".4g",
                valuesuffix=f" {unit}",
            )
        )
        figure.update_layout(title_text=title or f"{self.park} ({self.status})", font_size=11)
        return figure

    def __repr__(self) -> str:
        k = self.kpis
        unit = self.units.get("flow", "t/h")
        if not k or not self.optimal:
            return f"<Result {self.status}: {self.park!r}>"
        return (
            f"<Result {self.status}: freshwater {k.get('freshwater', 0):.6g} {unit}, "
            f"discharge {k.get('discharge', 0):.6g} {unit}, reuse rate {k.get('reuse_rate', 0):.4f}, "
            f"{len(self.flows)} flows>"
        )

    def _scenario_json(self, scenario: Any = None) -> str | None:
        if scenario is None:
            return self._scenario
        if isinstance(scenario, (str, os.PathLike)):
            return str(_ext.load(os.fspath(scenario)))
        return str(scenario.to_json())

    def report(
        self,
        path: str | os.PathLike[str],
        scenario: Any = None,
        sankey_threshold: float = 1e-4,
    ) -> Path:
        """Writes the park report: one self-contained HTML file (KPIs against the
        plan's targets, Sankey diagram, map, compliance tables; an infeasible park's
        diagnosis), the same file as ``parkwater report``.

        ``scenario`` (a :class:`~parkwater.Scenario` or a scenario file) is needed
        only for a result that did not come from ``Scenario.solve``. Flows under
        ``sankey_threshold`` x the largest are left out of the diagram (they stay in
        the tables). Returns the path written.
        """
        text = self._scenario_json(scenario)
        if text is None:
            raise ValueError("this result does not know its scenario: pass scenario=...")
        name = os.fspath(scenario) if isinstance(scenario, (str, os.PathLike)) else ""
        html = _ext.report_html(self.to_json(None), text, name, sankey_threshold)
        out = Path(path)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(html, encoding="utf-8")
        tmp.replace(out)
        return out

    def _repr_html_(self) -> str:
        from ._html import result_html

        if self._scenario is None:
            return result_html(self)
        # The report's KPI block (cards against the plan's targets), then the flows.
        return str(_ext.report_kpis(self.to_json(None), self._scenario)) + result_html(self)
