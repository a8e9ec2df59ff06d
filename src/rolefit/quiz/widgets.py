"""The questionary prompts the arrow-key quiz runs, built but not yet asked, and their look.

The prompts `prompts.Prompter` runs, each a `questionary.Question`: the select over a
question's options, the checkbox of a multi question, the name and the resume choice. Beside
them, what they are made of: the style, the keys each prompt says it takes, the rule a multi
question keeps and what Enter with nothing ticked means, and the Skip and Back moves.

Skip and Back always come after the answer options, so Enter on an untouched question picks
the first option and never goes back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

import questionary
from questionary import Choice, Separator
from questionary.prompts.common import InquirerControl

from rolefit.core.answers import NAME_LIMIT
from rolefit.core.flow import Flow, Move
from rolefit.core.i18n import ENGLISH, N_, Translator
from rolefit.core.items import how_many, multi_bounds, options_of
from rolefit.core.models import Question

# ANSI colour names, not RGB, so the terminal theme picks shades that read on light and dark
# backgrounds; prompt_toolkit drops colour under NO_COLOR.
STYLE = questionary.Style(
    [
        ("qmark", "fg:ansicyan bold"),
        ("question", "bold"),
        ("answer", "fg:ansicyan bold"),
        ("pointer", "fg:ansicyan bold"),
        ("highlighted", "fg:ansicyan bold"),
        ("selected", "fg:ansicyan"),
        ("separator", "fg:ansibrightblack"),
        ("instruction", "fg:ansibrightblack"),
        ("progress", "fg:ansibrightblack"),
        ("help", "italic"),
        ("note", ""),
    ]
)
# In English; each is translated where it is shown.
SKIP_LABEL = N_("Skip")
BACK_LABEL = N_("Back")
MOVES_SEPARATOR = "  ──────────"
MAX_SHORTCUTS = len(InquirerControl.SHORTCUT_KEYS)


class NothingTicked(Enum):
    """After Enter with nothing ticked: tick again, or nothing is the answer."""

    PICK = "pick"
    NONE = "none"


def option_select(
    message: str,
    choices: list[Choice],
    default: str | None,
    io: Mapping[str, Any],
    *,
    qmark: str = "?",
    tr: Translator = ENGLISH,
) -> questionary.Question:
    """A select over a question's options (then its moves), each option on a number key."""
    shortcuts = len(choices) <= MAX_SHORTCUTS
    return questionary.select(
        message,
        choices,
        default=default,
        qmark=qmark,
        # Number keys pick an option; j/k would clash with the 19th and 20th shortcut.
        use_shortcuts=shortcuts,
        instruction=keys_instruction(tr, shortcuts=shortcuts),
        use_jk_keys=False,
        style=STYLE,
        **io,
    )


def keys_instruction(tr: Translator = ENGLISH, *, shortcuts: bool) -> str:
    """The keys a select takes, as questionary says it (in English) when given none."""
    if shortcuts:
        return tr.gettext("(Use shortcuts or arrow keys)")
    return tr.gettext("(Use arrow keys)")


def move_choices(*, can_skip: bool, can_back: bool, tr: Translator = ENGLISH) -> list[Choice]:
    """Skip and Back, as far as they are allowed, set apart below the answer options."""
    moves: list[Choice] = []
    if can_skip:
        moves.append(Choice(tr.gettext(SKIP_LABEL), value=Move.SKIP))
    if can_back:
        moves.append(Choice(tr.gettext(BACK_LABEL), value=Move.BACK))
    return [Separator(MOVES_SEPARATOR), *moves] if moves else []


def multi_checkbox(
    question: Question, flow: Flow, io: Mapping[str, Any], tr: Translator = ENGLISH
) -> questionary.Question:
    """The checkbox for a multi question: earlier picks ticked, its limits explained and kept."""
    previous = flow.previous_answer
    earlier = set(previous) if isinstance(previous, tuple) else set()
    choices = [
        Choice(o.label, value=o.id, checked=o.id in earlier) for o in options_of(question, tr)
    ]
    low, high = multi_bounds(question)
    moves = flow.can_skip or flow.can_go_back
    if moves:
        instruction = tr.gettext(
            "(Space ticks, Enter confirms; pick {count}; Enter with none ticked to skip or go back)"
        )
    else:
        instruction = tr.gettext("(Space ticks, Enter confirms; pick {count})")
    return questionary.checkbox(
        question.prompt,
        choices,
        validate=multi_rule(low, high, can_leave=moves, tr=tr),
        # Its answered line would say "done (2 selections)"; Prompter writes its own.
        erase_when_done=True,
        instruction=instruction.format(count=how_many(low, high, tr)),
        style=STYLE,
        **io,
    )


def multi_rule(low: int, high: int, *, can_leave: bool, tr: Translator = ENGLISH) -> Any:
    """The checkbox validator: a count within [low, high]; none at all when the question can
    be left (skipped, or gone back from): then the quiz asks what nothing means."""

    def check(values: Sequence[Any]) -> bool | str:
        count = len(values)
        if count == 0 and (can_leave or low == 0):
            return True
        if count < low:
            # Short: questionary shows it on one line, and cuts what does not fit.
            if can_leave:
                return tr.gettext("Pick at least {low} (or none, to skip or go back)").format(
                    low=low
                )
            return tr.gettext("Pick at least {low} (Space ticks)").format(low=low)
        if count > high:
            return tr.ngettext(
                "Pick at most {high}; {count} is ticked",
                "Pick at most {high}; {count} are ticked",
                count,
            ).format(high=high, count=count)
        return True

    return check


def nothing_ticked_select(
    flow: Flow, *, none_is_an_answer: bool, io: Mapping[str, Any], tr: Translator = ENGLISH
) -> questionary.Question:
    """What Enter with nothing ticked means: skip, go back, or tick after all."""
    choices: list[Choice] = []
    if none_is_an_answer:
        none = tr.gettext("None of them: that is my answer")
        choices.append(Choice(none, value=NothingTicked.NONE))
    if flow.can_skip:
        choices.append(Choice(tr.gettext("Skip this question"), value=Move.SKIP))
    if flow.can_go_back:
        choices.append(Choice(tr.gettext("Back to the previous question"), value=Move.BACK))
    choices.append(Choice(tr.gettext("Tick some after all"), value=NothingTicked.PICK))
    return questionary.select(
        tr.gettext("Nothing is ticked."),
        choices,
        instruction=keys_instruction(tr, shortcuts=False),
        style=STYLE,
        **io,
    )


def name_text(io: Mapping[str, Any], tr: Translator = ENGLISH) -> questionary.Question:
    """The optional name: Enter alone leaves it out."""
    too_long = tr.gettext("at most {limit} characters").format(limit=NAME_LIMIT)
    return questionary.text(
        tr.gettext("Your name, for the report (optional; Enter to skip):"),
        validate=lambda text: len(text) <= NAME_LIMIT or too_long,
        style=STYLE,
        **io,
    )


def resume_select(io: Mapping[str, Any], tr: Translator = ENGLISH) -> questionary.Question:
    """Resume saved progress (True) or start over (False)."""
    return questionary.select(
        tr.gettext("Pick up where you left off?"),
        [
            Choice(tr.gettext("Resume where I left off"), value=True),
            Choice(tr.gettext("Start over (discards the saved answers)"), value=False),
        ],
        instruction=keys_instruction(tr, shortcuts=False),
        style=STYLE,
        **io,
    )
