"""Request guards: the Host header check (DNS rebinding) and headers that keep pages from running foreign code."""

from __future__ import annotations

import socket
from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
# Vega compiles its expressions with Function(): 'unsafe-eval' for scripts; inline scripts stay refused.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


def allowed_hosts(bound: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """Loopback names, the bound host, and for a wildcard bind this machine's names."""
    hosts = set(LOOPBACK) | {bound.strip("[]").lower()} | {h.lower() for h in extra}
    if bound in ("0.0.0.0", "::", ""):
        hosts |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    return frozenset(hosts)


def host_name(header: str) -> str:
    """The name in a Host header, without its port (``[::1]:8000`` → ``::1``)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class GuardMiddleware:
    """400 for a Host the server was not bound as; security headers on every answer."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str]) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = host_name(Headers(scope=scope).get("host", ""))
        if host not in self.hosts:
            await PlainTextResponse("bad Host header: this server answers loopback names and its bound host only",
                                    status_code=400)(scope, receive, send)
            return

        async def send_with_headers(message):  # type: ignore[no-untyped-def]
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                headers += [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                            (b"x-frame-options", b"DENY")]
                if not scope["path"].startswith(("/docs", "/redoc")):  # FastAPI's own pages load their own assets
                    headers.append((b"content-security-policy", CSP.encode()))
            await send(message)

        await self.app(scope, receive, send_with_headers)
