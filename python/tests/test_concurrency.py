"""The GIL is released during solves; sweeps run in parallel in Rust, on any
executor, and on a real dask.distributed LocalCluster of processes."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

import parkwater
from parkwater import _parkwater
from synthetic import random_park

#: A solve must take at least this long for the GIL test to mean something, s.
MIN_SOLVE_SECONDS = 0.3


class Counter:
    """A Python thread that counts as fast as it can until stopped."""

    def __init__(self) -> None:
        self.count = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.count += 1

    def __enter__(self) -> Counter:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def test_gil_is_released_during_a_solve() -> None:
    with Counter() as counter:
        time.sleep(0.2)
        # Baseline: how fast the thread counts while this one sleeps.
        start, t0 = counter.count, time.perf_counter()
        time.sleep(0.2)
        rate = (counter.count - start) / (time.perf_counter() - t0)

        # 150 x 150 x 3 takes about a second; larger parks keep the test
        # meaningful should the engine get much faster.
        for n in (150, 250, 400):
            payload = random_park(n, n, 3, seed=11)._payload(None)
            before, t0 = counter.count, time.perf_counter()
            text = _parkwater.solve(payload)  # only the engine: parse, validate, solve, report
            elapsed = time.perf_counter() - t0
            during = counter.count - before
            if elapsed > MIN_SOLVE_SECONDS:
                break
    assert parkwater.Result.from_json(text).optimal
    assert elapsed > MIN_SOLVE_SECONDS, f"solve took only {elapsed:.3f} s; make the park larger"
    # Holding the GIL would freeze the counter for the whole call; released, it
    # keeps a good share of its pace (the machine may have only two cores).
    assert during > 0.2 * rate * elapsed, (during, rate, elapsed)


def test_gil_is_released_by_solve_many() -> None:
    scenarios = [random_park(110, 110, 3, seed=s) for s in range(2)]
    payloads = [s._payload(None) for s in scenarios]
    with Counter() as counter:
        time.sleep(0.1)
        before, t0 = counter.count, time.perf_counter()
        _parkwater.solve_many(payloads, max_workers=1)
        elapsed = time.perf_counter() - t0
        during = counter.count - before
    assert elapsed > MIN_SOLVE_SECONDS
    assert during > 10_000, (during, elapsed)


def variants(base: parkwater.Scenario, n: int = 20) -> list[parkwater.Scenario]:
    """The demo park under n tap-water and seawater prices and reuse targets."""
    out = []
    for i in range(n):
        s = base.copy()
        s.intake("TAP").price = 2.0 + 0.25 * i
        s.intake("SW").price = 0.6 + 0.05 * i
        s.policy.min_reuse_rate = 0.90 + 0.004 * (i % 5)
        s.name = f"variant {i}"
        out.append(s)
    return out


@pytest.fixture(scope="module")
def sweep() -> list[parkwater.Scenario]:
    from conftest import SCENARIOS

    return variants(parkwater.load(SCENARIOS / "lianyungang-demo.toml"))


@pytest.fixture(scope="module")
def serial(sweep: list[parkwater.Scenario]) -> list[parkwater.Result]:
    return [s.solve() for s in sweep]


def test_variants_differ(serial: list[parkwater.Result]) -> None:
    assert all(r.optimal for r in serial)
    assert len({round(r.objective["cost"], 3) for r in serial}) == len(serial)


def test_solve_many_in_rust_matches_serial(
    sweep: list[parkwater.Scenario], serial: list[parkwater.Result]
) -> None:
    assert parkwater.solve_many(sweep) == serial
    assert parkwater.solve_many(sweep, max_workers=1) == serial


def test_solve_many_on_a_thread_pool(
    sweep: list[parkwater.Scenario], serial: list[parkwater.Result]
) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        assert parkwater.solve_many(sweep, pool) == serial


def test_solve_many_objective_override(sweep: list[parkwater.Scenario]) -> None:
    results = parkwater.solve_many(sweep[:3], objective="freshwater")
    assert [set(r.objective) for r in results] == [{"freshwater"}] * 3
    assert results == [s.solve(objective="freshwater") for s in sweep[:3]]


@pytest.mark.parametrize("use_executor", [False, True], ids=["rayon", "executor"])
def test_solve_many_errors(
    use_executor: bool, tiny: parkwater.Scenario, infeasible: parkwater.Scenario
) -> None:
    invalid = tiny.copy()
    invalid.source("S1").flow = -1
    nan = tiny.copy()
    nan.source("S1").flow = float("nan")
    batch = [tiny, infeasible, invalid, nan, tiny]
    with ThreadPoolExecutor(2) as pool:
        executor = pool if use_executor else None
        with pytest.raises(parkwater.InfeasibleError):
            parkwater.solve_many(batch, executor)
        out = parkwater.solve_many(batch, executor, return_exceptions=True)
        assert [type(o).__name__ for o in out] == [
            "Result",
            "InfeasibleError",
            "ValidationError",
            "ValidationError",
            "Result",
        ]
        assert isinstance(out[3], parkwater.ValidationError)
        assert out[3].codes() == ["number.not_finite"]
        unchecked = parkwater.solve_many(batch[:2], executor, check=False)
        assert [r.status for r in unchecked] == ["optimal", "infeasible"]
    with pytest.raises(TypeError):
        parkwater.solve_many([tiny.to_dict()])  # type: ignore[list-item]
    with pytest.raises(ValueError):
        parkwater.solve_many([tiny], max_workers=0)
    assert parkwater.solve_many([]) == []


@pytest.fixture(scope="module")
def dask_client() -> Iterator[object]:
    import dask.distributed as distributed
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        host="127.0.0.1",
        silence_logs=40,
    )
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


@pytest.mark.slow
def test_local_cluster_sweep_matches_serial(
    dask_client: object, sweep: list[parkwater.Scenario], serial: list[parkwater.Result]
) -> None:
    import os

    executor = dask_client.get_executor()  # type: ignore[attr-defined]
    results = parkwater.solve_many(sweep, executor)
    assert len(results) == 20
    assert results == serial
    # The work really ran in other processes.
    pids = dask_client.run(os.getpid)  # type: ignore[attr-defined]
    assert os.getpid() not in pids.values() and len(pids) == 2


@pytest.mark.slow
def test_local_cluster_errors_come_back_typed(
    dask_client: object, infeasible: parkwater.Scenario
) -> None:
    executor = dask_client.get_executor()  # type: ignore[attr-defined]
    with pytest.raises(parkwater.InfeasibleError) as info:
        parkwater.solve_many([infeasible], executor)
    assert info.value.diagnosis is not None
    out = parkwater.solve_many([infeasible, infeasible], executor, return_exceptions=True)
    assert all(isinstance(o, parkwater.InfeasibleError) for o in out)
