"""Reads of one student's attempts at a quiz: its questions as the attempt shows them, attempts left, and what
the review policy lets the student see. What depends on classes (the student's due date) is passed in."""

from datetime import datetime

from django.db.models import Prefetch

from quizzes import review
from quizzes.models import Attempt, AttemptStatus, Question, Quiz, Response, ReviewPolicy
from quizzes.selectors.quizzes import questions_taken


def attempt_questions(*, attempt: Attempt, questions: dict[int, Question] | None = None) -> list[tuple[Question, dict]]:
    """The attempt's questions in the order it shows them, each with its layout entry (`questions`: the quiz's, from
    questions_taken, when the caller has them already)."""
    questions = questions or questions_taken(quiz_id=attempt.quiz_id)
    return [(questions[e["id"]], e) for e in attempt.layout.get("questions", []) if e["id"] in questions]


def with_responses(queryset):
    """Attempts with their quiz, student and responses (in order), as a result shows them."""
    responses = Prefetch("responses", queryset=Response.objects.order_by("id"))
    return queryset.select_related("quiz", "student").prefetch_related(responses)


def quiz_attempts_of(*, student, quiz: Quiz) -> list[Attempt]:
    """The student's own attempts at a quiz, first first (the quiz page lists them and offers to resume)."""
    return list(Attempt.objects.filter(student=student, quiz=quiz).order_by("number"))


def attempts_left(*, student, quiz: Quiz) -> int | None:
    """How many more attempts the student may start (None: unlimited)."""
    if quiz.attempts_allowed is None:
        return None
    return max(0, quiz.attempts_allowed - Attempt.objects.filter(student=student, quiz=quiz).count())


def review_visibility(attempt: Attempt, *, due: datetime | None, now: datetime) -> review.Visibility:
    """What the student who made the attempt may see of it (quizzes.review's rule); `due`: their due date."""
    if attempt.status == AttemptStatus.IN_PROGRESS:
        return review.NOTHING
    policy = attempt.quiz.review_policy
    is_closed = policy == ReviewPolicy.AFTER_DUE and _closed(attempt, due, now)
    return review.visibility(policy, submitted=True, is_closed=is_closed)


def _closed(attempt: Attempt, due: datetime | None, now: datetime) -> bool:
    mine = Attempt.objects.filter(student_id=attempt.student_id, quiz_id=attempt.quiz_id)
    return review.closed(
        open_attempt=mine.filter(status=AttemptStatus.IN_PROGRESS).exists(),
        due=due,
        now=now,
        attempts_left=attempts_left(student=attempt.student, quiz=attempt.quiz),
    )
