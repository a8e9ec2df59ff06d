"""A real server process against clients that misbehave at the HTTP level: it refuses them in
one response, prints no traceback on the facilitator's terminal (uvicorn's one-line warning
about an invalid request may appear), and goes on serving everyone else."""

from __future__ import annotations

import signal
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from rolefit.serve.server import BODY_SECONDS, HEADER_SECONDS, MAX_HEADER_BYTES
from tests.serve.running import JOIN_CODE, RunningServer, start_server


def connect(server: RunningServer) -> socket.socket:
    address = urlsplit(server.base)
    return socket.create_connection((address.hostname, address.port), timeout=10)


def closed_while_trickling(connection: socket.socket, byte: bytes, seconds: float) -> bool:
    """Send `byte` about once a second; whether the server closed the connection in time."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            connection.sendall(byte)
            connection.settimeout(1)
            if connection.recv(100) == b"":
                return True
        except TimeoutError:
            continue
        except OSError:
            return True
    return False


def output_after_stop(server: RunningServer) -> str:
    server.stop_with(signal.SIGINT)
    assert server.process.stdout is not None
    return server.process.stdout.read()


def test_an_endless_header_is_refused_and_the_server_keeps_serving(tmp_path: Path) -> None:
    server = start_server(tmp_path / "w.db")
    try:
        with connect(server) as hostile:
            hostile.settimeout(3)
            hostile.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: ")
            closed = False
            try:
                for _ in range(64 * MAX_HEADER_BYTES // 4096):  # 1 MiB, far past the limit
                    hostile.sendall(b"a" * 4096)
            except OSError:
                closed = True  # the server shut the connection: the header was refused
            try:
                reply = hostile.recv(200)
            except OSError:
                reply = b""
            refused = reply[:12] in (b"HTTP/1.1 400", b"HTTP/1.1 431")
            assert refused or (closed and reply == b""), reply
        started = time.monotonic()
        assert httpx.get(f"{server.base}/healthz", timeout=5).status_code == 200
        assert time.monotonic() - started < 2
    finally:
        said = output_after_stop(server)
    assert "Traceback" not in said


def test_a_client_hanging_up_mid_body_leaves_no_traceback(tmp_path: Path) -> None:
    server = start_server(tmp_path / "w.db")
    host = urlsplit(server.base).netloc
    try:
        for path in ("/api/v1/responses", "/join", "/q"):
            with connect(server) as leaving:
                leaving.sendall(
                    f"POST {path} HTTP/1.1\r\nHost: {host}\r\nX-Rolefit-Join: {JOIN_CODE}\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\n"
                    "Content-Length: 100\r\n\r\nabc".encode()
                )
                time.sleep(0.3)
        time.sleep(0.5)
        assert httpx.get(f"{server.base}/healthz", timeout=5).status_code == 200
    finally:
        said = output_after_stop(server)
    assert "Traceback" not in said
    assert "Exception in ASGI application" not in said


def test_sigterm_stops_the_server_as_ctrl_c_does(tmp_path: Path) -> None:
    server = start_server(tmp_path / "w.db")
    code = server.kill(signal.SIGTERM)
    assert server.process.stdout is not None
    said = server.process.stdout.read()
    server.process.stdout.close()
    assert code == 0
    assert "Stopped. 0 responses in" in said


def test_a_server_on_this_machine_answers_only_to_its_own_names(tmp_path: Path) -> None:
    server = start_server(tmp_path / "w.db")
    port = urlsplit(server.base).port
    try:
        for host, status in ((f"localhost:{port}", 200), (f"evil.example:{port}", 400)):
            response = httpx.get(f"{server.base}/healthz", headers={"host": host}, timeout=5)
            assert response.status_code == status, host
        refused = httpx.get(
            f"{server.base}/api/v1/report", headers={"host": "evil.example"}, timeout=5
        )
        assert refused.json() == {
            "error": "this server answers only at 127.0.0.1 or localhost (on this machine); "
            "start it with --lan for other devices"
        }
        assert "content-security-policy" in refused.headers
        page = httpx.get(
            f"{server.base}/", headers={"host": "evil.example", "accept": "text/html"}, timeout=5
        )
        assert (page.status_code, page.headers["content-type"]) == (400, "text/html; charset=utf-8")
        redirect = httpx.get(f"{server.base}/static", headers={"host": "evil.example"}, timeout=5)
        assert "evil.example" not in redirect.headers.get("location", "")
    finally:
        server.stop()


def test_a_connection_trickling_its_headers_is_closed_after_the_deadline(tmp_path: Path) -> None:
    server = start_server(tmp_path / "w.db")
    try:
        with connect(server) as slow:
            slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            started = time.monotonic()
            assert closed_while_trickling(slow, b"X", HEADER_SECONDS + 5)  # never a whole header
            assert HEADER_SECONDS - 1 <= time.monotonic() - started <= HEADER_SECONDS + 5
        assert httpx.get(f"{server.base}/healthz", timeout=5).status_code == 200
    finally:
        server.stop()


def test_a_body_trickling_in_is_closed_after_its_deadline(tmp_path: Path) -> None:
    server = start_server(tmp_path / "w.db")
    host = urlsplit(server.base).netloc
    try:
        with connect(server) as slow:
            slow.sendall(
                f"POST /join HTTP/1.1\r\nHost: {host}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                "Content-Length: 1000\r\n\r\n".encode()
            )
            started = time.monotonic()
            # A byte a second: never the whole body.
            assert closed_while_trickling(slow, b"a", BODY_SECONDS + 5)
            assert BODY_SECONDS - 1 <= time.monotonic() - started <= BODY_SECONDS + 3
        assert httpx.get(f"{server.base}/healthz", timeout=5).status_code == 200
    finally:
        said = output_after_stop(server)
    assert "Traceback" not in said


def test_warnings_are_said_once_a_minute_but_every_error_shows() -> None:
    import logging

    from rolefit.serve.server import OncePerMinute

    quiet = OncePerMinute()

    def record(level: int, message: str, error: BaseException | None = None) -> bool:
        info = (type(error), error, None) if error is not None else None
        return quiet.filter(logging.LogRecord("u", level, "f", 1, message, (), info))

    assert record(logging.WARNING, "Invalid HTTP request received.")
    assert not record(logging.WARNING, "Invalid HTTP request received.")
    assert record(logging.WARNING, "another kind of warning")
    assert record(logging.ERROR, "Exception in ASGI application\n", KeyError("a"))
    assert record(logging.ERROR, "Exception in ASGI application\n", ZeroDivisionError())


def test_a_flood_of_malformed_requests_leaves_one_line_on_the_terminal(tmp_path: Path) -> None:
    server = start_server(tmp_path / "w.db")
    try:
        for _ in range(20):
            with connect(server) as hostile:
                hostile.sendall(b"GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
                hostile.settimeout(5)
                assert hostile.recv(12) == b"HTTP/1.1 400"
        assert httpx.get(f"{server.base}/healthz", timeout=5).status_code == 200
    finally:
        said = output_after_stop(server)
    assert said.count("Invalid HTTP request received") == 1
