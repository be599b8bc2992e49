"""The explorer in a thread on a free loopback port, and Debian's headless Chromium to look at it.

Shared by the browser tests and ``make screenshots``.  Chromium and its
driver come from Debian's packages (``make browser``), never from a
download at test time.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..servers.arcadedb import free_port

CHROMIUM = ("chromium", "chromium-browser")
CHROMEDRIVER = ("chromedriver",)


def chromium_missing() -> str | None:
    """Why the browser cannot run here (None when it can)."""
    if not any(shutil.which(c) for c in CHROMIUM):
        return "Chromium is not installed: run `make browser` (Debian's chromium and chromium-driver)"
    if not any(shutil.which(c) for c in CHROMEDRIVER):
        return "chromedriver is not installed: run `make browser` (Debian's chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install 'graph-builder[test]')"
    return None


@contextmanager
def serving(data: Path, sparql_endpoint: bool = True) -> Iterator[str]:
    """The app on 127.0.0.1:<free port> in a thread; yields its base URL and stops it (and Oxigraph) after."""
    import uvicorn

    from .app import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(data, port=port, sparql_endpoint=sparql_endpoint),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the explorer did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


def chromium(width: int = 1400, height: int = 1000) -> Any:
    """A headless Chromium driven by Debian's chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = next(p for c in CHROMIUM if (p := shutil.which(c)))
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={width},{height}", "--disable-extensions", "--no-first-run"):
        opts.add_argument(arg)
    service = Service(executable_path=next(p for c in CHROMEDRIVER if (p := shutil.which(c))))
    return webdriver.Chrome(options=opts, service=service)
