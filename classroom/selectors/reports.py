"""Reads for the weekly progress reports: each function reads a whole chunk (of students or of classes) in a fixed
number of queries, values only (a report needs a few columns of many rows, not model instances)."""

from datetime import timedelta

from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone

from classroom.models import Assignment, Classroom, Enrollment, ProgressReport, ReadingProgress, User
from classroom.reports import HARDEST_LIMIT, HISTORY_WEEKS, ClassRows, StudentRows
from quizzes import review
from quizzes.models import Attempt, QuizGrade, Response
from quizzes.selectors import FINISHED, scores_shown


def reports_for(*, user: User) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(recipient=user).select_related("classroom").order_by("-period_start", "id")


def report_student_ids() -> list[int]:
    """Students who get a weekly report: active users enrolled in an active class."""
    return list(
        Enrollment.objects.filter(classroom__active=True, student__is_active=True)
        .values_list("student_id", flat=True)
        .distinct()
        .order_by("student_id")
    )


def report_classroom_ids() -> list[int]:
    """Classes whose teachers get a weekly summary: active ones with at least one teacher."""
    return list(
        Classroom.objects.filter(active=True, teachers__isnull=False)
        .values_list("id", flat=True)
        .distinct()
        .order_by("id")
    )


def report_recipient_counts(*, student_ids: list[int], classroom_ids: list[int], period_start) -> dict[str, int]:
    """What a run would send for the period: recipients, minus the reports already sent (for --dry-run)."""
    teachers = Classroom.teachers.through.objects.filter(classroom_id__in=classroom_ids).count()
    sent = ProgressReport.objects.filter(period_start=period_start, sent_at__isnull=False)
    return {
        "students": len(student_ids),
        "classes": len(classroom_ids),
        "teacher_reports": teachers,
        "already_sent_students": sent.filter(kind=ProgressReport.Kind.STUDENT).count(),
        "already_sent_classes": sent.filter(kind=ProgressReport.Kind.CLASSROOM).count(),
    }


