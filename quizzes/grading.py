"""Grading: pure functions over `quizzes.types` data. No ORM, no Django settings.

Entry points: `validate_answer`, `grade`, `key_answer`, `matching_rights` (and `quizzes.problems` checks a key).

Conventions (the public contract of this module):

* **Option ids.** An answer names options by `Choice.id`. When a question's choices have no ids
  yet (a freshly parsed or generated question), every choice is addressed by its 1-based
  position instead, so pure code can grade a question before it is stored.
* **Fractions.** Every grade is a fraction in 0..1 (or None for an essay, which needs a teacher),
  rounded to 6 decimals: GIFT writes thirds as 33.33333% and three of them must make a full mark.
* **short_answer** compares Unicode text after NFKC normalization and case folding (unless the
  question is case-sensitive, Moodle's setting), ignoring whitespace and punctuation entirely
  ("U.S.A." = "usa", "well-known" = "well known"). Accents are *not* folded: "Gomułka" and
  "Gomulka" are different answers, because in names and foreign words the diacritic is part of
  the spelling a teacher is asking for; a teacher who wants both lists both. An accepted answer
  is a Moodle pattern (`*` any text, `\\*` an asterisk) and, as in Moodle, the first one that
  matches decides (quizzes.short_answer). Negative fractions (a listed wrong answer) score 0
  with feedback.
* **matching**: left items are the choices with a non-empty `text`; the right-hand side is the
  set of distinct `match` texts (a choice with empty `text` only adds a distractor). The service
  gives each right-hand text an opaque id per attempt (`rights` = {right_id: text}), so ids never
  reveal the pairing. Score = share of left items paired with the right whose text is their match;
  unpaired left items count as wrong.
* **ordering**: the answer must be a permutation of all item ids. With n items and L the length
  of the longest subsequence of the answer already in correct relative order (longest increasing
  subsequence of correct positions), the score is (L - 1) / (n - 1): the key scores 1, a fully
  reversed order scores 0, and moving one item out of place costs 1 / (n - 1). One item: 1.
* **numerical**: best fraction among the answers whose value ± tolerance or min..max contains
  the number (bounds inclusive, with a relative epsilon of 1e-9 for binary floating point).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass

from quizzes import short_answer
from quizzes.short_answer import normalize_text as normalize_text  # re-exported: generation compares texts so
from quizzes.types import (
    QUESTION_TYPES,
    Choice,
    NumericAnswer,
    QuestionData,
)

MAX_TEXT_LENGTH = 50_000  # an essay longer than this is a paste accident or abuse, not an answer
FRACTION_DIGITS = 6


class AnswerError(ValueError):
    """An answer that cannot be graded: wrong shape, unknown ids, not a number. Message is for humans."""


@dataclass(frozen=True)
class Grade:
    fraction: float | None  # 0..1; None: waits for a teacher
    feedback: str = ""
    needs_review: bool = False


# ---------------------------------------------------------------- helpers


def fraction(value: float) -> float:
    return round(min(1.0, max(0.0, value)), FRACTION_DIGITS)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def option_ids(question: QuestionData) -> list[int]:
    """The id of each choice, in order (1-based positions when the choices are not stored yet)."""
    if any(c.id is None for c in question.choices):
        return list(range(1, len(question.choices) + 1))
    return [c.id for c in question.choices]


def _options(question: QuestionData) -> dict[int, Choice]:
    return dict(zip(option_ids(question), question.choices, strict=True))


def _left_items(question: QuestionData) -> dict[int, Choice]:
    return {i: c for i, c in _options(question).items() if c.text.strip()}


def matching_rights(question: QuestionData) -> dict[int, str]:
    """Default right-hand ids (1..k over distinct match texts, first-seen order) for pure use.

    Attempts use their own opaque ids instead (see services.attempt_start)."""
    texts = list(dict.fromkeys(c.match for c in question.choices if c.match.strip()))
    return dict(enumerate(texts, start=1))


def _expect_keys(answer, keys: set[str]) -> None:
    if not isinstance(answer, dict):
        raise AnswerError(f"the answer must be an object with {_key_list(keys)}")
    missing = keys - answer.keys()
    if missing:
        raise AnswerError(f"the answer is missing {_key_list(missing)}")
    extra = answer.keys() - keys
    if extra:
        raise AnswerError(f"the answer has unexpected {_key_list(extra)}")


def _key_list(keys) -> str:
    names = sorted(str(k) for k in keys)
    return ("key " if len(names) == 1 else "keys ") + ", ".join(f'"{k}"' for k in names)


def _expect_id(value, known, what: str = "choice") -> int:
    if not _is_int(value):
        raise AnswerError(f"{what} {value!r} is not an option id (a whole number)")
    if value not in known:
        raise AnswerError(f"{what} {value} is not an option of this question")
    return value


def _expect_id_list(value, known, key: str, what: str = "choice") -> list[int]:
    if not isinstance(value, list):
        raise AnswerError(f'"{key}" must be a list of option ids')
    ids = [_expect_id(v, known, what) for v in value]
    if len(set(ids)) != len(ids):
        raise AnswerError(f'"{key}" names the same option more than once')
    return ids


def _expect_text(answer) -> str:
    _expect_keys(answer, {"text"})
    text = answer["text"]
    if not isinstance(text, str):
        raise AnswerError('"text" must be a string')
    if len(text) > MAX_TEXT_LENGTH:
        raise AnswerError(f"the text is longer than {MAX_TEXT_LENGTH} characters")
    return text


# ---------------------------------------------------------------- per type


def _check_single(q, answer, rights):
    _expect_keys(answer, {"choice"})
    _expect_id(answer["choice"], _options(q))


def _grade_single(q, answer, rights) -> Grade:
    chosen = _options(q)[answer["choice"]]
    return Grade(fraction(chosen.fraction), chosen.feedback)


def _check_multiple(q, answer, rights):
    _expect_keys(answer, {"choices"})
    _expect_id_list(answer["choices"], _options(q), "choices")


def _grade_multiple(q, answer, rights) -> Grade:
    options = _options(q)
    chosen = [options[i] for i in answer["choices"]]
    feedback = "\n".join(c.feedback for c in chosen if c.feedback)
    return Grade(fraction(sum(c.fraction for c in chosen)), feedback)


def _check_true_false(q, answer, rights):
    _expect_keys(answer, {"value"})
    if not isinstance(answer["value"], bool):
        raise AnswerError('"value" must be true or false')


def _grade_true_false(q, answer, rights) -> Grade:
    value = answer["value"]
    feedback = q.feedback_true if value else q.feedback_false
    return Grade(1.0 if value is q.correct else 0.0, feedback)


def _check_short_answer(q, answer, rights):
    _expect_text(answer)


def _grade_short_answer(q, answer, rights) -> Grade:
    hit = short_answer.first_match([c.text for c in q.choices], answer["text"], case_sensitive=q.case_sensitive)
    if hit is None:
        return Grade(0.0)
    chosen = q.choices[hit]
    return Grade(fraction(chosen.fraction), chosen.feedback)


def _check_numerical(q, answer, rights):
    _expect_keys(answer, {"value"})
    if not is_number(answer["value"]):
        raise AnswerError('"value" must be a number')


def _accepts(accepted: NumericAnswer, value: float) -> bool:
    if accepted.min is not None and accepted.max is not None:
        low, high = accepted.min, accepted.max
    elif accepted.value is not None:
        low, high = accepted.value - abs(accepted.tolerance), accepted.value + abs(accepted.tolerance)
    else:
        return False
    slack = 1e-9 * max(1.0, abs(low), abs(high))
    return low - slack <= value <= high + slack


def _grade_numerical(q, answer, rights) -> Grade:
    matches = [a for a in q.numeric if _accepts(a, answer["value"])]
    if not matches:
        return Grade(0.0)
    best = max(matches, key=lambda a: a.fraction)
    return Grade(fraction(best.fraction), best.feedback)


def _check_matching(q, answer, rights):
    rights = matching_rights(q) if rights is None else rights
    _expect_keys(answer, {"pairs"})
    pairs = answer["pairs"]
    if not isinstance(pairs, list):
        raise AnswerError('"pairs" must be a list of {"left": id, "right": id}')
    lefts = _left_items(q)
    seen = set()
    for pair in pairs:
        _expect_keys(pair, {"left", "right"})
        left = _expect_id(pair["left"], lefts, "left item")
        _expect_id(pair["right"], rights, "right item")
        if left in seen:
            raise AnswerError(f"left item {left} is paired more than once")
        seen.add(left)


def _grade_matching(q, answer, rights) -> Grade:
    rights = matching_rights(q) if rights is None else rights
    lefts = _left_items(q)
    right = sum(1 for p in answer["pairs"] if rights[p["right"]] == lefts[p["left"]].match)
    return Grade(fraction(right / len(lefts)) if lefts else 0.0)


def _check_ordering(q, answer, rights):
    _expect_keys(answer, {"order"})
    ids = _expect_id_list(answer["order"], _options(q), "order", "item")
    if len(ids) != len(q.choices):
        raise AnswerError('"order" must list every item exactly once')


def longest_increasing_run(values: list[int]) -> int:
    """Length of the longest strictly increasing subsequence (patience sorting, O(n log n))."""
    tails: list[int] = []
    for v in values:
        i = bisect_left(tails, v)
        tails[i : i + 1] = [v]
    return len(tails)


def _grade_ordering(q, answer, rights) -> Grade:
    n = len(q.choices)
    if n <= 1:
        return Grade(1.0)
    position = {oid: i for i, oid in enumerate(option_ids(q))}
    run = longest_increasing_run([position[i] for i in answer["order"]])
    return Grade(fraction((run - 1) / (n - 1)))


def _check_essay(q, answer, rights):
    _expect_text(answer)


def _grade_essay(q, answer, rights) -> Grade:
    return Grade(None, "", needs_review=True)


_RULES = {
    "single": (_check_single, _grade_single),
    "multiple": (_check_multiple, _grade_multiple),
    "true_false": (_check_true_false, _grade_true_false),
    "short_answer": (_check_short_answer, _grade_short_answer),
    "numerical": (_check_numerical, _grade_numerical),
    "matching": (_check_matching, _grade_matching),
    "ordering": (_check_ordering, _grade_ordering),
    "essay": (_check_essay, _grade_essay),
}
assert set(_RULES) == set(QUESTION_TYPES)


# ---------------------------------------------------------------- public


def _rules(question: QuestionData):
    try:
        return _RULES[question.type]
    except KeyError:
        raise ValueError(f"unknown question type {question.type!r}") from None


def validate_answer(question: QuestionData, answer, *, rights: dict | None = None) -> None:
    """Raise AnswerError with a human message unless `answer` has this question type's shape."""
    _rules(question)[0](question, answer, rights)


