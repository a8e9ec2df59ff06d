"""What a cohort report costs next to merely parsing its files.

Writes N random (valid) answers files for the default bank into a temporary folder, then
prints, from one run, the wall-time ratio of
  `rolefit report FOLDER --format json`
to a bare read + `yaml.load(text, Loader=yaml.CSafeLoader)` of the same files in one process.
Both run as fresh processes, so each pays its own interpreter start-up; the files are read
once beforehand so that both find them in the page cache. The report may use every core (it
scores large cohorts in worker processes); the cpu-time ratio printed beside the wall-time
one shows what it would cost on a single core. The two alternate --repeat times and the
medians are compared, so that a noisy neighbour on a shared machine slows both alike.
Goal: <= 1.5 at N = 10,000.

Usage: python benchmarks/cohort.py [--n N] [--seed S] [--repeat R]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from rolefit.core.bank import Bank
from rolefit.core.conditions import holds
from rolefit.core.models import Answer
from rolefit.files.banks import BankFiles, load_bank

GOAL = 1.5
SKIP_SHARE = 0.05

# The baseline: list the folder as the report does, then read and parse every file.
BASELINE = """
import os, sys, yaml
found = []
for root, folders, files in os.walk(sys.argv[1]):
    folders.sort()
    found.extend(os.path.join(root, name) for name in sorted(files))
for name in found:
    with open(name, encoding="utf-8") as stream:
        yaml.load(stream.read(), Loader=yaml.CSafeLoader)
"""


def random_answers(bank: Bank, rng: random.Random) -> dict[str, str | list[str]]:
    """One person's answers: every reachable question, a few skipped, all valid."""
    given: dict[str, Answer] = {}
    written: dict[str, str | list[str]] = {}
    for question in bank.questions:
        if not holds(question.when, given) or rng.random() < SKIP_SHARE:
            continue
        options = list(bank.option_ids[question.id])
        if question.type in ("likert", "choice"):
            choice = rng.choice(options)
            given[question.id], written[question.id] = choice, choice
            continue
        if question.type == "rank":
            rng.shuffle(options)
            picked = options
        else:
            low = question.min if question.min is not None else 0
            high = question.max if question.max is not None else len(options)
            picked = rng.sample(options, rng.randint(low, high))
        given[question.id], written[question.id] = tuple(picked), picked
    return written


def write_cohort(bank: Bank, folder: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    for number in range(count):
        document = {
            "respondent": f"Person {number}",
            "bank": bank.id,
            "answers": random_answers(bank, rng),
        }
        text = yaml.dump(document, Dumper=dumper, sort_keys=False, allow_unicode=True)
        (folder / f"person-{number:05d}.yaml").write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float  # user + system over the process and its workers
    stdout: bytes


def timed(command: list[str]) -> Timing:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu, done.stdout)


def median_timing(timings: list[Timing]) -> Timing:
    """The run with the median wall time (its cpu time and output with it)."""
    return sorted(timings, key=lambda timing: timing.wall)[len(timings) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="answers files (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (default 3)")
    options = parser.parse_args()
    bank = load_bank(BankFiles.bundled())
    with tempfile.TemporaryDirectory(prefix="rolefit-cohort-") as temporary:
        folder = Path(temporary)
        write_cohort(bank, folder, options.n, options.seed)
        for path in folder.iterdir():  # warm the page cache for both runs alike
            path.read_bytes()
        python = sys.executable
        baselines, reports = [], []
        for _ in range(options.repeat):
            baselines.append(timed([python, "-c", BASELINE, str(folder)]))
            reports.append(
                timed([python, "-m", "rolefit", "report", str(folder), "--format", "json"])
            )
    baseline, report = median_timing(baselines), median_timing(reports)
    counted = json.loads(report.stdout)["count"]
    if counted != options.n:
        print(f"error: the report scored {counted} of {options.n} files", file=sys.stderr)
        return 1
    ratio = report.wall / baseline.wall
    print(
        f"cohort of {options.n:,} answers files, {os.cpu_count()} cores, "
        f"median of {options.repeat} runs each"
    )
    print(f"  {'':32} {'wall':>8} {'cpu':>8}")
    for name, timing in (
        ("parse only (yaml.CSafeLoader)", baseline),
        ("rolefit report --format json", report),
    ):
        print(f"  {name:32} {timing.wall:7.2f}s {timing.cpu:7.2f}s")
    verdict = "ok" if ratio <= GOAL else "over the goal"
    print(f"  ratio of wall times {ratio:.2f} (goal <= {GOAL}): {verdict}")
    print(f"  (cpu-time ratio {report.cpu / baseline.cpu:.2f}: the cost with a single core)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
