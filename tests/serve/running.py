"""`rolefit serve` as a real process on loopback, for the browser, crash and benchmark runs."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

JOIN_CODE = "ROOM42"
ADMIN_TOKEN = "facilitator-token-123"
STARTUP_SECONDS = 30


@dataclass
class RunningServer:
    process: subprocess.Popen[str]
    base: str
    store: Path
    banner: str = ""  # what it printed up to the join URL

    @property
    def join_url(self) -> str:
        return f"{self.base}/?code={JOIN_CODE}"

    @property
    def dashboard_url(self) -> str:
        return f"{self.base}/dashboard?token={ADMIN_TOKEN}"

    def kill(self, sig: int = signal.SIGKILL) -> int:
        self.process.send_signal(sig)
        return self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.kill(signal.SIGINT)
        if self.process.stdout is not None:
            self.process.stdout.close()

    def stop_with(self, sig: int) -> int:
        """Stop the server with `sig` (if it still runs), keeping its output to read."""
        return self.kill(sig) if self.process.poll() is None else self.process.returncode


def start_server(store: Path, *extra: str, env: dict[str, str] | None = None) -> RunningServer:
    """Start `rolefit serve --port 0` and wait until /healthz answers."""
    args: Sequence[str] = [
        sys.executable,
        "-m",
        "rolefit",
        "serve",
        "--port",
        "0",
        "--store",
        str(store),
        "--join-code",
        JOIN_CODE,
        "--admin-token",
        ADMIN_TOKEN,
        *extra,
    ]
    process = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
    )
    assert process.stdout is not None
    base = None
    deadline = time.monotonic() + STARTUP_SECONDS
    seen: list[str] = []
    while base is None and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        found = re.search(r"Join:\s+(http://[^/\s]+)/", line)
        if found:
            base = found.group(1)
    if base is None:
        process.kill()
        raise RuntimeError("rolefit serve did not start:\n" + "".join(seen))
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return RunningServer(process, base, store, "".join(seen))
        except httpx.HTTPError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("rolefit serve never answered /healthz")