def grade(question: QuestionData, answer, *, rights: dict | None = None) -> Grade:
    """Grade one answer. `rights` maps matching right-hand ids to texts (default: matching_rights)."""
    check, score = _rules(question)
    check(question, answer, rights)
    return score(question, answer, rights)


def key_answer(question: QuestionData, *, rights: dict | None = None) -> dict:
    """An answer that scores 1 on any well-formed question (see quizzes.problems)."""
    ids = option_ids(question)
    kind = question.type
    if kind == "single":
        return {"choice": max(zip(ids, question.choices, strict=True), key=lambda p: p[1].fraction)[0]}
    if kind == "multiple":
        return {"choices": [i for i, c in zip(ids, question.choices, strict=True) if c.fraction > 0]}
    if kind == "true_false":
        return {"value": bool(question.correct)}
    if kind in ("short_answer", "essay"):
        best = max(question.choices, key=lambda c: c.fraction, default=None)
        text = question.model_answer if kind == "essay" or best is None else short_answer.shown(best.text)
        return {"text": text}
    if kind == "numerical":
        return {"value": _numeric_key(question)}
    if kind == "matching":
        return {"pairs": _matching_key(question, rights)}
    if kind == "ordering":
        return {"order": ids}
    _rules(question)
    raise AssertionError("unreachable")


def _numeric_key(question: QuestionData) -> float:
    best = max(question.numeric, key=lambda a: a.fraction, default=None)
    if best is None:
        return 0
    if best.min is not None and best.max is not None:
        return (best.min + best.max) / 2
    return best.value if best.value is not None else 0


def _matching_key(question: QuestionData, rights: dict | None) -> list[dict]:
    rights = matching_rights(question) if rights is None else rights
    by_text = {text: rid for rid, text in rights.items()}
    return [{"left": i, "right": by_text[c.match]} for i, c in _left_items(question).items() if c.match in by_text]
