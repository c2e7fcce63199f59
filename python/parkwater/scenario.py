"""The :class:`Scenario`: a park's water network, to build, edit, validate and solve.

A scenario is held as plain Python data in the JSON form of the scenario file
(the same field names as the TOML: ``sink``, ``source``, ``max_conc``, ...), so
it pickles as data, edits naturally and round-trips losslessly through
:meth:`Scenario.to_dict` / :meth:`Scenario.from_dict`. Every rule of the model
lives in the Rust engine; this class only carries the data to it.
"""

from __future__ import annotations

import difflib
import json
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from . import _parkwater as _ext
from ._errors import Problem, ValidationError
from ._node import Node, Table, _deep_copy
from .plugin import Plugin, _dirs, _plugins
from .options import Algorithm as Algorithm, SolveOptions, complete
from ._schema import ID_TABLES, NODE_KINDS, OBJECTIVES

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .result import Result

Objective = Literal["freshwater", "cost", "discharge"]
PathLike = str | os.PathLike[str]


def _json_default(value: Any) -> Any:
    """Lets numpy scalars and other number-likes through ``json.dumps``."""
    item = getattr(value, "item", None)
    if callable(item):
        return item()
    for convert in (int, float):
        try:
            return convert(value)
        except (TypeError, ValueError):
            pass
    raise TypeError(f"{type(value).__name__} is not valid in a scenario: {value!r}")


def _dumps(data: Any) -> str:
    """Scenario data as compact JSON for the engine.

    JSON has no NaN or infinity, so a non-finite number cannot reach the
    engine's own ``number.not_finite`` check: it is reported here instead,
    with the engine's path syntax, together with every other problem the
    engine finds once those numbers are set aside.
    """
    try:
        return json.dumps(data, default=_json_default, allow_nan=False, separators=(",", ":"))
    except ValueError:
        pass
    bad: list[Problem] = []
    clean = _without_non_finite(data, "", bad)
    text = json.dumps(clean, default=_json_default, separators=(",", ":"))
    others: list[Problem] = []
    try:
        _ext.validate(text)
    except ValidationError as e:
        others = e.errors()
    problems = sorted(bad + others, key=lambda p: (p["path"], p["code"]))
    n = len(problems)
    lines = "".join(f"\n  {p['path']}: {p['message']} [{p['code']}]" for p in problems)
    raise ValidationError(f"scenario: {n} problem{'s' if n != 1 else ''}{lines}", problems)


def _without_non_finite(value: Any, path: str, bad: list[Problem]) -> Any:
    """A copy of ``value`` with each NaN or infinity replaced by 0, noted in ``bad``."""
    if isinstance(value, float) and not math.isfinite(value):
        bad.append(
            Problem(path=path, code="number.not_finite", message=f"{value} is not a finite number")
        )
        return 0.0
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if path == "" and key in ID_TABLES and isinstance(item, list):
                out[key] = [
                    _without_non_finite(entry, f"{key}[{_entry_id(entry, i)}]", bad)
                    for i, entry in enumerate(item)
                ]
            else:
                out[key] = _without_non_finite(item, f"{path}.{key}" if path else key, bad)
        return out
    if isinstance(value, (list, tuple)):
        return [_without_non_finite(v, f"{path}[{i}]", bad) for i, v in enumerate(value)]
    return value


def _entry_id(entry: Any, index: int) -> str:
    if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"].strip():
        return str(entry["id"])
    return f"#{index}"


def _objective_list(objective: str | Sequence[str]) -> list[str]:
    names = [objective] if isinstance(objective, str) else list(objective)
    if not names or not all(isinstance(n, str) for n in names):
        raise ValueError(
            f"objective must be one of {', '.join(OBJECTIVES)} or a list of them, not {objective!r}"
        )
    return names


