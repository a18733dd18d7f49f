"""Reads of classes: who may see which, their students, gradebook and overview. A few queries each, whatever the
class size."""

import csv
import io
from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet
from django.shortcuts import get_object_or_404

from classroom.gradebook import csv_cell
from classroom.models import Assignment, Classroom, ReadingProgress, User, normalize_join_code
from quizzes.selectors import quiz_grade_table


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
    students = list(class_students(classroom=classroom))
    quizzes = []
    for assignment in Assignment.objects.filter(classroom=classroom, quiz__isnull=False).select_related("quiz"):
        if assignment.quiz not in quizzes:
            quizzes.append(assignment.quiz)
    grades = quiz_grade_table(student_ids=[s.pk for s in students], quiz_ids=[q.pk for q in quizzes])
    return Gradebook(classroom=classroom, students=students, quizzes=quizzes, grades=grades)


def gradebook_csv(book: Gradebook) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["username", "first_name", "last_name", "email", *[csv_cell(q.slug) for q in book.quizzes]])
    for student, grades in book.rows():
        cells = ["" if g is None else f"{g:.1f}" for g in grades]
        names = [csv_cell(v) for v in (student.username, student.first_name, student.last_name, student.email)]
        writer.writerow([*names, *cells])
    return out.getvalue()


def student_taught(*, user: User, pk) -> User:
    """The user themself, a student of a class the user teaches, or anyone for an admin; else a 404."""
    if str(pk) == str(user.pk):
        return user
    qs = User.objects.all() if user.is_superuser else User.objects.filter(enrollments__classroom__teachers=user)
    return get_object_or_404(qs.distinct(), pk=pk)


@dataclass
class AssignmentOverview:
    assignment: Assignment
    students: int
    completed: int  # quizzes: students with a finished attempt; briefs: students who marked it studied
    average: float | None  # quizzes: mean quiz grade (percent) of those with a grade


def class_overview(*, classroom: Classroom) -> list[AssignmentOverview]:
    """Each assignment of a class with its completion and average, in four queries whatever the class size."""
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
