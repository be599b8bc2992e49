"""How much work one document may cost: size, time, sentence length.

A corpus is whatever was downloaded, so one document can be hostile or
just absurd (a 50 MB text dump, a line of 100,000 characters, a run of
digits).  Without bounds such a document costs minutes and gigabytes and
holds up the batch; with them it is refused, or cut, with a one-line
reason that says which limit to raise.  The limits sit below the stages
(any stage may read them) and come from the environment, so that pool
workers see the same values as the command that started them::

    GRAPH_BUILDER_MAX_DOCUMENT_MB      text (or markup) of one document, default 20
    GRAPH_BUILDER_MAX_SECONDS          wall time to read and extract one document, default 60 (0: none)
    GRAPH_BUILDER_MAX_SENTENCE_CHARS   longer sentences are cut into pieces for recognition, default 5000
"""

from __future__ import annotations

import functools
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace

__all__ = ["BudgetExceeded", "DocumentTooLarge", "Limits", "time_budget", "unbudgeted"]

_ENV = {"max_document_mb": "GRAPH_BUILDER_MAX_DOCUMENT_MB", "max_seconds": "GRAPH_BUILDER_MAX_SECONDS",
        "max_sentence_chars": "GRAPH_BUILDER_MAX_SENTENCE_CHARS"}
_MB = 1 << 20


def _mb(n: float) -> str:
    return f"{n:.3g}" if n < 10 else f"{n:.0f}"


@dataclass(frozen=True)
class Limits:
    """The bounds on one document; :meth:`from_env` reads the environment, keyword overrides win."""

    max_document_mb: float = 20.0
    max_seconds: float = 60.0
    max_sentence_chars: int = 5000

    @classmethod
    def from_env(cls, **overrides: float | None) -> Limits:
        given = {k: v for k, v in overrides.items() if v is not None}
        limits = _from_environment(tuple((name, os.environ.get(var, "")) for name, var in _ENV.items()))
        return replace(limits, **given) if given else limits  # type: ignore[arg-type]

    @property
    def max_document_bytes(self) -> int:
        return int(self.max_document_mb * _MB) if self.max_document_mb > 0 else 0

    def check_size(self, size: int, what: str = "document") -> None:
        """Raise :class:`DocumentTooLarge` when ``size`` (bytes or characters) is over the document limit."""
        limit = self.max_document_bytes
        if limit and size > limit:
            raise DocumentTooLarge(f"{what} too large: {_mb(size / _MB)} MB > {_mb(self.max_document_mb)} MB "
                                   f"({_ENV['max_document_mb']})")


@functools.lru_cache(maxsize=8)
def _from_environment(raw: tuple[tuple[str, str], ...]) -> Limits:
    """The limits the environment's values ``raw`` (field name, text) give, parsed once per set of values:
    every document read asks (the pipeline reads the environment per document, so that a worker sees what its
    command set), and parsing them each time cost ~4 us a document.  A bad value raises, and is not cached."""
    values: dict[str, float] = {}
    texts = dict(raw)
    for f in fields(Limits):
        text = texts.get(f.name, "").strip()
        if text:
            try:
                values[f.name] = float(text) if f.type in ("float", float) else int(float(text))
            except ValueError:
                raise ValueError(f"{_ENV[f.name]}={text!r} is not a number") from None
    return Limits(**values)  # type: ignore[arg-type]


class DocumentTooLarge(Exception):
    """A document over :attr:`Limits.max_document_mb`; the message is the one-line reason."""


class BudgetExceeded(BaseException):
    """The document's time is up.

    A ``BaseException``, like ``KeyboardInterrupt``, so that no ``except
    Exception`` inside a stage can swallow it and carry on working.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds

    def __str__(self) -> str:
        return f"time budget of {self.seconds:g} s exceeded ({_ENV['max_seconds']}, kg build --max-seconds)"


# signal.signal without its enum wrapper: the same C function (``signal.signal`` calls it, then tries to turn the old
# handler into a ``signal.Handlers`` member, which for a function raises and catches a ValueError).  Set and put back
# once per document, the wrapper cost ~3.5 us of the pair's 4.2.
try:
    import _signal  # type: ignore[import-not-found]

    _set_handler = _signal.signal
except ImportError:  # pragma: no cover - CPython has it wherever it has setitimer
    _set_handler = signal.signal


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`BudgetExceeded` in the block once ``seconds`` of wall time have passed.

    On the main thread (a pool worker, or the command's own serial run) a
    real-time interval timer (SIGALRM) interrupts pure-Python loops and
    regular-expression matching alike (``re`` checks for signals as it
    works).  A timer that was already running is put back, less the time
    spent here.  Off the main thread (a Dask worker runs tasks in threads)
    see :func:`_thread_budget`.
    """
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is not threading.main_thread():
        with _thread_budget(seconds):
            yield
        return
    if not hasattr(signal, "setitimer"):
        yield
        return
    armed = True

    def on_alarm(_signum: int, _frame: object) -> None:
        if armed:  # an alarm that lands after the block ended is ignored
            raise BudgetExceeded(seconds)

    start = time.monotonic()
    old_handler = _set_handler(signal.SIGALRM, on_alarm)
    old_delay, old_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        _set_handler(signal.SIGALRM, old_handler)
        if old_delay:
            left = max(old_delay - (time.monotonic() - start), 0.001)
            signal.setitimer(signal.ITIMER_REAL, left, old_interval)


@contextmanager
def _thread_budget(seconds: float) -> Iterator[None]:
    """The budget for a thread: a timer thread raises :class:`BudgetExceeded` in it asynchronously.

    Signals reach only the main thread, so a thread is stopped with
    CPython's ``PyThreadState_SetAsyncExc``: the exception is raised at the
    thread's next bytecode, which bounds every Python loop but not a single
    long C call (one regular-expression search runs to its end first).  A
    lock orders the timer against the block's end, and an exception set but
    not yet raised when the block ends is withdrawn, so it never lands after.
    Without CPython's API (another interpreter) the block runs unbounded.
    """
    try:
        import ctypes

        set_async = ctypes.pythonapi.PyThreadState_SetAsyncExc
    except (ImportError, AttributeError):
        yield
        return
    target = ctypes.c_ulong(threading.get_ident())
    exceeded = type("BudgetExceeded", (BudgetExceeded,), {"__init__": lambda self: BudgetExceeded.__init__(self, seconds)})
    lock = threading.Lock()
    state = {"open": True, "fired": False}

    def fire() -> None:
        with lock:
            if state["open"]:
                state["fired"] = set_async(target, ctypes.py_object(exceeded)) == 1

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["open"] = False
            if state["fired"]:
                set_async(target, None)  # withdraw it if it has not been raised yet
        timer.cancel()


@contextmanager
def unbudgeted() -> Iterator[None]:
    """Pause the running time budget for a one-time cost no document should be charged for.

    Loading a large optional dictionary on first use takes seconds on a busy
    machine; charged to the document that happens to need it first, it could
    push an ordinary document over its budget, and interrupted half-way it
    would leave the dictionary half-built for every later document.
    """
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    delay, interval = signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        yield
    finally:
        if delay:
            signal.setitimer(signal.ITIMER_REAL, delay, interval)
