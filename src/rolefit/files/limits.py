"""The limits every document is read within, and the refusals the YAML and JSON readers share."""

from __future__ import annotations

from pathlib import Path

from rolefit.errors import InputFileError

MAX_FILE_BYTES = 1024 * 1024
# No bank or answers file nests anywhere near this deep; what reads a document later may
# then walk it recursively without a care.
MAX_DEPTH = 64
# Values in one document, counting every value an alias repeats as often as it is repeated.
MAX_NODES = 200_000


def too_deep(path: Path | str, line: int | None) -> InputFileError:
    return InputFileError(path, f"is nested too deeply (over {MAX_DEPTH} levels); flatten it", line)
