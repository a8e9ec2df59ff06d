"""Running the app: a listening socket first (so port 0 can be reported), then uvicorn on it.

uvicorn handles Ctrl-C (SIGINT) and SIGTERM: it stops accepting connections, lets requests in
flight finish (each submission is one SQLite transaction, committed or not at all), and
returns; the caller then closes the store.
"""

from __future__ import annotations

import socket

import uvicorn
from starlette.applications import Starlette

from rolefit.errors import FileSystemError

# Requests in flight get this long to finish after Ctrl-C.
GRACEFUL_SECONDS = 5


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


def run(app: Starlette, sock: socket.socket) -> None:
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        proxy_headers=False,  # the client address is the rate limit's key: never a header's
        server_header=False,
        lifespan="off",
        timeout_graceful_shutdown=GRACEFUL_SECONDS,
    )
    uvicorn.Server(config).run(sockets=[sock])


def lan_address() -> str | None:
    """This machine's address on its local network, by name lookup (no packet is sent)."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return None
    for *_, address in infos:
        host = str(address[0])
        if not host.startswith("127."):
            return host
    return None
