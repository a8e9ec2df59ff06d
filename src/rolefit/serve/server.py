"""Running the app: a listening socket first (so port 0 can be reported), then uvicorn on it.

uvicorn handles Ctrl-C (SIGINT) and SIGTERM: it stops accepting connections, lets requests in
flight finish (each submission is one SQLite transaction, committed or not at all), and then
raises the signal again. Before that, `on_stop` tells the app to refuse (503) the work still
waiting for the store, so that a backlog ends at once instead of being cancelled half-way
after GRACEFUL_SECONDS. Both arrive here as KeyboardInterrupt, so the caller stops the same
way for either (closes the store, says how many responses it holds, exits 0), instead of a
SIGTERM killing the process after the shutdown with nothing said.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import math
import signal
import socket
import threading
import time
from collections.abc import Callable
from types import FrameType

import uvicorn
from starlette.applications import Starlette
from uvicorn.protocols.http.h11_impl import H11Protocol

from rolefit.errors import FileSystemError

# Requests in flight get this long to finish after Ctrl-C.
GRACEFUL_SECONDS = 5
# A request line and headers larger than this are refused (431, or 400) and the connection
# closed: a phone's request carries about 1 KiB of them.
MAX_HEADER_BYTES = 16 * 1024
# A connection has this long to send each request's line and headers (a phone on poor Wi-Fi
# needs well under a second), and then BODY_SECONDS more for its body (at most 64 KiB); one
# that takes longer is closed. Without them, a client that opens many connections and
# trickles a byte now and then ("slowloris") would hold them all until the server runs out
# of file descriptors: uvicorn has no such deadlines of its own.
HEADER_SECONDS = 10.0
BODY_SECONDS = 10.0


class _DeadlinedH11(H11Protocol):
    """uvicorn's h11 protocol, with HEADER_SECONDS for the headers of every request and then
    BODY_SECONDS for its body. The app answering takes as long as it takes."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline = self.loop.call_later(HEADER_SECONDS, self._too_slow)

    def handle_events(self) -> None:
        started = self.cycle
        super().handle_events()
        cycle = self.cycle
        if cycle is not started and cycle is not None and cycle.more_body:
            # A request's headers are in and its body is not: the body's own deadline.
            self._deadline.cancel()
            self._deadline = self.loop.call_later(BODY_SECONDS, self._too_slow, cycle)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._deadline.cancel()  # the next request on this connection gets its own
        self._deadline = self.loop.call_later(HEADER_SECONDS, self._too_slow)

    def connection_lost(self, exc: Exception | None) -> None:
        self._deadline.cancel()
        super().connection_lost(exc)

    def _too_slow(self, body_of: object = None) -> None:
        """Close the connection if it is still waiting for a request's headers (none has
        started, or the last one is answered), or, `body_of` a request, for that body."""
        cycle = self.cycle
        if self.transport.is_closing():
            return
        if cycle is None or cycle.response_complete:
            self.transport.close()
        elif cycle.more_body and body_of is cycle:
            self.transport.close()  # the app reading it hears a disconnect (ClientGone)
        elif cycle.more_body:  # a body whose deadline was not set (a pipelined request)
            self._deadline = self.loop.call_later(BODY_SECONDS, self._too_slow, cycle)


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port (0: a free port), ready for uvicorn."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as error:
        sock.close()
        raise FileSystemError(
            f"{host}:{port}", f"cannot listen there ({error.strerror}); pick another --port"
        ) from None
    sock.set_inheritable(True)
    return sock


def bound_port(sock: socket.socket) -> int:
    return int(sock.getsockname()[1])


class _Server(uvicorn.Server):
    """uvicorn's server, telling the app when it starts to stop."""

    def __init__(self, config: uvicorn.Config, on_stop: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_stop = on_stop

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self._on_stop()
        await super().shutdown(sockets)


class OncePerMinute(logging.Filter):
    """Let each kind of warning (its message before its arguments) through at most once a
    minute: the terminal also shows the join code and the dashboard's address, often on a
    projector, and one client sending malformed requests (or a store locked for a while)
    must not scroll them away."""

    def __init__(self, seconds: float = 60.0) -> None:
        super().__init__()
        self.seconds = seconds
        self._said: dict[str, float] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        # Only warnings: an error (an app's traceback, each a different one) always shows.
        if record.levelno != logging.WARNING or record.exc_info:
            return True
        now = time.monotonic()
        kind = str(record.msg)
        if now - self._said.get(kind, -math.inf) < self.seconds:
            return False
        self._said[kind] = now
        return True


def run(app: Starlette, sock: socket.socket, on_stop: Callable[[], None] = lambda: None) -> None:
    config = uvicorn.Config(
        app,
        # h11, not httptools: httptools puts no bound on a request's headers, and one client
        # sending an endless header holds the server's only thread (and gigabytes of memory)
        # for as long as it likes. h11 refuses anything past MAX_HEADER_BYTES, and
        # _DeadlinedH11 anything slower than HEADER_SECONDS.
        http=_DeadlinedH11,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        log_level="warning",
        access_log=False,
        proxy_headers=False,  # the client address is the rate limit's key: never a header's
        server_header=False,
        lifespan="off",
        timeout_graceful_shutdown=GRACEFUL_SECONDS,
    )
    # After uvicorn.Config, which sets up its loggers.
    logging.getLogger("uvicorn.error").addFilter(OncePerMinute())
    server = _Server(config, on_stop)
    if threading.current_thread() is not threading.main_thread():  # no signals off the main
        server.run(sockets=[sock])
        return
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        server.run(sockets=[sock])
    finally:
        signal.signal(signal.SIGTERM, previous)


def _terminated(signum: int, frame: FrameType | None) -> None:
    """SIGTERM as uvicorn raises it again once it has shut down: a stop, like Ctrl-C."""
    raise KeyboardInterrupt


def lan_address() -> str | None:
    """This machine's IPv4 address on its local network, or None if it has none.

    Read from the network interfaces (Linux) or else the host name's addresses; no packet is
    sent. A private address (10/8, 172.16/12, 192.168/16) is preferred to any other.
    """
    found = [*_interface_addresses(), *_host_name_addresses()]
    usable = [address for address in found if not ipaddress.ip_address(address).is_loopback]
    private = [address for address in usable if ipaddress.ip_address(address).is_private]
    chosen = private or usable
    return chosen[0] if chosen else None


def _interface_addresses() -> list[str]:
    try:
        import fcntl
        import struct
    except ImportError:  # pragma: no cover - not Unix
        return []
    addresses: list[str] = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _, name in socket.if_nameindex():
            try:
                request = struct.pack("256s", name[:15].encode())
                reply = fcntl.ioctl(probe.fileno(), _SIOCGIFADDR, request)
            except OSError:  # no IPv4 address on this interface
                continue
            addresses.append(socket.inet_ntoa(reply[20:24]))
    return addresses


def _host_name_addresses() -> list[str]:
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    return [str(info[4][0]) for info in infos]


_SIOCGIFADDR = 0x8915  # Linux: an interface's IPv4 address
