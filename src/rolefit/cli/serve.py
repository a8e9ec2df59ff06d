"""`rolefit serve` (the questionnaire for a workshop room, on this laptop) and `rolefit export`.

The web app is `rolefit.serve`, its store `rolefit.store`; both need the `serve` extra's
libraries, imported here only inside the commands.
"""

import contextlib
import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from rolefit.cli.options import (
    BankOption,
    LangOption,
    QuestionsOption,
    ScoringOption,
    bank_files,
    bank_speaking,
    load_bank,
)
from rolefit.cli.root import app, reports_errors
from rolefit.errors import ExitCode, FileSystemError, RolefitError

INSTALL_HINT = "rolefit serve needs the web extra: pip install 'rolefit[serve]'"
# Join codes avoid letters and digits that look alike (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
_CODE = re.compile(r"[A-Za-z0-9]{4,32}")
MIN_TOKEN = 12
# The token travels in the dashboard's URL, as printed: only characters a URL carries as they
# are (those of `secrets.token_urlsafe`, the default), and no more than a URL comfortably holds.
_TOKEN = re.compile(rf"[A-Za-z0-9_-]{{{MIN_TOKEN},128}}")


def _check_extra() -> None:
    try:
        import jinja2  # noqa: F401
        import segno  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise RolefitError(INSTALL_HINT) from None


