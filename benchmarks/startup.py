"""Start-up cost of the CLI against the imports it cannot avoid.

Prints, from one run, the median wall-time ratio of
  `rolefit --version`      to `python -c "import typer"`, and
  `rolefit score FILE`     to `python -c "import typer, pydantic, yaml, rich.console"`.
Goal: both <= 1.25. Runs alternate between command and baseline so that noise on a shared
machine hits both alike; compare the ratios, not the absolute times.

A third line, for reference, times a typer app that does nothing but parse the same
arguments as `rolefit score` (no rolefit code at all): typer 0.29 checks every parameter with
a pydantic TypeAdapter, which loads the pydantic machinery that a bare `import pydantic`
defers, so this floor bounds what any typer command can reach against that baseline.

Usage: python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "answers.yaml"
GOAL = 1.25

# The arguments of `rolefit score`, parsed by typer, with no rolefit code behind them.
TYPER_FLOOR = """
import enum, sys
from pathlib import Path
from typing import Annotated
import typer

class Format(str, enum.Enum):
    text = "text"
    json = "json"

app = typer.Typer()

@app.callback()
def root(debug: Annotated[bool, typer.Option("--debug")] = False) -> None:
    pass

@app.command()
def score(
    answers: Path,
    format: Annotated[Format, typer.Option("--format")] = Format.text,
    output: Annotated[Path | None, typer.Option("--output")] = None,
    questions: Annotated[Path | None, typer.Option("--questions")] = None,
    scoring: Annotated[Path | None, typer.Option("--scoring")] = None,
) -> None:
    pass

app()
"""


def wall_time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median_ratio(command: list[str], baseline: list[str], runs: int) -> tuple[float, float, float]:
    wall_time(command)  # warm the file cache and byte-code before measuring
    wall_time(baseline)
    command_times, baseline_times = [], []
    for _ in range(runs):
        command_times.append(wall_time(command))
        baseline_times.append(wall_time(baseline))
    command_median = statistics.median(command_times)
    baseline_median = statistics.median(baseline_times)
    return command_median / baseline_median, command_median, baseline_median


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    python = sys.executable
    rolefit = [python, "-m", "rolefit"]
    cases = [
        ("rolefit --version", [*rolefit, "--version"], "import typer"),
        (
            "rolefit score FILE",
            [*rolefit, "score", str(EXAMPLE), "--format", "json"],
            "import typer, pydantic, yaml, rich.console",
        ),
    ]
    worst = 0.0
    for name, command, imports in cases:
        ratio, took, base = median_ratio(command, [python, "-c", imports], runs)
        worst = max(worst, ratio)
        print(
            f"{name:<20} {took * 1000:6.0f} ms vs `{imports}` {base * 1000:6.0f} ms: "
            f"ratio {ratio:.2f} (goal <= {GOAL})"
        )
    floor = [python, "-c", TYPER_FLOOR, "score", str(EXAMPLE), "--format", "json"]
    ratio, took, base = median_ratio(floor, [python, "-c", cases[1][2]], runs)
    print(
        f"{'typer alone':<20} {took * 1000:6.0f} ms vs the same baseline: ratio {ratio:.2f} "
        "(for reference: the same arguments parsed by typer, no rolefit code)"
    )
    return 0 if worst <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
