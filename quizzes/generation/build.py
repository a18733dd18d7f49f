"""Candidate questions, and the three forms one question can take (single choice, true/false, short answer)."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from quizzes.generation.text import clean, equivalent, key, variants
from quizzes.types import Choice, QuestionData

OPTIONS_MIN, OPTIONS_MAX = 3, 4  # a single-choice question: the answer and 2-3 distractors


@dataclass
class Candidate:
    """A question the items support. `covers`: the indexes of the items whose fact it asks (a quiz asks each
    item's fact once); `item`: the index of the passage it links to; `answer`: its key, compared across questions."""

    question: QuestionData
    item: int
    covers: frozenset[int]
    answer: str = ""
    year: bool = False  # an "in which year" question, whatever its form
    group: bool = False  # ordering or matching over several items


@dataclass
class Ask:
    """What a question asks, before it takes a form: its stem, key and distractors (plausible, never right)."""

    stem: str
    key: str
    distractors: list[str]
    feedback: str = ""
    name: str = ""
    short: bool = False  # the key is short enough to be typed
    year: bool = False
    no_true_false: bool = False  # its true/false form is among `extra`, worded its own way
    extra: list[QuestionData] = field(default_factory=list)  # forms of its own (a yes/no question, a year to type)


def pick(rng: random.Random, answer: str, *pools: Iterable[str], count: int = OPTIONS_MAX - 1) -> list[str]:
    """Up to `count` distractors, from the first pool first (the brief), then the next (its topic): none equal
    or equivalent to the answer or to each other."""
    chosen: list[str] = []
    for pool in pools:
        texts = [clean(t) for t in pool if key(t)]
        rng.shuffle(texts)
        for text in texts:
            if not equivalent(text, answer) and not any(equivalent(text, c) for c in chosen):
                chosen.append(text)
                if len(chosen) == count:
                    return chosen
    return chosen


def single(ask: Ask, rng: random.Random) -> QuestionData | None:
    if len(ask.distractors) < OPTIONS_MIN - 1:
        return None
    choices = [Choice(clean(ask.key), 1.0), *(Choice(d, 0.0) for d in ask.distractors[: OPTIONS_MAX - 1])]
    rng.shuffle(choices)  # also when the quiz does not shuffle choices, the answer is not always first
    if ask.year:
        choices.sort(key=lambda c: c.text)  # years read best in order
    return QuestionData(type="single", prompt=ask.stem, name=ask.name, choices=choices, general_feedback=ask.feedback)


def true_false(ask: Ask, rng: random.Random) -> QuestionData | None:
    if not ask.distractors or ask.no_true_false:
        return None
    shown = clean(ask.key) if rng.random() < 0.5 else rng.choice(ask.distractors)
    return QuestionData(
        type="true_false",
        prompt=f"{ask.stem}\n\nTrue or false: the answer is “{shown}”.",
        name=ask.name,
        correct=shown == clean(ask.key),
        general_feedback=ask.feedback,
    )


def short_answer(ask: Ask) -> QuestionData | None:
    if not ask.short:
        return None
    return QuestionData(
        type="short_answer",
        prompt=f"{ask.stem}\n\nType your answer.",
        name=ask.name,
        choices=[Choice(text, 1.0) for text in variants(ask.key)],
        general_feedback=ask.feedback,
    )


def forms(ask: Ask, *, index: int, rng: random.Random) -> list[Candidate]:
    """Every form of one ask, best first: the candidates a quiz chooses among for this item."""
    questions = [single(ask, rng), short_answer(ask), *ask.extra, true_false(ask, rng)]
    return [
        Candidate(question=q, item=index, covers=frozenset({index}), answer=key(ask.key), year=ask.year)
        for q in questions
        if q is not None
    ]
