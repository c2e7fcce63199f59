"""Network design results: the pipes of a design as a DataFrame.

A solve of a scenario with a ``[design]`` table returns a report with a
``design`` section (``MODEL.md``, "Network design (MILP)"); these helpers
read it. ``Result.design`` and ``Result.pipes_df()`` call them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

PIPE_COLUMNS = ("from", "to", "length_km", "flow", "existing", "capex", "annual_capex")


def pipes_frame(design: dict[str, Any] | None) -> pd.DataFrame:
    """The design's pipes (every pipe that carries flow, and every pipe
    built), largest flow first, with columns ``from``, ``to``, ``length_km``,
    ``flow`` (flow unit), ``existing``, ``capex`` (CNY), ``annual_capex``
    (CNY/yr), and ``value`` (CNY/yr, the cost of refusing the pipe) when the
    solve computed pipe values. Empty for a report without a design."""
    from .result import _require_pandas

    _require_pandas()
    import pandas as pd

    pipes = (design or {}).get("pipes", [])
    frame = pd.DataFrame({c: [p[c] for p in pipes] for c in PIPE_COLUMNS}, columns=list(PIPE_COLUMNS))
    values = (design or {}).get("pipe_values")
    if values is not None:
        by_pipe = {(v["from"], v["to"]): v["value"] for v in values}
        frame["value"] = [by_pipe.get((f, t)) for f, t in zip(frame["from"], frame["to"])]
    return frame.sort_values("flow", ascending=False, kind="stable").reset_index(drop=True)
