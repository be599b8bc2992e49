"""Child processes that cannot outlive the command that started them.

A ``kg build`` killed with SIGKILL runs no cleanup, so its extraction
workers (forked, ~400 MB each) would sit blocked on a pipe no one reads,
for good.  Each worker therefore arranges its own death when its parent
goes: on Linux the kernel sends SIGKILL (``prctl(PR_SET_PDEATHSIG)``),
elsewhere a daemon thread notices that ``getppid()`` changed.  Both are
armed, because the prctl signal follows the parent *thread* that forked
the worker, and the thread costs nothing while it sleeps.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1
POLL_SECONDS = 1.0


def _prctl_pdeathsig(sig: int) -> bool:
    """Ask the Linux kernel for ``sig`` when the parent dies; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int, poll: float) -> None:
    while os.getppid() == parent:
        time.sleep(poll)
    os.kill(os.getpid(), signal.SIGKILL)


def die_with_parent(parent: int, poll: float = POLL_SECONDS) -> None:
    """Make this (child) process end as soon as ``parent`` does.

    Called first thing in the child; if the parent is already gone (it died
    between the fork and now) the child ends at once.  SIGTERM goes back to
    its default: a worker forked from the command line inherits the
    command's handler, which would turn a signal to the process group into
    a Python exception inside a half-done document.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _prctl_pdeathsig(signal.SIGKILL)
    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)
    threading.Thread(target=_watch_parent, args=(parent, poll), name="die-with-parent", daemon=True).start()


__all__ = ["die_with_parent"]
