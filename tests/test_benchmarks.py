"""The benchmarks measure what they say they measure."""

from __future__ import annotations

import sys

from benchmarks import startup


def test_the_start_up_floor_takes_the_options_and_arguments_rolefit_score_takes() -> None:
    # The floor is a hand-written typer app; a new option on `rolefit score` that it lacked
    # would make rolefit's own work look larger than it is (typer builds every parameter).
    startup.check_floor(sys.executable)
