"""Reads of a student's work: assignments with their status, due dates, progress, attempts, recent reading."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from briefs.models import Brief
from classroom.models import Assignment, AssignmentOverride, ReadingProgress, User
from quizzes.durations import Allowance, most_generous
from quizzes.models import Attempt, Quiz
from quizzes.selectors import attempt_summaries, graded_history, quizzes_waiting_for_marking

# ---------------------------------------------------------------- due dates


def _dues(rows) -> dict[int, datetime | None]:
    """(key, due) rows → key → the due date that binds: the latest of several classes', None if one set none."""
    found: dict[int, list] = {}
    for key, due in rows:
        found.setdefault(key, []).append(due)
    return {key: None if None in dues else max(dues) for key, dues in found.items()}


def _active_quiz_assignments() -> QuerySet[Assignment]:
    return Assignment.objects.filter(quiz__isnull=False, classroom__active=True)


def _own(field: str, student_id) -> Subquery:
    """The student's override of an assignment (the outer row), one of its fields: a subquery, no query."""
    mine = AssignmentOverride.objects.filter(assignment=OuterRef("pk"), student_id=student_id)
    return Subquery(mine.values(field)[:1])


def _with_own_dates(rows: QuerySet[Assignment], student_id) -> QuerySet[Assignment]:
    """Assignment rows with the student's due date (their override's, else the assignment's) and extra time."""
    return rows.annotate(
        own_due=Coalesce(_own("due_at", student_id), "due_at"),
        extra_minutes=_own("extra_minutes", student_id),
        time_multiplier=_own("time_multiplier", student_id),
    )


def _allowance(extra_minutes, multiplier) -> Allowance | None:
    if extra_minutes is None and multiplier is None:
        return None
    return Allowance(extra_minutes=extra_minutes, multiplier=None if multiplier is None else float(multiplier))


def quiz_dues(*, student: User) -> dict[int, datetime | None]:
    """quiz id → the student's due date (their accommodation's, if any), for each quiz assigned to one of their
    active classes."""
    rows = _with_own_dates(_active_quiz_assignments().filter(classroom__enrollments__student=student), student.pk)
    return _dues(rows.values_list("quiz_id", "own_due"))


def due_and_allowance(*, student: User, quiz: Quiz) -> tuple[datetime | None, Allowance | None]:
    """The student's due date for the quiz (None: none, or not assigned to them) and their extra time, one query."""
    rows = _active_quiz_assignments().filter(quiz=quiz, classroom__enrollments__student=student)
    rows = list(_with_own_dates(rows, student.pk).values_list("quiz_id", "own_due", "extra_minutes", "time_multiplier"))
    due = _dues((quiz_id, own_due) for quiz_id, own_due, *_extra in rows).get(quiz.pk)
    return due, most_generous(_allowance(minutes, multiplier) for *_due, minutes, multiplier in rows)


def due_for(*, student: User, quiz: Quiz) -> datetime | None:
    """The student's due date for the quiz (None: none, or not assigned to them), their accommodation included."""
    return due_and_allowance(student=student, quiz=quiz)[0]


def students_dues(*, student_ids, quiz: Quiz) -> dict[int, datetime | None]:
    """student id → their due date for the quiz, accommodations included, for these students (an open attempt's
    deadline follows it; the gradebook reads it). Two queries whatever the number of students."""
    dues, _allowances = students_dues_and_allowances(student_ids=student_ids, quiz=quiz)
    return dues


def students_dues_and_allowances(
    *, student_ids, quiz: Quiz
) -> tuple[dict[int, datetime | None], dict[int, Allowance | None]]:
    """`students_dues`, and each student's extra time on the quiz's time limit (None: none)."""
    student_ids = list(student_ids)
    rows = _active_quiz_assignments().filter(quiz=quiz, classroom__enrollments__student_id__in=student_ids)
    rows = list(rows.values_list("classroom__enrollments__student_id", "id", "due_at"))
    overrides = {
        (o.student_id, o.assignment_id): o
        for o in AssignmentOverride.objects.filter(
            assignment_id__in={a for _s, a, _d in rows}, student_id__in=student_ids
        )
    }
    own: list[tuple[int, datetime | None]] = []
    extra: dict[int, list] = {}
    for student_id, assignment_id, due in rows:
        override = overrides.get((student_id, assignment_id))
        own.append((student_id, override.due_at if override and override.due_at else due))
        if override is not None:
            extra.setdefault(student_id, []).append(_allowance(override.extra_minutes, override.time_multiplier))
    dues = _dues(own)
    return (
        {student_id: dues.get(student_id) for student_id in student_ids},
        {student_id: most_generous(extra.get(student_id, [])) for student_id in student_ids},
    )


# ---------------------------------------------------------------- what a student may take and read


def _given_to(student: User) -> QuerySet[Assignment]:
    """The assignments of the student's active classes that are available now."""
    return Assignment.objects.filter(
        classroom__enrollments__student=student, classroom__active=True, available_from__lte=timezone.now()
    )


def quizzes_assigned_to(*, student: User) -> Q:
    """A filter on quizzes: those assigned to one of the student's classes (a subquery: no query of its own)."""
    return Q(pk__in=_given_to(student).filter(quiz__isnull=False).values("quiz_id"))


def briefs_assigned_to(*, student: User) -> Q:
    """A filter on briefs: those assigned to one of the student's classes."""
    return Q(pk__in=_given_to(student).filter(brief__isnull=False).values("brief_id"))


# ---------------------------------------------------------------- assignments