@app.command()
@reports_errors
def serve(
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            metavar="FILE",
            readable=False,
            help="The SQLite file that keeps every response (default: one in the XDG data "
            "folder, named after the bank and the date). Reopening it continues the workshop.",
            show_default=False,
        ),
    ] = None,
    port: Annotated[
        int,
        typer.Option("--port", metavar="N", help="The port; 0 picks a free one.", min=0, max=65535),
    ] = 8765,
    lan: Annotated[
        bool,
        typer.Option("--lan", help="Listen on this machine's LAN address, for phones in the room."),
    ] = False,
    join_code: Annotated[
        str | None,
        typer.Option(
            "--join-code",
            metavar="CODE",
            help="The join code (default: random).",
            show_default=False,
        ),
    ] = None,
    admin_token: Annotated[
        str | None,
        typer.Option(
            "--admin-token",
            metavar="TOKEN",
            help="The dashboard's token (default: random).",
            show_default=False,
        ),
    ] = None,
    short: Annotated[bool, typer.Option("--short", help="Ask the short form.")] = False,
    anonymity_floor: Annotated[
        int,
        typer.Option(
            "--anonymity-floor",
            metavar="N",
            min=1,
            help="Show the cohort's figures from N responses on.",
        ),
    ] = 3,
    rate_limit: Annotated[
        float,
        typer.Option(
            "--rate-limit", metavar="N", min=0, help="Requests per second per client (0: no limit)."
        ),
    ] = 10.0,
    questions: QuestionsOption = None,
    scoring: ScoringOption = None,
    bank_dir: BankOption = None,
    lang: LangOption = None,
) -> None:
    """Run the questionnaire as a web app for a workshop room, with a live dashboard.

    Participants join from their phones with the join URL or QR code; the facilitator
    watches the cohort form on the dashboard. Everything stays on this machine. Ctrl-C stops.
    The pages, questions and results are in the language of `--lang` (or the locale).

    Example: `rolefit serve --lan --short --store workshop.db --lang de`
    """
    _check_extra()
    # Here, not at the top: `secrets` (hashlib, hmac) would slow every other command's start.
    import secrets
    from datetime import date

    from rolefit.files.paths import user_data_dir
    from rolefit.serve import server
    from rolefit.serve.app import create_app
    from rolefit.serve.workshop import Settings
    from rolefit.store.workshop import WorkshopStore

    if join_code is not None and not _CODE.fullmatch(join_code):
        raise RolefitError("--join-code: use 4 to 32 letters and digits")
    if admin_token is not None and not _TOKEN.fullmatch(admin_token):
        raise RolefitError(
            f"--admin-token: use {MIN_TOKEN} to 128 letters, digits, '-' and '_' (it goes "
            "into the dashboard's address)"
        )
    bank, tr = bank_speaking(lang, bank_files(questions, scoring, bank_dir))
    if store is not None and not store.parent.is_dir():
        # Only the default place is made for the store: a typo in --store must not become
        # a tree of new folders.
        raise FileSystemError(store, f"folder {store.parent} does not exist; create it first")
    path = store or user_data_dir() / "workshops" / f"{bank.id}-{date.today().isoformat()}.db"
    host = "127.0.0.1"
    if lan:
        host = server.lan_address() or "0.0.0.0"
    code = (join_code or "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))).upper()
    token = admin_token or secrets.token_urlsafe(24)
    with WorkshopStore.open(path, create=True) as opened:
        opened.claim_bank(bank)
        sock = server.listen(host, port)
        settings = Settings(
            join_code=code,
            admin_token=token,
            short=short,
            anonymity_floor=anonymity_floor,
            rate_per_second=rate_limit,
            # This machine only: its own names. On the LAN phones use the printed address.
            allowed_hosts=None if lan else ("127.0.0.1", "localhost"),
        )
        web = create_app(bank, opened, settings, tr)
        known = host != "0.0.0.0"
        base = f"http://{host if known else 'ADDRESS'}:{server.bound_port(sock)}"
        _announce(base, code, token, path, len(bank.form(short=short)), lan=lan, known=known)
        # uvicorn re-raises Ctrl-C once it has shut down cleanly: that is the way to stop.
        with contextlib.suppress(KeyboardInterrupt):
            server.run(web, sock, on_stop=web.state.workshop.stop_taking)
        count = opened.count()
    sys.stdout.write(f"Stopped. {count} {'response' if count == 1 else 'responses'} in {path}\n")


def _announce(
    base: str, code: str, token: str, store: Path, questions: int, *, lan: bool, known: bool
) -> None:
    import segno

    join_url = f"{base}/?code={code}"
    out = sys.stdout
    out.write(f"rolefit serve: {questions} questions\n\n")
    out.write(f"  Join:       {join_url}\n")
    out.write(f"  Join code:  {code}\n\n")
    if known:
        segno.make(join_url, error="m").terminal(out=out, compact=True)
    else:  # no LAN address found: listening on every interface, the address is the user's
        out.write("  No LAN address found: listening on every interface. Replace ADDRESS with\n")
        out.write("  this machine's address on the room's network (see `ip addr`).\n")
    out.write(f"\n  Dashboard (facilitator only): {base}/dashboard?token={token}\n")
    out.write(f"  Store:      {store}\n")
    if not lan:
        out.write("  Only this machine can connect; add --lan for phones in the room.\n")
    out.write("Press Ctrl-C to stop.\n")
    out.flush()


class ExportFormat(StrEnum):
    yaml = "yaml"
    json = "json"
    csv = "csv"


@app.command()
@reports_errors
def export(
    store: Annotated[
        Path, typer.Argument(metavar="STORE", readable=False, help="A workshop store (.db).")
    ],
    # Taken as typed: as a Path, an empty --to would be "." and fill the current folder.
    to_typed: Annotated[
        str,
        typer.Option(
            "--to",
            metavar="DIR",
            readable=False,
            help="The folder to write into (created if needed).",
        ),
    ],
    format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="yaml or json: one answers file per person; csv: responses.csv (one row per "
            "person) and codebook.csv.",
        ),
    ] = ExportFormat.yaml,
    questions: QuestionsOption = None,
    scoring: ScoringOption = None,
    bank_dir: BankOption = None,
) -> None:
    """Write a workshop store's responses as answers files, or as a CSV table and codebook.

    Exit 0 when every response was written, 1 when some were left out because their answers
    are damaged in the store (each named on stderr).

    Examples:

    - `rolefit export workshop.db --to answers/` then `rolefit report answers/`
    - `rolefit export workshop.db --to tables/ --format csv` (for a spreadsheet or R)
    """
    from rolefit.files.output import emit, warn
    from rolefit.store.export import readable, write_answers_files, write_csv
    from rolefit.store.workshop import WorkshopStore

    if not to_typed:
        raise RolefitError("--to: is empty; give the folder to write into, e.g. --to answers/")
    to = Path(to_typed)
    with WorkshopStore.open(store) as opened:
        responses, damaged = readable(opened.responses())
        held = opened.bank_id()
    for response in damaged:
        warn(f"{store}#{response.id}: its answers are damaged in the store; left out")
    # The codebook needs the bank; answers files do not, but a bank named for them is still
    # read and held against the store, rather than silently ignored.
    named = questions is not None or scoring is not None or bank_dir is not None
    bank = (
        load_bank(bank_files(questions, scoring, bank_dir))
        if format == ExportFormat.csv or named
        else None
    )
    if bank is not None and held is not None and held != bank.id:
        raise RolefitError(
            f"{store} holds answers to bank '{held}', not '{bank.id}'; pass that bank's "
            "--questions and --scoring"
        )
    if bank is not None and format == ExportFormat.csv:
        table, codebook = write_csv(responses, bank, to)
        rows = "row" if len(responses) == 1 else "rows"
        emit(f"Wrote {len(responses)} {rows} to {table} and the codebook to {codebook}.\n", None)
    else:
        count = write_answers_files(responses, to, format.value)
        files = "file" if count == 1 else "files"
        emit(f"Wrote {count} answers {files} to {to}.\n", None)
    if damaged:
        raise typer.Exit(int(ExitCode.PROBLEMS_FOUND))
