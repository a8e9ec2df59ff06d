"""The command line: a thin shell that parses options, calls the layers below, maps errors.

`root` holds the typer application, the error handling and `main`, the console script. Each
command module registers its commands on the application when it is imported: `main` imports
only the module of the command it runs, while `rolefit.cli.app` is the application with every
command on it (for tests, and for anyone who calls rolefit from Python).
"""

import importlib
from typing import TYPE_CHECKING

from rolefit.cli.root import main

if TYPE_CHECKING:  # at run time `app` comes from __getattr__, with every command on it
    from rolefit.cli.root import app

__all__ = ["app", "main"]


def __getattr__(name: str) -> object:
    """`app`, with every command; a command module (`rolefit.cli.results`), imported."""
    from rolefit.cli.root import COMMAND_MODULES, with_every_command

    if name == "app":
        return with_every_command()
    if name in COMMAND_MODULES.values():
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
