"""Reads of a class's on-screen gradebook: students × assigned quizzes with each cell's status (classroom.gradebook),
a student's attempts, and one attempt's answers. The grid reads a fixed number of queries whatever the number of
students (one more per quiz, for the students' due dates)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from classroom import gradebook
from classroom.models import Assignment, Classroom, User
from classroom.selectors.classes import class_students
from classroom.selectors.work import students_dues
from quizzes.models import Attempt, Response
from quizzes.selectors import quiz_grade_table


@dataclass
class Column:
    assignment: Assignment
    quiz: object  # quizzes.models.Quiz

    @property
    def title(self) -> str:
        return self.quiz.title


@dataclass
class ClassGradebook:
    classroom: Classroom
    columns: list[Column]
    rows: list[gradebook.Row]


def student_name(user: User) -> str:
    """ "Last, First" (what a class list sorts by), else the username."""
    if user.last_name and user.first_name:
        return f"{user.last_name}, {user.first_name}"
    return user.last_name or user.first_name or user.username


def class_gradebook(
    *, classroom: Classroom, now: datetime | None = None, sort: str = "name", descending: bool = False
) -> ClassGradebook:
    now = now or timezone.now()
    students = list(class_students(classroom=classroom))
    assignments = (
        Assignment.objects.filter(classroom=classroom, quiz__isnull=False)
        .select_related("quiz")
        .order_by(F("due_at").asc(nulls_last=True), "id")
    )
    columns = [Column(a, a.quiz) for a in assignments]
    student_ids, quiz_ids = [s.pk for s in students], [c.quiz.pk for c in columns]
    facts = _attempt_facts(student_ids, quiz_ids)
    grades = quiz_grade_table(student_ids=student_ids, quiz_ids=quiz_ids)
    # Each student's own due date: the selector every deadline reads, so per-student overrides count here too.
    dues = {c.quiz.pk: students_dues(student_ids=student_ids, quiz=c.quiz) for c in columns} if students else {}
    rows = []
    for student in students:
        key = student.pk
        cells = [
            gradebook.cell(facts.get((key, q), ()), grade=grades.get((key, q)), due=dues[q][key], now=now)
            for q in quiz_ids
        ]
        rows.append(gradebook.Row(student.pk, student_name(student), student.username, cells))
    rows = gradebook.sort_rows(rows, by=sort if sort in gradebook.SORTS else "name", descending=descending)
    return ClassGradebook(classroom=classroom, columns=columns, rows=rows)


def _attempt_facts(student_ids: list[int], quiz_ids: list[int]) -> dict[tuple[int, int], list[gradebook.AttemptFact]]:
    if not student_ids or not quiz_ids:
        return {}
    rows = Attempt.objects.filter(student_id__in=student_ids, quiz_id__in=quiz_ids).values_list(
        "student_id", "quiz_id", "id", "number", "status", "submitted_at", "score", "max_score"
    )
    facts: dict[tuple[int, int], list[gradebook.AttemptFact]] = {}
    for student_id, quiz_id, *fields in rows:
        facts.setdefault((student_id, quiz_id), []).append(gradebook.AttemptFact(*fields))
    return facts


def class_student(*, classroom: Classroom, pk: int) -> User:
    """A student of the class (a 404 for anyone else)."""
    return get_object_or_404(User.objects.filter(enrollments__classroom=classroom), pk=pk)


def student_attempts_in_class(*, classroom: Classroom, student: User) -> list[Attempt]:
    """The student's attempts at the quizzes assigned to the class, by quiz then number."""
    quiz_ids = Assignment.objects.filter(classroom=classroom, quiz__isnull=False).values("quiz_id")
    qs = Attempt.objects.filter(student=student, quiz_id__in=quiz_ids).select_related("quiz")
    return list(qs.order_by("quiz__title", "quiz_id", "number"))


def class_attempt(*, classroom: Classroom, pk: int) -> Attempt:
    """An attempt by a student of the class, with its quiz, student and answers (each with its question)."""
    answers = Response.objects.select_related("question", "reviewed_by").order_by("id")
    responses = Prefetch("responses", queryset=answers)
    qs = Attempt.objects.filter(student__enrollments__classroom=classroom).select_related("quiz", "student")
    return get_object_or_404(qs.prefetch_related(responses), pk=pk)
