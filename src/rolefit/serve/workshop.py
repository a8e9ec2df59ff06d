"""What every handler of the web app shares: the `Workshop` (bank, store, live cohort, settings,
the room's language) and the one thread on which participants' work takes turns.

A participant's work that touches the store (their progress, a submission, their result) runs
there, in turn; summing up the room and rendering run in Starlette's thread pool; neither
blocks the event loop. When the store cannot take the work, the request is refused with
`Unavailable` (503) and nothing of it is stored.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from rolefit.core.bank import Bank
from rolefit.core.i18n import ENGLISH, Translator, language_tag
from rolefit.core.records import record
from rolefit.core.result import Result
from rolefit.core.scoring import score
from rolefit.files import reading
from rolefit.files.answers import answers_in
from rolefit.render import result_renderers
from rolefit.serve.live import LiveCohort
from rolefit.serve.pages import Pages
from rolefit.serve.participants import Progress
from rolefit.store.workshop import WorkshopStore, participant_key

# A refusal for want of the store (503) asks the client to come back after this long.
RETRY_SECONDS = 5
RETRY_AFTER = {"retry-after": str(RETRY_SECONDS)}
T = TypeVar("T")
# The facilitator's terminal: uvicorn's own logger, so that rolefit's lines look like its.
log = logging.getLogger("uvicorn.error")


class Unavailable(Exception):
    """The store cannot take a request now, and nothing of it was stored: the server is
    stopping, or SQLite refused (another program holds the store's lock for longer than the
    busy timeout, a full disk). The request gets 503 with Retry-After, never a traceback."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@record
class Settings:
    join_code: str
    admin_token: str
    short: bool = False
    anonymity_floor: int = 3
    max_body_bytes: int = 64 * 1024
    rate_per_second: float = 10.0  # per client; 0 switches the limit off
    rate_burst: int = 60
    refresh_seconds: int = 3
    # The host names a request may be addressed to (the Host header, without its port); None
    # takes any. A server on this machine only takes its own names, so that a web page
    # elsewhere cannot reach it through a name of its own that resolves here (DNS rebinding).
    allowed_hosts: tuple[str, ...] | None = None


class Workshop:
    """What every handler shares: the bank, the store, the live cohort, the settings, and the
    room's language (its translator and the pages in it)."""

    def __init__(
        self, bank: Bank, store: WorkshopStore, settings: Settings, tr: Translator = ENGLISH
    ) -> None:
        self.bank = bank
        self.store = store
        self.settings = settings
        self.tr = tr
        self.pages = Pages(tr)
        self.live = LiveCohort(bank, store)
        # The places a rank question's form can have: its fields are read up to this many.
        self.most_ranked = max(
            (len(q.options) for q in bank.questions if q.type == "rank"), default=0
        )
        # Participants' requests (reading and saving progress, scoring and storing answers)
        # take turns on one thread: each is a few milliseconds of Python and one SQLite
        # transaction, and threads taking turns at the GIL would only make every one slower.
        self._queue = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rolefit-store")
        self._stopping = False
        self._warm_up()

    def stop_taking(self) -> None:
        """The server is stopping: work still waiting for its turn is refused (503) instead of
        run, so that the requests in flight finish at once, each answered truthfully (the work
        that runs is stored and acknowledged; the rest is neither)."""
        self._stopping = True

    async def queued(self, work: Callable[..., T], *args: Any) -> T:
        """`work(*args)` on the participants' thread, off the event loop; raises Unavailable
        when the store cannot take it (`guarded`)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._queue, functools.partial(self.guarded, work, *args))

    def guarded(self, work: Callable[..., T], *args: Any) -> T:
        """`work(*args)`, with SQLite's refusals as Unavailable, said on the terminal (where
        `serve.server.OncePerMinute` keeps a store locked for a while from flooding it)."""
        if self._stopping:
            raise Unavailable("the server is stopping; send it again once it is back")
        try:
            return work(*args)
        except sqlite3.Error as error:
            log.warning(
                "the store refused a request (%s): is another program using %s? "
                "It was answered 503, to be sent again.",
                error,
                self.store.path,
            )
            raise Unavailable(f"the store is busy ({error}); try again in a moment") from None

    def _warm_up(self) -> None:
        """Score and render once before the first participant arrives: the first submission
        would otherwise pay for lazy imports and first-use set-up (hundreds of milliseconds)."""
        from rolefit.core.answers import AnswerSheet

        first = self.bank.form(short=self.settings.short)[0]
        answers = {first.id: self.bank.option_ids[first.id][0]} if first.type != "rank" else {}
        sheet = AnswerSheet.of(self.bank, answers, short=self.settings.short)
        result = score(self.bank, sheet, tr=self.tr)
        result_renderers(result, tr=self.tr)["json"]()
        reading.parse('{"answers": {}}', reading.STDIN_NAME)
        self.pages.warm_up()

    # --- participants ------------------------------------------------------------------

    def progress_for(self, secret: str | None) -> tuple[str, Progress, int | None] | None:
        """The participant whose cookie holds `secret`: their key, progress and response."""
        if not secret:
            return None
        key = participant_key(secret)
        found = self.store.participant(key)
        if found is None:
            return None
        return key, Progress.loads(found.progress, self.bank), found.response_id

    def submit(
        self, document: Any, text: str, *, via: str, participant: str | None = None
    ) -> tuple[str, int]:
        """Check, score and store one answers document; the result JSON it was stored with
        (as `rolefit score --format json` prints it) and the response's id.

        `text` is what the document was read from, for the error's line; raises the same
        InputFileError as `rolefit score -` would for it. The store keeps the document as
        JSON, so that it reads back as an answers file does.
        """
        sheet = answers_in(document, text, reading.STDIN_NAME, self.bank)
        result = score(self.bank, sheet, tr=self.tr)
        result_json = str(result_renderers(result, tr=self.tr)["json"]())
        response_id, new = self.store.add_response(
            document=json.dumps(document, ensure_ascii=False),
            result=result_json,
            respondent=sheet.respondent,
            form="short" if sheet.short else "full",
            via=via,
            participant=participant,
        )
        if not new:  # submitted before (a resent form): the stored result stands
            stored = self.store.response(response_id)
            assert stored is not None
            return stored.result, response_id
        self.live.add(response_id, sheet, result)
        return result_json, response_id

    def stored_result(self, response_id: int) -> Result:
        stored = self.store.response(response_id)
        assert stored is not None, "a participant's response is never deleted"
        return Result.model_validate_json(stored.result)

    def words_for(self, result: Result) -> Translator:
        """The translator of a stored result's own language: the room's, unless the room was
        started in another language since (a result is shown in the language it was taken in,
        never in two)."""
        if result.language == language_tag(self.tr):
            return self.tr
        from rolefit.files.catalogs import translator_of

        return translator_of(result.language)

    def frame(self, **context: Any) -> dict[str, Any]:
        return {"bank_title": self.bank.title, **context}