class Scenario:
    """A park water network: contaminants, enterprises, intakes, sources,
    sinks, treatment units, discharges, forbidden arcs, policy and objective.

    Build one from a file (:meth:`load`), from text (:meth:`from_toml`,
    :meth:`from_json`), from a dict (:meth:`from_dict`) or from scratch::

        s = Scenario(["COD"], name="demo")
        s.add_intake("FW", kind="tap", conc={"COD": 0}, price=3.5)
        s.add_source("S1", flow=50, conc={"COD": 50})
        s.add_sink("D1", flow=80, max_conc={"COD": 20})
        s.add_discharge("WW", kind="sewer")
        result = s.solve(objective="freshwater")

    Edits go through live views: ``s.sink("D1").max_conc["COD"] = 30``.
    """

    __slots__ = ("_data", "origin")

    def __init__(
        self,
        contaminants: Iterable[str] = (),
        *,
        name: str = "",
        flow_unit: str | None = None,
        hours_per_year: float | None = None,
        pipe_cost: float | None = None,
    ) -> None:
        park: dict[str, Any] = {"name": name}
        for key, value in (
            ("flow_unit", flow_unit),
            ("hours_per_year", hours_per_year),
            ("pipe_cost", pipe_cost),
        ):
            if value is not None:
                park[key] = value
        self._data: dict[str, Any] = {"contaminants": list(contaminants), "park": park}
        self.origin: str | None = None
        """The file the scenario was loaded from, if any."""

    # ------------------------------------------------------------------ reading

    @classmethod
    def _wrap(cls, data: dict[str, Any], origin: str | None = None) -> Scenario:
        scenario = cls.__new__(cls)
        scenario._data = data
        scenario.origin = origin
        return scenario

    @classmethod
    def load(cls, path: PathLike) -> Scenario:
        """Reads a scenario file: TOML, JSON when the name ends in ``.json``, an
        Excel workbook (``.xlsx``) or a folder of CSV files (see
        ``parkwater template``); workbook problems name the sheet and cell.

        Raises :class:`FileNotFoundError` (or another :class:`OSError`) when
        the file cannot be read, and :class:`~parkwater.ValidationError`
        (code ``file.syntax``) when it is not a well-formed scenario. Values
        are checked later, by :meth:`validate` or :meth:`solve`.
        """
        text = _ext.load(os.fspath(path))
        return cls._wrap(json.loads(text), origin=os.fspath(path))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scenario:
        """A scenario from its dict form (the JSON encoding of the file).

        The structure is checked at once (unknown fields, wrong types: a
        :class:`~parkwater.ValidationError` with code ``file.syntax``) and the
        data normalized (numbers as floats, empty tables left out). The dict
        is copied, never kept.
        """
        return cls._wrap(json.loads(_ext.normalize(_dumps(data))))

    @classmethod
    def from_json(cls, text: str) -> Scenario:
        """A scenario from JSON text with the field names of the file."""
        return cls._wrap(json.loads(_ext.normalize(text)))

    @classmethod
    def from_toml(cls, text: str) -> Scenario:
        """A scenario from TOML text (the file format)."""
        return cls._wrap(json.loads(_ext.toml_to_json(text)))

    # ------------------------------------------------------------------ writing

    def to_dict(self) -> dict[str, Any]:
        """A deep copy of the scenario's dict form; editing it leaves the scenario alone."""
        result: dict[str, Any] = _deep_copy(self._data)
        return result

    def to_json(self, indent: int | None = 2) -> str:
        """The scenario as JSON text (the engine reads it back with the same meaning)."""
        return json.dumps(self._data, default=_json_default, indent=indent)

    def to_toml(self) -> str:
        """The scenario as TOML text, the format people write."""
        return _ext.json_to_toml(_dumps(self._data))

    def save(self, path: PathLike) -> None:
        """Writes the scenario: JSON when the name ends in ``.json``, TOML otherwise."""
        path = os.fspath(path)
        text = self.to_json() if path.lower().endswith(".json") else self.to_toml()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def copy(self) -> Scenario:
        """An independent deep copy: editing it leaves this scenario unchanged."""
        return self._wrap(self.to_dict(), self.origin)

    def variant(self, **sets: Any) -> Scenario:
        """A new scenario with ``path = value`` settings, in the notation
        validation prints: ``scenario.variant(**{"intake[SW].price": 2.0})``.
        See :func:`parkwater.decisions.variant`."""
        from .decisions import variant

        return variant(self, sets)

    __copy__ = copy

    def __deepcopy__(self, memo: dict[int, Any]) -> Scenario:
        return self.copy()

    def __getstate__(self) -> dict[str, Any]:
        return {"data": self._data, "origin": self.origin}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._data = state["data"]
        self.origin = state["origin"]

    def __dask_tokenize__(self) -> str:
        return "parkwater.Scenario:" + _dumps(self._data)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        return self._data == other._data

    __hash__ = None  # type: ignore[assignment]

    # ------------------------------------------------------------------ checking and solving

    def validate(
        self,
        *,
        plugins: Iterable[Plugin] | None = None,
        plugin_dirs: Iterable[PathLike] | PathLike | None = None,
    ) -> None:
        """Checks every name, reference, unit and number, after applying the
        plugins (as :meth:`solve` does).

        Raises :class:`~parkwater.ValidationError` listing *every* problem
        (``.errors()``: path, stable code, message); returns ``None`` when the
        scenario is valid. A scenario naming compiled plugins needs
        ``plugin_dirs`` (or ``PARKWATER_PLUGIN_PATH``): without them its
        problems include ``plugin.not_loaded``, so no rule is silently lost.
        """
        _ext.validate(
            _dumps(self._data), plugin_dirs=_dirs(plugin_dirs), plugins=_plugins(plugins)
        )

    def problems(
        self,
        *,
        plugins: Iterable[Plugin] | None = None,
        plugin_dirs: Iterable[PathLike] | PathLike | None = None,
    ) -> list[Problem]:
        """Every problem :meth:`validate` would raise; empty when valid."""
        try:
            self.validate(plugins=plugins, plugin_dirs=plugin_dirs)
        except ValidationError as e:
            return e.errors()
        return []

    @property
    def is_valid(self) -> bool:
        """Whether :meth:`validate` passes."""
        return not self.problems()

    def _payload(self, objective: str | Sequence[str] | None) -> str:
        if objective is None:
            return _dumps(self._data)
        data = dict(self._data)
        spec = dict(data.get("objective") or {})
        spec["minimize"] = _objective_list(objective)
        data["objective"] = spec
        return _dumps(data)

    def solve(
        self,
        objective: Objective | str | Sequence[str] | None = None,
        time_limit: float | None = None,
        *,
        check: bool = True,
        verbose: bool = False,
        plugins: Iterable[Plugin] | None = None,
        plugin_dirs: Iterable[PathLike] | PathLike | None = None,
        **options: Unpack[SolveOptions],
    ) -> Result:
        """Validates and solves the scenario; the GIL is released while the engine runs.

        ``objective`` (``"freshwater"``, ``"cost"``, ``"discharge"`` or a list,
        solved in lexicographic order) overrides the scenario's own
        ``[objective]``; the default of a scenario without one is
        ``["freshwater", "cost"]``. ``time_limit`` is in seconds per LP solve.
        ``options`` are the solve options of :class:`parkwater.options.SolveOptions`
        (the same for every solving function): ``threads`` (HiGHS's thread
        count; 1, the default, keeps results bit-for-bit reproducible),
        ``algorithm`` (``"auto"``, ``"simplex"`` or ``"ipm"``) and ``pricing``
        (``"auto"``: arc pricing above 20 000 candidate arcs, ``"on"`` or
        ``"off"``: the full LP; both give the same optimum).

        With ``check=True`` (the default) a solve that does not end optimal
        raises: :class:`~parkwater.InfeasibleError` (with ``.diagnosis`` and
        ``.result``) when the park is infeasible, :class:`~parkwater.SolverError`
        (with ``.status`` and ``.result``) on a time limit, a solver failure or a
        failed verification. With ``check=False`` the :class:`~parkwater.Result`
        is returned whatever its status. An invalid scenario always raises
        :class:`~parkwater.ValidationError`.

        Plugins: the compiled plugins the scenario names (``plugins = [...]``
        in the file) are loaded from ``plugin_dirs``, then from the
        directories in ``PARKWATER_PLUGIN_PATH``, never from anywhere else;
        ``plugins`` adds Python :class:`~parkwater.Plugin` rules. Their KPIs
        and checks are in :attr:`Result.plugins`; a failing plugin raises
        :class:`~parkwater.PluginError`.
        """
        from .result import Result

        engine = complete(options, "solve")
        payload = self._payload(objective)
        text = _ext.solve(
            payload,
            time_limit=time_limit,
            verbose=verbose,
            **engine,
            plugin_dirs=_dirs(plugin_dirs),
            plugins=_plugins(plugins),
        )
        result = Result.from_json(text)
        result._scenario = payload  # for Result.report()
        if check:
            result.raise_for_status()
        return result

    # ------------------------------------------------------------------ park-wide settings

    @property
    def name(self) -> str:
        """The park's name (``[park] name``)."""
        return str(self.park.name or "")

    @name.setter
    def name(self, value: str) -> None:
        self.park.name = value

    @property
    def contaminants(self) -> list[str]:
        """The contaminant ids; the live list (``append`` edits the scenario)."""
        value = self._data.setdefault("contaminants", [])
        assert isinstance(value, list)
        return value

    @contaminants.setter
    def contaminants(self, value: Iterable[str]) -> None:
        self._data["contaminants"] = list(value)

    @property
    def plugins(self) -> list[str]:
        """The compiled plugins the scenario names (``plugins = [...]``), in the
        order they run; the live list (``append`` edits the scenario)."""
        value = self._data.setdefault("plugins", [])
        assert isinstance(value, list)
        return value

    @plugins.setter
    def plugins(self, value: Iterable[str]) -> None:
        self._data["plugins"] = list(value)

    @property
    def plugin_config(self) -> dict[str, Any]:
        """Each plugin's ``[plugin.<name>]`` table by name (what its hooks get
        as ``config``); the live dict."""
        value = self._data.setdefault("plugin", {})
        assert isinstance(value, dict)
        return value

    @property
    def park(self) -> Table:
        """``[park]``: name, description, flow_unit, hours_per_year, pipe_cost."""
        return Table(self._data, "park", "park")

    @property
    def policy(self) -> Table:
        """``[policy]``: min_reuse_rate, max_intake, max_discharge (``None`` when unset)."""
        return Table(self._data, "policy", "policy")

    @property
    def objective(self) -> list[str] | None:
        """The objective list of ``[objective]``, or ``None`` (the engine's default)."""
        spec = self._data.get("objective")
        if not spec:
            return None
        minimize = spec.get("minimize")
        return [minimize] if isinstance(minimize, str) else list(minimize or [])

    @objective.setter
    def objective(self, value: str | Sequence[str] | None) -> None:
        if value is None:
            self._data.pop("objective", None)
            return
        spec = dict(self._data.get("objective") or {})
        spec["minimize"] = _objective_list(value)
        self._data["objective"] = spec

    # ------------------------------------------------------------------ nodes

    def _table(self, kind: str) -> list[dict[str, Any]]:
        value = self._data.get(kind)
        return value if isinstance(value, list) else []

    def _find(self, kind: str, id: str) -> Node:
        for entry in self._table(kind):
            if entry.get("id") == id:
                return Node(kind, entry)
        known = [str(e.get("id")) for e in self._table(kind)]
        close = difflib.get_close_matches(id, known, n=3)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise KeyError(f"no {kind} with id {id!r}{hint}")

    def intake(self, id: str) -> Node:
        """The intake ``id`` (a live view); :class:`KeyError` when there is none."""
        return self._find("intake", id)

    def source(self, id: str) -> Node:
        """The source ``id`` (a live view); :class:`KeyError` when there is none."""
        return self._find("source", id)

    def sink(self, id: str) -> Node:
        """The sink ``id`` (a live view): ``s.sink("E1.D1").max_conc["COD"] = 30``."""
        return self._find("sink", id)

    def treatment(self, id: str) -> Node:
        """The treatment unit ``id`` (a live view); :class:`KeyError` when there is none."""
        return self._find("treatment", id)

    def discharge(self, id: str) -> Node:
        """The discharge ``id`` (a live view); :class:`KeyError` when there is none."""
        return self._find("discharge", id)

    def enterprise(self, id: str) -> Node:
        """The enterprise ``id`` (a live view); :class:`KeyError` when there is none."""
        return self._find("enterprise", id)

    def operation(self, id: str) -> Node:
        """The fixed-load operation ``id`` (a live view); :class:`KeyError` when there is none."""
        return self._find("operation", id)

    def node(self, id: str) -> Node:
        """The intake, source, sink, treatment or discharge ``id`` (ids share one namespace)."""
        for kind in NODE_KINDS:
            for entry in self._table(kind):
                if entry.get("id") == id:
                    return Node(kind, entry)
        raise KeyError(f"no node with id {id!r}")

    @property
    def intakes(self) -> list[Node]:
        """Every intake, in file order."""
        return [Node("intake", e) for e in self._table("intake")]

    @property
    def sources(self) -> list[Node]:
        """Every source, in file order."""
        return [Node("source", e) for e in self._table("source")]

    @property
    def sinks(self) -> list[Node]:
        """Every sink, in file order."""
        return [Node("sink", e) for e in self._table("sink")]

    @property
    def treatments(self) -> list[Node]:
        """Every treatment unit, in file order."""
        return [Node("treatment", e) for e in self._table("treatment")]

    @property
    def discharges(self) -> list[Node]:
        """Every discharge, in file order."""
        return [Node("discharge", e) for e in self._table("discharge")]

    @property
    def enterprises(self) -> list[Node]:
        """Every enterprise, in file order."""
        return [Node("enterprise", e) for e in self._table("enterprise")]

    @property
    def operations(self) -> list[Node]:
        """Every fixed-load operation, in file order."""
        return [Node("operation", e) for e in self._table("operation")]

    @property
    def forbidden(self) -> list[dict[str, Any]]:
        """The ``[[forbid]]`` rules (the live list of ``{"from", "to", "reason"?}``)."""
        value = self._data.setdefault("forbid", [])
        assert isinstance(value, list)
        return value

    def _add(self, kind: str, id: str, fields: dict[str, Any]) -> Node:
        if not isinstance(id, str) or not id.strip():
            raise ValidationError(
                f"a {kind} needs a non-empty id",
                [Problem(path=f"{kind}[#].id", code="id.empty", message=f"a {kind} needs an id")],
            )
        kinds = (kind,) if kind in ("enterprise", "operation") else NODE_KINDS
        for other in kinds:
            if any(e.get("id") == id for e in self._table(other)):
                message = f"id {id!r} is already used by a {other}"
                raise ValidationError(
                    message, [Problem(path=f"{kind}[{id}].id", code="id.duplicate", message=message)]
                )
        entry: dict[str, Any] = {"id": id}
        for key, value in fields.items():
            if value is None:
                continue
            if isinstance(value, Mapping):
                value = dict(value)
            elif isinstance(value, tuple):
                value = list(value)
            entry[key] = value
        table = self._data.get(kind)
        if not isinstance(table, list):
            table = self._data[kind] = []
        table.append(entry)
        return Node(kind, entry)

    def _zero_conc(self) -> dict[str, float]:
        return {c: 0.0 for c in self.contaminants}

    def add_enterprise(
        self,
        id: str,
        industry: str = "",
        *,
        location: tuple[float, float] | None = None,
        recirculation: float | None = None,
    ) -> Node:
        """Adds an enterprise (owner of sources and sinks; plugins key on ``industry``)."""
        return self._add(
            "enterprise",
            id,
            {"industry": industry, "location": location, "recirculation": recirculation},
        )

    def add_intake(
        self,
        id: str,
        kind: str = "tap",
        conc: Mapping[str, float] | None = None,
        price: float | None = None,
        *,
        max_flow: float | None = None,
        location: tuple[float, float] | None = None,
    ) -> Node:
        """Adds a freshwater supply: ``kind`` surface|ground|tap|reclaimed|seawater|rainwater,
        ``conc`` mg/L (0 for every contaminant when omitted), ``price`` CNY/t,
        ``max_flow`` the permit cap in the flow unit."""
        return self._add(
            "intake",
            id,
            {
                "kind": kind,
                "conc": self._zero_conc() if conc is None else conc,
                "price": price,
                "max_flow": max_flow,
                "location": location,
            },
        )

    def add_source(
        self,
        id: str,
        flow: float,
        conc: Mapping[str, float],
        *,
        enterprise: str | None = None,
    ) -> Node:
        """Adds an effluent: ``flow`` in the flow unit (all of it must go somewhere),
        ``conc`` mg/L for every contaminant."""
        return self._add("source", id, {"enterprise": enterprise, "flow": flow, "conc": conc})

    def add_sink(
        self,
        id: str,
        flow: float | None = None,
        max_conc: Mapping[str, float] | None = None,
        *,
        enterprise: str | None = None,
        min_flow: float | None = None,
        max_flow: float | None = None,
        grade: str | None = None,
        accepts: Sequence[str] | None = None,
    ) -> Node:
        """Adds a demand: a fixed ``flow`` (or ``min_flow``/``max_flow``), its
        maximum inlet ``max_conc`` in mg/L (a contaminant left out is
        unconstrained) or a named quality ``grade``, and optionally the supply
        kinds it ``accepts``."""
        return self._add(
            "sink",
            id,
            {
                "enterprise": enterprise,
                "flow": flow,
                "min_flow": min_flow,
                "max_flow": max_flow,
                "max_conc": max_conc,
                "grade": grade,
                "accepts": None if accepts is None else list(accepts),
            },
        )

    def add_treatment(
        self,
        id: str,
        outlet_conc: Mapping[str, float],
        recovery: float | None = None,
        *,
        max_flow: float | None = None,
        opex: float | None = None,
        max_inlet_conc: Mapping[str, float] | None = None,
        reject_to: str | None = None,
        kind: str | None = None,
        enterprise: str | None = None,
        location: tuple[float, float] | None = None,
    ) -> Node:
        """Adds a regeneration unit: fixed ``outlet_conc`` mg/L, ``recovery``
        product/inflow in (0, 1], capacity ``max_flow``, ``opex`` CNY per t of
        inflow, the discharge ``reject_to`` that takes the reject (required
        when recovery < 1)."""
        return self._add(
            "treatment",
            id,
            {
                "enterprise": enterprise,
                "kind": kind,
                "outlet_conc": outlet_conc,
                "recovery": recovery,
                "max_flow": max_flow,
                "opex": opex,
                "max_inlet_conc": max_inlet_conc,
                "reject_to": reject_to,
                "location": location,
            },
        )

    def add_discharge(
        self,
        id: str,
        kind: str | None = None,
        *,
        max_conc: Mapping[str, float] | None = None,
        max_load: Mapping[str, float] | None = None,
        fee: float | None = None,
        grade: str | None = None,
        location: tuple[float, float] | None = None,
    ) -> Node:
        """Adds an outfall: ``kind`` sewer|river|sea|wetland|zld, limits on the
        mix ``max_conc`` mg/L, load caps ``max_load`` kg/h, ``fee`` CNY/t."""
        return self._add(
            "discharge",
            id,
            {
                "kind": kind,
                "max_conc": max_conc,
                "grade": grade,
                "max_load": max_load,
                "fee": fee,
                "location": location,
            },
        )

    def add_operation(
        self,
        id: str,
        load: Mapping[str, float],
        max_inlet_conc: Mapping[str, float],
        max_outlet_conc: Mapping[str, float] | None = None,
        *,
        limiting_flow: float | None = None,
        enterprise: str | None = None,
    ) -> Node:
        """Adds a fixed-contaminant-load operation: the water picks up ``load``
        kg/h between an inlet at most ``max_inlet_conc`` and an outlet at most
        ``max_outlet_conc`` mg/L. Validation turns it into a sink ``<id>.in``
        and a source ``<id>.out`` at the limiting flow (``limiting_flow``, or
        derived from the loads and limits)."""
        return self._add(
            "operation",
            id,
            {
                "enterprise": enterprise,
                "load": load,
                "max_inlet_conc": max_inlet_conc,
                "max_outlet_conc": max_outlet_conc,
                "limiting_flow": limiting_flow,
            },
        )

    def add_forbid(self, from_: str, to: str, reason: str | None = None) -> None:
        """Forbids every arc from a supply matching ``from_`` to a demand
        matching ``to`` (``*`` matches any run of characters)."""
        rule: dict[str, Any] = {"from": from_, "to": to}
        if reason is not None:
            rule["reason"] = reason
        self.forbidden.append(rule)

    def remove(self, id: str) -> dict[str, Any]:
        """Removes the node (or, failing that, the operation or enterprise) ``id``; returns its data.

        References to it (``reject_to``, ``enterprise``, forbid rules) are left
        as they are: :meth:`validate` reports any that dangle.
        """
        for kind in (*NODE_KINDS, "operation", "enterprise"):
            table = self._table(kind)
            for i, entry in enumerate(table):
                if entry.get("id") == id:
                    return table.pop(i)
        raise KeyError(f"no node or enterprise with id {id!r}")

    def ids(self, kind: str | None = None) -> list[str]:
        """Ids of one table (``"sink"``, ...) or of every node, in file order."""
        kinds: Iterable[str] = NODE_KINDS if kind is None else (kind,)
        if kind is not None and kind not in ID_TABLES:
            raise ValueError(f"kind must be one of {', '.join(ID_TABLES)}, not {kind!r}")
        return [str(e.get("id")) for k in kinds for e in self._table(k)]

    # ------------------------------------------------------------------ display

    def __repr__(self) -> str:
        counts = ", ".join(
            f"{len(self._table(k))} {k}{'s' if len(self._table(k)) != 1 else ''}"
            for k in NODE_KINDS
        )
        name = f" {self.name!r}" if self.name else ""
        return f"<Scenario{name}: {counts}; contaminants {', '.join(self.contaminants) or '-'}>"

    def _repr_html_(self) -> str:
        from ._html import scenario_html

        return scenario_html(self)
