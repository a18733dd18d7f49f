"""What makes a question ungradable, or its key score below full marks: checked before a question is stored (the
admin's forms, the API, GIFT and generated questions). Pure, like quizzes.grading."""

from __future__ import annotations

from quizzes import short_answer
from quizzes.grading import fraction, is_number, option_ids
from quizzes.types import MAX_OPTIONS_PER_QUESTION, MAX_PROMPT_CHARS, QUESTION_TYPES, QuestionData


def question_problems(question: QuestionData) -> list[str]:
    """Structural problems that make a question ungradable or its key score below 1. Empty: fine."""
    if question.type not in QUESTION_TYPES:
        return [f"unknown question type {question.type!r}"]
    if not question.prompt.strip():
        return ["the question has no prompt"]
    if len(question.prompt) > MAX_PROMPT_CHARS:
        return [f"the prompt has {len(question.prompt):,} characters; the limit is {MAX_PROMPT_CHARS:,}"]
    if len(question.choices) > MAX_OPTIONS_PER_QUESTION:
        return [f"the question has {len(question.choices):,} options; the limit is {MAX_OPTIONS_PER_QUESTION}"]
    check = _PROBLEMS.get(question.type)
    return check(question) if check else []


def _choice_problems(q: QuestionData) -> list[str]:
    problems = [
        f"option {i}: fraction {c.fraction} is outside -1..1"
        for i, c in enumerate(q.choices, 1)
        if not (is_number(c.fraction) and -1 <= c.fraction <= 1)
    ]
    if len(set(option_ids(q))) != len(q.choices):
        problems.append("two options share an id")
    return problems


def _best_is_full(q: QuestionData) -> list[str]:
    if not q.choices:
        return ["the question has no options"]
    if q.type == "multiple":
        total = sum(c.fraction for c in q.choices if c.fraction > 0)
    else:
        total = max(c.fraction for c in q.choices)
    return [] if fraction(total) == 1 else ["no answer earns full marks"]


def _short_answer_problems(q: QuestionData) -> list[str]:
    blank = [i for i, c in enumerate(q.choices, 1) if short_answer.is_empty(c.text, case_sensitive=q.case_sensitive)]
    return [f"accepted answer {i} is empty once punctuation and spaces are ignored" for i in blank]


def _best_is_reached(q: QuestionData) -> list[str]:
    """The first accepted answer that matches decides (as in Moodle): one listed before the full-mark answer must
    not take the full-mark answer's own text (a catch-all `*` put first would take every answer)."""
    best = max(range(len(q.choices)), key=lambda i: q.choices[i].fraction)
    texts = [c.text for c in q.choices]
    hit = short_answer.first_match(texts, short_answer.shown(texts[best]), case_sensitive=q.case_sensitive)
    if hit is None or q.choices[hit].fraction >= q.choices[best].fraction:
        return []
    return [
        f"accepted answer {hit + 1} ({texts[hit]!r}) also matches the full-mark answer {best + 1} "
        f"({texts[best]!r}) and comes first: the first answer that matches decides, so list answer {best + 1} earlier"
    ]


def _matching_problems(q: QuestionData) -> list[str]:
    lefts = [c for c in q.choices if c.text.strip()]
    if not lefts:
        return ["a matching question needs at least one pair"]
    if any(not c.match.strip() for c in lefts):
        return ["every left item needs a right-hand match"]
    return []


def _numerical_problems(q: QuestionData) -> list[str]:
    if not q.numeric:
        return ["a numerical question needs at least one accepted answer"]
    problems = []
    for i, a in enumerate(q.numeric, 1):
        bounds = [v for v in (a.value, a.tolerance, a.min, a.max) if v is not None]
        if not all(is_number(v) for v in bounds):
            problems.append(f"answer {i}: not a finite number")
        elif a.value is None and (a.min is None or a.max is None):
            problems.append(f"answer {i}: needs a value or a min..max range")
        elif a.min is not None and a.max is not None and a.min > a.max:
            problems.append(f"answer {i}: min is above max")
    if not problems and fraction(max(a.fraction for a in q.numeric)) != 1:
        problems.append("no answer earns full marks")
    return problems


_PROBLEMS = {
    "single": lambda q: _choice_problems(q) or _best_is_full(q),
    "multiple": lambda q: _choice_problems(q) or _best_is_full(q),
    "short_answer": lambda q: (
        _choice_problems(q) or _short_answer_problems(q) or _best_is_full(q) or _best_is_reached(q)
    ),
    "true_false": lambda q: [] if isinstance(q.correct, bool) else ["a true/false question needs its answer"],
    "numerical": _numerical_problems,
    "matching": lambda q: _choice_problems(q) or _matching_problems(q),
    "ordering": lambda q: _choice_problems(q) or ([] if len(q.choices) >= 2 else ["ordering needs two items"]),
}
