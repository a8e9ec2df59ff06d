"""The Starlette application of `rolefit serve`: participants' pages, the dashboard, the API.

Handlers only read the request, drive the core (`Flow`, `parse_answers` via `answers_in`,
`score`), store through `WorkshopStore` and render: no rule about answers lives here. Work
that blocks (SQLite commits, scoring) runs in the thread pool, never on the event loop.

Who may do what:
- anyone on the network: the join page, `/healthz`, the static files;
- a participant (their cookie, made when they joined with the join code): their own
  questions, review and result, and nothing of anyone else's (there is no id in any URL);
- a script with the join code (`X-Rolefit-Join`): `POST /api/v1/responses`;
- the facilitator (the admin token, as a cookie set by the dashboard URL, or as a Bearer
  header): the dashboard and `GET /api/v1/report`.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import secrets
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from rolefit.core.answers import NAME_LIMIT, tidy_name
from rolefit.core.bank import Bank
from rolefit.core.cohort import summarise
from rolefit.core.flow import Flow
from rolefit.core.i18n import ENGLISH, Translator, language_tag
from rolefit.core.records import record
from rolefit.core.result import Result
from rolefit.core.scoring import score
from rolefit.core.text import MESSAGE_LIMIT, shown
from rolefit.errors import InputFileError
from rolefit.files import reading
from rolefit.files.answers import answers_in
from rolefit.files.jsonio import parse_json
from rolefit.render import result_renderers
from rolefit.serve.forms import QuestionForm, question_form, read_reply
from rolefit.serve.live import LiveCohort
from rolefit.serve.pages import Pages
from rolefit.serve.participants import Progress
from rolefit.serve.security import (
    BodyLimit,
    ClientGone,
    KnownHosts,
    RateLimit,
    RateLimiter,
    Refusals,
    SameOrigin,
    SecurityHeaders,
    same_secret,
)
from rolefit.store.cohort import score_responses
from rolefit.store.workshop import WorkshopStore, participant_key

PARTICIPANT_COOKIE = "rolefit_participant"
ADMIN_COOKIE = "rolefit_admin"
JOIN_HEADER = "x-rolefit-join"
STATIC = Path(__file__).parent / "static"
# A refusal for want of the store (503) asks the client to come back after this long.
RETRY_SECONDS = 5
# `/healthz` answers within this long: a store busy for longer is reported, not waited for.
HEALTH_SECONDS = 2.0
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


def result_document(result: Result, tr: Translator = ENGLISH) -> str:
    """The result as a standalone HTML page: the same page `rolefit score -o result.html`
    writes (never drawn here)."""
    return str(result_renderers(result, tr=tr)["html"]())


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

    def progress_of(self, request: Request) -> tuple[str, Progress, int | None] | None:
        return self.progress_for(request.cookies.get(PARTICIPANT_COOKIE))

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


def _workshop(request: Request) -> Workshop:
    workshop: Workshop = request.app.state.workshop
    return workshop


def _see_other(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _set_cookie(response: Response, name: str, value: str) -> None:
    response.set_cookie(name, value, httponly=True, samesite="strict", path="/")


# --- participant pages ---------------------------------------------------------------------


async def join_page(request: Request) -> Response:
    workshop = _workshop(request)
    if await workshop.queued(workshop.progress_of, request) is not None:
        return _see_other("/q")
    code = request.query_params.get("code", "")[:64]
    return _join(workshop, code=code)


def _join(workshop: Workshop, code: str = "", name: str = "", error: str | None = None) -> Response:
    questions = len(workshop.bank.form(short=workshop.settings.short))
    return workshop.pages.page(
        "join.html",
        status=403 if error else 200,
        **workshop.frame(
            title=workshop.tr.gettext("Join"),
            code=code,
            name=name,
            error=error,
            questions=questions,
        ),
    )


async def join(request: Request) -> Response:
    workshop = _workshop(request)
    form = await request.form()
    code = _field(form, "code").strip()
    name = (tidy_name(_field(form, "name")) or "")[:NAME_LIMIT].rstrip()
    if not same_secret(code.upper(), workshop.settings.join_code.upper()):
        wrong = workshop.tr.gettext(
            "That join code is not right. Check the code shown in the room."
        )
        return _join(workshop, code, name, wrong)
    secret = secrets.token_urlsafe(32)
    short = workshop.settings.short
    progress = Progress(name or None, short, Flow.start(workshop.bank, short=short))
    await workshop.queued(workshop.store.save_progress, participant_key(secret), progress.dumps())
    response = _see_other("/q")
    _set_cookie(response, PARTICIPANT_COOKIE, secret)
    return response


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


@record
class Answering:
    """A participant still answering: their store key and progress."""

    key: str
    progress: Progress


async def _answering(request: Request, *, at_review: bool) -> Answering | Response:
    """The participant of this request, on the page they belong on (a question, or the
    review); else the redirect there: the join page for a stranger, the result once sent."""
    workshop = _workshop(request)
    found = await workshop.queued(workshop.progress_of, request)
    if found is None:
        return _see_other("/")
    key, progress, response_id = found
    if response_id is not None:
        return _see_other("/result")
    if progress.flow.at_review != at_review:
        return _see_other("/review" if progress.flow.at_review else "/q")
    return Answering(key, progress)


async def question_page(request: Request) -> Response:
    workshop = _workshop(request)
    participant = await _answering(request, at_review=False)
    if isinstance(participant, Response):
        return participant
    progress = participant.progress
    form = question_form(progress.flow, tr=workshop.tr)
    return workshop.pages.page(
        "question.html", **workshop.frame(title=_question_title(workshop, form), f=form)
    )


def _question_title(workshop: Workshop, form: QuestionForm) -> str:
    return workshop.tr.gettext("Question {number}").format(number=form.number)


@record
class Posted:
    """The fields of a question's form, read on the event loop before the step is taken."""

    question: str
    action: str
    values: tuple[str, ...]
    ranks: tuple[str, ...]


