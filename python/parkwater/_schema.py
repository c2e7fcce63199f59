"""The fields of each table of the scenario file, as the engine's schema has them.

Used for attribute access on :class:`~parkwater.Node` (typo-safe editing and
tab completion). A field the engine adds later is still reachable by item
access (``node["new_field"] = ...``); the engine itself rejects unknown fields.
"""

from __future__ import annotations

from . import _parkwater

#: Table key in the file (``sink``, ``source``, ...) per node kind.
NODE_KINDS: tuple[str, ...] = ("intake", "source", "sink", "treatment", "discharge")

#: Every table keyed by id: the node kinds plus ``enterprise`` and ``operation``
#: (a fixed-load operation, which validation turns into a sink ``<id>.in`` and a
#: source ``<id>.out``).
ID_TABLES: tuple[str, ...] = ("enterprise", *NODE_KINDS, "operation")

#: Every field per table, read off the engine's own schema (never a hand-kept
#: copy, so a field the engine adds is reachable at once).
FIELDS: dict[str, frozenset[str]] = {
    table: frozenset(fields) for table, fields in _parkwater.schema_fields().items()
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
