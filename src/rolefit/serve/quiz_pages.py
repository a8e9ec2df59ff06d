"""A participant's way through the questionnaire: the join page, one question at a time, the
review, and the submission that stores their answers.

Each step moves the core's `Flow` (the same moves as the terminal quiz) and saves the progress
before it answers, so a reload or a second tab always finds the participant where they are.
"""

from __future__ import annotations

import json
import secrets

from starlette.requests import Request
from starlette.responses import Response

from rolefit.core.answers import NAME_LIMIT, tidy_name
from rolefit.core.flow import Flow
from rolefit.core.records import record
from rolefit.errors import InputFileError
from rolefit.serve.forms import QuestionForm, question_form, read_reply
from rolefit.serve.handling import (
    PARTICIPANT_COOKIE,
    form_text,
    participant_of,
    see_other,
    set_cookie,
    workshop_of,
)
from rolefit.serve.participants import Progress
from rolefit.serve.security import same_secret
from rolefit.serve.workshop import Workshop
from rolefit.store.workshop import participant_key

# --- joining ---------------------------------------------------------------------------------


async def join_page(request: Request) -> Response:
    if await participant_of(request) is not None:
        return see_other("/q")
    code = request.query_params.get("code", "")[:64]
    return _join(workshop_of(request), code=code)


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
    workshop = workshop_of(request)
    form = await request.form()
    code = form_text(form, "code").strip()
    name = (tidy_name(form_text(form, "name")) or "")[:NAME_LIMIT].rstrip()
    if not same_secret(code.upper(), workshop.settings.join_code.upper()):
        wrong = workshop.tr.gettext(
            "That join code is not right. Check the code shown in the room."
        )
        return _join(workshop, code, name, wrong)
    secret = secrets.token_urlsafe(32)
    short = workshop.settings.short
    progress = Progress(name or None, short, Flow.start(workshop.bank, short=short))
    await workshop.queued(workshop.store.save_progress, participant_key(secret), progress.dumps())
    response = see_other("/q")
    set_cookie(response, PARTICIPANT_COOKIE, secret)
    return response


# --- the questions ---------------------------------------------------------------------------


@record
class Answering:
    """A participant still answering: their store key and progress."""

    key: str
    progress: Progress


async def _answering(request: Request, *, at_review: bool) -> Answering | Response:
    """The participant of this request, on the page they belong on (a question, or the
    review); else the redirect there: the join page for a stranger, the result once sent."""
    found = await participant_of(request)
    if found is None:
        return see_other("/")
    key, progress, response_id = found
    if response_id is not None:
        return see_other("/result")
    if progress.flow.at_review != at_review:
        return see_other("/review" if progress.flow.at_review else "/q")
    return Answering(key, progress)


async def question_page(request: Request) -> Response:
    workshop = workshop_of(request)
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
    workshop = workshop_of(request)
    form = await request.form()
    posted = Posted(
        question=form_text(form, "question"),
        action=form_text(form, "action"),
        values=tuple(v for v in form.getlist("answer") if isinstance(v, str)),
        ranks=tuple(form_text(form, f"rank-{k}") for k in range(1, workshop.most_ranked + 1)),
    )
    secret = request.cookies.get(PARTICIPANT_COOKIE)
    step = await workshop.queued(take_step, workshop, secret, posted)
    if step.form is None:
        return see_other(step.redirect or "/q")
    return workshop.pages.page(
        "question.html",
        status=422,
        **workshop.frame(title=_question_title(workshop, step.form), f=step.form),
    )


# --- the review ------------------------------------------------------------------------------


async def review_page(request: Request) -> Response:
    participant = await _answering(request, at_review=True)
    if isinstance(participant, Response):
        return participant
    return _review(workshop_of(request), participant.progress.flow)


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
    workshop = workshop_of(request)
    participant = await _answering(request, at_review=True)
    if isinstance(participant, Response):
        return participant
    key, progress = participant.key, participant.progress
    flow = progress.flow
    form = await request.form()
    edit = form_text(form, "edit")
    if edit:
        if edit not in flow.reachable_ids:
            return see_other("/review")
        updated = Progress(progress.respondent, progress.short, flow.edit(edit))
        await workshop.queued(workshop.store.save_progress, key, updated.dumps())
        return see_other("/q")
    if form_text(form, "action") != "submit":
        return see_other("/review")
    document = progress.answers_document()
    text = json.dumps(document, ensure_ascii=False)
    try:
        await workshop.queued(lambda: workshop.submit(document, text, via="web", participant=key))
    except InputFileError as error:  # the bank changed under a running workshop, say
        return _review(workshop, flow, status=422, error=error.detail)
    return see_other("/result")


async def back_from_review(request: Request) -> Response:
    """The review's Back: the last question again."""
    workshop = workshop_of(request)
    found = await participant_of(request)
    if found is None:
        return see_other("/")
    key, progress, response_id = found
    flow = progress.flow
    if response_id is None and flow.at_review and flow.reachable_ids:
        moved = Flow.restore(
            workshop.bank, flow.order, flow.answers, flow.skipped, flow.reachable_ids[-1]
        )
        updated = Progress(progress.respondent, progress.short, moved)
        await workshop.queued(workshop.store.save_progress, key, updated.dumps())
    return see_other("/q")
