"""Stubs of the compiled extension ``parkwater._parkwater``.

Scenarios go in and reports come out as JSON text; the pure-Python package
wraps them. Errors are the classes of ``parkwater._errors``.
"""

__all__ = [
    "__version__",
    "load",
    "toml_to_json",
    "normalize",
    "json_to_toml",
    "validate",
    "solve",
    "solve_many",
    "target",
    "versions",
    "schema_fields",
    "report_html",
    "report_kpis",
    "verify",
    "apply_sets",
    "compare",
    "sweep_points",
    "sweep",
]

from typing import Any

__version__: str

def load(path: str) -> str:
    """Reads a scenario file (TOML, or JSON for ``.json``); returns its JSON text."""

def toml_to_json(text: str) -> str:
    """Parses TOML scenario text; returns its JSON text."""

def normalize(json: str) -> str:
    """Checks the structure of scenario JSON text; returns it in canonical form."""

def json_to_toml(json: str) -> str:
    """Scenario JSON text to TOML text."""

def validate(json: str, plugin_dirs: list[str] = ..., plugins: list[Any] = ...) -> None:
    """Applies plugins and validates; raises ``ValidationError`` listing every problem."""

def solve(
    json: str,
    time_limit: float | None = None,
    threads: int = 1,
    algorithm: str = "auto",
    pricing: str = "auto",
    verbose: bool = False,
    plugin_dirs: list[str] = ...,
    plugins: list[Any] = ...,
) -> str:
    """Validates and solves (GIL released); returns the report's JSON text, any status."""

def solve_many(
    jsons: list[str],
    time_limit: float | None = None,
    threads: int = 1,
    algorithm: str = "auto",
    pricing: str = "auto",
    max_workers: int | None = None,
    plugin_dirs: list[str] = ...,
    plugins: list[Any] = ...,
) -> list[str | BaseException]:
    """Solves in parallel on rayon (GIL released), in order: each a report's JSON text,
    or the exception that ``solve`` would have raised for it."""

def target(
    json: str,
    contaminant: str | None = None,
    plugin_dirs: list[str] = ...,
    plugins: list[Any] = ...,
) -> tuple[str, dict[str, str]]:
    """Water pinch targets (GIL released): the targets document's JSON text and
    the composite curves' SVG text by contaminant."""

def versions() -> tuple[str, str]:
    """``(engine version, "HiGHS x.y.z")``."""

def schema_fields() -> dict[str, list[str]]:
    """The field names of each table of the scenario file, from the engine's schema."""

def report_html(result: str, scenario: str, scenario_file: str = "", sankey_threshold: float = 0.0001) -> str:
    """The park report (one self-contained HTML page) of a result's and its
    scenario's JSON text."""

def report_kpis(result: str, scenario: str) -> str:
    """The report's KPI block alone (cards and water balance), for notebooks."""

def verify(
    json: str,
    plan: str,
    plugin_dirs: list[str] = ...,
    plugins: list[Any] = ...,
) -> str:
    """Checks a plan's JSON (at least ``flows``) against the scenario; returns the verification JSON."""

def apply_sets(json: str, sets: list[tuple[str, str]]) -> str:
    """Sets ``path = value`` (values as JSON text) on scenario JSON text;
    ``ValidationError`` names each bad path."""

def compare(
    items: list[tuple[str, str, float | None]],
    time_limit: float | None = None,
    threads: int = 1,
    algorithm: str = "auto",
    pricing: str = "auto",
    max_workers: int | None = None,
) -> str:
    """Compares ``(name, scenario JSON, capex)`` items, the first the base:
    ``{"comparison", "columns", "rows"}`` as JSON text."""

def sweep_points(axes: list[str], sample: str, points: int, seed: int) -> list[list[float]]:
    """The points of a sweep design (``PATH=VALUES`` axes; grid or lhs)."""

def sweep(
    json: str,
    axes: list[str],
    sample: str = "grid",
    points: int = 100,
    seed: int = 1,
    explicit: list[list[float]] | None = None,
    time_limit: float | None = None,
    threads: int = 1,
    algorithm: str = "auto",
    pricing: str = "auto",
    max_workers: int | None = None,
) -> str:
    """Runs a sweep (GIL released, rayon): ``{"columns", "rows"}`` as JSON text."""