@record
class Step:
    """Where a posted answer leads: another page, or the question again with its problem."""

    redirect: str | None
    form: QuestionForm | None = None


def take_step(workshop: Workshop, secret: str | None, posted: Posted) -> Step:
    """Read the progress, apply the reply, save it: one turn on the participants' thread, so
    two tabs (or a double tap) never interleave a read and a write."""
    found = workshop.progress_for(secret)
    if found is None:
        return Step("/")
    key, progress, response_id = found
    flow = progress.flow
    question = flow.current
    # A form for another question (a resent form, a second tab): show where they are now.
    if response_id is not None or question is None or posted.question != question.id:
        return Step("/q")
    ranks = posted.ranks[: len(question.options)] if question.type == "rank" else ()
    tr = workshop.tr
    reply = read_reply(question, posted.action, posted.values, ranks, tr)
    try:
        moved = flow.apply(reply.reply) if reply.reply is not None else None
    except ValueError:
        moved = None
        not_an_option = tr.gettext("That answer is not one of the options; choose again.")
        reply = type(reply)(None, not_an_option)
    if moved is None:
        return Step(None, question_form(flow, reply.error, reply.partial, tr))
    updated = Progress(progress.respondent, progress.short, moved)
    workshop.store.save_progress(key, updated.dumps())
    return Step("/review" if moved.at_review else "/q")


async def answer(request: Request) -> Response:
    workshop = _workshop(request)
    form = await request.form()
    posted = Posted(
        question=_field(form, "question"),
        action=_field(form, "action"),
        values=tuple(v for v in form.getlist("answer") if isinstance(v, str)),
        ranks=tuple(_field(form, f"rank-{k}") for k in range(1, workshop.most_ranked + 1)),
    )
    secret = request.cookies.get(PARTICIPANT_COOKIE)
    step = await workshop.queued(take_step, workshop, secret, posted)
    if step.form is None:
        return _see_other(step.redirect or "/q")
    return workshop.pages.page(
        "question.html",
        status=422,
        **workshop.frame(title=_question_title(workshop, step.form), f=step.form),
    )


async def review_page(request: Request) -> Response:
    participant = await _answering(request, at_review=True)
    if isinstance(participant, Response):
        return participant
    return _review(_workshop(request), participant.progress.flow)


