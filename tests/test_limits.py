"""Limits come from the environment; time budgets stop a runaway document on the main thread (a pool worker) and on
any other (a Dask worker)."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from graph_builder.limits import BudgetExceeded, Limits, time_budget


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


def test_limits_follow_the_environment_each_time_they_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRAPH_BUILDER_MAX_SECONDS", raising=False)
    assert Limits.from_env().max_seconds == Limits().max_seconds
    monkeypatch.setenv("GRAPH_BUILDER_MAX_SECONDS", "7")
    monkeypatch.setenv("GRAPH_BUILDER_MAX_SENTENCE_CHARS", "1200.0")
    assert (Limits.from_env().max_seconds, Limits.from_env().max_sentence_chars) == (7.0, 1200)
    assert Limits.from_env(max_seconds=3, max_document_mb=None).max_seconds == 3  # an override wins; None is no override
    monkeypatch.setenv("GRAPH_BUILDER_MAX_SECONDS", "soon")
    with pytest.raises(ValueError, match="GRAPH_BUILDER_MAX_SECONDS='soon' is not a number"):
        Limits.from_env()
    monkeypatch.setenv("GRAPH_BUILDER_MAX_SECONDS", "9")
    assert Limits.from_env().max_seconds == 9.0


def test_a_budget_puts_back_the_alarm_handler_and_timer_it_found() -> None:
    def mine(_signum: int, _frame: object) -> None:
        pass

    before = signal.signal(signal.SIGALRM, mine)
    try:
        signal.setitimer(signal.ITIMER_REAL, 50.0)
        with time_budget(5.0):
            assert signal.getsignal(signal.SIGALRM) is not mine
        assert signal.getsignal(signal.SIGALRM) is mine
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 50.0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)
