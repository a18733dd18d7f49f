"""Which candidates make the quiz: each item's fact asked once, no type over half the quiz, "in which year" at most
a third, essays only from essay prompts and at most two of them."""

from __future__ import annotations

from collections import Counter
from itertools import product

from quizzes.generation.build import Candidate

MAX_ESSAYS = 2  # each one waits for a teacher
ENOUGH = 10  # auto-graded questions: past this many, a quiz with more kinds of question is the better one


def type_cap(total: int) -> int:
    """The most questions of one type a quiz of `total` may hold: half (a one-question quiz is one type)."""
    return max(1, total // 2)


def year_cap(total: int) -> int:
    return total // 3


def compose(singles: dict[int, list[Candidate]], families: list[list[Candidate]]) -> list[Candidate]:
    """The best quiz over every choice of group families (orderings, each matching) taken or left: the most
    auto-graded questions, then the most types. Deterministic: no randomness here."""
    best, best_score = [], None
    for plan in product((True, False), repeat=len(families)):
        groups = [c for family, taken in zip(families, plan, strict=True) if taken for c in family]
        quiz = _enforce(_fill(singles, groups), singles)
        types = Counter(c.question.type for c in quiz)
        auto = len(quiz) - types["essay"]
        score = (min(auto, ENOUGH), len(types), len(groups), auto)
        if best_score is None or score > best_score:
            best, best_score = quiz, score
    return sorted(best, key=lambda c: (c.item, c.group))


def _fill(singles: dict[int, list[Candidate]], groups: list[Candidate]) -> list[Candidate]:
    used = frozenset().union(*(g.covers for g in groups))
    pending = {i: options for i, options in singles.items() if i not in used and options}
    total = len(groups) + len(pending)
    chosen, answers = list(groups), set()
    counts = Counter(c.question.type for c in chosen)
    seen = set()
    for index in sorted(pending):
        options = [c for c in pending[index] if not (c.answer and c.answer in answers) and identity(c) not in seen]
        if not options or (options[0].question.type == "essay" and counts["essay"] >= MAX_ESSAYS):
            continue

        def cost(pair, counts=counts):
            rank, c = pair
            over = counts[c.question.type] + 1 > type_cap(total)
            years = sum(1 for x in chosen if x.year) + 1 > year_cap(total) if c.year else False
            return (over or years, counts[c.question.type], rank)

        _, pick = min(enumerate(options), key=cost)
        chosen.append(pick)
        seen.add(identity(pick))
        counts[pick.question.type] += 1
        answers.add(pick.answer)
    return chosen


def identity(candidate: Candidate) -> tuple:
    """Two items with the same text make the same question: a quiz asks it once."""
    q = candidate.question
    return q.type, q.prompt, tuple(sorted(c.text for c in q.choices))


def _violation(quiz: list[Candidate]) -> tuple[str, bool] | None:
    """The type over its cap (and whether it is the year rule), or None when the quiz keeps the rules."""
    total = len(quiz)
    if total <= 1:
        return None
    if sum(1 for c in quiz if c.year) > year_cap(total):
        return "", True
    kind, count = Counter(c.question.type for c in quiz).most_common(1)[0]
    return (kind, False) if count > type_cap(total) else None


def _enforce(quiz: list[Candidate], singles: dict[int, list[Candidate]]) -> list[Candidate]:
    """Switch questions to another form of their item until the rules hold, or else drop them (the last first)."""
    quiz = list(quiz)
    for _ in range(4 * len(quiz) + 1):  # each round removes one question or moves one off an over-full type
        if (broken := _violation(quiz)) is None:
            break
        kind, year = broken
        offenders = [c for c in quiz if (c.year if year else c.question.type == kind)]
        counts = Counter(c.question.type for c in quiz)
        cap, answers = type_cap(len(quiz)), {c.answer for c in quiz if c.answer}
        swapped = False
        for current in reversed(offenders):
            for other in singles.get(current.item, []) if not current.group else []:
                same = other.question.type == current.question.type
                fits = counts[other.question.type] + (0 if same else 1) <= cap and (year or not same)
                fresh = (other.answer == current.answer or other.answer not in answers) and identity(other) not in {
                    identity(c) for c in quiz
                }
                if fits and fresh and not (year and other.year):
                    quiz[quiz.index(current)] = other
                    swapped = True
                    break
            if swapped:
                break
        if not swapped:
            quiz.remove(offenders[-1])
    return quiz
