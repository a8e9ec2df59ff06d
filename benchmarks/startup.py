"""Start-up cost of the CLI against what it cannot avoid.

Prints, from one run, the median wall-time ratio of
  `rolefit --version`   to `python -c "import typer"`, and
  `rolefit score FILE`  to a bare typer app that parses the same arguments and imports the
                        same third-party libraries as `rolefit score` (found by running it),
                        with no rolefit code at all.
The second ratio is rolefit's own work: loading and checking the bank, reading the answers,
scoring, writing the JSON. Goals: `--version` <= 1.25, `score` <= 1.10. Runs alternate
between command and baseline so that noise on a shared machine hits both alike; compare the
ratios, not the absolute times.

Usage: python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "answers.yaml"
GOALS = {"version": 1.25, "score": 1.10}

# The arguments of `rolefit score`, parsed by typer, with no rolefit code behind them.
TYPER_FLOOR = """
import enum, sys
from pathlib import Path
from typing import Annotated
import typer
{imports}

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

# Runs `rolefit score` in this process and lists the third-party packages it imported.
FIND_LIBRARIES = """
import json, sys, sysconfig
from pathlib import Path
from rolefit.cli import main
sys.argv = ["rolefit", "score", sys.argv[1], "--format", "json"]
try:
    main()
except SystemExit:
    pass
stdlib = Path(sysconfig.get_paths()["stdlib"]).resolve()
found = set()
for name, module in list(sys.modules.items()):
    origin = getattr(module, "__file__", None)
    top = name.split(".")[0]
    if origin and "." not in name and top != "rolefit" and "site-packages" in origin:
        found.add(top)
print(json.dumps(sorted(found)), file=sys.stderr)
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


def libraries_of_score(python: str) -> list[str]:
    done = subprocess.run(
        [python, "-c", FIND_LIBRARIES, str(EXAMPLE)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    found: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    python = sys.executable
    libraries = libraries_of_score(python)
    floor = TYPER_FLOOR.format(imports="\n".join(f"import {name}" for name in libraries))
    cases = [
        ("version", "rolefit --version", [python, "-m", "rolefit", "--version"],
         [python, "-c", "import typer"], "`import typer`"),
        ("score", "rolefit score FILE",
         [python, "-m", "rolefit", "score", str(EXAMPLE), "--format", "json"],
         [python, "-c", floor, "score", str(EXAMPLE), "--format", "json"],
         f"typer parsing the same arguments, importing {', '.join(libraries)}"),
    ]  # fmt: skip
    met = True
    for key, name, command, baseline, described in cases:
        ratio, took, base = median_ratio(command, baseline, runs)
        goal = GOALS[key]
        met = met and ratio <= goal
        verdict = "ok" if ratio <= goal else "over the goal"
        print(
            f"{name:<19} {took * 1000:5.0f} ms vs {base * 1000:5.0f} ms ({described}): "
            f"ratio {ratio:.2f} (goal <= {goal}): {verdict}"
        )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
