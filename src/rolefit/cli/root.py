"""The typer application, and the one place that turns errors into messages and exit codes.

Heavy modules (pydantic models, Rich renderers, questionary, numpy) are imported inside the
commands that need them, and a command's own module only when it runs (`app_for`), so that
`rolefit --version` and `--help` start as fast as typer itself.

No `from __future__ import annotations` here or in the command modules: typer reads every
parameter's annotation, and a string would have to be compiled and evaluated first (twice),
which cost `rolefit score` more start-up than the rest of its command module.
"""

import contextlib
import copy
import errno
import functools
import gc
import importlib
import os
import sys
import traceback
from collections.abc import Callable
from typing import Annotated, NoReturn, ParamSpec, TypeVar

import typer

from rolefit import __version__
from rolefit.cli.streams import (
    ClosedOutput,
    LostMessages,
    discard_stdout,
    drop_unusable_widths,
)
from rolefit.core.text import MESSAGE_LIMIT, shown
from rolefit.errors import ExitCode, RolefitError

EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 problems found (validate, report), or the system refused "
    "(disk full, no permission, output closed); 2 bad input or usage; 70 internal error "
    "(a bug); 130 interrupted."
)


def _conventional_help() -> None:
    """Help in the conventions people know: `--anonymous`, not `--anonymous <bool>`.

    typer prints each parameter's Python type (`<bool>` beside every flag, `<list[Path]>`,
    `{ANSWERS}` in usage lines), which reads as a value to type. Here a flag shows no value,
    an option its metavar, and a usage line `ANSWERS`, `[A]` and `PATH...` as man pages do.
    """
    from typer.core import TyperArgument, TyperOption

    def option_type(self: TyperOption, ctx: object) -> str | None:
        if self.metavar is not None:
            return self.metavar
        if self.is_flag or self.count:
            return None
        return "VALUE"

    def argument_type(self: TyperArgument, ctx: object) -> str | None:
        return None  # its name (the metavar) already says what it is

    def usage_name(self: TyperArgument) -> str:
        name = self.display_name_raw
        if self.nargs != 1 and not name.endswith("..."):
            name += "..."
        return name if self.required else f"[{name}]"

    setattr(TyperOption, "display_type_rich", option_type)  # noqa: B010
    setattr(TyperArgument, "display_type_rich", argument_type)  # noqa: B010
    setattr(TyperArgument, "_usage_display_name", usage_name)  # noqa: B010


_conventional_help()

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
    """Turn an error into one line on stderr and its exit code (after a traceback with --debug).

    A RolefitError keeps its own code (2 for bad input, 1 for what the file system refused);
    an OSError nothing below caught, or running out of memory, is the system refusing (1);
    anything else is a bug (70). `--debug` adds the traceback and never changes the code.
    """

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from rolefit.files.inputs import forget_all

        forget_all()  # a command run in the same process as another (tests) starts afresh
        try:
            return command(*args, **kwargs)
        except RolefitError as error:
            _traceback_if_debug(error)
            fail(str(error), error.exit_code)
        except KeyboardInterrupt:
            fail("interrupted", ExitCode.INTERRUPTED)
        except (typer.Exit, typer.Abort):
            raise
        except OSError as error:
            _traceback_if_debug(error)
            if error.filename is None:  # most likely standard output: what it holds is lost
                discard_stdout()
            fail(os_error_line(error), ExitCode.FAILED)
        except MemoryError as error:  # the runtime refused, as a full disk does
            _traceback_if_debug(error)
            fail("out of memory", ExitCode.FAILED)
        except Exception as error:
            _traceback_if_debug(error)
            fail(internal_error_line(error), ExitCode.INTERNAL)

    return wrapper


def fail(message: str, code: ExitCode) -> NoReturn:
    """Say `message` on stderr as one line (whatever it holds) and exit with `code`."""
    _to_stderr(f"rolefit: {shown(message, limit=MESSAGE_LIMIT)}\n")
    raise typer.Exit(int(code))


