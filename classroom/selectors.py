import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Avg, Count, F, Min, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from classroom import flashcards
from classroom.models import (
    Assignment,
    Classroom,
    Enrollment,
    ProgressReport,
    ReadingProgress,
    User,
    normalize_join_code,
)
from classroom.reports import HARDEST_LIMIT, HISTORY_WEEKS, ClassRows, StudentRows
from config.cache import bump
from config.rows import converted
from quizzes import review


def with_student_count(qs: QuerySet[Classroom]) -> QuerySet[Classroom]:
    return qs.annotate(student_count=Count("enrollments", distinct=True))


def classes_for_user(*, user: User) -> QuerySet[Classroom]:
    """The classes a user may see: all for admins, taught ones for teachers, joined ones for students."""
    qs = with_student_count(Classroom.objects.prefetch_related("teachers")).order_by("name", "id")
    if user.is_superuser:
        return qs
    if user.is_teacher:
        return qs.filter(teachers=user)
    return qs.filter(enrollments__student=user)


def class_with_code(*, code: str) -> Classroom | None:
    return Classroom.objects.filter(join_code=normalize_join_code(code)).first()


def class_taught(*, user: User, pk: int) -> Classroom:
    """A class the user teaches (any class for an admin); anyone else's is a 404."""
    qs = Classroom.objects.all() if user.is_superuser else Classroom.objects.filter(teachers=user)
    return get_object_or_404(qs, pk=pk)


def class_students(*, classroom: Classroom) -> QuerySet[User]:
    return (
        User.objects.filter(enrollments__classroom=classroom)
        .annotate(joined_at=F("enrollments__joined_at"))
        .order_by("last_name", "first_name", "username")
    )


def assignment_due_at(*, student: User, quiz) -> datetime | None:
    """The due date that binds this student for this quiz: the latest of their classes' (None: no deadline).

    A plain statement (config.rows), because every start of an attempt reads it, all at once when a class starts
    a quiz together: the ORM spent longer building this three-table query than the database answering it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.due_at FROM classroom_assignment a"
            " JOIN classroom_classroom c ON c.id = a.classroom_id JOIN classroom_enrollment e ON e.classroom_id = c.id"
            " WHERE a.quiz_id = %s AND e.student_id = %s AND c.active",
            [quiz.pk, student.pk],
        )
        dues = {due for (due,) in converted(Assignment, ["due_at"], cursor.fetchall())}
    if not dues or None in dues:
        return None
    return max(dues)


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
    status: str  # not_started | in_progress | submitted | graded | overdue | studied
    best_score: float | None  # percent of the best finished attempt
    grade: float | None  # the quiz grade after its grading method, in percent


def assignments_for_student(*, student: User, now: datetime | None = None) -> list[StudentAssignment]:
    """The student's assignments by due date, each with its status and score, in three queries."""
    from quizzes.selectors import attempt_summaries  # the quizzes app owns attempts

    now = now or timezone.now()
    assignments = list(assignments_visible_to(user=student))
    quiz_ids = {a.quiz_id for a in assignments if a.quiz_id}
    summaries = attempt_summaries(student=student, quiz_ids=quiz_ids)
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
    status = summary.status
    if status == "in_progress" and overdue:
        status = "overdue"
    return StudentAssignment(assignment, status, summary.best_percent, summary.grade)


@dataclass
class Gradebook:
    classroom: Classroom
    students: list[User]
    quizzes: list  # the assigned quizzes, by due date
    grades: dict[tuple[int, int], float | None] = field(default_factory=dict)  # (student id, quiz id) → percent

    def rows(self):
        for student in self.students:
            yield student, [self.grades.get((student.pk, quiz.pk)) for quiz in self.quizzes]


