"""The files this process read as input, which no output may replace.

`rolefit score me.yaml -o me.yaml` must not turn the answers into a result card, nor `report
DIR -o DIR/ana.yaml` a person's answers into a report. Every way in notes the files it reads
(`files.reading` each file; the report's folder search each answers file it finds, since
worker processes read them; the SQLite stores their database), and the one way out
(`files.writing`) refuses to replace any of them.
"""

from __future__ import annotations

import os

# (device, inode) of each file read: a set that grows by one entry per file for the life of
# one command, and is emptied as the next begins (`forget_all`): a file read, deleted and
# replaced in between may come back with the same inode, and must not be refused then.
_inputs: set[tuple[int, int]] = set()


def forget_all() -> None:
    """Start a command with no inputs noted (the CLI calls this before each one it runs)."""
    _inputs.clear()


def note_input(info: os.stat_result) -> None:
    """Remember the file `info` describes as an input."""
    _inputs.add((info.st_dev, info.st_ino))


def is_input(info: os.stat_result) -> bool:
    """Whether the file `info` describes was noted as an input."""
    return (info.st_dev, info.st_ino) in _inputs
