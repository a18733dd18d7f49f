"""The rules of issue 28 as checks over a generated quiz, shared by the pure property tests and the tests of stored
quizzes (load_demo): each returns the problems it finds, so a failure says which rule and which question."""

import re
from collections import Counter

from quizzes import grading, problems
from quizzes.generation.kinds import NEAR_YEARS
from quizzes.types import QuestionData


def same_answer(text: str) -> str:
    """An answer as a student would count it the same: without a leading article, case and punctuation aside."""
    return grading.normalize_text(re.sub(r"^\s*(?:the|a|an)\s+", "", text, flags=re.IGNORECASE))


def is_year(question: QuestionData) -> bool:
    return "In which year" in question.prompt


def wrong_answers(question: QuestionData) -> list:
    """Answers a student could give that the key does not: each distractor, the other truth value, a near year, a
    reversed order, a shifted pairing."""
    ids = grading.option_ids(question)
    if question.type == "single":
        return [{"choice": i} for i, c in zip(ids, question.choices, strict=True) if c.fraction < 1]
    if question.type == "true_false":
        return [{"value": not question.correct}]
    if question.type == "numerical":
        value = grading.key_answer(question)["value"]
        return [{"value": value - 1}, {"value": value + 1}]
    if question.type == "ordering":
        return [{"order": ids[::-1]}, {"order": ids[1:] + ids[:1]}]
    if question.type == "matching":
        pairs = grading.key_answer(question)["pairs"]
        rights = [p["right"] for p in pairs]
        return [{"pairs": [{**p, "right": r} for p, r in zip(pairs, rights[1:] + rights[:1], strict=True)]}]
    return []


def question_problems(question: QuestionData) -> list[str]:
    found = list(problems.question_problems(question))
    if question.type != "essay" and grading.grade(question, grading.key_answer(question)).fraction != 1:
        found.append("the key does not score full marks")
    found += [f"{answer} scores full marks" for answer in wrong_answers(question)
              if grading.grade(question, answer).fraction >= 1]  # fmt: skip
    texts = [same_answer(c.text) for c in question.choices if c.text.strip()]
    if question.type != "short_answer" and len(set(texts)) != len(texts):
        found.append("two options are the same (or the same answer, an article aside)")
    if question.type == "matching" and len({c.match for c in question.choices}) != len(question.choices):
        found.append("two right-hand items are the same")
    if question.type == "single" and is_year(question):
        key = next(int(c.text) for c in question.choices if c.fraction == 1)
        found += [f"year {c.text} is far from {key}" for c in question.choices if abs(int(c.text) - key) > NEAR_YEARS]
    return found


def quiz_problems(questions: list[QuestionData]) -> list[str]:
    found = [f"{q.type} {q.name!r}: {p}" for q in questions for p in question_problems(q)]
    total = len(questions)
    if total > 1:
        found += [f"{n} {kind} of {total}" for kind, n in Counter(q.type for q in questions).items() if n * 2 > total]
        if (years := sum(map(is_year, questions))) * 3 > total:
            found.append(f"{years} 'in which year' of {total}")
    prompts = [(q.type, q.prompt, tuple(sorted(c.text for c in q.choices))) for q in questions]
    if len(set(prompts)) != len(prompts):
        found.append("a question is asked twice")
    return found
