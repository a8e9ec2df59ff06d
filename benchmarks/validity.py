"""How far the verdict and the flags can be trusted, measured on simulated respondents.

The model (a latent-trait model, one trait per dimension plus answer noise):
- Each simulated person has a general pull g ~ N(0, 1) toward product (+) or program (-), and
  per counted dimension d a trait θ_d = RHO·g + √(1 - RHO²)·u_d with u_d ~ N(0, 1): people
  differ on each dimension, and the dimensions go together as they do in the articles.
- An agreement statement keyed toward product on dimensions D is answered from
  y = LOADING·mean(θ_d, d in D) + ε, ε ~ N(0, NOISE) (keyed toward program: -LOADING), cut at
  ±0.5 and ±1.5 into strongly disagree … strongly agree.
- A choice, multi or rank question: each option's utility is LOADING·Σ_d lean_d·θ_d + ε
  (neutral options: ε alone); a choice takes the best option, a rank orders by utility, a
  multi takes the options above MULTI_CUT (kept within the question's min and max).
- Every preference question is skipped with probability SKIP, "Have you led a team?" is yes
  with probability LED; skill self-ratings are uniform (they never move the fit).
- Answering twice: the same person (same g, θ, led-a-team answer) answers again with fresh
  noise and fresh skips. A band flip is a different verdict the second time.
Random answerers pick uniformly among each question's options (a random order for a rank, a
random allowed subset for a multi), with no skips.

Target patterns, one per flag, each a consistent respondent with one thing changed:
- straight_lining: every agreement statement gets one answer (strongly agree or strongly
  disagree, at random), except each with probability 0.1 answered from the trait;
- flat_profile: every agreement statement gets one answer, the other questions are skipped;
- contradiction: a careless reader, who answers the second statement of every consistency
  pair as they answered the first, and holds a view on the first (never neutral);
- acquiescence: a yea-sayer, who answers agree or strongly agree (at random) to every
  statement;
- many_skips: skips each preference question with probability 0.4;
- dimension_left_out: skips every question that reaches one counted dimension.
False positives: the share of consistent respondents (the model above) given the flag.

Goals (issue 11): band flips <= 10 %; random answerers given a product or program verdict
<= 5 %; each flag <= 5 % false positives and >= 90 % true positives.

`--calibrate` prints, per counted dimension, Cronbach's alpha (pairwise, as `rolefit report`
computes it) over simulated consistent respondents who answer every question put to them,
the spread of its mean item score and the error of one answer (√k · sd · √(1 - alpha), see
rolefit.core.reliability): the `error_sd` values in scoring/default.yaml come from this run.

Usage: python benchmarks/validity.py [--n N] [--seed S] [--calibrate]
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from rolefit.core.answers import AnswerSheet
from rolefit.core.bank import Bank
from rolefit.core.cohort import ItemPlan
from rolefit.core.conditions import holds
from rolefit.core.items import AGREEMENT_SCALE, options_of
from rolefit.core.models import Answer, LikertKey, OptionKeys, Question
from rolefit.core.result import FLAG_CODES, Result
from rolefit.core.scoring import score_many
from rolefit.core.stats import pairwise_alpha, variance

RHO = 0.5
LOADING = 1.0
NOISE = 1.0
SKIP = 0.03
LED = 0.6
MULTI_CUT = 0.5
CUTS = (-1.5, -0.5, 0.5, 1.5)

GOAL_FLIPS = 0.10
GOAL_RANDOM_CLEAR = 0.05
GOAL_FALSE_POSITIVE = 0.05
GOAL_TRUE_POSITIVE = 0.90

FLAGS: tuple[str, ...] = FLAG_CODES

AGREE_IDS = tuple(option.id for option in AGREEMENT_SCALE)


@dataclass(frozen=True)
class Person:
    traits: Mapping[str, float]
    led: bool


@dataclass
class Respondent:
    """One simulated person answering once: the choices they make, question by question."""

    bank: Bank
    person: Person
    rng: random.Random
    skip: float = SKIP
    # A function that may override the answer to a likert statement (the target patterns).
    likert_override: Callable[[Question, str], str | None] | None = None
    skip_question: Callable[[Question], bool] = field(default=lambda q: False)

    def answers(self) -> dict[str, Answer]:
        given: dict[str, Answer] = {}
        for question in self.bank.questions:
            if not holds(question.when, given):
                continue
            if question.kind == "skill":
                given[question.id] = self.rng.choice([o.id for o in options_of(question)])
                continue
            if question.id == "background.led_team" or not self.bank.items[question.id].reaches:
                given[question.id] = self._not_scored(question)
                continue
            if self.skip_question(question) or self.rng.random() < self.skip:
                continue
            given[question.id] = self.answer(question)
        return given

    def _not_scored(self, question: Question) -> Answer:
        ids = [o.id for o in options_of(question)]
        if question.id == "background.led_team":
            return "yes" if self.person.led else "no"
        return self.rng.choice(ids) if question.type == "choice" else ids[0]

    def answer(self, question: Question) -> Answer:
        key = self.bank.key(question.id)
        if isinstance(key, LikertKey):
            answer = agreement(self.person, key, self.rng)
            if self.likert_override is not None:
                return self.likert_override(question, answer) or answer
            return answer
        assert isinstance(key, OptionKeys)
        return by_utility(question, key, self.person, self.rng)


def agreement(person: Person, key: LikertKey, rng: random.Random) -> str:
    sign = 1.0 if key.keyed == "product" else -1.0
    trait = statistics.fmean(person.traits[d] for d in key.dimensions)
    latent = sign * LOADING * trait + rng.gauss(0.0, NOISE)
    return AGREE_IDS[sum(latent > cut for cut in CUTS)]


def by_utility(question: Question, key: OptionKeys, person: Person, rng: random.Random) -> Answer:
    utility = {}
    for option, lean in key.options.items():
        pull = 0.0
        if lean != "neutral":
            pull = sum(value * person.traits.get(d, 0.0) for d, value in lean.lean.items())
        utility[option] = LOADING * pull + rng.gauss(0.0, NOISE)
    ordered = sorted(utility, key=lambda option: -utility[option])
    if question.type == "choice":
        return ordered[0]
    if question.type == "rank":
        return tuple(ordered)
    low = question.min if question.min is not None else 0
    high = question.max if question.max is not None else len(ordered)
    above = [o for o in ordered if utility[o] > MULTI_CUT]
    count = min(max(len(above), low), high)
    return tuple(ordered[:count])


def random_answers(bank: Bank, rng: random.Random) -> dict[str, Answer]:
    given: dict[str, Answer] = {}
    for question in bank.questions:
        if not holds(question.when, given):
            continue
        ids = [o.id for o in options_of(question)]
        if question.type in ("likert", "choice"):
            given[question.id] = rng.choice(ids)
        elif question.type == "rank":
            given[question.id] = tuple(rng.sample(ids, len(ids)))
        else:
            low = question.min or 0
            high = question.max if question.max is not None else len(ids)
            given[question.id] = tuple(rng.sample(ids, rng.randint(low, high)))
    return given


def new_person(bank: Bank, rng: random.Random) -> Person:
    general = rng.gauss(0.0, 1.0)
    traits = {
        d.id: RHO * general + math.sqrt(1 - RHO**2) * rng.gauss(0.0, 1.0)
        for d in bank.scoring.dimensions
        if not d.shared
    }
    return Person(traits=traits, led=rng.random() < LED)


# --- The target patterns -----------------------------------------------------------------


def straight_liner(bank: Bank, person: Person, rng: random.Random) -> dict[str, Answer]:
    constant = rng.choice(("strongly_agree", "strongly_disagree"))

    def override(question: Question, answer: str) -> str | None:
        return constant if rng.random() >= 0.1 else None

    return Respondent(bank, person, rng, likert_override=override).answers()


def flat_liner(bank: Bank, person: Person, rng: random.Random) -> dict[str, Answer]:
    constant = rng.choice(AGREE_IDS)
    answers = Respondent(bank, person, rng, likert_override=lambda q, a: constant).answers()
    return {
        qid: answer
        for qid, answer in answers.items()
        if bank.by_id[qid].type == "likert" or qid == "background.led_team"
    }


def careless_reader(bank: Bank, person: Person, rng: random.Random) -> dict[str, Answer]:
    answers = Respondent(bank, person, rng, skip=0.0).answers()
    for first, second in bank.scoring.consistency_pairs:
        if first not in answers or second not in answers:
            continue
        held = answers[first]
        if held == "neutral":
            held = rng.choice(("agree", "disagree"))
            answers[first] = held
        answers[second] = held
    return answers


def yea_sayer(bank: Bank, person: Person, rng: random.Random) -> dict[str, Answer]:
    def override(question: Question, answer: str) -> str:
        return rng.choice(("agree", "strongly_agree"))

    return Respondent(bank, person, rng, likert_override=override).answers()


def skipper(bank: Bank, person: Person, rng: random.Random) -> dict[str, Answer]:
    return Respondent(bank, person, rng, skip=0.4).answers()


def one_dimension_skipped(bank: Bank, person: Person, rng: random.Random) -> dict[str, Answer]:
    left_out = rng.choice(sorted(person.traits))

    def skip(question: Question) -> bool:
        return left_out in bank.items[question.id].reaches

    return Respondent(bank, person, rng, skip_question=skip).answers()


TARGETS: dict[str, Callable[[Bank, Person, random.Random], dict[str, Answer]]] = {
    "straight_lining": straight_liner,
    "flat_profile": flat_liner,
    "contradiction": careless_reader,
    "acquiescence": yea_sayer,
    "many_skips": skipper,
    "dimension_left_out": one_dimension_skipped,
}


# --- The figures -------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    n: int
    flips: float
    random_clear: float
    false_positive: Mapping[str, float]
    true_positive: Mapping[str, float]
    verdicts: Mapping[str, float]

    def misses(self) -> list[str]:
        found = []
        if self.flips > GOAL_FLIPS:
            found.append(f"band flips {self.flips:.1%} > {GOAL_FLIPS:.0%}")
        if self.random_clear > GOAL_RANDOM_CLEAR:
            found.append(f"random answerers with a lean {self.random_clear:.1%}")
        for code in FLAGS:
            if self.false_positive[code] > GOAL_FALSE_POSITIVE:
                found.append(f"{code} false positives {self.false_positive[code]:.1%}")
            if self.true_positive[code] < GOAL_TRUE_POSITIVE:
                found.append(f"{code} true positives {self.true_positive[code]:.1%}")
        return found


def scored(bank: Bank, answers: Sequence[Mapping[str, Answer]]) -> list[Result]:
    sheets = [AnswerSheet.of(bank, a, None) for a in answers]
    return score_many(bank, sheets, explain=False)


def share(results: Sequence[Result], test: Callable[[Result], bool]) -> float:
    return sum(1 for r in results if test(r)) / len(results)


def flagged(results: Sequence[Result], code: str) -> float:
    return share(results, lambda r: any(f.code == code for f in r.flags))


def measure(bank: Bank, n: int, seed: int) -> Figures:
    rng = random.Random(seed)
    people = [new_person(bank, rng) for _ in range(n)]
    first = scored(bank, [Respondent(bank, p, rng).answers() for p in people])
    second = scored(bank, [Respondent(bank, p, rng).answers() for p in people])
    flips = sum(1 for a, b in zip(first, second, strict=True) if a.verdict != b.verdict) / n
    randoms = scored(bank, [random_answers(bank, rng) for _ in range(n)])
    random_clear = share(randoms, lambda r: r.verdict in ("product", "program"))
    false_positive = {code: flagged(first, code) for code in FLAGS}
    true_positive: dict[str, float] = {}
    for code, make in TARGETS.items():
        results = scored(bank, [make(bank, p, rng) for p in people])
        true_positive[code] = flagged(results, code)
    verdicts = {v: sum(1 for r in first if r.verdict == v) / n for v in _VERDICTS}
    return Figures(n, flips, random_clear, false_positive, true_positive, verdicts)


_VERDICTS = ("product", "program", "balanced", "undetermined")


@dataclass(frozen=True)
class Calibration:
    dimension: str
    items: int
    respondents: int
    alpha: float
    sd_of_mean: float
    error_sd: float


def calibrate(bank: Bank, n: int, seed: int) -> list[Calibration]:
    """Per counted dimension: pairwise alpha over simulated people who skip nothing."""
    rng = random.Random(seed)
    plan = ItemPlan.of(bank)
    rows = []
    for _ in range(n):
        person = new_person(bank, rng)
        rows.append(plan.values(bank, Respondent(bank, person, rng, skip=0.0).answers()))
    found = []
    for dimension in bank.scoring.dimensions:
        if dimension.shared:
            continue
        columns = [[row[c] for row in rows] for c in plan.by_dimension[dimension.id]]
        alpha = pairwise_alpha(columns)
        if alpha is None:
            continue
        means = [
            statistics.fmean(present)
            for row in zip(*columns, strict=True)
            if (present := [v for v in row if v is not None])
        ]
        sd = math.sqrt(variance(means))
        error = math.sqrt(len(columns)) * sd * math.sqrt(max(0.0, 1 - alpha))
        found.append(Calibration(dimension.id, len(columns), len(means), alpha, sd, error))
    return found


def report(figures: Figures) -> str:
    lines = [
        f"simulated respondents: {figures.n} (answering twice), {figures.n} random answerers",
        f"band flips on answering again:           {figures.flips:6.1%}  (goal <= 10 %)",
        f"random answerers given a lean:           {figures.random_clear:6.1%}  (goal <= 5 %)",
        "verdicts of consistent respondents:      "
        + ", ".join(f"{v} {s:.1%}" for v, s in figures.verdicts.items()),
        "",
        f"{'flag':<20} {'false pos.':>10} {'true pos.':>10}   (goals <= 5 %, >= 90 %)",
    ]
    for code in FLAGS:
        lines.append(
            f"{code:<20} {figures.false_positive[code]:>10.1%} {figures.true_positive[code]:>10.1%}"
        )
    return "\n".join(lines)


def main() -> int:
    from rolefit.files.banks import BankFiles, load_bank

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--calibrate", action="store_true")
    options = parser.parse_args()
    bank = load_bank(BankFiles.bundled())
    if options.calibrate:
        for c in calibrate(bank, options.n, options.seed):
            print(
                f"{c.dimension:<14} items {c.items:2d}  n {c.respondents:5d}  "
                f"alpha {c.alpha:6.3f}  sd {c.sd_of_mean:.3f}  error_sd {c.error_sd:.3f}"
            )
        return 0
    figures = measure(bank, options.n, options.seed)
    print(report(figures))
    misses = figures.misses()
    if misses:
        print("\nmissed: " + "; ".join(misses))
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
