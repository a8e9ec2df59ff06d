"""`rolefit serve` under a workshop's load, on loopback.

1. 300 simulated participants submit their answers concurrently (httpx, async); the store
   must then hold exactly 300 responses. Prints p50/p99 latency of the submissions and the
   server's peak memory (VmHWM).
2. A second run is killed with SIGKILL midway; after a restart, every response that was
   acknowledged (201) must be in the store.

Goal on a 2-core machine: nothing lost, p99 under 100 ms. All participants share one
address here, so the server runs with `--rate-limit 0`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rolefit.store.workshop import WorkshopStore  # noqa: E402
from tests.serve.running import JOIN_CODE, RunningServer, start_server  # noqa: E402

EXAMPLE = yaml.safe_load((ROOT / "examples" / "answers.yaml").read_text())


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_memory_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def participant(
    client: httpx.AsyncClient, number: int, start_within: float, acknowledged: list[str]
) -> float | None:
    """One person: joins at a random moment within `start_within` seconds, submits once."""
    await asyncio.sleep(random.uniform(0, start_within))
    name = f"participant {number}"
    body = json.dumps({**EXAMPLE, "respondent": name})
    started = time.perf_counter()
    try:
        response = await client.post(
            "/api/v1/responses", content=body, headers={"x-rolefit-join": JOIN_CODE}
        )
    except httpx.HTTPError:
        return None
    elapsed = time.perf_counter() - started
    if response.status_code == 201:
        acknowledged.append(name)
        return elapsed
    return None


async def crowd(
    server: RunningServer, count: int, start_within: float, acknowledged: list[str]
) -> list[float]:
    limits = httpx.Limits(max_connections=count, max_keepalive_connections=count)
    async with httpx.AsyncClient(base_url=server.base, timeout=30, limits=limits) as client:
        # As the room's phones load the join page before anyone submits: the client's own
        # first request (its connection set-up) is not the server's latency.
        await client.get("/healthz")
        timings = await asyncio.gather(
            *(participant(client, n, start_within, acknowledged) for n in range(count))
        )
    return [t for t in timings if t is not None]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def load_run(folder: Path, count: int, start_within: float) -> bool:
    store = folder / "load.db"
    folder.mkdir(parents=True, exist_ok=True)
    server = start_server(store, "--rate-limit", "0")
    acknowledged: list[str] = []
    try:
        cpu_before = cpu_seconds(server.process.pid)
        timings = asyncio.run(crowd(server, count, start_within, acknowledged))
        cpu = cpu_seconds(server.process.pid) - cpu_before
        peak = peak_memory_mib(server.process.pid)
    finally:
        server.stop()
    with WorkshopStore.open(store) as opened:
        stored = opened.count()
    print(
        f"load: {count} participants arriving within {start_within:g} s: {len(timings)} "
        f"acknowledged, {stored} stored; p50 {statistics.median(timings) * 1000:.1f} ms, "
        f"p99 {percentile(timings, 0.99) * 1000:.1f} ms, max {max(timings) * 1000:.1f} ms; "
        f"server CPU {cpu / count * 1000:.1f} ms a submission, peak memory {peak:.0f} MiB"
    )
    return stored == count == len(timings)


def crash_run(folder: Path, count: int, start_within: float) -> bool:
    store = folder / "crash.db"
    folder.mkdir(parents=True, exist_ok=True)
    server = start_server(store, "--rate-limit", "0")
    acknowledged: list[str] = []

    async def killed_midway() -> None:
        task = asyncio.ensure_future(crowd(server, count, start_within, acknowledged))
        while len(acknowledged) < count // 2:
            await asyncio.sleep(0.005)
        server.process.send_signal(signal.SIGKILL)
        await task

    try:
        asyncio.run(killed_midway())
    finally:
        server.process.wait()
        server.stop()
    restarted = start_server(store, "--rate-limit", "0")
    restarted.stop()
    with WorkshopStore.open(store) as opened:
        stored = {r.respondent for r in opened.responses()}
    lost = [name for name in acknowledged if name not in stored]
    print(
        f"crash: killed with SIGKILL after {len(acknowledged)} acknowledged; "
        f"{len(stored)} in the store after a restart; {len(lost)} acknowledged but lost"
    )
    return not lost


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument(
        "--within",
        type=float,
        default=10.0,
        help="seconds over which participants press Submit (0: all at the same instant)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ok = load_run(Path(folder), args.participants, args.within)
        burst = load_run(Path(folder) / "burst", args.participants, 0.0)
        safe = crash_run(Path(folder), args.participants, args.within)
    return 0 if ok and burst and safe else 1


if __name__ == "__main__":
    raise SystemExit(main())
