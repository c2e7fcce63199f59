"""The Python package's view of the scenario schema agrees with the engine's."""

from __future__ import annotations

import parkwater
from parkwater import _parkwater
from parkwater._schema import FIELDS, ID_TABLES, MAP_FIELDS


def test_fields_are_the_engines() -> None:
    engine = _parkwater.schema_fields()
    assert {t: frozenset(f) for t, f in engine.items()} == FIELDS
    assert "max_conc" in FIELDS["sink"] and "reject_to" in FIELDS["treatment"]


def test_every_id_table_and_map_field_is_a_schema_field() -> None:
    for table in ID_TABLES:
        assert "id" in FIELDS[table], table
    for table, maps in MAP_FIELDS.items():
        assert maps <= FIELDS[table], (table, maps - FIELDS[table])


def test_attribute_access_reaches_every_engine_field() -> None:
    scenario = parkwater.Scenario.from_dict(
        {
            "contaminants": ["COD"],
            "sink": [{"id": "D1", "flow": 10.0, "max_conc": {"COD": 20.0}}],
        }
    )
    sink = scenario.sink("D1")
    for field in FIELDS["sink"]:
        assert field in dir(sink), field