def _review(
    workshop: Workshop, flow: Flow, status: int = 200, error: str | None = None
) -> Response:
    return workshop.pages.page(
        "review.html",
        status=status,
        **workshop.frame(
            title=workshop.tr.gettext("Review"),
            items=flow.review(),
            answered=flow.answered,
            total=flow.total,
            error=error,
        ),
    )


async def review(request: Request) -> Response:
    """From the review: change one answer (`edit`), or submit them all (`submit`)."""
    workshop = _workshop(request)
    participant = await _answering(request, at_review=True)
    if isinstance(participant, Response):
        return participant
    key, progress = participant.key, participant.progress
    flow = progress.flow
    form = await request.form()
    edit = _field(form, "edit")
    if edit:
        if edit not in flow.reachable_ids:
            return _see_other("/review")
        updated = Progress(progress.respondent, progress.short, flow.edit(edit))
        await workshop.queued(workshop.store.save_progress, key, updated.dumps())
        return _see_other("/q")
    if _field(form, "action") != "submit":
        return _see_other("/review")
    document = progress.answers_document()
    text = json.dumps(document, ensure_ascii=False)
    try:
        await workshop.queued(lambda: workshop.submit(document, text, via="web", participant=key))
    except InputFileError as error:  # the bank changed under a running workshop, say
        return _review(workshop, flow, status=422, error=error.detail)
    return _see_other("/result")


async def back_from_review(request: Request) -> Response:
    """The review's Back: the last question again."""
    workshop = _workshop(request)
    found = await workshop.queued(workshop.progress_of, request)
    if found is None:
        return _see_other("/")
    key, progress, response_id = found
    flow = progress.flow
    if response_id is None and flow.at_review and flow.reachable_ids:
        moved = Flow.restore(
            workshop.bank, flow.order, flow.answers, flow.skipped, flow.reachable_ids[-1]
        )
        updated = Progress(progress.respondent, progress.short, moved)
        await workshop.queued(workshop.store.save_progress, key, updated.dumps())
    return _see_other("/q")


async def _own_result(request: Request) -> Result | None:
    workshop = _workshop(request)
    found = await workshop.queued(workshop.progress_of, request)
    if found is None or found[2] is None:
        return None
    return await workshop.queued(workshop.stored_result, found[2])


async def result_page(request: Request) -> Response:
    workshop = _workshop(request)
    result = await _own_result(request)
    if result is None:
        return _see_other("/")
    title = workshop.tr.gettext("Your result")
    return workshop.pages.page("result.html", **workshop.frame(title=title, result=result))


async def result_card(request: Request) -> Response:
    result = await _own_result(request)
    if result is None:
        return _see_other("/")
    workshop = _workshop(request)
    html = await run_in_threadpool(result_document, result, workshop.words_for(result))
    return Response(html, media_type="text/html; charset=utf-8")


