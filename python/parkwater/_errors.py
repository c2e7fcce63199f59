"""The exception hierarchy of parkwater.

Every error the package raises on purpose derives from :class:`ParkwaterError`;
the compiled extension raises these same classes (it imports this module), so
there is never a bare ``RuntimeError`` and never a Rust panic.

All of them pickle, so an error raised on a dask or Ray worker reaches the
client as the same class with the same data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

if TYPE_CHECKING:
    from .result import Result


class Problem(TypedDict):
    """One problem of an invalid scenario."""

    path: str
    """Where, e.g. ``sink[E3.D1].max_conc.COD``."""
    code: str
    """Stable machine-readable code, e.g. ``number.negative``."""
    message: str
    """What is wrong, for a person."""


class ParkwaterError(Exception):
    """Base class of every error parkwater raises."""


class ValidationError(ParkwaterError, ValueError):
    """The scenario is invalid; :meth:`errors` lists every problem at once.

    Also a :class:`ValueError`, so code that catches bad input generically
    keeps working.
    """

    def __init__(self, message: str, errors: list[Problem] | None = None) -> None:
        super().__init__(message)
        self._errors: list[Problem] = [
            Problem(path=str(p["path"]), code=str(p["code"]), message=str(p["message"]))
            for p in (errors or [])
        ]

    def errors(self) -> list[Problem]:
        """Every problem, sorted by path then code, each a ``{"path", "code", "message"}`` dict."""
        return [Problem(path=p["path"], code=p["code"], message=p["message"]) for p in self._errors]

    def codes(self) -> list[str]:
        """The stable codes of :meth:`errors`, in order."""
        return [p["code"] for p in self._errors]

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self._errors))


class _OutcomeError(ParkwaterError):
    """An error that carries the :class:`~parkwater.Result` of the solve, if any."""

    def __init__(self, message: str, result: Result | None = None) -> None:
        super().__init__(message)
        self.result = result
        """The full result (status, diagnosis, solver counters), when the solve ran."""

    @property
    def status(self) -> str | None:
        """The solve's status (``"infeasible"``, ``"time_limit"``, ...), when it ran."""
        return None if self.result is None else self.result.status

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.result))


class InfeasibleError(_OutcomeError):
    """No flow meets every requirement of the park.

    :attr:`diagnosis` names the requirements that cannot all hold (HiGHS's
    irreducible infeasible subsystem, in park terms).
    """

    @property
    def diagnosis(self) -> dict[str, Any] | None:
        """``{"summary": str, "conflicting": [{"family", "entity", "contaminant"?, "label"}]}``."""
        return None if self.result is None else self.result.diagnosis


class SolverError(_OutcomeError):
    """The solver broke, ran out of time, or returned an answer that failed verification.

    :attr:`status` tells which (``"time_limit"``, ``"solver_failure"``,
    ``"unbounded"``, ``"verification_failed"``); it is ``None`` when the solver
    could not run at all.
    """


class PluginError(ParkwaterError):
    """An industry-rule plugin (compiled, or a Python :class:`~parkwater.Plugin`)
    failed: wrong ABI, missing symbol, an error or panic in a hook, an answer
    that is not the hook's JSON. A plugin that cannot be found is a
    :class:`ValidationError` (code ``plugin.not_found``) instead."""

    def __init__(
        self,
        message: str,
        plugin: str | None = None,
        hook: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.plugin = plugin
        """The plugin's name."""
        self.hook = hook
        """``load``, ``manifest``, ``transform``, ``rules``, ``constraints`` or ``report``."""
        self.code = code
        """Stable code: ``plugin.hook_error``, ``plugin.panic``, ``plugin.malformed_json``, ..."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.plugin, self.hook, self.code))


for _cls in (ParkwaterError, ValidationError, InfeasibleError, SolverError, PluginError):
    # Shown and pickled as `parkwater.X`, the public name.
    _cls.__module__ = "parkwater"

__all__ = [
    "InfeasibleError",
    "ParkwaterError",
    "PluginError",
    "Problem",
    "SolverError",
    "ValidationError",
]
