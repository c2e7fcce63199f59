"""The solve options, in one place.

Every function that solves parks (:meth:`Scenario.solve`,
:func:`parkwater.solve`, :func:`parkwater.solve_many`, :func:`parkwater.compare`,
:func:`parkwater.sweep`) takes ``time_limit`` (seconds per LP solve; its own
parameter, positional in :meth:`Scenario.solve`) and the keyword options of
:class:`SolveOptions`, checked and given their defaults here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal, TypedDict

Algorithm = Literal["auto", "simplex", "ipm"]
Pricing = Literal["auto", "on", "off"]


class SolveOptions(TypedDict, total=False):
    """The keyword options of every solving function (all optional).

    ``threads``: HiGHS's thread count (default 1, which keeps results
    bit-for-bit reproducible). ``algorithm``: ``"auto"`` (default),
    ``"simplex"`` or ``"ipm"``. ``pricing``: ``"auto"`` (default; arc pricing
    above 20 000 candidate arcs), ``"on"`` or ``"off"`` (the full LP); both
    give the same optimum.
    """

    threads: int
    algorithm: Algorithm | str
    pricing: Pricing | str


DEFAULTS: Final[SolveOptions] = {"threads": 1, "algorithm": "auto", "pricing": "auto"}
"""The value of each option not given."""

NAMES: Final[frozenset[str]] = frozenset(SolveOptions.__annotations__)
"""The option names, e.g. to check a configuration file's keys."""


def complete(options: Mapping[str, Any], function: str) -> dict[str, Any]:
    """``options`` with every default filled in; an unknown name is a
    ``TypeError`` naming the function and the known options (as Python
    reports an unexpected keyword argument). Values are checked by the
    engine (a ``ValueError`` naming the option)."""
    unknown = sorted(set(options) - NAMES)
    if unknown:
        known = ", ".join(sorted(NAMES | {"time_limit"}))
        raise TypeError(
            f"{function}() got an unexpected keyword argument {unknown[0]!r} "
            f"(solve options: {known})"
        )
    return {**DEFAULTS, **options}
