"""Self-rated skills: a readiness figure per role and the next steps to grow.

Skills never move the fit; they say how ready a person feels for the roles, and which of
their weakest skills the role they lean toward needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rolefit.core.bank import Bank
from rolefit.core.fields import Role, Verdict
from rolefit.core.models import Answer, Question
from rolefit.core.result import NextStep, RoleReadiness
from rolefit.core.stats import mean

ROLES: tuple[Role, ...] = ("product", "program")
MAX_NEXT_STEPS = 3
TOP_RATING = 5
# Next steps are the skills rated at most this ("capable"), or failing two of those, the
# two weakest below the top.
GROW_AT_MOST = 3
# A skill that may become a next step: (rating, place in the bank, role, question id).
Candidate = tuple[int, int, Role, str]


def skill_ratings(bank: Bank, answers: Mapping[str, Answer]) -> dict[str, int]:
    """Each answered skill question's rating, 1 (novice) to 5 (expert)."""
    return {
        q.id: bank.scale_position[q.id][str(answers[q.id])]
        for q in bank.questions
        if q.kind == "skill" and q.id in answers
    }


def readiness(
    bank: Bank, asked: Sequence[Question], ratings: Mapping[str, int]
) -> tuple[RoleReadiness, ...]:
    """The mean self-rating of each role's skills among those asked."""
    skills = bank.scoring.skills
    asked_skills = [(q.id, skills[q.id].roles) for q in asked if q.kind == "skill"]
    found = []
    for role in ROLES:
        needed = [qid for qid, roles in asked_skills if role in roles]
        rated = [ratings[qid] for qid in needed if qid in ratings]
        found.append(
            RoleReadiness(
                role=role,
                score=round(mean(rated), 1) if rated else None,
                rated=len(rated),
                of=len(needed),
            )
        )
    return tuple(found)


def next_steps(bank: Bank, ratings: Mapping[str, int], verdict: Verdict) -> tuple[NextStep, ...]:
    """The weakest skills that the role leaned toward needs.

    Without a lean (balanced, undetermined) both roles are weighed alike: the weakest skills
    of each role are taken in turn, product and program alternating, so neither role's advice
    crowds out the other's.
    """
    if verdict == "product" or verdict == "program":
        return _steps(bank, _weakest(bank, ratings, verdict)[:MAX_NEXT_STEPS])
    queues = [_weakest(bank, ratings, role) for role in ROLES]
    chosen: list[Candidate] = []
    taken: set[str] = set()
    while any(queues) and len(chosen) < MAX_NEXT_STEPS:
        for queue in queues:
            # Each role's weakest skill not already chosen for the other role.
            while queue and queue[0][3] in taken:
                queue.pop(0)
            if queue and len(chosen) < MAX_NEXT_STEPS:
                chosen.append(queue.pop(0))
                taken.add(chosen[-1][3])
    return _steps(bank, chosen)


def _weakest(bank: Bank, ratings: Mapping[str, int], role: Role) -> list[Candidate]:
    """The skills `role` needs that are worth growing, weakest first: those rated at most
    GROW_AT_MOST, or failing two of those, the two weakest below the top."""
    order = {q.id: i for i, q in enumerate(bank.questions)}
    candidates = sorted(
        (rating, order[qid], role, qid)
        for qid, rating in ratings.items()
        if role in bank.skill(qid).roles
    )
    # Nothing is left to grow in a skill already rated at the top.
    growable = [c for c in candidates if c[0] < TOP_RATING]
    chosen = [c for c in growable if c[0] <= GROW_AT_MOST]
    return chosen if len(chosen) >= 2 else growable[:2]


def _steps(bank: Bank, chosen: Sequence[Candidate]) -> tuple[NextStep, ...]:
    return tuple(
        NextStep(
            skill_id=qid,
            skill=bank.skill(qid).label,
            role=role,
            rating=rating,
            advice=bank.skill(qid).grow[role],
            source=str(bank.by_id[qid].source),
        )
        for rating, _, role, qid in chosen
    )
