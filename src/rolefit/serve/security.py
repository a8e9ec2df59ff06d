"""The web app's guards, as plain ASGI middleware: each request passes all of them.

- `BodyLimit`: no request body over `max_bytes` (413), whether it says its length or not.
- `RateLimit`: a token bucket per client address (429 with Retry-After).
- `SecurityHeaders`: a Content-Security-Policy that allows no inline script and nothing from
  another origin, and the headers that keep pages out of frames, caches and referrers.
- `SameOrigin`: a form posted from another site's page is refused (403), on top of the
  SameSite=Strict cookies.
- `KnownHosts`: a request addressed to a name this server does not answer to is refused (400).
- `ClientGone`: a client that hangs up before its request body arrived (a phone leaving the
  Wi-Fi) ends the request quietly: nobody is left to answer, and nothing was stored.
Secrets (the join code, the admin token) are compared in constant time by `same_secret`.
"""

from __future__ import annotations

import hmac
import html
import json
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rolefit.core.i18n import ENGLISH, Translator, language_tag

# Pages and the API: scripts from this server only, no inline script, no plugins, no frames.
# Inline styles are allowed, for the result renderer's own HTML document; a style cannot run
# code, and every value in a page is escaped.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-src 'self'; frame-ancestors 'self'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    # The dashboard URL carries the admin token: never sent to another site. (no-referrer
    # would make browsers send `Origin: null` on this site's own forms.)
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


def same_secret(given: str | None, expected: str) -> bool:
    """Whether `given` is the secret, compared in constant time (no timing hints)."""
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


class Refusals:
    """How a guard says no: one line of JSON for the API and for scripts, a short page in the
    room's language for a browser asking for a page (what happened and what to do)."""

    def __init__(self, tr: Translator = ENGLISH) -> None:
        self.tr = tr

    async def send(
        self, scope: Scope, send: Send, status: int, message: str, headers: dict[str, str]
    ) -> None:
        content_type, body = self.body(scope, status, message, headers.get("retry-after"))
        raw = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
        raw += [(k.encode(), v.encode()) for k, v in headers.items()]
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": body})

    def body(
        self, scope: Scope, status: int, message: str, retry: str | None
    ) -> tuple[bytes, bytes]:
        accepts = dict(scope.get("headers", [])).get(b"accept", b"")
        if scope.get("path", "").startswith("/api/") or b"text/html" not in accepts:
            return b"application/json", json.dumps({"error": message}).encode()
        tr = self.tr
        title, why = self._words(status)
        if retry:
            seconds = int(retry)
            advice = tr.ngettext(
                "Wait {count} second, then reload the page.",
                "Wait {count} seconds, then reload the page.",
                seconds,
            ).format(count=seconds)
        else:
            advice = tr.gettext("Go back and try again.")
        page = (
            f'<!doctype html>\n<html lang="{html.escape(language_tag(tr))}"><head>'
            '<meta charset="utf-8"><meta name="viewport" content="width=device-width, '
            f'initial-scale=1"><title>{html.escape(title)} · rolefit</title>'
            '<link rel="stylesheet" href="/static/rolefit.css"></head><body class="participant">'
            f'<main id="main"><section class="card"><h1>{html.escape(title)}</h1>'
            f"<p>{html.escape(why)}</p><p>{html.escape(advice)}</p>"
            f'<p><a href="/">{html.escape(tr.gettext("Go to the start"))}</a></p>'
            "</section></main></body></html>\n"
        )
        return b"text/html; charset=utf-8", page.encode()

    def _words(self, status: int) -> tuple[str, str]:
        """The page's title and what happened: the guards' three refusals, a store that cannot
        take the request (503), and any other (a method a route does not take, a form that
        cannot be read)."""
        tr = self.tr
        if status == 429:
            return tr.gettext("Too many requests"), tr.gettext(
                "Your device sent more requests than the server takes at once."
            )
        if status == 413:
            return tr.gettext("Too much sent"), tr.gettext(
                "That was more than the server takes in one request."
            )
        if status == 503:
            return tr.gettext("Not just now"), tr.gettext(
                "The server could not take this just now (it is busy or stopping). Nothing of "
                "yours was lost."
            )
        if status == 403:
            return tr.gettext("Refused"), tr.gettext(
                "The form came from another site, so the server did not take it."
            )
        return tr.gettext("Refused"), tr.gettext(
            "This address cannot do that (HTTP {status})."
        ).format(status=status)


