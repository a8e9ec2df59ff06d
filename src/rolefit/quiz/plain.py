"""The plain quiz: one line at a time, for screen readers, dumb terminals and scripts.

The arrow-key prompts redraw the screen, which a screen reader cannot follow and a script
cannot drive. Here every question is printed once, with numbered options, and answered by
typing a line: a number (several, separated by spaces or commas, for a multi-choice question;
all of them in order for a ranking), `b` for back, `s` for skip, `?` for the question's help,
or nothing to keep the answer given before. Nothing is ever moved, cleared or redrawn: the
output is lines of text and the input is lines of text, so answers can be piped in one per line.

The flow, the review, the saved progress and the result are the same as the arrow-key quiz's:
`PlainAsker` is only another `Asker` for `quiz.session.play`.
"""

from __future__ import annotations

import re
from typing import TextIO

from rolefit.core.answers import NAME_LIMIT
from rolefit.core.flow import Flow, Move, Reply
from rolefit.core.i18n import ENGLISH, Translator
from rolefit.core.items import answer_label, how_many, multi_bounds, options_of
from rolefit.core.models import Question
from rolefit.core.records import record
from rolefit.core.text import has_unsafe, shown

BACK = "b"
SKIP = "s"
HELP = "?"
_SEPARATORS = re.compile(r"[\s,]+")
MAX_LINE = 1000  # characters: far more than any answer, few enough to hold


@record
class _Retry:
    """A line that is not an answer: what to tell the person before asking again."""

    message: str


class PlainAsker:
    """Asks on plain text streams: `output` gets lines, `input` gives one answer per line.

    End of input raises EOFError, which the quiz treats like Ctrl-C: the answers so far are
    already saved, and the line it prints says how to resume.
    """

    def __init__(self, input: TextIO, output: TextIO, tr: Translator = ENGLISH) -> None:
        self._input = input
        self._output = output
        self._echoes = input.isatty()
        self.tr = tr

    # --- the steps (quiz.session.Asker) -----------------------------------------------------

    def ask(self, flow: Flow) -> Reply:
        question = flow.current
        if question is None:
            raise ValueError("the flow is at the review; call review()")
        tr = self.tr
        self._say("")
        if flow.progress is not None:
            self._say(flow.progress.line(tr))
        self._say(question.prompt)
        for number, option in enumerate(options_of(question, tr), start=1):
            self._say(f"  {number}. {option.label}")
        instruction = _instruction(question, flow, tr)
        while True:
            line = self._read(instruction)
            if line == HELP:
                self._say(question.help or tr.gettext("This question has no further help."))
                continue
            reply = _parse(line, question, flow, tr)
            if isinstance(reply, _Retry):
                self._say(reply.message)
                continue
            if not isinstance(reply, Move):
                answer = answer_label(question, reply, tr)
                self._say("  " + tr.gettext("Answer: {answer}").format(answer=answer))
            return reply

    def review(self, flow: Flow) -> str | None:
        tr = self.tr
        items = flow.review()
        skipped = sum(1 for item in items if item.answer is None)
        self._say("")
        if skipped:
            summary = tr.gettext("Review: {answered} answered, {skipped} skipped")
        else:
            summary = tr.gettext("Review: {answered} answered")
        self._say(summary.format(answered=len(items) - skipped, skipped=skipped))
        by_number = {}
        for item in items:
            by_number[str(item.number)] = item.question.id
            answer = answer_label(item.question, item.answer, tr)
            self._say(f"  {item.number}. {item.question.prompt}: {answer}")
        while True:
            line = self._read(
                tr.gettext(
                    "Press Enter to score your answers, or type a question's number to change it"
                )
            )
            if not line:
                return None
            if line in by_number:
                return by_number[line]
            self._say(
                tr.gettext(
                    "There is no question {typed} in the list; type one of its numbers."
                ).format(typed=shown(line, 40))
            )

    def name(self) -> str | None:
        tr = self.tr
        while True:
            line = self._read(
                tr.gettext("Your name, for the report (optional; press Enter to skip)")
            )
            name = " ".join(line.split())
            if has_unsafe(name):
                self._say(
                    tr.gettext("Type the name as plain text (no control characters), please.")
                )
            elif len(name) > NAME_LIMIT:
                self._say(
                    tr.gettext("At most {limit} characters, please.").format(limit=NAME_LIMIT)
                )
            else:
                return name or None

    def resume(self, summary: str) -> bool:
        tr = self.tr
        self._say(tr.gettext("Saved progress found: {summary}.").format(summary=summary))
        yes, no = tr.pgettext("answer", "y"), tr.pgettext("answer", "n")
        yes_word, no_word = tr.pgettext("answer", "yes"), tr.pgettext("answer", "no")
        while True:
            line = self._read(
                tr.gettext(
                    "Resume where you left off? Type {yes} to resume or {no} to start over [{yes}]"
                ).format(yes=yes, no=no)
            )
            # The English letters always work too, whatever the language.
            if line.lower() in ("", yes, yes_word, "y", "yes"):
                return True
            if line.lower() in (no, no_word, "n", "no"):
                return False
            self._say(tr.gettext("Type {yes} or {no}.").format(yes=yes, no=no))

    # --- plumbing -------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self._output.write(text + "\n")
        self._output.flush()

    def _read(self, prompt: str) -> str:
        """One line typed after `prompt`, stripped; asked again when the line is too long."""
        while True:
            self._output.write(f"{prompt}: ")
            self._output.flush()
            line = self._input.readline(MAX_LINE + 1)
            if not line:
                self._output.write("\n")
                raise EOFError
            if len(line) > MAX_LINE and not line.endswith("\n"):
                # No answer is that long: skip the rest of the line rather than hold it all.
                while (rest := self._input.readline(MAX_LINE)) and not rest.endswith("\n"):
                    pass
                self._say(
                    self.tr.gettext(
                        "That line is over {limit} characters; type the answer again."
                    ).format(limit=MAX_LINE)
                )
                continue
            if not self._echoes:
                # Piped answers are not echoed by a terminal: write them, so the transcript
                # reads as a conversation.
                self._output.write(shown(line.rstrip("\r\n"), 200) + "\n")
            return line.strip()


