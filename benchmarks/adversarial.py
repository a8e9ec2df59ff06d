"""Every case of the adversarial corpus once: wall time and peak memory against issue 10's goals.

Runs each case of tests/adversarial/corpus.py one at a time, in a fresh folder, through the
real CLI under the corpus's limits (1 GiB of address space, 15 s of CPU, the case's wall-time
limit), and prints a table: case, class, exit code, wall time, peak RSS of the child (with
the worker processes it waited for), and whether the case met its spec. Then the worst time
and the worst memory per class and overall. A plain `rolefit score` of the example answers
is timed first, as the floor that every case pays (interpreter start-up and the bank).

Goal: every case under 1 s and 200 MB. Exits 1 if a goal is missed (a case that the machine
cannot set up is skipped, and says why); spec failures are listed but only time and memory
decide the exit code, since tests/adversarial/test_corpus.py already judges the spec.

Usage: python benchmarks/adversarial.py [-k SUBSTRING] [--timeout SECONDS]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.adversarial import corpus  # noqa: E402
from tests.adversarial.corpus import CASES, CLASSES, Case, CaseSkipped  # noqa: E402
from tests.adversarial.harness import isolated_env, run_cli, visible  # noqa: E402

GOAL_SECONDS = 1.0
GOAL_MB = 200.0


@dataclass(frozen=True)
class Row:
    case: Case
    exit_code: int | None  # None: skipped
    seconds: float
    cpu_seconds: float
    peak_mb: float
    spec: str  # "ok", what failed, or why it was skipped
    said: str = ""  # how it ended and the first line on stderr

    @property
    def misses_goal(self) -> bool:
        return self.exit_code is not None and (
            self.seconds >= GOAL_SECONDS or self.peak_mb >= GOAL_MB
        )


def run(case: Case) -> Row:
    with tempfile.TemporaryDirectory(prefix="rolefit-adversarial-") as scratch:
        try:
            ran = corpus.run_case(case, Path(scratch))
        except CaseSkipped as reason:
            return Row(case, None, 0.0, 0.0, 0.0, f"skipped: {reason}")
        failures = ran.failures()
        outcome = ran.outcome
        code = outcome.exit_code if not outcome.timed_out else -9
        spec = "ok" if not failures else "FAIL: " + "; ".join(failures)
        return Row(
            case,
            code,
            outcome.seconds,
            outcome.cpu_seconds,
            outcome.peak_rss_mb,
            spec,
            outcome.summary(),
        )


def floor(timeout: float) -> tuple[float, float, float]:
    """Wall time, CPU time and peak memory of a plain `rolefit score examples/answers.yaml`."""
    with tempfile.TemporaryDirectory(prefix="rolefit-adversarial-") as scratch:
        outcome = run_cli(
            ["score", str(corpus.EXAMPLE), "--format", "json"],
            cwd=Path(scratch),
            env=isolated_env(Path(scratch)),
            timeout=timeout,
        )
    return outcome.seconds, outcome.cpu_seconds, outcome.peak_rss_mb


def cut(text: str, width: int) -> str:
    text = visible(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def print_table(rows: list[Row], verbose: bool) -> None:
    name_width = max(len(row.case.name) for row in rows)
    print(
        f"{'case':<{name_width}}  {'class':<8} {'exit':>4} {'wall ms':>8} {'cpu ms':>7} "
        f"{'peak MB':>8}  spec"
    )
    for row in rows:
        code = "-" if row.exit_code is None else ("kill" if row.exit_code == -9 else row.exit_code)
        mark = " *" if row.misses_goal else "  "
        print(
            f"{row.case.name:<{name_width}}  {row.case.klass:<8} {code!s:>4} "
            f"{row.seconds * 1000:>8.0f} {row.cpu_seconds * 1000:>7.0f} {row.peak_mb:>8.1f}"
            f"{mark}{cut(row.spec, 70)}"
        )
        if verbose and row.said:
            print(f"{'':<{name_width}}    {cut(row.said, 120)}")


def print_worst(rows: list[Row]) -> None:
    print(f"\nworst per class (goal: under {GOAL_SECONDS:g} s and {GOAL_MB:g} MB a case)")
    groups = {klass: [row for row in rows if row.case.klass == klass] for klass in CLASSES}
    groups["overall"] = rows
    for klass, members in groups.items():
        timed = [row for row in members if row.exit_code is not None]
        if not timed:
            continue
        slowest = max(timed, key=lambda row: row.seconds)
        largest = max(timed, key=lambda row: row.peak_mb)
        label = CLASSES.get(klass, "overall")
        print(
            f"  {label:<32} {slowest.seconds * 1000:>6.0f} ms ({slowest.case.name})"
            f"   {largest.peak_mb:>6.1f} MB ({largest.case.name})"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("-k", default="", help="only the cases whose name holds this")
    parser.add_argument("--timeout", type=float, default=corpus.CASE_TIMEOUT)
    parser.add_argument("-v", "--verbose", action="store_true", help="how each case ended")
    options = parser.parse_args()
    chosen = [case for case in CASES if options.k in case.name]
    if not chosen:
        print(f"no case name holds {options.k!r}", file=sys.stderr)
        return 2
    chosen = [replace(case, timeout=options.timeout) for case in chosen]
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    seconds, cpu, peak = floor(options.timeout)
    print(f"{len(chosen)} cases, one at a time; load average {load}; {os.cpu_count()} cores")
    print(
        f"floor (rolefit score examples/answers.yaml): {seconds * 1000:.0f} ms wall, "
        f"{cpu * 1000:.0f} ms cpu, {peak:.1f} MB\n"
    )
    rows = [run(case) for case in chosen]
    print_table(rows, options.verbose)
    print_worst(rows)
    missed = [row for row in rows if row.misses_goal]
    failed = [row for row in rows if row.spec.startswith("FAIL")]
    skipped = [row for row in rows if row.exit_code is None]
    print(
        f"\n{len(rows) - len(failed) - len(skipped)} met their spec, {len(failed)} did not, "
        f"{len(skipped)} skipped; {len(missed)} missed the time or memory goal (marked *)"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