class ClientGone:
    """End a request whose client disconnected while its body was read, without a word.

    Starlette raises ClientDisconnect from `request.body()` and `request.form()`; unhandled,
    it would print a traceback on the facilitator's terminal for every phone that walked out
    of the Wi-Fi mid-request. The handler had stored nothing yet: the body never arrived.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        except ClientDisconnect:
            return


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Refuse request bodies over `max_bytes` with 413, before reading them whole."""

    def __init__(self, app: ASGIApp, max_bytes: int, refusals: Refusals | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.refusals = refusals or Refusals()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = f"the request is larger than {self.max_bytes // 1024} KiB"
        for name, value in scope["headers"]:
            if name == b"content-length" and (not value.isdigit() or int(value) > self.max_bytes):
                await self.refusals.send(scope, send, 413, message, {"connection": "close"})
                return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            event = await receive()
            if event["type"] == "http.request":
                received += len(event.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return event

        async def watched(event: Message) -> None:
            nonlocal started
            started = started or event["type"] == "http.response.start"
            await send(event)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await self.refusals.send(scope, send, 413, message, {"connection": "close"})


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class RateLimiter:
    """A token bucket per client: `rate` requests a second on average, bursts of `burst`.

    At most `clients` buckets are kept (the least recently seen are forgotten), so a flood of
    addresses cannot grow memory without bound.
    """

    rate: float
    burst: int
    clients: int = 10_000
    _buckets: OrderedDict[str, _Bucket] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_for(self, client: str, now: float | None = None) -> float:
        """0 if `client` may go on now (and takes a token); else the seconds until it may."""
        now = time.monotonic() if now is None else now
        with self._lock:
            bucket = self._buckets.pop(client, None) or _Bucket(float(self.burst), now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            self._buckets[client] = bucket
            if len(self._buckets) > self.clients:
                self._buckets.popitem(last=False)
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return 0.0
            return (1 - bucket.tokens) / self.rate


class RateLimit:
    """429 for a client over its rate; `limiter` None lets every request through."""

    def __init__(
        self, app: ASGIApp, limiter: RateLimiter | None, refusals: Refusals | None = None
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.refusals = refusals or Refusals()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.limiter is not None:
            client = scope.get("client")
            wait = self.limiter.wait_for(client[0] if client else "unknown")
            if wait > 0:
                retry = str(max(1, math.ceil(wait)))
                await self.refusals.send(
                    scope, send, 429, "too many requests; wait a moment", {"retry-after": retry}
                )
                return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Add the security headers to every response; pages and API answers are never cached."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def with_headers(event: Message) -> None:
            if event["type"] == "http.response.start":
                headers = list(event.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [h for h in SECURITY_HEADERS if h[0] not in present]
                if not static and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                event = {**event, "headers": headers}
            await send(event)

        await self.app(scope, receive, with_headers)


class KnownHosts:
    """Refuse (400) a request addressed to a host name this server does not answer to: the
    Host header's name, without its port, must be one of `hosts`. A web page elsewhere then
    cannot reach a server on this machine through a name of its own that resolves here (DNS
    rebinding)."""

    def __init__(
        self, app: ASGIApp, hosts: Sequence[str], refusals: Refusals | None = None
    ) -> None:
        self.app = app
        self.hosts = frozenset(host.lower() for host in hosts)
        self.refusals = refusals or Refusals()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            if _host_name(host) not in self.hosts:
                known = " or ".join(sorted(self.hosts))
                message = (
                    f"this server answers only at {known} (on this machine); "
                    "start it with --lan for other devices"
                )
                await self.refusals.send(scope, send, 400, message, {})
                return
        await self.app(scope, receive, send)


def _host_name(host: str) -> str:
    """`localhost:8765` -> `localhost`, `[::1]:8765` -> `::1`: the name, lower-case."""
    if host.startswith("["):
        return host[1 : host.find("]")].lower() if "]" in host else ""
    return host.rpartition(":")[0].lower() if ":" in host else host.lower()


class SameOrigin:
    """Refuse a state-changing request whose Origin header names another site (403)."""

    def __init__(self, app: ASGIApp, refusals: Refusals | None = None) -> None:
        self.app = app
        self.refusals = refusals or Refusals()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            headers = dict(scope["headers"])
            origin = headers.get(b"origin")
            host = headers.get(b"host", b"").decode("latin-1")
            # "null" (a privacy setting, a sandboxed frame) names no site: the SameSite=Strict
            # cookies still keep another site's form from acting for a participant.
            if origin not in (None, b"null") and _site_of(origin) != host:
                await self.refusals.send(scope, send, 403, "a request from another site", {})
                return
        await self.app(scope, receive, send)


def _site_of(origin: bytes) -> str | None:
    """The host (and port) an Origin header names; None when it names none that parses."""
    try:
        return urlsplit(origin.decode("latin-1")).netloc
    except ValueError:  # `http://[::1`: an address that is not one
        return None
