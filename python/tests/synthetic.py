"""Random parks of any size, for the GIL test, the sweeps and the benchmark."""

from __future__ import annotations

import random

import parkwater


def random_park(
    n_sources: int = 150,
    n_sinks: int = 150,
    n_contaminants: int = 3,
    seed: int = 7,
    *,
    treatment: bool = True,
) -> parkwater.Scenario:
    """A feasible park: sources and sinks with random flows and concentrations,
    two clean intakes (always feasible: no caps), one regeneration unit and one
    sewer without limits, so every effluent has somewhere to go."""
    rng = random.Random(seed)
    names = [f"C{k}" for k in range(n_contaminants)]
    s = parkwater.Scenario(names, name=f"random park {n_sources}x{n_sinks}x{n_contaminants} #{seed}")
    s.add_intake("FW", "surface", {c: 0.0 for c in names}, price=1.0)
    s.add_intake("TAP", "tap", {c: 0.0 for c in names}, price=3.5)
    for i in range(n_sources):
        s.add_source(
            f"S{i}",
            flow=round(rng.uniform(5, 100), 3),
            conc={c: round(rng.uniform(1, 500), 3) for c in names},
        )
    for j in range(n_sinks):
        s.add_sink(
            f"D{j}",
            flow=round(rng.uniform(5, 100), 3),
            max_conc={c: round(rng.uniform(0, 300), 3) for c in names},
        )
    if treatment:
        s.add_treatment(
            "RO",
            outlet_conc={c: 1.0 for c in names},
            recovery=0.75,
            max_flow=500.0,
            opex=2.0,
            reject_to="WW",
        )
    s.add_discharge("WW", "sewer", fee=0.5)
    s.objective = ["freshwater", "cost"]
    return s
