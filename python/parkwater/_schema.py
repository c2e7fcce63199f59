"""The fields of each table of the scenario file, as the engine's schema has them.

Used for attribute access on :class:`~parkwater.Node` (typo-safe editing and
tab completion). A field the engine adds later is still reachable by item
access (``node["new_field"] = ...``); the engine itself rejects unknown fields.
"""

from __future__ import annotations

#: Table key in the file (``sink``, ``source``, ...) per node kind.
NODE_KINDS: tuple[str, ...] = ("intake", "source", "sink", "treatment", "discharge")

#: Every table keyed by id: the node kinds plus ``enterprise`` and ``operation``
#: (a fixed-load operation, which validation turns into a sink ``<id>.in`` and a
#: source ``<id>.out``).
ID_TABLES: tuple[str, ...] = ("enterprise", *NODE_KINDS, "operation")

#: Scalar and list fields per table.
FIELDS: dict[str, frozenset[str]] = {
    "enterprise": frozenset({"id", "industry", "location", "recirculation", "dedicated"}),
    "intake": frozenset(
        {"id", "kind", "conc", "price", "max_flow", "location", "candidate", "capex", "build"}
    ),
    "source": frozenset({"id", "enterprise", "flow", "conc", "location"}),
    "sink": frozenset(
        {"id", "enterprise", "flow", "min_flow", "max_flow", "max_conc", "grade", "accepts", "location"}
    ),
    "treatment": frozenset(
        {
            "id",
            "enterprise",
            "kind",
            "outlet_conc",
            "recovery",
            "max_flow",
            "opex",
            "max_inlet_conc",
            "reject_to",
            "location",
            "candidate",
            "capex",
            "build",
        }
    ),
    "discharge": frozenset({"id", "kind", "max_conc", "grade", "max_load", "fee", "location"}),
    "operation": frozenset(
        {"id", "enterprise", "load", "max_inlet_conc", "max_outlet_conc", "limiting_flow"}
    ),
    "park": frozenset({"name", "description", "flow_unit", "hours_per_year", "pipe_cost"}),
    "policy": frozenset({"min_reuse_rate", "max_intake", "max_discharge"}),
}

#: Per-contaminant maps (contaminant id -> number); attribute access returns
#: a live mapping, so ``sink.max_conc["COD"] = 30`` edits the scenario.
MAP_FIELDS: dict[str, frozenset[str]] = {
    "enterprise": frozenset(),
    "intake": frozenset({"conc"}),
    "source": frozenset({"conc"}),
    "sink": frozenset({"max_conc"}),
    "treatment": frozenset({"outlet_conc", "max_inlet_conc"}),
    "discharge": frozenset({"max_conc", "max_load"}),
    "operation": frozenset({"load", "max_inlet_conc", "max_outlet_conc"}),
    "park": frozenset(),
    "policy": frozenset(),
}

#: Objective names the engine knows.
OBJECTIVES: tuple[str, ...] = ("freshwater", "cost", "discharge")
