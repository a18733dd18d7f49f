"""Reads of students' results, for the apps above (gradebook, dashboard, progress, reports, flashcards): each one
or two queries whatever the number of students or quizzes. Whatever shows a student a score or a missed question
reads `scores_shown` (quizzes.review's rule)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Avg, Count, ExpressionWrapper, F, FloatField, Max, Q, QuerySet, Sum

from quizzes import review
from quizzes.models import Attempt, AttemptStatus, QuizGrade, Response, ReviewPolicy
from quizzes.wording import Provisional


def scores_shown(path: str = "") -> Q:
    """A filter on attempts (`path`: from the model filtered to the attempt, e.g. "attempt__") keeping those whose
    students may see their scores, and so which questions they missed (quizzes.review.shows_score)."""
    hidden = [policy for policy in ReviewPolicy.values if not review.shows_score(policy)]
    return ~Q(**{f"{path}quiz__review_policy__in": hidden})


def quizzes_with_studyable_keys(*, student, dues: dict[int, datetime | None], now: datetime) -> set[int]:
    """The quizzes the student has finished attempts at whose keys they may study now (review.key_studyable):
    `dues` gives the student's due date of each quiz assigned to them (the caller's classes know them)."""
    rows = (
        Attempt.objects.filter(student=student)
        .values("quiz_id", "quiz__review_policy", "quiz__attempts_allowed")
        .annotate(made=Count("id"), open=Count("id", filter=Q(status=AttemptStatus.IN_PROGRESS)))
    )
    studyable = set()
    for row in rows:
        allowed = row["quiz__attempts_allowed"]
        is_closed = review.closed(
            open_attempt=row["open"] > 0,
            due=dues.get(row["quiz_id"]),
            now=now,
            attempts_left=None if allowed is None else max(0, allowed - row["made"]),
        )
        if review.key_studyable(row["quiz__review_policy"], is_closed=is_closed):
            studyable.add(row["quiz_id"])
    return studyable


def topic_mastery(*, student) -> list[dict]:
    """Per brief topic, the mean percent of the student's graded attempts at quizzes on that topic's briefs."""
    percent = ExpressionWrapper(100.0 * F("score") / F("max_score"), output_field=FloatField())
    rows = (
        Attempt.objects.filter(scores_shown(), student=student, status=AttemptStatus.GRADED, max_score__gt=0)
        .values("quiz__brief__topic__name", "quiz__brief__topic__path")
        .annotate(average=Avg(percent), attempts=Count("id"))
        .order_by("quiz__brief__topic__path")
    )
    return [
        {
            "name": r["quiz__brief__topic__name"],
            "path": r["quiz__brief__topic__path"],
            "average": r["average"],
            "attempts": r["attempts"],
        }
        for r in rows
    ]


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
        .annotate(best=Max(_percent(), filter=scores_shown()))
    )
    for row in rows:
        quiz_id, status = row["quiz_id"], row["status"]
        if STATUS_RANK[status] > STATUS_RANK.get(statuses.get(quiz_id), 0):
            statuses[quiz_id] = status
        if row["best"] is not None and status == AttemptStatus.GRADED:
            best[quiz_id] = max(best.get(quiz_id) or 0.0, row["best"])
    grades = QuizGrade.objects.filter(scores_shown(), student=student, quiz_id__in=quiz_ids)
    grades = dict(grades.values_list("quiz_id", "grade"))
    return {q: AttemptSummary(statuses[q], best.get(q), grades.get(q)) for q in statuses}


def quiz_grade_table(*, student_ids: list[int], quiz_ids: list[int]) -> dict[tuple[int, int], float | None]:
    """(student id, quiz id) → quiz grade in percent, for a gradebook."""
    if not student_ids or not quiz_ids:
        return {}
    rows = QuizGrade.objects.filter(student_id__in=student_ids, quiz_id__in=quiz_ids)
    return {(s, q): g for s, q, g in rows.values_list("student_id", "quiz_id", "grade")}


def graded_history(*, student) -> list[tuple[datetime, float, int]]:
    """(submitted, percent, quiz id) of the student's graded attempts, oldest first."""
    rows = (
        Attempt.objects.filter(scores_shown(), student=student, status=AttemptStatus.GRADED, max_score__gt=0)
        .order_by("submitted_at", "id")
        .values_list("submitted_at", "score", "max_score", "quiz_id")
    )
    return [(at, 100.0 * score / max_score, quiz_id) for at, score, max_score, quiz_id in rows]


def missed_question_ids(*, student, quiz_ids: Iterable[int]) -> set[int]:
    """Questions of these quizzes the student lost points on in a graded attempt (for flashcards)."""
    rows = Response.objects.filter(
        attempt__student=student,
        attempt__status=AttemptStatus.GRADED,
        attempt__quiz_id__in=list(quiz_ids),
        score__lt=F("points"),
    ).exclude(question__type="essay")
    return set(rows.values_list("question_id", flat=True))


def quiz_grades(*, quiz_ids=None, student_ids=None) -> QuerySet[QuizGrade]:
    """One row per student and quiz: what a gradebook reads (one query, whatever the class size)."""
    qs = QuizGrade.objects.select_related("quiz", "student")
    if quiz_ids is not None:
        qs = qs.filter(quiz_id__in=quiz_ids)
    if student_ids is not None:
        qs = qs.filter(student_id__in=student_ids)
    return qs


def provisional_scores(*, attempt_ids: Iterable[int]) -> dict[int, Provisional]:
    """attempt id → the score of its marked answers, what they were worth and how many wait for marking, for
    attempts with answers waiting (one query). The caller shows them only where the review policy shows scores."""
    rows = _provisional_rows(Response.objects.filter(attempt_id__in=list(attempt_ids)), "attempt_id")
    return {r["attempt_id"]: _provisional(r) for r in rows}


def provisional_by_quiz(*, student, quiz_ids: Iterable[int]) -> dict[int, Provisional]:
    """quiz id → the provisional score of the student's latest attempt waiting for marking, where the quiz's
    review policy shows scores (one query)."""
    waiting = Response.objects.filter(
        scores_shown("attempt__"),
        attempt__student=student,
        attempt__quiz_id__in=list(quiz_ids),
        attempt__status=AttemptStatus.NEEDS_REVIEW,
    )
    rows = _provisional_rows(waiting, "attempt_id", "attempt__quiz_id")
    return {r["attempt__quiz_id"]: _provisional(r) for r in sorted(rows, key=lambda r: r["attempt_id"])}


def quizzes_waiting_for_marking(*, student) -> set[int]:
    """Ids of the quizzes where the student has an attempt waiting for marking, whose scores they may see."""
    waiting = Attempt.objects.filter(scores_shown(), student=student, status=AttemptStatus.NEEDS_REVIEW)
    return set(waiting.values_list("quiz_id", flat=True).distinct())


def _provisional_rows(responses, *group: str):
    return (
        responses.values(*group)
        .annotate(
            marked=Sum("score"),  # not named `score`: the filters below mean the field
            known=Sum("points", filter=Q(score__isnull=False)),
            unmarked=Count("id", filter=Q(score__isnull=True)),
        )
        .filter(unmarked__gt=0)
        .order_by()
    )


def _provisional(row) -> Provisional:
    return Provisional(row["marked"] or 0.0, row["known"] or 0.0, row["unmarked"])
