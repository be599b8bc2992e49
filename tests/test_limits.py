"""Time budgets stop a runaway document on the main thread (a pool worker) and on any other (a Dask worker)."""

from __future__ import annotations

import threading
import time

import pytest

from graph_builder.limits import BudgetExceeded, time_budget


def _spin(seconds: float) -> int:
    """Pure-Python work for up to ``seconds`` (a runaway loop in a rule)."""
    end, n = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        n += 1
    return n


def _in_thread(fn) -> BaseException | None:
    caught: list[BaseException | None] = [None]

    def run() -> None:
        try:
            fn()
        except BaseException as e:  # noqa: BLE001 - the test inspects what the thread raised
            caught[0] = e

    t = threading.Thread(target=run)
    t.start()
    t.join(30)
    assert not t.is_alive()
    return caught[0]


@pytest.mark.parametrize("where", ["main thread", "other thread"])
def test_a_runaway_block_is_stopped_with_the_budget_named(where: str) -> None:
    def runaway() -> None:
        with time_budget(0.2):
            _spin(20)

    if where == "main thread":
        start = time.monotonic()
        with pytest.raises(BudgetExceeded) as e:
            runaway()
        err: BaseException | None = e.value
    else:
        start = time.monotonic()
        err = _in_thread(runaway)
    assert isinstance(err, BudgetExceeded) and time.monotonic() - start < 10
    assert "time budget of 0.2 s exceeded" in str(err)


def test_a_block_that_ends_in_time_is_never_interrupted_later_in_a_thread() -> None:
    def quick_then_more() -> None:
        for _ in range(50):
            with time_budget(0.05):
                pass  # the block ends long before its budget
        _spin(0.5)  # well past every budget: no late exception may land here

    assert _in_thread(quick_then_more) is None
