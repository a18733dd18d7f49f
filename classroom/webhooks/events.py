"""What each event says, and which classes it belongs to: from the ids a signal or a service gives, a few
queries whatever their number (one per kind of row, plus the class lookups when class endpoints exist).

A teacher's endpoint hears about its class only: an attempt belongs to the classes its student is enrolled in
that were assigned its quiz; a student's report to the student's classes."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from classroom.models import Assignment, Enrollment, ProgressReport
from quizzes.models import Attempt, Response


@dataclass(frozen=True)
class Item:
    data: dict
    classroom_ids: frozenset[int]


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def items(event: str, ids: Iterable[int], *, classroom_ids: set[int]) -> list[Item]:
    """One Item per id, in id order. `classroom_ids`: the classes that have endpoints (the only ones looked up)."""
    builder = {"response.marked": _responses, "assignment.created": _assignments, "report.sent": _reports}
    return builder.get(event, _attempts)(sorted(set(ids)), classroom_ids)


def _attempt_data(attempt: Attempt) -> dict:
    return {
        "id": attempt.pk, "quiz": attempt.quiz.slug, "student": attempt.student_id, "number": attempt.number,
        "status": attempt.status, "score": attempt.score, "max_score": attempt.max_score,
        "submitted_at": _iso(attempt.submitted_at), "graded_at": _iso(attempt.graded_at),
    }  # fmt: skip


def _attempt_classes(attempts: list[Attempt], classroom_ids: set[int]) -> dict[int, frozenset[int]]:
    if not classroom_ids:
        return {}
    students, quizzes = {a.student_id for a in attempts}, {a.quiz_id for a in attempts}
    enrolled = Enrollment.objects.filter(classroom_id__in=classroom_ids, student_id__in=students)
    assigned = Assignment.objects.filter(classroom_id__in=classroom_ids, quiz_id__in=quizzes)
    by_student, by_quiz = defaultdict(set), defaultdict(set)
    for student_id, class_id in enrolled.values_list("student_id", "classroom_id"):
        by_student[student_id].add(class_id)
    for quiz_id, class_id in assigned.values_list("quiz_id", "classroom_id"):
        by_quiz[quiz_id].add(class_id)
    return {a.pk: frozenset(by_student[a.student_id] & by_quiz[a.quiz_id]) for a in attempts}


def _attempts(ids: list[int], classroom_ids: set[int]) -> list[Item]:
    attempts = list(Attempt.objects.filter(pk__in=ids).select_related("quiz").order_by("id"))
    classes = _attempt_classes(attempts, classroom_ids)
    return [Item({"attempt": _attempt_data(a)}, classes.get(a.pk, frozenset())) for a in attempts]


def _responses(ids: list[int], classroom_ids: set[int]) -> list[Item]:
    rows = list(Response.objects.filter(pk__in=ids).select_related("attempt__quiz").order_by("id"))
    classes = _attempt_classes([r.attempt for r in rows], classroom_ids)
    return [
        Item(
            {
                "response": {
                    "id": r.pk,
                    "question": r.question_id,
                    "score": r.score,
                    "points": r.points,
                    "feedback": r.feedback,
                    "marked_at": _iso(r.reviewed_at),
                },  # fmt: skip
                "attempt": _attempt_data(r.attempt),
            },
            classes.get(r.attempt_id, frozenset()),
        )
        for r in rows
    ]


def _assignments(ids: list[int], classroom_ids: set[int]) -> list[Item]:
    rows = Assignment.objects.filter(pk__in=ids).select_related("quiz", "brief").order_by("id")
    return [
        Item(
            {
                "assignment": {
                    "id": a.pk,
                    "classroom": a.classroom_id,
                    "quiz": a.quiz.slug if a.quiz else None,
                    "brief": a.brief.slug if a.brief else None,
                    "available_from": _iso(a.available_from),
                    "due_at": _iso(a.due_at),
                }  # fmt: skip
            },
            frozenset({a.classroom_id}),
        )
        for a in rows
    ]


def _reports(ids: list[int], classroom_ids: set[int]) -> list[Item]:
    rows = list(ProgressReport.objects.filter(pk__in=ids).order_by("id"))
    students = {r.student_id for r in rows if r.student_id}
    by_student = defaultdict(set)
    if classroom_ids and students:
        enrolled = Enrollment.objects.filter(classroom_id__in=classroom_ids, student_id__in=students)
        for student_id, class_id in enrolled.values_list("student_id", "classroom_id"):
            by_student[student_id].add(class_id)
    return [
        Item(
            {
                "report": {
                    "id": r.pk,
                    "kind": r.kind,
                    "student": r.student_id,
                    "classroom": r.classroom_id,
                    "recipient": r.recipient_id,
                    "period_start": r.period_start.isoformat(),
                    "period_end": r.period_end.isoformat(),
                    "sent_at": _iso(r.sent_at),
                }  # fmt: skip
            },
            frozenset({r.classroom_id} if r.classroom_id else by_student[r.student_id]),
        )
        for r in rows
    ]
