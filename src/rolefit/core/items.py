"""What one answer to a preference question contributes to the dimensions it reaches.

A contribution is a signed lean in [-1, 1] per dimension (+ toward product, - toward program)
with the fact behind it. The bank builds one `ItemScale` per scored question when it is
loaded; the contributions of every one-option answer are computed then, so scoring a cohort
looks them up instead of working them out again for every person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import field

from rolefit.core.bootstrap import quantize
from rolefit.core.i18n import ENGLISH, N_, Translator
from rolefit.core.models import Answer, LikertKey, Option, OptionKeys, OptionLean, Question
from rolefit.core.records import record

AGREEMENT_SCALE = (
    Option.model_construct(id="strongly_disagree", label=N_("Strongly disagree")),
    Option.model_construct(id="disagree", label=N_("Disagree")),
    Option.model_construct(id="neutral", label=N_("Neither agree nor disagree")),
    Option.model_construct(id="agree", label=N_("Agree")),
    Option.model_construct(id="strongly_agree", label=N_("Strongly agree")),
)
SKILL_SCALE = (
    Option.model_construct(id="novice", label=N_("Novice: not tried it yet")),
    Option.model_construct(id="basic", label=N_("Basic: done it with help")),
    Option.model_construct(id="capable", label=N_("Capable: do it on my own")),
    Option.model_construct(id="strong", label=N_("Strong: others come to me for it")),
    Option.model_construct(id="expert", label=N_("Expert: I could teach it")),
)
# The lean of each step of a five-point scale, from the first option to the last.
SCALE_VALUES = (-1.0, -0.5, 0.0, 0.5, 1.0)
# How far each agreement answer agrees, -1 to +1: the one place this is worked out.
AGREEMENT = {option.id: value for option, value in zip(AGREEMENT_SCALE, SCALE_VALUES, strict=True)}


def options_of(question: Question, tr: Translator = ENGLISH) -> tuple[Option, ...]:
    """The options a person picks from: the bank's own, or the five-point scale of a likert,
    its labels through `tr` (the bank's own labels are the bank's to translate)."""
    if question.type == "likert":
        scale = SKILL_SCALE if question.kind == "skill" else AGREEMENT_SCALE
        if tr is ENGLISH:
            return scale
        return tuple(Option.model_construct(id=o.id, label=tr.gettext(o.label)) for o in scale)
    return question.options


def multi_bounds(question: Question) -> tuple[int, int]:
    """How many options a multi question takes: (at least, at most)."""
    low = question.min if question.min is not None else 0
    high = question.max if question.max is not None else len(question.options)
    return low, high


def how_many(low: int, high: int, tr: Translator = ENGLISH) -> str:
    """How many options a multi question takes, in words: `exactly 2`, `up to 3`, `2 to 3`."""
    if low == high:
        return tr.gettext("exactly {count}").format(count=low)
    if low == 0:
        return tr.gettext("up to {count}").format(count=high)
    return tr.gettext("{low} to {high}").format(low=low, high=high)


def answer_label(question: Question, answer: Answer | None, tr: Translator = ENGLISH) -> str:
    """An answer as a person reads it: option labels, not ids."""
    if answer is None:
        return tr.gettext("skipped")
    return _shown(question, {o.id: o.label for o in options_of(question, tr)}, answer, tr)


def _shown(
    question: Question, labels: Mapping[str, str], answer: Answer, tr: Translator = ENGLISH
) -> str:
    if isinstance(answer, str):
        return labels[answer]
    if question.type == "rank":
        return " > ".join(labels[o] for o in answer)
    return ", ".join(labels[o] for o in answer) or tr.gettext("none of these")


@record
class Contribution:
    """What one answered preference question adds to each dimension it reaches."""

    question: Question
    answer_label: str
    leans: Mapping[str, float]
    because: str
    source: str
    # The leans as the bootstrap resamples them (whole steps of 2**-20), worked out once.
    steps: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        steps = {d: quantize(v) for d, v in self.leans.items()}
        object.__setattr__(self, "steps", steps)


@record
class ItemScale:
    """How the answers to one scored preference question move the dimensions.

    Built once per question when the bank is loaded: the contribution of every one-option
    answer, and for the options of a multi or rank question their leans and labels, so that
    scoring a person only adds up numbers.
    """

    question: Question
    key: LikertKey | OptionKeys
    reaches: tuple[str, ...]
    # False when every option is neutral: the question is asked but never moves the fit.
    moves_fit: bool
    labels: Mapping[str, str]
    # Each option's lean on every dimension in `reaches`, in that order (neutral: zeros).
    option_leans: Mapping[str, tuple[float, ...]]
    # The contribution of every answer that is a single option id (likert and choice).
    single: Mapping[str, Contribution]

    @classmethod
    def of(cls, question: Question, key: LikertKey | OptionKeys) -> ItemScale:
        reaches = key.reaches()
        labels = {o.id: o.label for o in options_of(question)}
        option_leans: dict[str, tuple[float, ...]] = {}
        if isinstance(key, OptionKeys):
            option_leans = {
                option: tuple(0.0 if lean == "neutral" else lean.lean.get(d, 0.0) for d in reaches)
                for option, lean in key.options.items()
            }
        moves_fit = isinstance(key, LikertKey) or any(
            lean != "neutral" for lean in key.options.values()
        )
        scale = cls(question, key, reaches, moves_fit, labels, option_leans, {})
        if question.type in ("likert", "choice"):
            single = {option: scale._contribution(option) for option in labels}
            scale = cls(question, key, reaches, moves_fit, labels, option_leans, single)
        return scale

    def contribution(self, answer: Answer) -> Contribution:
        if isinstance(answer, str):
            return self.single[answer]
        return self._contribution(answer)

    def leans(self, answer: Answer) -> Mapping[str, float]:
        """`contribution(answer).leans`, without the words that explain it."""
        if isinstance(answer, str):
            return self.single[answer].leans
        return self._leans(answer, self._weights(answer))

    def _weights(self, picked: Sequence[str]) -> list[float]:
        if self.question.type == "rank":
            return rank_weights(len(picked))
        # choice, multi: the mean over the picked options (none picked: zero)
        return [1.0 / len(picked)] * len(picked) if picked else []

    def _leans(self, picked: Sequence[str], weights: Sequence[float]) -> dict[str, float]:
        table = self.option_leans
        return {
            d: sum(w * table[option][k] for w, option in zip(weights, picked, strict=True))
            for k, d in enumerate(self.reaches)
        }

    def _contribution(self, answer: Answer) -> Contribution:
        question, key = self.question, self.key
        if isinstance(key, LikertKey):
            assert isinstance(answer, str)
            sign = 1.0 if key.keyed == "product" else -1.0
            leans = dict.fromkeys(key.dimensions, sign * AGREEMENT[answer])
            source = key.source or question.source
            return Contribution(question, self.labels[answer], leans, key.because, str(source))
        picked = (answer,) if isinstance(answer, str) else answer
        weights = self._weights(picked)
        leans = self._leans(picked, weights)
        strongest = _strongest_option(key, picked, weights, sum(leans.values()))
        because = strongest.because if strongest else ""
        source = (strongest.source if strongest else None) or question.source
        label = _shown(question, self.labels, answer)
        return Contribution(question, label, leans, because, str(source))


def rank_weights(count: int) -> list[float]:
    """Linear weights from +1 (first) to -1 (last), scaled so the result stays in [-1, 1]."""
    if count < 2:
        return [1.0] * count
    raw = [1 - 2 * position / (count - 1) for position in range(count)]
    total = sum(abs(w) for w in raw)
    return [w / total for w in raw]


def _strongest_option(
    key: OptionKeys, picked: Sequence[str], weights: Sequence[float], direction: float
) -> OptionLean | None:
    """The picked option that pulled hardest the way the answer went: it explains the answer."""
    best: OptionLean | None = None
    best_pull = -1.0
    for weight, option in zip(weights, picked, strict=True):
        lean = key.options[option]
        if lean == "neutral":
            continue
        pull = weight * sum(lean.lean.values())
        aligned = pull * direction >= 0
        strength = abs(pull) + (10.0 if aligned else 0.0)
        if strength > best_pull:
            best, best_pull = lean, strength
    return best