def gradebook(*, classroom: Classroom) -> Gradebook:
    """Students × assigned quizzes with each quiz grade: three queries whatever the class size."""
    from quizzes.selectors import quiz_grade_table

    students = list(class_students(classroom=classroom))
    quizzes = []
    for assignment in Assignment.objects.filter(classroom=classroom, quiz__isnull=False).select_related("quiz"):
        if assignment.quiz not in quizzes:
            quizzes.append(assignment.quiz)
    grades = quiz_grade_table(student_ids=[s.pk for s in students], quiz_ids=[q.pk for q in quizzes])
    return Gradebook(classroom=classroom, students=students, quizzes=quizzes, grades=grades)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """Text a spreadsheet will not run: a cell that starts like a formula is prefixed with a quote (OWASP's advice
    against CSV injection; a student may name themselves "=HYPERLINK(…)")."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def gradebook_csv(book: Gradebook) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["username", "first_name", "last_name", "email", *[csv_cell(q.slug) for q in book.quizzes]])
    for student, grades in book.rows():
        cells = ["" if g is None else f"{g:.1f}" for g in grades]
        names = [csv_cell(v) for v in (student.username, student.first_name, student.last_name, student.email)]
        writer.writerow([*names, *cells])
    return out.getvalue()


@dataclass
class StudentProgress:
    briefs_studied: int
    quizzes_taken: int
    average: float | None  # mean percent over graded attempts
    trend: float | None  # mean of the last three graded attempts minus the mean of the three before
    history: list[tuple[datetime, float, int]]  # (submitted, percent, quiz id) of graded attempts, oldest first


def student_progress(*, student: User) -> StudentProgress:
    from quizzes.selectors import graded_history

    history = graded_history(student=student)
    scores = [percent for _, percent, _ in history]
    recent, before = scores[-3:], scores[-6:-3]
    trend = (sum(recent) / len(recent) - sum(before) / len(before)) if recent and before else None
    return StudentProgress(
        briefs_studied=ReadingProgress.objects.filter(student=student, studied_at__isnull=False).count(),
        quizzes_taken=len({quiz_id for _, _, quiz_id in history}),
        average=(sum(scores) / len(scores)) if scores else None,
        trend=trend,
        history=history,
    )


def student_taught(*, user: User, pk) -> User:
    """The user themself, a student of a class the user teaches, or anyone for an admin; else a 404."""
    if str(pk) == str(user.pk):
        return user
    qs = User.objects.all() if user.is_superuser else User.objects.filter(enrollments__classroom__teachers=user)
    return get_object_or_404(qs.distinct(), pk=pk)


def assignable_material(*, brief: str | None, quiz: str | None) -> dict:
    """The brief or quiz named by slug, as keyword arguments for assignment_create; unknown is a 404."""
    from briefs.models import Brief
    from quizzes.models import Quiz

    return {
        "brief": get_object_or_404(Brief, slug=brief) if brief else None,
        "quiz": get_object_or_404(Quiz, slug=quiz) if quiz else None,
    }


def reports_for(*, user: User) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(recipient=user).select_related("classroom").order_by("-period_start", "id")


# ---------------------------------------------------------------- weekly progress reports
# Each function reads a whole chunk (of students or of classes) in a fixed number of queries, whatever its size.
# They read quiz rows directly, values() only: a report needs a few columns of many rows, not model instances.


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
    from quizzes.models import Attempt
    from quizzes.selectors import FINISHED

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
    from quizzes.models import QuizGrade

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
    from quizzes.models import Response
    from quizzes.selectors import FINISHED, scores_shown

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
    from quizzes.models import QuizGrade

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
    from quizzes.models import Response

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


# ---------------------------------------------------------------- student site: dashboard, class overview
# A student's dashboard is cached (classroom.views.home) under the versions of all it shows: the briefs, the
# quizzes, the classes (with their enrollments and assignments) and the student's own work (attempts,
# grades, reading, flashcards). Besides those writes, time changes it: an assignment becomes available or
# due, and the flashcards due "today" change at midnight. The entry expires at the first of those.

CLASSES_VERSION_KEY = "classroom:classes:version"
DASHBOARD_TIMEOUT = 600  # at most: what a signal misses (a queryset update()) shows within ten minutes


def student_version_key(student_id: int) -> str:
    return f"classroom:student:{student_id}:version"


def dashboard_versions(*, student_id: int) -> tuple[str, ...]:
    from briefs.selectors import BRIEFS_VERSION_KEY
    from quizzes.selectors import QUIZZES_VERSION_KEY

    return (BRIEFS_VERSION_KEY, QUIZZES_VERSION_KEY, CLASSES_VERSION_KEY, student_version_key(student_id))


def classes_changed(**kwargs) -> None:
    bump(CLASSES_VERSION_KEY)


def students_changed(*, student_ids) -> None:
    """What these students' dashboards show of their own work changed (for writes that send no signal)."""
    bump(*(student_version_key(pk) for pk in set(student_ids)))


def student_work_changed(sender, instance, update_fields=None, **kwargs) -> None:
    """Signal handler: an attempt, a reading record or a flashcard of a student was saved or deleted."""
    if update_fields is not None and set(update_fields) <= {"version"}:
        return  # an autosave: the dashboard shows nothing of it
    students_changed(student_ids=[instance.student_id])


