"""The command line: a thin shell that parses options, calls the layers below, maps errors.

`app` holds the typer application and the error handling; each command module registers its
commands on it when imported here.
"""

from rolefit.cli import banks, history, norms, questionnaire, results, serve
from rolefit.cli.app import app, main

__all__ = ["app", "banks", "history", "main", "norms", "questionnaire", "results", "serve"]
