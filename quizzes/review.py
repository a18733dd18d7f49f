"""What a student may see of their own finished work at a quiz, by its review policy: the one rule that every
page, endpoint, chart, report and flashcard reads. Pure: no ORM (the policies are quizzes.models.ReviewPolicy's
values). Teachers always see everything; that is the callers' business.

after_submission: score, feedback and correct answers as soon as an attempt is submitted.
after_due: the score at once; feedback and answers once the quiz is closed for the student.
score_only: the score; feedback and answers never.
never: nothing, not even the score."""

from dataclasses import dataclass
from datetime import datetime

AFTER_SUBMISSION, AFTER_DUE, SCORE_ONLY, NEVER = "after_submission", "after_due", "score_only", "never"


@dataclass(frozen=True)
class Visibility:
    score: bool
    feedback: bool
    correct: bool


NOTHING = Visibility(False, False, False)


def shows_score(policy: str) -> bool:
    """Whether a finished attempt's score (and so which questions it missed) may be shown to its student."""
    return policy != NEVER


def closed(*, open_attempt: bool, due: datetime | None, now: datetime, attempts_left: int | None) -> bool:
    """Whether the quiz is over for the student, so that its key can no longer help them: no attempt of theirs is
    open, and their due date has passed, or with no due date, they have no attempt left (never while unlimited)."""
    if open_attempt:
        return False
    if due is not None:
        return now >= due
    return attempts_left == 0


def visibility(policy: str, *, submitted: bool, is_closed: bool) -> Visibility:
    """What the student sees of one of their attempts."""
    if not submitted or policy == NEVER:
        return NOTHING
    if policy == AFTER_SUBMISSION:
        return Visibility(True, True, True)
    if policy == SCORE_ONLY:
        return Visibility(True, False, False)
    return Visibility(True, is_closed, is_closed)


def key_studyable(policy: str, *, is_closed: bool) -> bool:
    """Whether a missed question may become a flashcard, which shows its key: only once the student may see the
    answer and the quiz is over for them (a card must not fill in their next attempt)."""
    return is_closed and visibility(policy, submitted=True, is_closed=True).correct
