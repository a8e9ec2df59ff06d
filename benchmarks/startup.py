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

Each ratio is given twice: in wall time, what a user waits, and in CPU time (user + system, from
the kernel's accounting of the finished process), which a busy shared machine disturbs far less:
a process waiting for a core accrues wall time but no CPU time. The goal is checked on CPU time.
Both sides run with the same environment, including the one-thread BLAS settings `rolefit`
makes for itself: without them numpy starts a pool of threads at import and the floor would pay
for work that rolefit does not do.

`--instructions` counts instead, once each, the instructions every command executes (valgrind's
callgrind, which must be installed: `apt-get install valgrind`): the same on every run, where
even CPU time moves by several per cent between runs on a shared machine. The goal is then
checked on that ratio. It takes about a minute.

Usage: python benchmarks/startup.py [--runs N] [--instructions]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "answers.yaml"
GOALS = {"version": 1.25, "score": 1.10}

# The arguments of `rolefit score`, parsed by typer, with no rolefit code behind them: the
# same root options and the same parameters, of the same types. `check_floor` compares the
# parameter names with the real command's, so the floor cannot fall behind a new option.
TYPER_FLOOR = """
import enum, sys
from pathlib import Path
from typing import Annotated
import typer
{imports}

class Format(str, enum.Enum):
    text = "text"
    markdown = "markdown"
    json = "json"
    html = "html"
    svg = "svg"

app = typer.Typer(add_completion=False)

def version(value: bool) -> None:
    if value:
        raise typer.Exit()

@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=version, is_eager=True)] = False,
    debug: Annotated[bool, typer.Option("--debug")] = False,
) -> None:
    pass

@app.command()
def score(
    answers: Path,
    format: Annotated[Format | None, typer.Option("--format", "-f")] = None,
    output: Annotated[str | None, typer.Option("--output", "-o")] = None,
    brief: Annotated[bool, typer.Option("--brief")] = False,
    questions: Annotated[Path | None, typer.Option("--questions")] = None,
    scoring: Annotated[Path | None, typer.Option("--scoring")] = None,
    norms: Annotated[Path | None, typer.Option("--norms")] = None,
    bank_dir: Annotated[Path | None, typer.Option("--bank")] = None,
    lang: Annotated[str | None, typer.Option("--lang")] = None,
) -> None:
    pass

{after}
"""

# Runs `rolefit score` in this process and lists every module of a third-party library it
# loaded, in the order loaded: a bare `import pydantic` loads almost nothing of pydantic, so
# the floor imports the same modules, not just the same package names.
FIND_LIBRARIES = """
import json, sys
from rolefit.cli import app, main
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
{parameters}
"""
# Prints, as the last line on stderr, every option and argument name of `app`'s root and its
# `score` command (built after the modules were listed, so that it adds none to the list).
PARAMETERS = """
import json, sys, typer.main
group = typer.main.get_command(app)
names = [*group.params, *group.commands["score"].params]
print(json.dumps(sorted(opt for param in names for opt in param.opts)), file=sys.stderr)
"""
IMPORT_ALL = """
import importlib
for name in {names!r}:
    try:
        importlib.import_module(name)
    except ImportError:
        pass
"""


# What `rolefit.cli.main` sets for itself before numpy is imported; the floor gets the same.
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float


@dataclass(frozen=True)
class Comparison:
    command: Timing  # medians over the runs
    baseline: Timing

    @property
    def wall_ratio(self) -> float:
        return self.command.wall / self.baseline.wall

    @property
    def cpu_ratio(self) -> float:
        return self.command.cpu / self.baseline.cpu


def timed(command: list[str]) -> Timing:
    """Wall and CPU time of one run of `command` (its CPU time from wait4's rusage)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **ONE_THREAD},
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command[:4]} exited {process.returncode}")
    return Timing(wall=wall, cpu=usage.ru_utime + usage.ru_stime)


def compare(command: list[str], baseline: list[str], runs: int) -> Comparison:
    timed(command)  # warm the file cache and byte-code before measuring
    timed(baseline)
    command_times, baseline_times = [], []
    for _ in range(runs):
        command_times.append(timed(command))
        baseline_times.append(timed(baseline))
    return Comparison(command=_median(command_times), baseline=_median(baseline_times))


def _median(timings: list[Timing]) -> Timing:
    return Timing(
        wall=statistics.median(t.wall for t in timings),
        cpu=statistics.median(t.cpu for t in timings),
    )


def instructions(command: list[str]) -> int:
    """How many instructions `command` executes, as valgrind's callgrind counts them."""
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={folder}/counts", *command],
            env={**os.environ, **ONE_THREAD},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    counted = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or counted is None:
        raise SystemExit(f"valgrind could not count {command[:4]}: {done.stderr[-300:]}")
    return int(counted.group(1))


def _last_line_of(python: str, code: str, *args: str) -> list[str]:
    """The JSON list that `code` prints as its last line on stderr."""
    done = subprocess.run(
        [python, "-c", code, *args],
        check=True,
        env={**os.environ, **ONE_THREAD},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    found: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return found


def libraries_of_score(python: str) -> list[str]:
    return _last_line_of(python, FIND_LIBRARIES.format(parameters=""), str(EXAMPLE))


def check_floor(python: str) -> None:
    """Stop unless the floor takes exactly the options and arguments `rolefit score` takes."""
    wanted = _last_line_of(python, FIND_LIBRARIES.format(parameters=PARAMETERS), str(EXAMPLE))
    floor = TYPER_FLOOR.format(imports="", after=PARAMETERS)
    found = _last_line_of(python, floor)
    if found != wanted:
        raise SystemExit(
            "the floor no longer parses what `rolefit score` parses: "
            f"rolefit has {sorted(set(wanted) - set(found))}, "
            f"the floor {sorted(set(found) - set(wanted))}; update TYPER_FLOOR"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions (valgrind) instead"
    )
    options = parser.parse_args()
    if options.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind (apt-get install valgrind)")
    python = sys.executable
    # Byte-code as an installed copy has it: where PYTHONDONTWRITEBYTECODE is set, an edited
    # checkout would otherwise compile its changed modules on every run.
    import rolefit

    compileall.compile_dir(Path(rolefit.__file__).parent, quiet=1)
    check_floor(python)
    libraries = libraries_of_score(python)
    floor = TYPER_FLOOR.format(imports=IMPORT_ALL.format(names=libraries), after="app()")
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
        if options.instructions:
            met = _counted(key, name, command, baseline, described) and met
            continue
        found = compare(command, baseline, options.runs)
        goal = GOALS[key]
        met = met and found.cpu_ratio <= goal
        verdict = "ok" if found.cpu_ratio <= goal else "over the goal"
        print(f"{name} against {described}:")
        print(
            f"  CPU  {found.command.cpu * 1000:5.0f} ms vs {found.baseline.cpu * 1000:5.0f} ms: "
            f"ratio {found.cpu_ratio:.2f} (goal <= {goal}): {verdict}"
        )
        print(
            f"  wall {found.command.wall * 1000:5.0f} ms vs {found.baseline.wall * 1000:5.0f} ms: "
            f"ratio {found.wall_ratio:.2f}"
        )
    return 0 if met else 1


def _counted(key: str, name: str, command: list[str], baseline: list[str], described: str) -> bool:
    """Print the instruction ratio of `command` to `baseline`; whether it meets its goal."""
    timed(command)  # a first run writes what a first run writes (the bank's cache)
    ours, floor = instructions(command), instructions(baseline)
    ratio, goal = ours / floor, GOALS[key]
    verdict = "ok" if ratio <= goal else "over the goal"
    print(f"{name} against {described}:")
    print(
        f"  instructions {ours / 1e6:6.0f} M vs {floor / 1e6:6.0f} M: "
        f"ratio {ratio:.2f} (goal <= {goal}): {verdict}"
    )
    return ratio <= goal


if __name__ == "__main__":
    sys.exit(main())
