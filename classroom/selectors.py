import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, F, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from classroom.models import Assignment, Classroom, ProgressReport, ReadingProgress, User


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
    """The due date that binds this student for this quiz: the latest of their classes' (None: no deadline)."""
    dues = list(
        Assignment.objects.filter(quiz=quiz, classroom__enrollments__student=student, classroom__active=True)
        .values_list("due_at", flat=True)
        .distinct()
    )
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
    """The student's assignments by due date, each with its status and score, in four queries."""
    from quizzes.grades import attempt_summaries  # the quizzes app owns attempts

    now = now or timezone.now()
    assignments = list(assignments_visible_to(user=student))
    quiz_ids = {a.quiz_id for a in assignments if a.quiz_id}
    summaries = attempt_summaries(student=student, quiz_ids=quiz_ids)
    studied = set(
        ReadingProgress.objects.filter(student=student, studied_at__isnull=False).values_list("brief_id", flat=True)
    )
    opened = set(ReadingProgress.objects.filter(student=student).values_list("brief_id", flat=True))
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
    from quizzes.grades import quiz_grades

    students = list(class_students(classroom=classroom))
    quizzes = []
    for assignment in Assignment.objects.filter(classroom=classroom, quiz__isnull=False).select_related("quiz"):
        if assignment.quiz not in quizzes:
            quizzes.append(assignment.quiz)
    grades = quiz_grades(student_ids=[s.pk for s in students], quiz_ids=[q.pk for q in quizzes])
    return Gradebook(classroom=classroom, students=students, quizzes=quizzes, grades=grades)


def gradebook_csv(book: Gradebook) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["username", "first_name", "last_name", "email", *[q.slug for q in book.quizzes]])
    for student, grades in book.rows():
        cells = ["" if g is None else f"{g:.1f}" for g in grades]
        writer.writerow([student.username, student.first_name, student.last_name, student.email, *cells])
    return out.getvalue()


@dataclass
class StudentProgress:
    briefs_studied: int
    quizzes_taken: int
    average: float | None  # mean percent over graded attempts
    trend: float | None  # mean of the last three graded attempts minus the mean of the three before
    history: list[tuple[datetime, float, int]]  # (submitted, percent, quiz id) of graded attempts, oldest first


def student_progress(*, student: User) -> StudentProgress:
    from quizzes.grades import graded_history

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
    """A student of a class the user teaches (anyone for an admin); anyone else is a 404."""
    qs = User.objects.all() if user.is_superuser else User.objects.filter(enrollments__classroom__teachers=user)
    return get_object_or_404(qs.distinct(), pk=pk)


def assignable_material(*, brief: str | None, quiz: str | None) -> dict:
    """The brief or quiz named by slug, as keyword arguments for assignment_create; unknown is a 404."""
    from briefs.models import Brief
    from quizzes.models import Quiz

    if brief:
        return {"brief": get_object_or_404(Brief, slug=brief)}
    return {"quiz": get_object_or_404(Quiz, slug=quiz)}


def reports_for(*, user: User) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(recipient=user).select_related("classroom").order_by("-period_start", "id")
