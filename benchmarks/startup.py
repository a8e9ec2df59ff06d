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
import compileall
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

# Runs `rolefit score` in this process and lists every module of a third-party library it
# loaded, in the order loaded: a bare `import pydantic` loads almost nothing of pydantic, so
# the floor imports the same modules, not just the same package names.
FIND_LIBRARIES = """
import json, sys
from rolefit.cli import main
sys.argv = ["rolefit", "score", sys.argv[1], "--format", "json"]
try:
    main()
except SystemExit:
    pass
found = [
    name
    for name, module in list(sys.modules.items())
    if "site-packages" in (getattr(module, "__file__", None) or "")
    and name.split(".")[0] not in ("rolefit", "_distutils_hack")
]
print(json.dumps(found), file=sys.stderr)
"""
IMPORT_ALL = """
import importlib
for name in {names!r}:
    try:
        importlib.import_module(name)
    except ImportError:
        pass
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
    # Byte-code as an installed copy has it: where PYTHONDONTWRITEBYTECODE is set, an edited
    # checkout would otherwise compile its changed modules on every run.
    import rolefit

    compileall.compile_dir(Path(rolefit.__file__).parent, quiet=1)
    libraries = libraries_of_score(python)
    floor = TYPER_FLOOR.format(imports=IMPORT_ALL.format(names=libraries))
    packages = sorted({name.split(".")[0] for name in libraries})
    cases = [
        ("version", "rolefit --version", [python, "-m", "rolefit", "--version"],
         [python, "-c", "import typer"], "`import typer`"),
        ("score", "rolefit score FILE",
         [python, "-m", "rolefit", "score", str(EXAMPLE), "--format", "json"],
         [python, "-c", floor, "score", str(EXAMPLE), "--format", "json"],
         f"typer parsing the same arguments, importing the same {len(libraries)} modules of "
         f"{', '.join(packages)}"),
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
