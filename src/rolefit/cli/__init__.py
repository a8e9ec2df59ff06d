"""The command line: a thin shell that parses options, calls the layers below, maps errors.

`root` holds the typer application, the error handling and `main`, the console script. Each
command module registers its commands on the application when it is imported: `main` imports
only the module of the command it runs, while `rolefit.cli.app` is the application with every
command on it (for tests, and for anyone who calls rolefit from Python).
"""

import typer

from rolefit.cli.root import main

__all__ = ["app", "main"]


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        from rolefit.cli.root import with_every_command

        return with_every_command()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
