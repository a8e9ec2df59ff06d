"""The validity benchmark's figures, seeded and small, with loose bounds around its goals.

benchmarks/validity.py documents the latent-trait model; here it runs on 400 simulated
respondents so that a change to the scorer or the bank that breaks stability or a flag fails
a test, not only the benchmark.
"""

from __future__ import annotations

import pytest

from benchmarks.validity import FLAGS, Figures, measure
from rolefit.core.bank import Bank


@pytest.fixture(scope="module")
def figures(bank: Bank) -> Figures:
    return measure(bank, n=400, seed=5)


def test_answering_again_rarely_changes_the_verdict(figures: Figures) -> None:
    assert figures.flips <= 0.15


def test_random_answerers_rarely_get_a_lean(figures: Figures) -> None:
    assert figures.random_clear <= 0.05


@pytest.mark.parametrize("code", FLAGS)
def test_no_flag_fires_often_on_consistent_respondents(figures: Figures, code: str) -> None:
    assert figures.false_positive[code] <= 0.08


@pytest.mark.parametrize("code", FLAGS)
def test_every_flag_catches_the_pattern_it_exists_for(figures: Figures, code: str) -> None:
    assert figures.true_positive[code] >= 0.85
