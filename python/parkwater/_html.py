"""Notebook views (``_repr_html_``) of scenarios and results: small, escaped HTML tables."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ._schema import NODE_KINDS

if TYPE_CHECKING:
    from .result import Result
    from .scenario import Scenario

#: Flows shown in a result's table; the rest are summarized in one line.
TOP_FLOWS = 10

_STYLE = "border-collapse:collapse;margin:0.3em 0"
_CELL = "padding:2px 8px;border-bottom:1px solid #ddd"


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        value += 0.0  # no "-0"
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_fmt(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {_fmt(v)}" for k, v in value.items())
    return str(value)


def table(header: Sequence[str], rows: Iterable[Sequence[Any]], numeric: Sequence[bool] = ()) -> str:
    """An HTML table; every cell escaped, numeric columns right-aligned."""
    align = [("right" if i < len(numeric) and numeric[i] else "left") for i in range(len(header))]
    head = "".join(
        f'<th style="{_CELL};text-align:{a}">{html.escape(h)}</th>' for h, a in zip(header, align)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td style="{_CELL};text-align:{a}">{html.escape(_fmt(c))}</td>'
            for c, a in zip(row, align)
        )
        + "</tr>"
        for row in rows
    )
    return f'<table style="{_STYLE}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def scenario_html(s: Scenario) -> str:
    """Park name, counts and totals, and the intakes with their prices."""
    data = s._data
    unit = s.park.flow_unit or "t/h"
    counts = [(k, len(data.get(k) or [])) for k in ("enterprise", *NODE_KINDS)]
    source_flow = sum(float(e.get("flow") or 0.0) for e in data.get("source") or [])
    sink_flow = sum(float(e.get("flow") or e.get("min_flow") or 0.0) for e in data.get("sink") or [])
    rows: list[tuple[str, Any]] = [(f"{k}s", n) for k, n in counts]
    rows += [
        ("contaminants", ", ".join(s.contaminants) or "–"),
        (f"total effluent ({unit})", source_flow),
        (f"total demand ({unit})", sink_flow),
        ("objective", " then ".join(s.objective or ["freshwater", "cost"])),
    ]
    policy = data.get("policy") or {}
    rows += [(f"policy: {k}", v) for k, v in policy.items()]
    intakes = [
        (e.get("id"), e.get("kind"), e.get("price"), e.get("max_flow"), e.get("conc"))
        for e in data.get("intake") or []
    ]
    title = html.escape(s.name or "Scenario")
    parts = [
        f"<div><strong>{title}</strong>",
        table(["", ""], rows, numeric=(False, True)),
    ]
    if intakes:
        parts.append(
            table(
                ["intake", "kind", "price (CNY/t)", f"max flow ({unit})", "conc (mg/L)"],
                intakes,
                numeric=(False, False, True, True, False),
            )
        )
    parts.append("</div>")
    return "".join(parts)


def result_html(r: Result) -> str:
    """Status and objective, the KPI table, and the largest flows."""
    unit = r.units.get("flow", "t/h")
    title = html.escape(r.park or "Result")
    status = html.escape(r.status)
    color = "#2a7d2a" if r.optimal else "#b22222"
    parts = [f'<div><strong>{title}</strong>: <span style="color:{color}">{status}</span>']
    if r.objective:
        parts.append(table(["objective", "value"], list(r.objective.items()), numeric=(False, True)))
    if r.diagnosis:
        parts.append(f"<p>{html.escape(str(r.diagnosis.get('summary', '')))}</p>")
    if r.optimal:
        kpis = [row for row in r._kpi_rows() if "." not in row[0] or row[0].startswith("cost.")]
        parts.append(table(["KPI", "value", "unit"], kpis, numeric=(False, True, False)))
        flows = sorted(r.flows, key=lambda f: -float(f["flow"]))
        shown = [(f["from"], f["to"], float(f["flow"])) for f in flows[:TOP_FLOWS]]
        parts.append(table(["from", "to", f"flow ({unit})"], shown, numeric=(False, False, True)))
        if len(flows) > TOP_FLOWS:
            rest = sum(float(f["flow"]) for f in flows[TOP_FLOWS:])
            parts.append(
                f"<p>… and {len(flows) - TOP_FLOWS} more flows ({_fmt(rest)} {html.escape(unit)})</p>"
            )
    parts.append("</div>")
    return "".join(parts)