async def result_download(request: Request) -> Response:
    result = await _own_result(request)
    if result is None:
        return _see_other("/")
    kind = request.path_params["kind"]
    if kind not in ("md", "html"):
        return await not_found(request, LookupError(kind))
    tr = _workshop(request).words_for(result)
    if kind == "md":
        body = await run_in_threadpool(result_renderers(result, tr=tr)["markdown"])
        media = "text/markdown; charset=utf-8"
    else:
        body = await run_in_threadpool(result_document, result, tr)
        media = "text/html; charset=utf-8"
    filename = f"rolefit-result.{kind}"
    return Response(
        str(body),
        media_type=media,
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


# --- the facilitator -------------------------------------------------------------------------


def _is_admin(request: Request) -> bool:
    token = _workshop(request).settings.admin_token
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return same_secret(header[7:].strip(), token)
    return same_secret(request.cookies.get(ADMIN_COOKIE), token)


async def dashboard(request: Request) -> Response:
    workshop = _workshop(request)
    given = request.query_params.get("token")
    if given is not None:
        if not same_secret(given, workshop.settings.admin_token):
            return _denied(workshop)
        # Swap the token in the address bar for a cookie, so it leaves no trace in history.
        response = _see_other("/dashboard")
        _set_cookie(response, ADMIN_COOKIE, given)
        return response
    if not _is_admin(request):
        return _denied(workshop)
    hidden = request.query_params.get("names") == "hidden"
    title = workshop.tr.gettext("Dashboard")
    return workshop.pages.page(
        "dashboard.html", **workshop.frame(title=title, **_live_context(workshop, hidden))
    )


# The dashboard without the admin token: 401, as the API answers (the README's one rule).
_NEEDS_TOKEN = {"www-authenticate": "Bearer"}


def _denied(workshop: Workshop) -> Response:
    title = workshop.tr.gettext("Dashboard")
    page = workshop.pages.page("denied.html", status=401, **workshop.frame(title=title))
    page.headers.update(_NEEDS_TOKEN)
    return page


async def dashboard_live(request: Request) -> Response:
    workshop = _workshop(request)
    if not _is_admin(request):
        return JSONResponse({"error": "the admin token is needed"}, 401, headers=_NEEDS_TOKEN)
    hidden = request.query_params.get("names") == "hidden"
    context = await run_in_threadpool(_live_context, workshop, hidden)
    html = workshop.pages.render("live.html", **context)
    return Response(html, media_type="text/html; charset=utf-8")


def _live_context(workshop: Workshop, hidden: bool) -> dict[str, Any]:
    live = workshop.live
    count = live.count
    floor = workshop.settings.anonymity_floor
    report = live.report() if count >= floor else None
    return {
        "count": count,
        "floor": floor,
        "report": report,
        "rows": live.rows(),
        "names_hidden": hidden,
        "refresh": workshop.settings.refresh_seconds,
    }


# --- the API ---------------------------------------------------------------------------------


async def api_submit(request: Request) -> Response:
    workshop = _workshop(request)
    code = request.headers.get(JOIN_HEADER)
    if not same_secret(code and code.upper(), workshop.settings.join_code.upper()):
        return JSONResponse({"error": f"a valid join code is needed (header {JOIN_HEADER})"}, 403)
    body = await request.body()
    # A body sent as JSON is read as JSON (its errors say so); anything else as `rolefit
    # score -` reads standard input, as YAML, of which JSON is a part.
    json_body = request.headers.get("content-type", "").split(";")[0].strip().lower() == (
        "application/json"
    )

    def parsed() -> tuple[str, Any]:
        text = reading.decode(body, reading.STDIN_NAME)
        parse = parse_json if json_body else reading.parse
        return text, parse(text, reading.STDIN_NAME)

    try:
        text, document = await run_in_threadpool(parsed)
    except InputFileError as error:  # not a document at all: the request itself is bad
        return JSONResponse({"error": shown(str(error), limit=MESSAGE_LIMIT)}, 400)
    name = _name_length(document.get("respondent") if isinstance(document, dict) else None)
    if name > NAME_LIMIT:
        # The room's dashboard shows every name: as long as the web form takes, no longer.
        said = f"respondent: at most {NAME_LIMIT} characters here (this one has {name:,})"
        return JSONResponse({"error": said}, 422)
    try:
        result_json = await workshop.queued(lambda: workshop.submit(document, text, via="api")[0])
    except InputFileError as error:
        # The same line `rolefit score -` prints for this document (without "rolefit: ").
        return JSONResponse({"error": shown(str(error), limit=MESSAGE_LIMIT)}, 422)
    return Response(result_json, status_code=201, media_type="application/json")


def _name_length(value: object) -> int:
    """How long a respondent name is as it is stored and shown (`tidy_name`, as the web form
    counts it); 0 for no name or no text at all."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return 0  # no name, or none the answers check would take: it says so itself
    try:
        return len(tidy_name(str(value)) or "")
    except ValueError:  # an integer too long for Python to print: far too long a name
        return NAME_LIMIT + 1


async def api_report(request: Request) -> Response:
    workshop = _workshop(request)
    if not _is_admin(request):
        return JSONResponse(
            {"error": "the admin token is needed (Authorization: Bearer TOKEN)"},
            401,
            headers={"www-authenticate": "Bearer"},
        )
    anonymous = request.query_params.get("anonymous") in ("1", "true", "yes")

    def report() -> str:
        from rolefit.render.cohort import cohort_json

        live = workshop.live
        outcomes = score_responses(
            workshop.store.responses(), live.store_name, workshop.bank, live.plan
        )
        return cohort_json(summarise(workshop.bank, live.plan, outcomes, anonymous=anonymous))

    body = await run_in_threadpool(workshop.guarded, report)
    return Response(body, media_type="application/json")


async def healthz(request: Request) -> Response:
    workshop = _workshop(request)
    try:
        count = await asyncio.wait_for(workshop.queued(workshop.store.count), HEALTH_SECONDS)
    except TimeoutError:  # participants' work is waiting for a busy store: so would this
        return JSONResponse({"status": "busy"}, 503, headers=_RETRY)
    except Exception:  # a closed or failing store, a server stopping: not healthy
        return JSONResponse({"status": "unavailable"}, 503, headers=_RETRY)
    return JSONResponse({"status": "ok", "responses": count})


_RETRY = {"retry-after": str(RETRY_SECONDS)}


async def unavailable(request: Request, exc: Exception) -> Response:
    """Unavailable as the guards refuse: 503 and Retry-After, one line of JSON or a page."""
    reason = exc.reason if isinstance(exc, Unavailable) else "the store is unavailable"
    refusals = Refusals(_workshop(request).tr)
    content_type, body = refusals.body(request.scope, 503, reason, str(RETRY_SECONDS))
    return Response(body, 503, headers=_RETRY, media_type=content_type.decode())


async def not_found(request: Request, exc: Exception) -> Response:
    workshop = _workshop(request)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": "not found"}, 404)
    title = workshop.tr.gettext("Not found")
    return workshop.pages.page("missing.html", status=404, **workshop.frame(title=title))


async def http_error(request: Request, exc: Exception) -> Response:
    """Any other refusal of Starlette's (a method not allowed, a form it cannot parse) as the
    guards refuse: one line of JSON, or for a browser asking for a page a short page in the
    room's language saying what to do; never a traceback on the terminal."""
    status = getattr(exc, "status_code", 400)
    detail = str(getattr(exc, "detail", "") or "bad request").splitlines()[0][:200].lower()
    content_type, body = Refusals(_workshop(request).tr).body(request.scope, status, detail, None)
    headers = getattr(exc, "headers", None) or {}  # 405 says which methods it takes (Allow)
    return Response(body, status, headers=headers, media_type=content_type.decode())


def create_app(
    bank: Bank, store: WorkshopStore, settings: Settings, tr: Translator = ENGLISH
) -> Starlette:
    """The web app over `store`, its pages and results in the language of `tr` (the bank
    given in the same language); the caller opens and closes the store."""
    limiter = (
        RateLimiter(settings.rate_per_second, settings.rate_burst)
        if settings.rate_per_second > 0
        else None
    )
    refusals = Refusals(tr)
    app = Starlette(
        routes=[
            Route("/", join_page, methods=["GET"]),
            Route("/join", join, methods=["POST"]),
            Route("/q", question_page, methods=["GET"]),
            Route("/q", answer, methods=["POST"]),
            Route("/review", review_page, methods=["GET"]),
            Route("/review", review, methods=["POST"]),
            Route("/review/back", back_from_review, methods=["POST"]),
            Route("/result", result_page, methods=["GET"]),
            Route("/result/card", result_card, methods=["GET"]),
            Route("/result.{kind:str}", result_download, methods=["GET"]),
            Route("/dashboard", dashboard, methods=["GET"]),
            Route("/dashboard/live", dashboard_live, methods=["GET"]),
            Route("/api/v1/responses", api_submit, methods=["POST"]),
            Route("/api/v1/report", api_report, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        middleware=[
            Middleware(ClientGone),
            Middleware(SecurityHeaders),
            *(
                [Middleware(KnownHosts, hosts=settings.allowed_hosts, refusals=refusals)]
                if settings.allowed_hosts is not None
                else []
            ),
            Middleware(RateLimit, limiter=limiter, refusals=refusals),
            Middleware(BodyLimit, max_bytes=settings.max_body_bytes, refusals=refusals),
            Middleware(SameOrigin, refusals=refusals),
        ],
        exception_handlers={404: not_found, HTTPException: http_error, Unavailable: unavailable},
    )
    app.state.workshop = Workshop(bank, store, settings, tr)
    return app