def dashboard_seconds(*, student: User, now: datetime) -> int:
    """Seconds until the student's dashboard changes by itself: an assignment of their classes becomes
    available or due, or it is midnight (at most DASHBOARD_TIMEOUT)."""
    upcoming = Assignment.objects.filter(classroom__enrollments__student=student).aggregate(
        available=Min("available_from", filter=Q(available_from__gt=now)), due=Min("due_at", filter=Q(due_at__gt=now))
    )
    midnight = (timezone.localtime(now) + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    first = min(t for t in (*upcoming.values(), midnight) if t is not None)
    return max(1, min(DASHBOARD_TIMEOUT, int((first - now).total_seconds()) + 1))


def recent_reading(*, student: User, limit: int = 5) -> list[ReadingProgress]:
    """The briefs a student opened most recently, with the brief loaded (one query)."""
    qs = ReadingProgress.objects.filter(student=student, brief__published=True).select_related("brief")
    return list(qs.order_by("-last_opened_at", "-id")[:limit])


@dataclass
class AssignmentOverview:
    assignment: Assignment
    students: int
    completed: int  # quizzes: students with a finished attempt; briefs: students who marked it studied
    average: float | None  # quizzes: mean quiz grade (percent) of those with a grade


def class_overview(*, classroom: Classroom) -> list[AssignmentOverview]:
    """Each assignment of a class with its completion and average, in four queries whatever the class size."""
    from quizzes.selectors import quiz_grade_table

    assignments = list(
        Assignment.objects.filter(classroom=classroom)
        .select_related("brief", "quiz")
        .order_by(F("due_at").asc(nulls_last=True), "id")
    )
    student_ids = list(classroom.enrollments.values_list("student_id", flat=True))
    quiz_ids = [a.quiz_id for a in assignments if a.quiz_id]
    by_quiz: dict[int, list[float | None]] = {}
    for (_student, quiz_id), grade in quiz_grade_table(student_ids=student_ids, quiz_ids=quiz_ids).items():
        by_quiz.setdefault(quiz_id, []).append(grade)
    studied = _studied_counts(student_ids, [a.brief_id for a in assignments if a.brief_id])
    return [_overview_row(a, len(student_ids), by_quiz, studied) for a in assignments]


def _studied_counts(student_ids: list[int], brief_ids: list[int]) -> dict[int, int]:
    """brief id → how many of these students marked it studied."""
    if not student_ids or not brief_ids:
        return {}
    rows = (
        ReadingProgress.objects.filter(student_id__in=student_ids, brief_id__in=brief_ids, studied_at__isnull=False)
        .values("brief_id")
        .annotate(n=Count("student_id", distinct=True))
    )
    return {row["brief_id"]: row["n"] for row in rows}


def _overview_row(assignment: Assignment, students: int, by_quiz: dict, studied_by_brief: dict) -> AssignmentOverview:
    if assignment.brief_id:
        return AssignmentOverview(assignment, students, studied_by_brief.get(assignment.brief_id, 0), None)
    mine = by_quiz.get(assignment.quiz_id, [])
    scored = [g for g in mine if g is not None]
    average = sum(scored) / len(scored) if scored else None
    return AssignmentOverview(assignment, students, len(mine), average)


def quiz_dues(*, student: User) -> dict[int, datetime | None]:
    """quiz id → the student's due date for each quiz assigned to their active classes (`assignment_due_at`'s
    rule: the latest; None when one class set none)."""
    rows = Assignment.objects.filter(
        quiz__isnull=False, classroom__active=True, classroom__enrollments__student=student
    ).values_list("quiz_id", "due_at")
    dues: dict[int, list] = {}
    for quiz_id, due in rows:
        dues.setdefault(quiz_id, []).append(due)
    return {quiz_id: None if None in found else max(found) for quiz_id, found in dues.items()}


def studyable_quizzes(*, student: User, now: datetime) -> set[int]:
    """The quizzes whose missed questions the student may study as flashcards now (quizzes.review.key_studyable)."""
    from quizzes.selectors import quizzes_with_studyable_keys

    return quizzes_with_studyable_keys(student=student, dues=quiz_dues(student=student), now=now)


def flashcards_of(*, student: User, now: datetime | None = None) -> QuerySet:
    """The student's cards they may see now: every study item's, and missed questions' only where the quiz's review
    policy shows their key and the quiz is over for them (a card would otherwise fill in their next attempt)."""
    from classroom.models import Flashcard

    studyable = studyable_quizzes(student=student, now=now or timezone.now())
    return Flashcard.objects.filter(Q(question__isnull=True) | Q(question__quiz_id__in=studyable), student=student)


def flashcards_due(*, student: User, now: datetime | None = None) -> QuerySet:
    """The student's cards due now, most overdue first, with what their faces come from."""
    now = now or timezone.now()
    return (
        flashcards_of(student=student, now=now)
        .filter(due__lte=now)
        .select_related("study_item", "question")
        .prefetch_related("question__options")
        .order_by("due", "id")
    )


def flashcard_faces(card) -> flashcards.Faces:
    from quizzes.selectors import question_data

    if card.study_item_id:
        item = card.study_item
        return flashcards.item_faces(kind=item.kind, label=item.label, text=item.text)
    data = question_data(card.question)
    return flashcards.question_faces(data, prompt_text=card.question.prompt)


def flashcards_due_count(*, student: User) -> int:
    """Cards due by the end of today in TIME_ZONE (what the dashboard promises)."""
    end_of_day = timezone.localtime().replace(hour=23, minute=59, second=59)
    return flashcards_of(student=student).filter(due__lte=end_of_day).count()
