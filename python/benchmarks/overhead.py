"""How much the Python layer adds to a solve.

    python/.venv/bin/python python/benchmarks/overhead.py

For each park: the median time of `Scenario.solve()` end to end, of the bare
extension call `_parkwater.solve(json)` (parse + validate + LP + HiGHS +
verify + report + JSON, all in Rust, GIL released), and of the Python parts
around it: encoding the scenario dict as JSON and decoding the report into a
`Result`. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import parkwater
from parkwater import _parkwater
from parkwater.scenario import _dumps

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from synthetic import random_park  # noqa: E402


def median_time(f: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    scenarios = HERE.parent.parent / "scenarios"
    parks = [
        ("polley-polley-2000", parkwater.load(scenarios / "polley-polley-2000.toml"), 50),
        ("lianyungang-demo", parkwater.load(scenarios / "lianyungang-demo.toml"), 30),
        ("random 100x100x3", random_park(100, 100, 3), 3),
        ("random 200x200x3", random_park(200, 200, 3), 3),
        ("random 300x300x3", random_park(300, 300, 3), 3),
    ]
    print(
        f"{'park':<20} {'arcs':>7} {'solve()':>10} {'rust call':>10} "
        f"{'encode':>9} {'decode':>9} {'python':>16} {'json in rust':>13}"
    )
    for name, s, repeat in parks:
        payload = _dumps(s._data)
        report = _parkwater.solve(payload)
        arcs = json.loads(report)["solver"]["stats"]["columns"]
        full = median_time(lambda: s.solve(), repeat)
        rust = median_time(lambda: _parkwater.solve(payload), repeat)
        encode = median_time(lambda: _dumps(s._data), repeat * 3)
        decode = median_time(lambda: parkwater.Result.from_json(report), repeat * 3)
        # Parsing and re-serializing the scenario JSON in Rust: the part of the
        # rust call that a Rust caller holding a `Scenario` would not pay.
        rust_json = median_time(lambda: _parkwater.normalize(payload), repeat * 3)
        # What Python adds around the extension call, measured directly (the
        # difference full - rust is within the noise of the solve on large parks).
        python = encode + decode
        print(
            f"{name:<20} {arcs:>7} {full * 1e3:>8.2f}ms {rust * 1e3:>8.2f}ms "
            f"{encode * 1e3:>7.3f}ms {decode * 1e3:>7.3f}ms "
            f"{python * 1e3:>7.3f}ms ({python / full:>6.2%}) {rust_json * 1e3:>11.3f}ms"
        )


if __name__ == "__main__":
    main()