def assignments_visible_to(*, user: User) -> QuerySet[Assignment]:
    """Assignments of the classes a user teaches (all for admins) or, for a student, has joined and can see."""
    qs = Assignment.objects.select_related("classroom", "brief", "quiz", "assigned_by").order_by(
        F("due_at").asc(nulls_last=True), "id"
    )
    if user.is_superuser:
        return qs
    if user.is_teacher:
        return qs.filter(classroom__teachers=user).distinct()
    return qs.filter(classroom__enrollments__student=user, available_from__lte=timezone.now())


@dataclass
class StudentAssignment:
    assignment: Assignment
    status: str  # not_started | in_progress | submitted | needs_review | graded | overdue | studied
    best_score: float | None  # percent of the best graded attempt, if its review policy shows scores
    grade: float | None  # the quiz grade after its grading method, in percent, likewise


def assignments_for_student(*, student: User, now: datetime | None = None) -> list[StudentAssignment]:
    """The student's assignments by due date, each with its status and score, in four queries."""
    now = now or timezone.now()
    mine = _with_own_dates(assignments_visible_to(user=student), student.pk)
    assignments = list(mine.order_by(F("own_due").asc(nulls_last=True), "id"))
    for assignment in assignments:
        assignment.due_at = assignment.own_due  # their own date (an accommodation) on this read; never saved
    summaries = attempt_summaries(student=student, quiz_ids={a.quiz_id for a in assignments if a.quiz_id})
    reading = list(ReadingProgress.objects.filter(student=student).values_list("brief_id", "studied_at"))
    studied = {brief_id for brief_id, studied_at in reading if studied_at is not None}
    opened = {brief_id for brief_id, _studied_at in reading}
    return [_student_assignment(a, summaries.get(a.quiz_id), studied, opened, now) for a in assignments]


def _student_assignment(assignment, summary, studied, opened, now) -> StudentAssignment:
    overdue = assignment.due_at is not None and assignment.due_at < now
    if assignment.brief_id:
        if assignment.brief_id in studied:
            status = "studied"
        elif overdue:
            status = "overdue"
        else:
            status = "in_progress" if assignment.brief_id in opened else "not_started"
        return StudentAssignment(assignment, status, None, None)
    if summary is None:
        return StudentAssignment(assignment, "overdue" if overdue else "not_started", None, None)
    status = "overdue" if summary.status == "in_progress" and overdue else summary.status
    return StudentAssignment(assignment, status, summary.best_percent, summary.grade)


def assignable_material(*, brief: str | None, quiz: str | None) -> dict:
    """The brief and quiz named by slug, as keyword arguments for assignment_create; an unknown one is a 404."""
    return {
        "brief": get_object_or_404(Brief, slug=brief) if brief else None,
        "quiz": get_object_or_404(Quiz, slug=quiz) if quiz else None,
    }


def next_change(*, student: User, now: datetime) -> datetime:
    """When the student's dashboard next changes by itself: an assignment of their classes becomes available or
    due, or it is midnight."""
    upcoming = Assignment.objects.filter(classroom__enrollments__student=student).aggregate(
        available=Min("available_from", filter=Q(available_from__gt=now)), due=Min("due_at", filter=Q(due_at__gt=now))
    )
    midnight = (timezone.localtime(now) + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return min(t for t in (*upcoming.values(), midnight) if t is not None)


# ---------------------------------------------------------------- attempts


def attempts_visible_to(*, user: User) -> QuerySet[Attempt]:
    """Students: their own attempts. Teachers: those of students in the classes they teach, and their own (a
    teacher may try a quiz out). Admins: all."""
    qs = Attempt.objects.select_related("quiz", "student").order_by("-started_at", "-id")
    if user.is_superuser:
        return qs
    if user.is_teacher:
        return qs.filter(Q(student__enrollments__classroom__teachers=user) | Q(student=user)).distinct()
    return qs.filter(student=user)


def attempt_for_user(*, user: User, pk: int) -> Attempt:
    """One attempt the user may see, with its quiz and student; anyone else's is a 404."""
    return get_object_or_404(attempts_visible_to(user=user), pk=pk)


# ---------------------------------------------------------------- progress


@dataclass
class StudentProgress:
    briefs_studied: int
    quizzes_taken: int  # quizzes with a marked attempt
    quizzes_provisional: int  # quizzes with only attempts waiting for marking: their scores are provisional
    average: float | None  # mean percent over graded attempts whose scores the student may see
    trend: float | None  # mean of the last three graded attempts minus the mean of the three before
    history: list[tuple[datetime, float, int]]  # (submitted, percent, quiz id) of graded attempts, oldest first


def student_progress(*, student: User) -> StudentProgress:
    history = graded_history(student=student)
    marked = {quiz_id for _, _, quiz_id in history}
    scores = [percent for _, percent, _ in history]
    recent, before = scores[-3:], scores[-6:-3]
    return StudentProgress(
        briefs_studied=ReadingProgress.objects.filter(student=student, studied_at__isnull=False).count(),
        quizzes_taken=len(marked),
        quizzes_provisional=len(quizzes_waiting_for_marking(student=student) - marked),
        average=(sum(scores) / len(scores)) if scores else None,
        trend=(sum(recent) / len(recent) - sum(before) / len(before)) if recent and before else None,
        history=history,
    )


def recent_reading(*, student: User, limit: int = 5) -> list[ReadingProgress]:
    """The briefs a student opened most recently, with the brief loaded (one query)."""
    qs = ReadingProgress.objects.filter(student=student, brief__published=True).select_related("brief")
    return list(qs.order_by("-last_opened_at", "-id")[:limit])


def reading_of(*, student: User, brief: Brief) -> ReadingProgress | None:
    return ReadingProgress.objects.filter(student=student, brief=brief).first()