def _name(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


def student_report_rows(*, student_ids: list[int], period) -> StudentRows:
    """Everything the students' weekly reports need, in six queries for the whole chunk."""
    rows = StudentRows()
    _report_students(rows, student_ids)
    class_ids = {c["id"] for classes in rows.classes.values() for c in classes}
    _report_attempts(rows, period)
    _report_due(rows, class_ids, period)
    quiz_ids = {a["quiz_id"] for attempts in rows.attempts.values() for a in attempts}
    quiz_ids |= {a["quiz_id"] for due in rows.due.values() for a in due if a["quiz_id"]}
    _report_class_grades(rows, class_ids, quiz_ids)
    due_briefs = {a["brief_id"] for due in rows.due.values() for a in due if a["brief_id"]}
    _report_studied(rows, due_briefs, period)
    _report_missed(rows, period)
    return rows


def _report_students(rows, student_ids: list[int]) -> None:
    enrollments = Enrollment.objects.filter(
        student_id__in=student_ids, classroom__active=True, student__is_active=True
    ).values_list(
        "student_id",
        "student__username",
        "student__first_name",
        "student__last_name",
        "student__email",
        "classroom_id",
        "classroom__name",
    )
    for sid, username, first, last, email, cid, class_name in enrollments.order_by("student_id", "classroom__name"):
        rows.students[sid] = {"id": sid, "username": username, "name": _name(first, last, username), "email": email}
        rows.classes.setdefault(sid, []).append({"id": cid, "name": class_name})


def _report_attempts(rows, period) -> None:
    attempts = Attempt.objects.filter(
        student_id__in=list(rows.students),
        status__in=FINISHED,
        submitted_at__gte=period.ends - timedelta(weeks=HISTORY_WEEKS),
        submitted_at__lt=period.ends,
    ).values_list(
        "student_id", "quiz_id", "quiz__title", "quiz__pass_mark", "quiz__review_policy", "status", "score",
        "max_score", "submitted_at",
    )  # fmt: skip
    for sid, qid, title, pass_mark, policy, status, score, max_score, at in attempts.order_by("submitted_at", "id"):
        shown = review.shows_score(policy)
        percent = 100.0 * score / max_score if shown and score is not None and max_score else None
        rows.attempts.setdefault(sid, []).append(
            {
                "quiz_id": qid,
                "quiz_title": title,
                "pass_mark": float(pass_mark),
                "score_shown": shown,
                "status": status,
                "percent": percent,
                "submitted_at": at,
            }
        )


def _report_due(rows, class_ids: set[int], period) -> None:
    due = Assignment.objects.filter(
        classroom_id__in=class_ids,
        due_at__gte=period.ends,
        due_at__lt=period.next_ends,
        available_from__lt=period.next_ends,
    ).values_list(
        "classroom_id", "classroom__name", "brief_id", "brief__title", "brief__slug", "quiz_id", "quiz__title", "due_at"
    )
    for cid, class_name, bid, brief_title, slug, qid, quiz_title, due_at in due.order_by("due_at", "id"):
        rows.due.setdefault(cid, []).append(
            {
                "classroom": class_name,
                "brief_id": bid,
                "brief_slug": slug,
                "quiz_id": qid,
                "title": brief_title or quiz_title,
                "due_at": timezone.localtime(due_at),
            }
        )


def _report_class_grades(rows, class_ids: set[int], quiz_ids: set[int]) -> None:
    """Quiz grades of everyone in the chunk's classes: the class medians, and whether a student has finished."""
    if not quiz_ids:
        return
    grades = QuizGrade.objects.filter(
        quiz_id__in=quiz_ids, student__enrollments__classroom_id__in=class_ids
    ).values_list("student__enrollments__classroom_id", "quiz_id", "student_id", "grade")
    for cid, qid, sid, grade in grades:
        rows.grades.setdefault(cid, {}).setdefault(qid, {})[sid] = grade


def _report_studied(rows, due_briefs: set[int], period) -> None:
    """Briefs studied this week, and any studied brief that is due next week (to mark it done)."""
    studied = (
        ReadingProgress.objects.filter(student_id__in=list(rows.students), studied_at__isnull=False)
        .filter(Q(studied_at__gte=period.begins, studied_at__lt=period.ends) | Q(brief_id__in=due_briefs))
        .values_list("student_id", "brief_id", "brief__title", "brief__slug", "studied_at")
    )
    for sid, bid, title, slug, at in studied:
        rows.studied.setdefault(sid, {})[bid] = {"title": title, "slug": slug, "studied_at": at}


def _report_missed(rows, period) -> None:
    """Scored answers short of full marks in attempts finished this week, with the brief section they test."""
    missed = Response.objects.filter(
        scores_shown("attempt__"),
        attempt__student_id__in=list(rows.students),
        attempt__status__in=FINISHED,
        attempt__submitted_at__gte=period.begins,
        attempt__submitted_at__lt=period.ends,
        score__isnull=False,
        score__lt=F("points"),
    ).values_list(
        "attempt__student_id",
        "attempt__submitted_at",
        "question_id",
        "question__name",
        "question__prompt",
        "question__quiz__title",
        "score",
        "points",
        "question__study_item__anchor",
        "question__study_item__brief__slug",
        "question__study_item__brief__title",
    )
    keys = (
        "submitted_at",
        "question_id",
        "name",
        "prompt",
        "quiz_title",
        "score",
        "points",
        "anchor",
        "brief_slug",
        "brief_title",
    )
    for sid, *values in missed.order_by("attempt__submitted_at", "question__position"):
        rows.missed.setdefault(sid, []).append(dict(zip(keys, values, strict=True)))


def class_report_rows(*, classroom_ids: list[int], period) -> ClassRows:
    """Everything the teachers' class summaries need, in seven queries for the whole chunk of classes."""
    rows = ClassRows()
    for cid, name in Classroom.objects.filter(id__in=classroom_ids, active=True).values_list("id", "name"):
        rows.classes[cid] = {"id": cid, "name": name}
    teachers = Classroom.teachers.through.objects.filter(classroom_id__in=list(rows.classes))
    for cid, uid in teachers.values_list("classroom_id", "user_id").order_by("classroom_id", "user_id"):
        rows.teachers.setdefault(cid, []).append(uid)
    _class_students(rows)
    _class_assignments(rows, period)
    _class_progress(rows)
    _class_hardest(rows)
    return rows


def _class_students(rows) -> None:
    enrollments = Enrollment.objects.filter(classroom_id__in=list(rows.classes)).values_list(
        "classroom_id", "student_id", "student__username", "student__first_name", "student__last_name"
    )
    for cid, sid, username, first, last in enrollments.order_by("classroom_id", "student__username"):
        rows.students.setdefault(cid, []).append({"id": sid, "name": _name(first, last, username)})


def _class_assignments(rows, period) -> None:
    assignments = Assignment.objects.filter(
        classroom_id__in=list(rows.classes), available_from__lt=period.ends
    ).values_list("classroom_id", "brief_id", "brief__title", "quiz_id", "quiz__title", "quiz__pass_mark", "due_at")
    ordered = assignments.order_by(F("due_at").asc(nulls_last=True), "id")
    for cid, bid, brief_title, qid, quiz_title, pass_mark, due_at in ordered:
        rows.assignments.setdefault(cid, []).append(
            {
                "brief_id": bid,
                "quiz_id": qid,
                "title": brief_title or quiz_title,
                "pass_mark": None if pass_mark is None else float(pass_mark),
                "due_at": due_at and timezone.localtime(due_at),
            }
        )


def _class_progress(rows) -> None:
    """Quiz grades and studied briefs of the classes' students, for the assigned material only."""
    quiz_ids = {a["quiz_id"] for assignments in rows.assignments.values() for a in assignments if a["quiz_id"]}
    brief_ids = {a["brief_id"] for assignments in rows.assignments.values() for a in assignments if a["brief_id"]}
    in_classes = {"student__enrollments__classroom_id__in": list(rows.classes)}
    if quiz_ids:
        grades = QuizGrade.objects.filter(quiz_id__in=quiz_ids, **in_classes).distinct()
        rows.grades = {(sid, qid): g for sid, qid, g in grades.values_list("student_id", "quiz_id", "grade")}
    if brief_ids:
        studied = ReadingProgress.objects.filter(brief_id__in=brief_ids, studied_at__isnull=False, **in_classes)
        rows.studied = set(studied.values_list("student_id", "brief_id").distinct())


def _class_hardest(rows) -> None:
    """Per class, the questions of its assigned quizzes with the lowest mean score (as a fraction of the points)."""
    quiz_ids = {a["quiz_id"] for assignments in rows.assignments.values() for a in assignments if a["quiz_id"]}
    if not quiz_ids:
        return
    stats = (
        Response.objects.filter(
            question__quiz_id__in=quiz_ids,
            attempt__student__enrollments__classroom_id__in=list(rows.classes),
            score__isnull=False,
            points__gt=0,
        )
        .values(
            "attempt__student__enrollments__classroom_id",
            "question_id",
            "question__quiz_id",
            "question__name",
            "question__prompt",
            "question__quiz__title",
            "question__study_item__anchor",
            "question__study_item__brief__slug",
            "question__study_item__brief__title",
        )
        .annotate(mean_fraction=Avg(F("score") / F("points")), responses=Count("id"))
        .order_by("mean_fraction", "question_id")
    )
    assigned = {cid: {a["quiz_id"] for a in assignments} for cid, assignments in rows.assignments.items()}
    for s in stats:
        cid = s["attempt__student__enrollments__classroom_id"]
        hardest = rows.hardest.setdefault(cid, [])
        lost_points = s["mean_fraction"] < 1 - 1e-9  # a question everyone got right is not hard
        if lost_points and s["question__quiz_id"] in assigned.get(cid, ()) and len(hardest) < HARDEST_LIMIT:
            hardest.append(_hardest_row(s))


def _hardest_row(s: dict) -> dict:
    return {
        "question_id": s["question_id"],
        "name": s["question__name"],
        "prompt": s["question__prompt"],
        "quiz_title": s["question__quiz__title"],
        "anchor": s["question__study_item__anchor"],
        "brief_slug": s["question__study_item__brief__slug"],
        "brief_title": s["question__study_item__brief__title"],
        "mean_fraction": s["mean_fraction"],
        "responses": s["responses"],
    }