# What a write to standard output fails with: a full disk, a closed pipe or descriptor.
_OUTPUT_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EPIPE, errno.EBADF, errno.EIO, errno.EFBIG, errno.EDQUOT}
)


def os_error_line(error: OSError) -> str:
    """What the system refused, and where: `PATH: No space left on device`."""
    reason = error.strerror or str(error) or type(error).__name__
    if error.filename is not None:
        where = os.fsdecode(error.filename)
        if error.filename2 is not None:
            where = f"{where} -> {os.fsdecode(error.filename2)}"
        return f"{where}: {reason}"
    if error.errno in _OUTPUT_ERRNOS:
        return f"cannot write to standard output: {reason}"
    return f"the system refused: {reason}"


def internal_error_line(error: BaseException) -> str:
    return (
        f"internal error ({type(error).__name__}: {error}); this is a bug in rolefit, "
        "please report it with the output of `rolefit --debug ...`"
    )


def _traceback_if_debug(error: BaseException) -> None:
    if _debug():
        with contextlib.suppress(OSError, ValueError, AttributeError):
            traceback.print_exception(error, file=sys.stderr)
            sys.stderr.flush()


def _to_stderr(text: str) -> None:
    """Write to stderr if it can be written; a closed or full stderr leaves only the code."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.write(text)
        sys.stderr.flush()


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
    """The console script. Every failure is one line on stderr and an exit code, even when
    standard output is full, closed or gone (typer draws a box, Python a traceback)."""
    # The bootstrap's matrices are small: extra BLAS threads only spin, and `rolefit report`
    # already runs one worker process per core. Set before anything imports numpy.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    # rolefit runs no pydantic plugins; looking for them reads the metadata of every installed
    # distribution when the first model is built (14 ms of `rolefit score` in a full venv).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    drop_unusable_widths(os.environ)
    if sys.stdout is None:  # started with stdout closed (`>&-`): writes fail, and say so
        sys.stdout = ClosedOutput()
    if sys.stderr is None:  # started with stderr closed (`2>&-`): messages are lost, not codes
        sys.stderr = LostMessages()
    args = sys.argv[1:]
    debug = "--debug" in args  # the root callback may not have run when this is needed
    try:
        code = _run(args)
    except OSError as error:  # printing help or the version; commands report their own
        code = _report(os_error_line(error), ExitCode.FAILED, error, debug=debug)
    except Exception as error:  # outside any command: typer itself, or this function
        code = _report(internal_error_line(error), ExitCode.INTERNAL, error, debug=debug)
    try:
        sys.stdout.flush()  # output lost only at exit would otherwise go unnoticed
    except (OSError, ValueError) as error:
        discard_stdout()
        if code == 0:
            reason = error.strerror if isinstance(error, OSError) else None
            code = _report(f"cannot write to standard output: {reason or error}", ExitCode.FAILED)
    sys.exit(code)


def _report(
    message: str, code: ExitCode, error: BaseException | None = None, *, debug: bool = False
) -> int:
    """`fail` outside a command: the traceback with --debug, then the line; the exit code."""
    if isinstance(error, OSError):
        discard_stdout()
    if error is not None and (debug or _debug()):
        _to_stderr("".join(traceback.format_exception(error)))
    _to_stderr(f"rolefit: {shown(message, limit=MESSAGE_LIMIT)}\n")
    return int(code)


def _run(args: list[str]) -> int:
    """Run the app on `args` and return its exit code; usage errors become one line."""
    try:
        command = app_for(args)
        _tune_collector()
        code = command(prog_name="rolefit", standalone_mode=False)
    except typer.TyperException as error:
        # Without arguments typer has already printed the help; it only needs the exit code.
        # (typer, too, tells this error by its name: the class is not public.)
        if type(error).__name__ != "NoArgsIsHelpError":
            line = shown(usage_line(error, args), limit=MESSAGE_LIMIT)
            _to_stderr(f"rolefit: {line}\n")
        return int(error.exit_code)
    except typer.Abort:
        _to_stderr("rolefit: interrupted\n")
        return int(ExitCode.INTERRUPTED)
    return code if isinstance(code, int) else 0


# Objects made between two collections of the youngest generation (Python's default is 700).
# A command makes most of its objects to keep them: model classes, the bank, the result.
YOUNG_COLLECTION_EVERY = 10_000


def _tune_collector() -> None:
    """Keep the cyclic garbage collector from walking what lives until the process ends.

    What is loaded by now (typer, what it loads, the command's module) is frozen: no later
    collection walks it, neither those a command's own allocations set off nor the one at
    exit. The youngest generation is then collected every YOUNG_COLLECTION_EVERY allocations
    instead of every 700, as mypy does for the same reason: start-up makes classes and tables
    that are never garbage, and each early collection only walked them to find nothing. Both
    together were about a quarter of what `rolefit score` adds to its libraries' start-up
    (benchmarks/startup.py); a report's forked workers also leave the frozen pages unwritten
    (Python's advice for gc.freeze). Cycles are still collected, only in larger batches.
    """
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])


# The module that registers each command and group. The modules are imported in the order
# they first appear here, which is the order `--help` lists the commands in.
# tests/test_cli.py holds this table against the application.
COMMAND_MODULES: dict[str, str] = {
    "questions": "banks",
    "validate": "banks",
    "schema": "banks",
    "history": "history",
    "norms": "norms",
    "quiz": "questionnaire",
    "score": "results",
    "report": "report",
    "compare": "results",
    "serve": "serve",
    "export": "serve",
}


def with_every_command() -> typer.Typer:
    """`app`, with every command and group registered on it, in the order of the table
    (whichever command module something imported first)."""
    for module in dict.fromkeys(COMMAND_MODULES.values()):
        importlib.import_module(f"rolefit.cli.{module}")
    order = {name: place for place, name in enumerate(COMMAND_MODULES)}
    app.registered_commands.sort(key=lambda info: order.get(_name(info), len(order)))
    app.registered_groups.sort(key=lambda info: order.get(info.name or "", len(order)))
    return app


def app_for(args: list[str]) -> typer.Typer:
    """The app to run `args` with: `app` with every command, or narrowed to what `args` need.

    typer builds the parser of every command and group before it runs one. A command or group
    named on the command line gets an app of its own, with the same root options, and only
    its own module is imported, so that `rolefit score` pays for neither building nor
    importing `quiz` or `serve`; `--version` alone needs no command at all. Without a known
    name (help, a typo) it is the whole app.
    """
    named = next((arg for arg in args if not arg.startswith("-")), None)
    if named is None:
        if "--version" in args and not {"--help", "-h"} & set(args):
            return _narrowed([], [])
        return with_every_command()
    module = COMMAND_MODULES.get(named)
    if module is None:
        return with_every_command()
    importlib.import_module(f"rolefit.cli.{module}")
    commands = [info for info in app.registered_commands if _name(info) == named]
    groups = [info for info in app.registered_groups if info.name == named]
    return _narrowed(commands, groups)


def _narrowed(
    commands: list[typer.models.CommandInfo], groups: list[typer.models.TyperInfo]
) -> typer.Typer:
    narrowed = copy.copy(app)
    narrowed.registered_commands = commands
    narrowed.registered_groups = groups
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
        commands = getattr(typer.main.get_command(with_every_command()), "commands", {})
        command = next((f"rolefit {arg}" for arg in args if arg in commands), "rolefit")
    message = message[:1].lower() + message[1:].rstrip(".")
    hint = f"`{command} --help`"
    # typer may end with a question ("Did you mean 'score'?"); a new sentence follows it.
    return f"{message} See {hint}" if message.endswith("?") else f"{message}; see {hint}"
