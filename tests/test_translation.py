"""Every word rolefit writes goes through the translator, and German reads as it should.

The words are checked with a pseudo-translator that marks every message (`⟦…⟧`) over a bank
whose own texts are marked too (`qq…`): whatever English is left in a card, an export, the
plain quiz's transcript, the arrow-key prompts or the quiz's messages was written without
asking the catalog, and the test names it.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyte
import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output
from rich.console import Console

from rolefit.core import wording
from rolefit.core.bank import Bank
from rolefit.core.compare import compare, side
from rolefit.core.flow import Flow, Move
from rolefit.core.history import PastResult
from rolefit.core.i18n import Translator
from rolefit.core.result import FLAG_CODES, Result, RoleReadiness
from rolefit.quiz.options import QuizOptions
from rolefit.quiz.plain import PlainAsker
from rolefit.quiz.prompts import Prompter
from rolefit.quiz.session import play, resume_summary
from rolefit.quiz.store import Store
from rolefit.render import compare as compare_render
from rolefit.render import history as history_render
from rolefit.render.card import result_card
from rolefit.render.markdown import result_markdown
from rolefit.render.page import result_page
from rolefit.render.picture import result_svg
from rolefit.render.plain import result_plain
from tests.i18n_support import Marking, english_left, marked_bank, marked_bank_files, results
from tests.quiz_support import ScriptedAsker

MARKING = Marking()
# Words that are no message: the brand, the names the results were given, the bank's id.
ALLOWED = frozenset({"rolefit", "Sam", "Kim", "Ana", "default"})


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> Bank:
    return marked_bank(tmp_path_factory.mktemp("marked"))


@pytest.fixture(scope="module")
def marked_results(marked: Bank) -> dict[str, Result]:
    return results(marked, MARKING)


def card_text(result: Result, tr: Translator, width: int = 100) -> str:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(result_card(result, tr=tr))
    return console.export_text()


def page_words(document: str) -> str:
    """An HTML or SVG document's text as a reader meets it: no style sheet, no tags, and the
    attributes a screen reader reads (aria-label) kept."""
    document = re.sub(r"<style>.*?</style>", " ", document, flags=re.S)
    labels = " ".join(re.findall(r'aria-label="([^"]*)"', document))
    return html.unescape(re.sub(r"<[^>]+>", " ", document) + " " + labels)


RENDERERS = {
    "card": lambda r: card_text(r, MARKING),
    "markdown": lambda r: result_markdown(r, MARKING),
    "html": lambda r: page_words(result_page(r, MARKING)),
    "svg": lambda r: page_words(result_svg(r, MARKING)),
    "plain": lambda r: result_plain(r, 100, MARKING),
}


def test_the_results_take_every_branch_the_words_do(marked_results: dict[str, Result]) -> None:
    verdicts = {r.verdict for r in marked_results.values()}
    assert verdicts == {"product", "program", "balanced", "undetermined"}
    codes = {flag.code for r in marked_results.values() for flag in r.flags}
    assert codes == set(FLAG_CODES)
    assert any(r.next_steps for r in marked_results.values())
    assert any(not r.next_steps for r in marked_results.values())
    assert any(r.form == "short" for r in marked_results.values())


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
@pytest.mark.parametrize(
    "name", ["product", "program", "balanced", "agreeing", "flat", "few", "short"]
)
def test_every_word_of_a_rendered_result_comes_from_the_catalog(
    marked_results: dict[str, Result], renderer: str, name: str
) -> None:
    shown = RENDERERS[renderer](marked_results[name])
    assert english_left(shown, ALLOWED) == []


def test_every_sentence_of_the_wording_comes_from_the_catalog() -> None:
    readiness = (RoleReadiness(role="product", score=5.0, rated=1, of=2),)
    sentences = [
        wording.headline("product", "leans", 63.0, 0.4, None, MARKING),
        wording.headline("program", "leans", 37.0, 6.0, None, MARKING),
        wording.headline("balanced", "none", 57.0, 9.0, None, MARKING),
        wording.headline("balanced", "none", 43.0, 9.0, None, MARKING),
        wording.straight_lining(9, 10, MARKING),
        wording.contradiction([("qqA", "qqyes", "qqB", "qqno")], MARKING),
        wording.acquiescence(True, MARKING),
        wording.acquiescence(False, MARKING),
        wording.no_next_steps("product", readiness, MARKING),
        wording.no_next_steps("program", (), MARKING),
        wording.no_next_steps("balanced", readiness, MARKING),
        wording.shared_summary([3], "qqtext", MARKING),
        wording.shared_summary([], "qqtext", MARKING),
        wording.left_out_summary(1, 2, MARKING),
        wording.dimension_value(None, MARKING),
        wording.lean_words(50.0, tr=MARKING),
    ]
    assert [english_left(sentence) for sentence in sentences] == [[]] * len(sentences)


def test_every_word_of_the_history_and_compare_views_comes_from_the_catalog(
    marked_results: dict[str, Result],
) -> None:
    from datetime import UTC, datetime

    taken = datetime(2026, 1, 2, tzinfo=UTC)
    items = [
        PastResult(1, taken, "default", "1", "full", None, "product", 70.0, "x"),
        PastResult(2, taken, "default", "1", "short", None, "undetermined", None, "x"),
    ]
    console = Console(width=100, record=True, file=io.StringIO(), color_system=None)
    console.print(history_render.history_view(items, MARKING))
    console.print(history_render.history_view([], MARKING))
    console.print(compare_render.comparison_view(_comparison(marked_results), MARKING))
    shown = console.export_text()
    shown += history_render.history_markdown(items, MARKING)
    shown += compare_render.comparison_markdown(_comparison(marked_results), MARKING)
    # RCI and SEM are the formula's names; `rolefit compare` the command's.
    assert english_left(shown, ALLOWED | {"RCI", "SEM", "compare"}) == []


def _comparison(marked_results: dict[str, Result]) -> Any:
    a, b = marked_results["product"], marked_results["program"]
    return compare(a, b, side(a, "qqone.qqyaml", "answers"), side(b, "qqtwo.qqjson", "result"))


# --- the quiz --------------------------------------------------------------------------------


def plain_transcript(bank: Bank, typed: str, flow: Flow) -> str:
    output = io.StringIO()
    asker = PlainAsker(io.StringIO(typed), output, MARKING)
    while not flow.at_review:
        flow = flow.apply(asker.ask(flow))
    asker.review(flow)
    asker.name()
    asker.resume("qqsummary")
    return output.getvalue()


def test_every_word_of_the_plain_quiz_comes_from_the_catalog(marked: Bank) -> None:
    # The first question is asked for help and given every kind of wrong line; the second
    # goes back to it, where Enter keeps the answer; a multi and a ranking are first given
    # too few numbers. The review is asked for a question that is not there, the name is
    # given with a control character, and the resume question a word it does not take.
    first = ["?", "x", "99", "1 1", "1 2", "", "9" * 1100, "b", "1"]
    lines: list[str] = []
    for index, question in enumerate(marked.questions):
        count = len(marked.items[question.id].labels) if question.id in marked.items else 5
        everything = " ".join(str(n) for n in range(1, count + 1))
        if index == 0:
            lines.extend(first)
        elif index == 1:
            lines.extend(["?", "b", "", "1"])
        elif question.type == "rank":
            lines.extend(["1", everything])
        elif question.type == "multi":
            least = " ".join(str(n) for n in range(1, (question.min or 1) + 1))
            lines.extend(["1 2 3 4 5 6 7 8 9", "", least] if question.min else [least])
        else:
            lines.append("1")
    typed = "\n".join([*lines, "999", "", "\x1b", "Sam", "qqmaybe", "y"]) + "\n"
    shown = plain_transcript(marked, typed, Flow.start(marked))
    for said in (
        "⟦This question has no further help.⟧",
        "⟦'x' is not an answer here.",
        "⟦Each number counts once",
        "⟦One answer only.",
        "⟦Type an answer",
        "⟦That line is over",
        "⟦This is the first question",
        "⟦Enter keeps",
        "⟦Pick ",
        "⟦There is no question",
        "⟦Type the name as plain text",
        "⟦Type ⟦y⟧ or ⟦n⟧.⟧",
    ):
        assert said in shown
    assert english_left(shown, ALLOWED) == []


class Recorded(io.StringIO):
    """A terminal that keeps every screen prompt_toolkit draws: each flush is one drawing,
    played on a pyte screen and its lines kept, so words drawn in pieces are read whole."""

    def __init__(self) -> None:
        super().__init__()
        self.screen = pyte.Screen(400, 60)
        self.stream = pyte.Stream(self.screen)
        self.seen: list[str] = []
        self.output = Vt100_Output(self, lambda: Size(rows=60, columns=400), term="xterm")

    def flush(self) -> None:
        self.stream.feed(self.getvalue())
        self.seek(0)
        self.truncate()
        self.seen.extend(line.rstrip() for line in self.screen.display if line.strip())

    def text(self) -> str:
        return "\n".join(dict.fromkeys(self.seen))


class Keyed(Prompter):
    def __init__(self, pipe: PipeInput, terminal: Recorded, keys: list[str]) -> None:
        super().__init__(input=pipe, output=terminal.output, tr=MARKING)
        self.pipe, self.keys = pipe, keys

    def _run(self, question: Any) -> Any:
        self.pipe.send_text(self.keys.pop(0))
        return super()._run(question)


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe:
        yield pipe


def test_every_word_of_the_arrow_key_prompts_comes_from_the_catalog(
    marked: Bank, pipe: PipeInput
) -> None:
    terminal = Recorded()
    flow = Flow.start(marked)
    down, enter, space = "\x1b[B", "\r", " "
    while not flow.at_review:
        question = flow.current
        assert question is not None
        if question.type == "multi":
            # Enter with none ticked, then "tick some after all" (the last choice, one up
            # from the first), then tick as many as it takes.
            keys = [enter, "\x1b[A" + enter, space + enter]
            if (question.min or 0) > 1:
                keys[-1] = (space + down) * (question.min or 0) + enter
            reply = Keyed(pipe, terminal, keys).ask(flow)
        elif question.type == "rank":
            count = len(marked.items[question.id].labels)
            reply = Keyed(pipe, terminal, [enter] * (count - 1)).ask(flow)
        else:
            reply = Keyed(pipe, terminal, [enter]).ask(flow)
        assert reply is not Move.BACK
        flow = flow.apply(reply)
    # A name too long is refused (and said so), then shortened.
    name = "q" * 300 + enter + "\x7f" * 297 + enter
    prompter = Keyed(pipe, terminal, [enter, name, enter])
    prompter.review(flow)
    prompter.name()
    prompter.resume("qqsummary")
    shown = terminal.text()
    for said in (
        "⟦(Use shortcuts or arrow keys)⟧",
        "⟦Nothing is ticked.⟧",
        "⟦Picked: ",
        "⟦Which first?⟧",
        "⟦Your order: ",
        "⟦Score my answers⟧",
        "⟦Pick up where you left off?⟧",
    ):
        assert said in shown
    assert english_left(shown, ALLOWED) == []


def test_every_word_the_quiz_tells_comes_from_the_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("rolefit.quiz.commands.command_name", lambda: "qqrolefit")
    files = marked_bank_files(tmp_path / "bank")
    from rolefit.files.banks import load_bank

    bank = load_bank(files)
    store = Store.for_bank(bank, files, tmp_path / "state")
    card = Console(record=True, file=io.StringIO(), width=100, color_system=None)
    messages = io.StringIO()
    first = ScriptedAsker(["yes", "agree"])
    play(bank, files, QuizOptions(name="Sam"), first, store, card, messages, MARKING)
    replies = [r for r in _answers_in_order(bank)]
    second = ScriptedAsker(replies[2:])  # it resumes after the first two
    exports = (tmp_path / "out.md", tmp_path / "out.svg")
    options = QuizOptions(resume=False, exports=exports, save_answers=tmp_path / "kept.yaml")
    play(bank, files, options, second, store, card, messages, MARKING)
    play(bank, files, QuizOptions(resume=True), ScriptedAsker([]), store, card, messages, MARKING)
    told = messages.getvalue() + " ".join(second.resume_summaries)
    # Paths, options and commands are no words of a language: out with them.
    told = re.sub(r"`[^`]*`|[^\s⟦⟧`]*/[^\s⟦⟧`]*|--\w+", " ", told)
    assert english_left(told, ALLOWED | {"score"}) == []
    assert "⟦" in told


def _answers_in_order(bank: Bank) -> list[Any]:
    flow = Flow.start(bank)
    replies = []
    while not flow.at_review:
        question = flow.current
        assert question is not None
        ids = [o for o in bank.items[question.id].labels] if question.id in bank.items else []
        if question.type == "rank":
            reply: Any = tuple(ids)
        elif question.type == "multi":
            reply = tuple(ids[: question.min or 1])
        elif question.type == "likert":
            reply = "capable" if question.kind == "skill" else "agree"
        else:
            reply = ids[0]
        replies.append(reply)
        flow = flow.apply(reply)
    return replies


def test_the_resume_summary_and_its_age_come_from_the_catalog() -> None:
    from datetime import UTC, datetime, timedelta

    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    for minutes in (0, 1, 5, 60, 120, 60 * 24 * 3):
        saved_at = (now - timedelta(minutes=minutes)).isoformat()
        shown = resume_summary(_saved(saved_at), now=now, tr=MARKING)
        assert english_left(re.sub(r"\d+", " ", shown)) == [], shown


def _saved(saved_at: str) -> Any:
    class Flowish:
        answered, total = 3, 9

    class Settings:
        short = True

    class SavedLike:
        flow = Flowish()
        settings = Settings()

    SavedLike.saved_at = saved_at  # type: ignore[attr-defined]
    return SavedLike()
