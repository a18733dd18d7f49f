"""Questions over several items: timeline events put in order, terms matched to definitions, people to roles."""

from __future__ import annotations

from quizzes.generation.build import Candidate
from quizzes.generation.dates import before, event_text, year_of
from quizzes.generation.kinds import Context
from quizzes.generation.text import ItemData, clean, key, mask, unique
from quizzes.types import Choice, QuestionData

ORDER_MIN, ORDER_MAX = 4, 5
EVENTS_PER_ORDERING = 10  # one ordering question for every ten events: the others are asked one by one
MATCH_MIN, MATCH_MAX = 4, 6
MATCH_PROMPTS = {"term": "Match each term to its definition.", "character": "Match each person to their role."}


def _spread(things: list, count: int) -> list:
    """`count` of the things, evenly spaced from the first to the last."""
    if count >= len(things):
        return list(things)
    return [things[round(k * (len(things) - 1) / (count - 1))] for k in range(count)]


def _deal(events: list[ItemData], groups: int) -> list[list[ItemData]]:
    """Events (in order) dealt round robin, each strictly after the last one of its group, so each group spans the
    timeline and two events whose dates could overlap ("1956", "October 1956") never share a question."""
    dealt: list[list[ItemData]] = [[] for _ in range(groups)]
    for i, event in enumerate(events):
        for k in range(groups):
            group = dealt[(i + k) % groups]
            if len(group) < ORDER_MAX and (not group or before(group[-1], event)):
                group.append(event)
                break
    return [group for group in dealt if len(group) >= ORDER_MIN]


def ordering_candidates(ctx: Context, events: list[ItemData]) -> list[Candidate]:
    if len(events) < ORDER_MIN:
        return []
    groups = max(1, len(events) // EVENTS_PER_ORDERING)
    index = {id(item): i for i, item in enumerate(ctx.items)}
    candidates = []
    for number, group in enumerate(_deal(_spread(events, groups * ORDER_MAX), groups), start=1):
        question = QuestionData(
            type="ordering",
            prompt="Put these events in order, earliest first.",
            name=f"Order {number}",
            choices=[Choice(event_text(e)) for e in group],  # the key: choices in the correct order
            general_feedback="\n".join(f"1. {clean(e.label) or year_of(e)}: {clean(e.text)}" for e in group),
        )
        covers = frozenset(index[id(e)] for e in group)
        candidates.append(Candidate(question=question, item=index[id(group[0])], covers=covers, group=True))
    return candidates


def matching_candidate(ctx: Context, kind: str) -> Candidate | None:
    """One matching question over four to six of the brief's terms (or people); the others are asked one by one."""
    pool = [(i, item) for i, item in enumerate(ctx.items) if item.kind == kind]
    pool = unique(pool, by=lambda pair: key(pair[1].label))
    pool = unique(pool, by=lambda pair: key(mask(pair[1].text, pair[1].label)))
    if len(pool) < MATCH_MIN:
        return None
    size = min(MATCH_MAX, max(MATCH_MIN, len(pool) // 2))
    rng = ctx.rng(pool[0][1], "matching")
    group = sorted(rng.sample(pool, size), key=lambda pair: pair[0])
    question = QuestionData(
        type="matching",
        prompt=MATCH_PROMPTS[kind],
        name=f"Match {kind}s",
        choices=[Choice(clean(item.label), match=mask(item.text, item.label)) for _, item in group],
    )
    return Candidate(question=question, item=group[0][0], covers=frozenset(i for i, _ in group), group=True)