def _instruction(question: Question, flow: Flow, tr: Translator = ENGLISH) -> str:
    """What may be typed, said in full every time: there is no screen to look back at."""
    what = _what(question, tr)
    extras = []
    kept = _kept(question, flow)
    if kept is not None:
        extras.append(
            tr.gettext("Enter keeps {answer}").format(answer=answer_label(question, kept, tr))
        )
    if flow.can_skip:
        extras.append(tr.gettext("{key} skips").format(key=SKIP))
    if flow.can_go_back:
        extras.append(tr.gettext("{key} goes back").format(key=BACK))
    if question.help:
        extras.append(tr.gettext("{key} for help").format(key=HELP))
    return "; ".join([what, *extras])


def _what(question: Question, tr: Translator = ENGLISH) -> str:
    count = len(options_of(question))
    if question.type == "multi":
        low, high = multi_bounds(question)
        return tr.gettext(
            "Type {how_many} of the numbers 1 to {count}, separated by spaces"
        ).format(how_many=how_many(low, high, tr), count=count)
    if question.type == "rank":
        return tr.gettext(
            "Type all the numbers 1 to {count} in your order, first choice first"
        ).format(count=count)
    return tr.gettext("Type a number from 1 to {count}").format(count=count)


def _kept(question: Question, flow: Flow) -> str | tuple[str, ...] | None:
    """The answer given before, which an empty line keeps; None when there is none."""
    previous = flow.previous_answer
    if previous is None:
        return None
    if question.type in ("multi", "rank"):
        return tuple(previous) if isinstance(previous, tuple) else None
    return previous if isinstance(previous, str) else None


def _parse(line: str, question: Question, flow: Flow, tr: Translator = ENGLISH) -> Reply | _Retry:
    """The reply a typed line stands for, or what is wrong with it."""
    lowered = line.lower()
    if lowered == BACK:
        return (
            Move.BACK
            if flow.can_go_back
            else _Retry(tr.gettext("This is the first question; there is no going back."))
        )
    if lowered == SKIP:
        return (
            Move.SKIP
            if flow.can_skip
            else _Retry(tr.gettext("This question cannot be skipped; type an answer."))
        )
    if not line:
        kept = _kept(question, flow)
        if kept is not None:
            return kept
        if question.type == "multi" and multi_bounds(question)[0] == 0:
            return ()  # none of them: allowed, and said with an empty line
        if flow.can_skip:
            return _Retry(tr.gettext("Type an answer ({key} skips).").format(key=SKIP))
        return _Retry(tr.gettext("Type an answer."))
    options = options_of(question)
    picks = [part for part in _SEPARATORS.split(line) if part]
    # A long run of digits is no option's number (and int() refuses over 4,300 of them).
    numbers = [int(part) for part in picks if part.isdecimal() and len(part) <= 6]
    if len(numbers) != len(picks) or any(not 1 <= n <= len(options) for n in numbers):
        return _Retry(
            tr.gettext("'{typed}' is not an answer here. {what}.").format(
                typed=shown(line, 40), what=_what(question, tr)
            )
        )
    if len(set(numbers)) != len(numbers):
        return _Retry(tr.gettext("Each number counts once; type each option only once."))
    ids = tuple(options[n - 1].id for n in numbers)
    if question.type == "multi":
        low, high = multi_bounds(question)
        if not low <= len(ids) <= high:
            return _Retry(
                tr.gettext("Pick {how_many}; you typed {count}.").format(
                    how_many=how_many(low, high, tr), count=len(ids)
                )
            )
        return ids
    if question.type == "rank":
        if len(ids) != len(options):
            return _Retry(
                tr.gettext("Put all {total} in order; you typed {count}.").format(
                    total=len(options), count=len(ids)
                )
            )
        return ids
    if len(ids) != 1:
        return _Retry(tr.gettext("One answer only. {what}.").format(what=_what(question, tr)))
    return ids[0]
