"""Reads about students' quiz results, for other apps (gradebook, assignments, progress, reports).

Each function is one or two queries whatever the number of students or quizzes."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import ExpressionWrapper, F, FloatField, Max

from quizzes.models import Attempt, AttemptStatus, QuizGrade

FINISHED = [AttemptStatus.SUBMITTED, AttemptStatus.GRADED, AttemptStatus.NEEDS_REVIEW]
# The most advanced state across a student's attempts decides what an assignment shows.
STATUS_RANK = {AttemptStatus.IN_PROGRESS: 1, AttemptStatus.SUBMITTED: 2, AttemptStatus.NEEDS_REVIEW: 3,
               AttemptStatus.GRADED: 4}  # fmt: skip


@dataclass
class AttemptSummary:
    status: str  # the most advanced status among the student's attempts
    best_percent: float | None
    grade: float | None  # after the quiz's grading method


def _percent():
    return ExpressionWrapper(100.0 * F("score") / F("max_score"), output_field=FloatField())


def attempt_summaries(*, student, quiz_ids: Iterable[int]) -> dict[int, AttemptSummary]:
    """quiz id → the student's summary for each quiz they have attempted."""
    quiz_ids = list(quiz_ids)
    if not quiz_ids:
        return {}
    best: dict[int, float | None] = {}
    statuses: dict[int, str] = {}
    rows = (
        Attempt.objects.filter(student=student, quiz_id__in=quiz_ids)
        .values("quiz_id", "status")
        .annotate(best=Max(_percent()))
    )
    for row in rows:
        quiz_id, status = row["quiz_id"], row["status"]
        if STATUS_RANK[status] > STATUS_RANK.get(statuses.get(quiz_id), 0):
            statuses[quiz_id] = status
        if row["best"] is not None and status == AttemptStatus.GRADED:
            best[quiz_id] = max(best.get(quiz_id) or 0.0, row["best"])
    grades = dict(QuizGrade.objects.filter(student=student, quiz_id__in=quiz_ids).values_list("quiz_id", "grade"))
    return {q: AttemptSummary(statuses[q], best.get(q), grades.get(q)) for q in statuses}


def quiz_grades(*, student_ids: list[int], quiz_ids: list[int]) -> dict[tuple[int, int], float | None]:
    """(student id, quiz id) → quiz grade in percent, for a gradebook."""
    if not student_ids or not quiz_ids:
        return {}
    rows = QuizGrade.objects.filter(student_id__in=student_ids, quiz_id__in=quiz_ids)
    return {(s, q): g for s, q, g in rows.values_list("student_id", "quiz_id", "grade")}


def graded_history(*, student) -> list[tuple[datetime, float, int]]:
    """(submitted, percent, quiz id) of the student's graded attempts, oldest first."""
    rows = (
        Attempt.objects.filter(student=student, status=AttemptStatus.GRADED, max_score__gt=0)
        .order_by("submitted_at", "id")
        .values_list("submitted_at", "score", "max_score", "quiz_id")
    )
    return [(at, 100.0 * score / max_score, quiz_id) for at, score, max_score, quiz_id in rows]


def missed_question_ids(*, student) -> set[int]:
    """Questions the student lost points on in a graded attempt (for flashcards)."""
    from quizzes.models import Response

    rows = Response.objects.filter(
        attempt__student=student, attempt__status=AttemptStatus.GRADED, score__lt=F("points")
    ).exclude(question__type="essay")
    return set(rows.values_list("question_id", flat=True))
