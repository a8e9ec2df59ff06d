"""The typer application, and the one place that turns errors into messages and exit codes.

Heavy modules (pydantic models, Rich renderers, questionary, numpy) are imported inside the
commands that need them, so `rolefit --version` and `--help` start as fast as typer itself.
"""

from __future__ import annotations

import copy
import functools
import os
import sys
from collections.abc import Callable
from typing import Annotated, NoReturn, ParamSpec, TypeVar

import typer

from rolefit import __version__
from rolefit.errors import ExitCode, RolefitError

EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 problems found (validate, report); 2 bad input or usage; "
    "70 internal error (a bug); 130 interrupted."
)

app = typer.Typer(
    name="rolefit",
    help=(
        "Product management or program management? Answer a questionnaire and see which fits "
        f"you, and why.\n\n{EXIT_CODES_HELP}"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)

P = ParamSpec("P")
R = TypeVar("R")


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn a RolefitError into one line on stderr and its exit code (a traceback with --debug)."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except RolefitError as error:
            if _debug():
                raise
            fail(str(error), error.exit_code)
        except KeyboardInterrupt:
            fail("interrupted", ExitCode.INTERRUPTED)
        except (typer.Exit, typer.Abort):
            raise
        except Exception as error:
            if _debug():
                raise
            fail(
                f"internal error ({type(error).__name__}: {error}); this is a bug in rolefit, "
                "please report it with the output of `rolefit --debug ...`",
                ExitCode.INTERNAL,
            )

    return wrapper


def fail(message: str, code: ExitCode) -> NoReturn:
    sys.stderr.write(f"rolefit: {message}\n")
    sys.stderr.flush()
    raise typer.Exit(int(code))


class _Settings:
    """Options of the root command that every subcommand's error handling reads."""

    debug = False


def _debug() -> bool:
    return _Settings.debug


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rolefit {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback for errors (for bug reports).")
    ] = False,
) -> None:
    """Product management or program management? See which fits you, and why."""
    _Settings.debug = debug


def main() -> None:
    """The console script. Usage errors, too, are one line on stderr (typer draws a box)."""
    # The bootstrap's matrices are small: extra BLAS threads only spin, and `rolefit report`
    # already runs one worker process per core. Set before anything imports numpy.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    try:
        code = app_for(sys.argv[1:])(prog_name="rolefit", standalone_mode=False)
    except typer.TyperException as error:
        # Without arguments typer has already printed the help; it only needs the exit code.
        # (typer, too, tells this error by its name: the class is not public.)
        if type(error).__name__ != "NoArgsIsHelpError":
            sys.stderr.write(f"rolefit: {usage_line(error, sys.argv[1:])}\n")
        sys.exit(error.exit_code)
    except typer.Abort:
        sys.stderr.write("rolefit: interrupted\n")
        sys.exit(int(ExitCode.INTERRUPTED))
    sys.exit(code if isinstance(code, int) else 0)


def app_for(args: list[str]) -> typer.Typer:
    """The app to run `args` with: `app` itself, or `app` narrowed to the command named.

    typer builds the parser of every command before it runs one; a command named on the
    command line gets an app of its own, with the same root options, so that `rolefit score`
    does not pay for building `quiz`. Without a known command (help, a typo) it is `app`.
    """
    named = next((arg for arg in args if not arg.startswith("-")), None)
    chosen = [info for info in app.registered_commands if _name(info) == named]
    if not chosen:
        return app
    narrowed = copy.copy(app)
    narrowed.registered_commands = chosen
    return narrowed


def _name(info: typer.models.CommandInfo) -> str:
    if info.name:
        return info.name
    callback = info.callback
    return callback.__name__.replace("_", "-") if callback is not None else ""


def usage_line(error: typer.TyperException, args: list[str]) -> str:
    """typer's message for a usage error, and where to read the command's usage."""
    message = " ".join(error.format_message().split()).replace("Value error, ", "")
    context = getattr(error, "ctx", None)
    command = getattr(context, "command_path", None)
    if command is None:
        # An option's missing value is reported before typer knows the command: find it.
        commands = getattr(typer.main.get_command(app), "commands", {})
        command = next((f"rolefit {arg}" for arg in args if arg in commands), "rolefit")
    message = message[:1].lower() + message[1:].rstrip(".")
    hint = f"`{command} --help`"
    # typer may end with a question ("Did you mean 'score'?"); a new sentence follows it.
    return f"{message} See {hint}" if message.endswith("?") else f"{message}; see {hint}"
