"""Every case of the adversarial corpus, through the real CLI (the cases are in corpus.py).

Each case must end with its exit code and stderr fragment, pass `harness.assert_clean` (no
traceback, a few short lines on stderr, no raw control character, never exit 70 or a signal,
within its time limit), change nothing in its folder but the paths it may touch, and leave
every target it aims at as it was. The selected cases start in the background, two at a time
(ROLEFIT_ADVERSARIAL_JOBS=1 runs them one by one), so the corpus stays within a minute on two
cores; each test waits for its own case.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.adversarial.corpus import CASES, CLASSES, Case, CaseSkipped, Ran, run_case

JOBS = int(os.environ.get("ROLEFIT_ADVERSARIAL_JOBS", str(min(2, os.cpu_count() or 1))))


class Runner:
    """Runs cases in the background, each in a folder of its own under `base`."""

    def __init__(self, cases: Sequence[Case], base: Path, jobs: int) -> None:
        self.base = base
        # Read here, on the main thread: the tests running meanwhile change os.environ, and
        # reading it from the pool's threads then races with them.
        self.environ = dict(os.environ)
        self.pool = ThreadPoolExecutor(max_workers=max(1, jobs))
        self.futures: dict[str, Future[Ran]] = {
            case.name: self.pool.submit(self._run, case) for case in cases
        }

    def _run(self, case: Case) -> Ran:
        folder = self.base / case.name
        folder.mkdir()
        return run_case(case, folder, self.environ)

    def result(self, case: Case) -> Ran:
        if case.name not in self.futures:
            self.futures[case.name] = self.pool.submit(self._run, case)
        return self.futures[case.name].result()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="module")
def runner(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Runner]:
    module = sys.modules[__name__]
    selected = [
        item.callspec.params["case"]
        for item in request.session.items
        if getattr(item, "module", None) is module
        and hasattr(item, "callspec")
        and "case" in item.callspec.params
    ]
    started = Runner(selected, tmp_path_factory.mktemp("adversarial"), JOBS)
    yield started
    started.close()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case: Case, runner: Runner) -> None:
    try:
        ran = runner.result(case)
    except CaseSkipped as reason:
        pytest.skip(str(reason))
    failures = ran.failures()
    assert not failures, f"{'; '.join(failures)} [{ran.outcome.summary()}]"


def test_every_class_has_at_least_six_cases() -> None:
    counts = Counter(case.klass for case in CASES)
    assert {klass: counts[klass] for klass in CLASSES if counts[klass] < 6} == {}


def test_case_names_are_unique() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))
