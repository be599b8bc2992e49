"""The Bolt loader's writer thread: statements run in order, one at a time, and the first error stops the rest."""

import threading
import time

import pytest

from graph_builder.load.bolt import _Writer


class Boom(Exception):
    pass


def test_statements_run_in_the_order_put_and_drain_waits_for_all() -> None:
    ran: list[tuple[str, int]] = []
    w = _Writer(lambda key, rows: ran.append((key, len(rows))))
    for i in range(50):
        w.put(f"k{i}", [{}] * i)
    w.drain()
    assert ran == [(f"k{i}", i) for i in range(50)]
    w.close()


def test_statements_run_outside_the_callers_thread_never_two_at_once() -> None:
    threads: set[int] = set()
    busy = threading.Lock()

    def send(key: str, rows: list) -> None:
        assert busy.acquire(blocking=False), "two statements at once"
        threads.add(threading.get_ident())
        busy.release()

    w = _Writer(send)
    for i in range(20):
        w.put("k", [])
    w.drain()
    w.close()
    assert threads and threading.get_ident() not in threads


def test_the_first_error_reaches_the_caller_and_later_statements_never_run() -> None:
    ran: list[str] = []
    release = threading.Event()

    def send(key: str, rows: list) -> None:
        if key == "bad":
            release.wait(5)
            raise Boom(key)
        ran.append(key)

    w = _Writer(send, depth=4)
    w.put("a", [])
    w.put("bad", [])
    w.put("after", [])  # waits while "bad" runs
    release.set()
    with pytest.raises(Boom):
        w.drain()
    with pytest.raises(Boom):
        w.put("later", [])
    w.close()
    assert ran == ["a"]


def test_close_skips_what_waits_once_the_statement_in_flight_is_back() -> None:
    started, release = threading.Event(), threading.Event()
    ran: list[str] = []

    def send(key: str, rows: list) -> None:
        if key == "slow":
            started.set()
            release.wait(5)
        ran.append(key)

    w = _Writer(send, depth=3)
    w.put("slow", [])
    started.wait(5)
    w.put("waiting1", [])
    w.put("waiting2", [])
    closer = threading.Thread(target=w.close)  # the caller is raising: what waits is dropped
    closer.start()
    for _ in range(5000):  # the slow statement is let go only once close has marked the writer stopped
        if w._error is not None:
            break
        time.sleep(0.001)
    release.set()
    closer.join(5)
    assert not closer.is_alive() and ran == ["slow"]
