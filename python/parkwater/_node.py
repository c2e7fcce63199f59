"""Live views over the tables of a scenario's dict form.

A :class:`Node` edits the scenario it came from: ``scenario.sink("E1.D1").flow = 40``
and ``scenario.sink("E1.D1").max_conc["COD"] = 30`` both change the scenario.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

from ._schema import FIELDS, MAP_FIELDS


class LiveMap(MutableMapping[str, float]):
    """A per-contaminant map (``max_conc``, ``conc``, ...) inside a table.

    Reading never changes the scenario; the first write creates the map.
    Compares equal to a plain dict with the same items.
    """

    __slots__ = ("_parent", "_key")

    def __init__(self, parent: dict[str, Any], key: str) -> None:
        self._parent = parent
        self._key = key

    def _get(self) -> dict[str, float]:
        value = self._parent.get(self._key)
        return value if isinstance(value, dict) else {}

    def __getitem__(self, contaminant: str) -> float:
        return self._get()[contaminant]

    def __setitem__(self, contaminant: str, value: float) -> None:
        current = self._parent.get(self._key)
        if not isinstance(current, dict):
            current = self._parent[self._key] = {}
        current[contaminant] = value

    def __delitem__(self, contaminant: str) -> None:
        del self._get()[contaminant]

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())

    def __repr__(self) -> str:
        return repr(self._get())


class Table:
    """A table without an id (``park``, ``policy``): attribute access to its fields.

    Reading never changes the scenario; the first write creates the table.
    """

    __slots__ = ("_root", "_key", "_kind")
    _root: dict[str, Any]
    _key: str
    _kind: str

    def __init__(self, root: dict[str, Any], key: str, kind: str) -> None:
        object.__setattr__(self, "_root", root)
        object.__setattr__(self, "_key", key)
        object.__setattr__(self, "_kind", kind)

    def _data(self, create: bool = False) -> dict[str, Any]:
        value = self._root.get(self._key)
        if isinstance(value, dict):
            return value
        if create:
            value = self._root[self._key] = {}
            return value
        return {}

    @property
    def table(self) -> str:
        """Which table this is: ``park``, ``policy``, ``sink``, ... (``kind`` is
        a field of intakes, treatments and discharges, so not this)."""
        return self._kind

    def _check(self, name: str) -> None:
        if name not in FIELDS[self._kind]:
            fields = ", ".join(sorted(FIELDS[self._kind]))
            raise AttributeError(f"a {self._kind} has no field {name!r}; its fields: {fields}")

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        self._check(name)
        if name in MAP_FIELDS[self._kind]:
            return LiveMap(self._data(create=True), name)
        return self._data().get(name)

    def __setattr__(self, name: str, value: Any) -> None:
        self._check(name)
        self[name] = value

    def __delattr__(self, name: str) -> None:
        self._check(name)
        self._data().pop(name, None)

    def __getitem__(self, name: str) -> Any:
        return self._data()[name]

    def __setitem__(self, name: str, value: Any) -> None:
        if value is None:
            self._data().pop(name, None)
            return
        if isinstance(value, (LiveMap, dict)):
            value = dict(value)
        elif isinstance(value, tuple):
            value = list(value)
        self._data(create=True)[name] = value

    def __delitem__(self, name: str) -> None:
        del self._data()[name]

    def __contains__(self, name: object) -> bool:
        return name in self._data()

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | FIELDS[self._kind])

    def to_dict(self) -> dict[str, Any]:
        """A deep copy of the table."""
        copy: dict[str, Any] = _deep_copy(self._data())
        return copy

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Table):
            return self._kind == other._kind and self._data() == other._data()
        if isinstance(other, dict):
            return self._data() == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        body = ", ".join(f"{k}={v!r}" for k, v in self._data().items())
        return f"{self._kind.capitalize()}({body})"


class Node(Table):
    """One entry of an id-keyed table (``sink``, ``source``, ``intake``,
    ``treatment``, ``discharge``, ``enterprise``), editing the scenario in place.

    Fields are attributes (``node.flow``; ``None`` when absent; assigning
    ``None`` removes the field) and items (``node["flow"]``).
    Per-contaminant maps are live: ``node.max_conc["COD"] = 30``.
    """

    __slots__ = ("_entry",)
    _entry: dict[str, Any]

    def __init__(self, kind: str, entry: dict[str, Any]) -> None:
        object.__setattr__(self, "_entry", entry)
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_root", {})
        object.__setattr__(self, "_key", "")

    def _data(self, create: bool = False) -> dict[str, Any]:
        return self._entry

    @property
    def id(self) -> str:
        """The node's id."""
        return str(self._entry.get("id", ""))

    def __repr__(self) -> str:
        rest = ", ".join(f"{k}={v!r}" for k, v in self._entry.items() if k != "id")
        sep = ", " if rest else ""
        return f"{self._kind.capitalize()}({self.id!r}{sep}{rest})"


def _deep_copy(value: Any) -> Any:
    """A deep copy of JSON-like data (dicts, lists, scalars); fast, no memo."""
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_deep_copy(v) for v in value]
    return value
