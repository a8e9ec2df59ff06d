"""Loading and validating a bank: every rule has an example that breaks it."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from rolefit.core.bank import Bank
from rolefit.core.models import LikertKey
from rolefit.files.banks import BankFiles, check_bank
from tests.conftest import MINI_QUESTIONS, MINI_SCORING, ROOT

Data = dict[str, Any]


def broken_bank(
    tmp_path: Path,
    change_questions: Callable[[Data], None] | None = None,
    change_scoring: Callable[[Data], None] | None = None,
) -> list[str]:
    questions = yaml.safe_load(MINI_QUESTIONS.read_text())
    scoring = yaml.safe_load(MINI_SCORING.read_text())
    if change_questions:
        change_questions(questions)
    if change_scoring:
        change_scoring(scoring)
    questions_path, scoring_path = tmp_path / "q.yaml", tmp_path / "s.yaml"
    questions_path.write_text(yaml.safe_dump(questions, sort_keys=False))
    scoring_path.write_text(yaml.safe_dump(scoring, sort_keys=False))
    _, problems = check_bank(BankFiles(questions_path, scoring_path))
    return problems


def question(data: Data, question_id: str) -> Data:
    for section in data["sections"]:
        for q in section["questions"]:
            if q["id"] == question_id:
                return q  # type: ignore[no-any-return]
    raise KeyError(question_id)


def test_the_default_bank_is_valid(bank: Bank) -> None:
    assert 30 <= len(bank.questions) <= 45
    assert len(bank.short_form()) >= 12


def test_the_default_bank_uses_every_question_type(bank: Bank) -> None:
    assert {q.type for q in bank.questions} == {"likert", "choice", "multi", "rank"}


def test_half_of_the_likert_preferences_are_keyed_toward_program(bank: Bank) -> None:
    keyed = [
        key.keyed
        for q in bank.questions
        if q.type == "likert"
        and q.kind == "preference"
        and isinstance(key := bank.key(q.id), LikertKey)
    ]
    assert keyed.count("program") == keyed.count("product") == len(keyed) / 2


def test_half_of_the_statements_asked_of_everyone_are_keyed_toward_program(bank: Bank) -> None:
    # People who never led a team skip the follow-ups; agreeing with everything must not tilt
    # them either.
    keyed = [
        key.keyed
        for q in bank.questions
        if q.type == "likert"
        and q.kind == "preference"
        and q.when is None
        and isinstance(key := bank.key(q.id), LikertKey)
    ]
    assert keyed.count("program") == keyed.count("product") == len(keyed) / 2


def test_the_short_form_covers_every_counted_dimension(bank: Bank) -> None:
    reached = {
        d
        for q in bank.short_form()
        if q.kind == "preference" and q.when is None
        for d in bank.items[q.id].reaches
    }
    assert reached == {d.id for d in bank.scoring.dimensions if not d.shared}


def test_every_option_of_a_multi_question_has_a_counterpart_toward_the_other_role(
    bank: Bank,
) -> None:
    from rolefit.core.models import OptionKeys

    for q in bank.questions:
        key = bank.key(q.id) if q.kind == "preference" else None
        if q.type == "multi" and isinstance(key, OptionKeys):
            signs = [
                sum(lean.lean.values()) > 0 for lean in key.options.values() if lean != "neutral"
            ]
            assert signs.count(True) == signs.count(False), q.id


def test_every_question_cites_one_of_the_two_articles(bank: Bank) -> None:
    titles = {s.title for s in bank.questions_file.sources}
    assert len(titles) == 2
    assert all(q.source.title in titles for q in bank.questions)


def test_the_mini_bank_is_valid(mini_bank: Bank) -> None:
    assert mini_bank.id == "mini"


def test_a_duplicate_question_id_is_reported_with_its_line(tmp_path: Path) -> None:
    def duplicate(data: Data) -> None:
        question(data, "work.one")["id"] = "work.many"

    problems = broken_bank(tmp_path, duplicate)
    assert any("q.yaml:" in p and "duplicate question id" in p for p in problems)


def test_a_duplicate_section_id_is_reported_with_its_line(tmp_path: Path) -> None:
    def duplicate(data: Data) -> None:
        data["sections"][1]["id"] = data["sections"][0]["id"]

    problems = broken_bank(tmp_path, duplicate)
    assert any("q.yaml:" in p and "work: duplicate section id" in p for p in problems)


def test_a_dimension_listed_twice_for_one_item_is_reported(tmp_path: Path) -> None:
    def twice(data: Data) -> None:
        key = next(k for k in data["items"].values() if "dimensions" in k)
        key["dimensions"] = [key["dimensions"][0], key["dimensions"][0]]

    problems = broken_bank(tmp_path, change_scoring=twice)
    assert any("s.yaml:" in p and "is listed twice; name it once" in p for p in problems)


@pytest.mark.parametrize("version", [1.5, -3, True, [1]])
def test_a_version_that_is_neither_a_number_nor_a_text_is_one_plain_problem(
    tmp_path: Path, version: object
) -> None:
    def wrong(data: Data) -> None:
        data["bank"]["version"] = version

    problems = broken_bank(tmp_path, wrong)
    assert len(problems) == 1
    assert "bank.version: a version is a whole number (0 or more) or a text" in problems[0]


def test_a_wrong_key_in_a_mapping_is_named_without_pydantic_steps(tmp_path: Path) -> None:
    def wrong(data: Data) -> None:
        skill = next(iter(data["skills"].values()))
        skill["grow"] = {"xprogram": "Practise."}

    problems = broken_bank(tmp_path, change_scoring=wrong)
    assert any(".grow.xprogram: " in p for p in problems), problems
    assert not any("[key]" in p for p in problems)


def test_an_unscored_option_is_reported(tmp_path: Path) -> None:
    def drop(data: Data) -> None:
        del data["items"]["work.pick"]["options"]["rollout"]

    problems = broken_bank(tmp_path, change_scoring=drop)
    assert any("'rollout' is not scored" in p for p in problems)


def test_a_scored_option_that_does_not_exist_is_reported(tmp_path: Path) -> None:
    def add(data: Data) -> None:
        data["items"]["work.pick"]["options"]["tablet"] = "neutral"

    problems = broken_bank(tmp_path, change_scoring=add)
    assert any("has no option 'tablet'" in p for p in problems)


def test_an_unscored_question_is_reported(tmp_path: Path) -> None:
    def drop(data: Data) -> None:
        del data["items"]["work.one"]

    problems = broken_bank(tmp_path, change_scoring=drop)
    assert any("work.one: preference question has no entry under `items`" in p for p in problems)


def test_scoring_a_question_that_does_not_exist_is_reported(tmp_path: Path) -> None:
    def add(data: Data) -> None:
        data["items"]["work.ghost"] = {"keyed": "product", "dimensions": ["scope"], "because": "x"}

    problems = broken_bank(tmp_path, change_scoring=add)
    assert any("'work.ghost' is not a question" in p for p in problems)


def test_an_unknown_dimension_is_reported(tmp_path: Path) -> None:
    def rename(data: Data) -> None:
        data["items"]["work.one"]["dimensions"] = ["scop"]

    problems = broken_bank(tmp_path, change_scoring=rename)
    assert any("unknown dimension 'scop'" in p for p in problems)


def test_a_weight_that_is_not_positive_is_reported(tmp_path: Path) -> None:
    def zero(data: Data) -> None:
        data["dimensions"][0]["weight"] = 0

    problems = broken_bank(tmp_path, change_scoring=zero)
    assert any("s.yaml:" in p and "dimensions.0.weight" in p for p in problems)


def test_a_lean_outside_minus_one_to_one_is_reported(tmp_path: Path) -> None:
    def big(data: Data) -> None:
        data["items"]["work.pick"]["options"]["phone"]["lean"]["scope"] = 2

    problems = broken_bank(tmp_path, change_scoring=big)
    assert any("less than or equal to 1" in p for p in problems)


def test_a_dimension_reached_by_too_few_questions_is_reported(tmp_path: Path) -> None:
    def narrow(data: Data) -> None:
        data["items"]["work.one"]["dimensions"] = ["people"]

    problems = broken_bank(tmp_path, change_scoring=narrow)
    assert any("dimension 'scope' is reached by 2 preference questions" in p for p in problems)


def test_a_dimension_the_short_form_cannot_score_is_reported(tmp_path: Path) -> None:
    def unflag(data: Data) -> None:
        question(data, "work.many")["short"] = False
        question(data, "work.one")["short"] = False

    problems = broken_bank(tmp_path, unflag)
    assert any(
        "dimension 'scope' is reached by 1 short-form preference question asked to everyone" in p
        for p in problems
    )


def test_a_conditional_short_question_does_not_cover_a_dimension(tmp_path: Path) -> None:
    def unflag(data: Data) -> None:
        question(data, "work.rank")["short"] = False

    problems = broken_bank(tmp_path, unflag)
    # work.conflicts is short but only asked to people who have led a team.
    assert any("dimension 'people' is reached by 1 short-form" in p for p in problems)


def test_a_short_question_conditioned_on_a_question_outside_the_short_form_is_reported(
    tmp_path: Path,
) -> None:
    def unflag(data: Data) -> None:
        question(data, "work.led")["short"] = False

    problems = broken_bank(tmp_path, unflag)
    expected = (
        "work.conflicts: is in the short form, but its `when` names 'work.led', which the "
        "short form never asks"
    )
    assert any("q.yaml:" in p and expected in p for p in problems)


def test_a_question_named_twice_in_a_short_questions_condition_is_reported_once(
    tmp_path: Path,
) -> None:
    def unflag_and_repeat(data: Data) -> None:
        question(data, "work.led")["short"] = False
        question(data, "work.conflicts")["when"] = {
            "any": [
                {"equals": {"question": "work.led", "answer": "yes"}},
                {"equals": {"question": "work.led", "answer": "no"}},
            ]
        }

    problems = broken_bank(tmp_path, unflag_and_repeat)
    assert sum("which the short form never asks" in p for p in problems) == 1


def test_an_option_source_that_is_not_listed_is_reported(tmp_path: Path) -> None:
    def cite(data: Data) -> None:
        data["items"]["work.pick"]["options"]["phone"]["source"] = {
            "title": "Some blog",
            "section": "Intro",
        }

    problems = broken_bank(tmp_path, change_scoring=cite)
    assert any("source title 'Some blog' is not one of the bank's sources" in p for p in problems)


def test_a_typo_in_a_likert_key_is_reported_once_against_that_key(tmp_path: Path) -> None:
    def typo(data: Data) -> None:
        data["items"]["work.one"]["keyed"] = "programme"

    problems = broken_bank(tmp_path, change_scoring=typo)
    assert len(problems) == 1
    assert "items.work.one.keyed: Input should be 'product' or 'program'" in problems[0]


def test_a_condition_on_a_later_question_is_reported(tmp_path: Path) -> None:
    def forward(data: Data) -> None:
        question(data, "work.many")["when"] = {
            "equals": {"question": "work.pick", "answer": "phone"}
        }

    problems = broken_bank(tmp_path, forward)
    assert any("names 'work.pick', which is a later question" in p for p in problems)


def test_a_condition_on_an_unknown_option_is_reported(tmp_path: Path) -> None:
    def typo(data: Data) -> None:
        question(data, "work.conflicts")["when"] = {
            "in": {"question": "work.led", "answers": ["ja"]}
        }

    problems = broken_bank(tmp_path, typo)
    assert any("names option 'ja' of 'work.led'" in p for p in problems)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("x", "when: a condition is a mapping with exactly one key"),
        ({"bogus": 1}, "when: a condition is a mapping with exactly one key"),
        (
            {"equals": {"question": "work.led", "answer": "yes"}, "not": {"equals": {}}},
            "when: a condition is a mapping with exactly one key",
        ),
        ({"all": []}, "when.all: "),
        ({"equals": {"question": "work.led"}}, "when.equals.answer: Field required"),
        ({"any": [{"equals": {"question": "work.led", "answer": "yes"}}, 3]}, "when.any.1: a"),
    ],
    ids=["text", "unknown key", "two keys", "empty all", "no answer", "not a mapping inside"],
)
def test_a_malformed_condition_is_one_problem_naming_where_it_is(
    tmp_path: Path, when: object, expected: str
) -> None:
    def malformed(data: Data) -> None:
        question(data, "work.conflicts")["when"] = when

    [problem] = broken_bank(tmp_path, malformed)
    assert expected in problem
    assert "Condition" not in problem  # no class name of rolefit's


@pytest.mark.parametrize(
    ("pair", "expected"),
    [
        (["work.many", "work.many"], "names one statement twice"),
        (["work.many", "work.conflicts"], "are both keyed toward program"),
        (["work.one", "work.conflicts"], "share no dimension"),
    ],
    ids=["the same statement", "keyed alike", "no shared dimension"],
)
def test_a_consistency_pair_that_could_never_show_a_contradiction_is_reported(
    tmp_path: Path, pair: list[str], expected: str
) -> None:
    def paired(data: Data) -> None:
        data["consistency_pairs"] = [pair]

    [problem] = broken_bank(tmp_path, change_scoring=paired)
    assert f"consistency_pairs: [{pair[0]}, {pair[1]}] " in problem and expected in problem


def test_multi_limits_beyond_the_options_are_reported(tmp_path: Path) -> None:
    def too_many(data: Data) -> None:
        question(data, "work.multi")["max"] = 9

    problems = broken_bank(tmp_path, too_many)
    assert any("needs min <= max <= 3 options" in p for p in problems)


def test_a_source_that_is_not_listed_is_reported(tmp_path: Path) -> None:
    def cite(data: Data) -> None:
        question(data, "work.one")["source"]["title"] = "Some blog"

    problems = broken_bank(tmp_path, cite)
    assert any("source title 'Some blog' is not one of the bank's sources" in p for p in problems)


def test_a_skill_without_advice_for_its_role_is_reported(tmp_path: Path) -> None:
    def silent(data: Data) -> None:
        data["skills"]["skills.risk"]["grow"] = {"product": "x"}

    problems = broken_bank(tmp_path, change_scoring=silent)
    assert any("needs `grow` text for the program role" in p for p in problems)


def test_a_preference_may_not_move_a_shared_dimension(tmp_path: Path) -> None:
    def share(data: Data) -> None:
        data["items"]["work.one"]["dimensions"] = ["foundations"]

    problems = broken_bank(tmp_path, change_scoring=share)
    assert any("'foundations' is shared and never moves fit" in p for p in problems)


def test_a_consistency_pair_must_name_likert_preferences(tmp_path: Path) -> None:
    def pair(data: Data) -> None:
        data["consistency_pairs"] = [["work.many", "work.pick"]]

    problems = broken_bank(tmp_path, change_scoring=pair)
    assert any("consistency_pairs" in p for p in problems)


def test_a_missing_field_names_the_question_and_its_line(tmp_path: Path) -> None:
    def drop(data: Data) -> None:
        del question(data, "work.one")["prompt"]

    problems = broken_bank(tmp_path, drop)
    assert any(p.startswith(f"{tmp_path / 'q.yaml'}:") and "prompt" in p for p in problems)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    def two(data: Data) -> None:
        del data["items"]["work.one"]
        data["items"]["work.many"]["dimensions"] = ["nowhere"]

    assert len(broken_bank(tmp_path, change_scoring=two)) >= 2


def test_an_empty_questions_file_is_reported(tmp_path: Path) -> None:
    empty = tmp_path / "q.yaml"
    empty.write_text("")
    _, problems = check_bank(BankFiles(empty, MINI_SCORING))
    assert problems == [
        f"{empty}:1: expected a mapping at the top level; found nothing (it is empty, or only null)"
    ]


def test_both_unreadable_files_are_reported_at_once(tmp_path: Path) -> None:
    broken = tmp_path / "q.yaml"
    broken.write_text("bank: [\n")
    _, problems = check_bank(BankFiles(broken, tmp_path / "missing.yaml"))
    assert problems == [
        f"{broken}:2: invalid YAML: did not find expected node content",
        f"{tmp_path / 'missing.yaml'}: no such file; check the path",
    ]


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['echo hi']", "!!python/name:os"])
def test_python_tags_are_refused_and_never_run(tmp_path: Path, tag: str) -> None:
    evil = tmp_path / "q.yaml"
    evil.write_text(f"bank: {tag}\n")
    _, problems = check_bank(BankFiles(evil, MINI_SCORING))
    assert len(problems) == 1
    assert "tags that build objects are not allowed" in problems[0]


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_a_lean_that_is_not_finite_is_refused_by_the_model_itself(value: float) -> None:
    # The reader refuses .inf and .nan already; the model holds even for a reader that does not.
    from pydantic import ValidationError

    from rolefit.core.models import OptionLean

    with pytest.raises(ValidationError, match="finite number"):
        OptionLean.model_validate({"lean": {"scope": value}, "because": "x"})


@pytest.mark.parametrize("value", [math.inf, math.nan, 0.0, 0.009, 100.01])
def test_a_weight_outside_the_bounds_is_refused_by_the_model_itself(value: float) -> None:
    from pydantic import ValidationError

    from rolefit.core.models import Dimension

    levels = {"product": "a", "balanced": "b", "program": "c"}
    with pytest.raises(ValidationError, match=r"a weight is a number from 0\.01 to 100"):
        Dimension.model_validate({"id": "d", "label": "D", "weight": value, "levels": levels})


# --- the texts are rolefit's own words --------------------------------------------------------

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
# Six words in a row in both is a sentence carried over, not a fact: the articles' facts are
# told in rolefit's own words. (Five catches stock phrases such as "a gap in the market".)
COPIED_WORDS = 6


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def _english_texts(node: object, where: str = "") -> list[tuple[str, str]]:
    """Every English text of a bank file (not the sources' titles, which are cited as they are)."""
    if isinstance(node, dict):
        return [
            found
            for key, value in node.items()
            if not (isinstance(key, str) and ("::" in key or key in ("title", "section")))
            for found in _english_texts(value, f"{where}.{key}")
        ]
    if isinstance(node, list):
        return [
            found
            for k, value in enumerate(node)
            for found in _english_texts(value, f"{where}[{k}]")
        ]
    return [(where, node)] if isinstance(node, str) else []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles (../shared/seeds) are not here")
def test_no_question_or_reason_copies_a_sentence_from_the_articles() -> None:
    article_words = [_words(path.read_text()) for path in sorted(SEEDS.glob("*.txt"))]
    copied = {
        tuple(words[k : k + COPIED_WORDS])
        for words in article_words
        for k in range(len(words) - COPIED_WORDS + 1)
    }
    assert copied
    found = []
    for name in ("questions/default.yaml", "scoring/default.yaml"):
        document = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
        for where, text in _english_texts(document):
            words = _words(text)
            for k in range(len(words) - COPIED_WORDS + 1):
                if tuple(words[k : k + COPIED_WORDS]) in copied:
                    found.append(f"{name}{where}: {' '.join(words[k : k + COPIED_WORDS])}")
                    break
    assert not found, found
