"""Writes of assignments: a brief or a quiz given to a class, with its window. An open attempt's deadline follows
its student's due date, so a change of dates moves the deadlines of the attempts in progress."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from classroom import selectors
from classroom.models import Assignment, Classroom, User
from classroom.webhooks.services import webhook_event_record
from quizzes.models import Quiz
from quizzes.services import attempts_reschedule


@transaction.atomic
def assignment_create(
    *,
    classroom: Classroom,
    assigned_by: User,
    brief=None,
    quiz=None,
    available_from: datetime | None = None,
    due_at: datetime | None = None,
) -> Assignment:
    """Assign a brief or a quiz to a class. Only a teacher of that class (or an admin) may."""
    if not (assigned_by.is_superuser or classroom.teachers.filter(pk=assigned_by.pk).exists()):
        raise PermissionDenied(_("Only a teacher of “%(name)s” can assign work to it.") % {"name": classroom.name})
    if (brief is None) == (quiz is None):
        raise ValidationError(_("Assign exactly one brief or one quiz (give `brief` or `quiz`, not both)."))
    assignment = Assignment(
        classroom=classroom,
        brief=brief,
        quiz=quiz,
        available_from=available_from or timezone.now(),
        due_at=due_at,
        assigned_by=assigned_by,
    )
    return assignment_save(assignment=assignment)


@transaction.atomic
def assignment_save(*, assignment: Assignment) -> Assignment:
    """Save a new or changed assignment (the API, the admin's forms), and move the deadlines of its students' open
    attempts at its quiz to their due dates."""
    if assignment.due_at is not None and assignment.due_at <= assignment.available_from:
        raise ValidationError(
            {"due_at": _("The due date must come after the date the work becomes available.")}, code="due_before"
        )
    # Every constraint has a sentence of its own (the models' violation_error_message): "already assigned" included.
    assignment.full_clean()
    previous_quiz = Assignment.objects.filter(pk=assignment.pk).values_list("quiz_id", flat=True).first()
    created = assignment._state.adding
    assignment.save()
    if created:
        webhook_event_record(event="assignment.created", ids=[assignment.pk])
    for quiz_id in {assignment.quiz_id, previous_quiz} - {None}:
        reschedule(quiz=Quiz.objects.get(pk=quiz_id), classroom=assignment.classroom)
    return assignment


@transaction.atomic
def assignment_delete(*, assignment: Assignment) -> None:
    quiz, classroom = assignment.quiz, assignment.classroom
    assignment.delete()
    if quiz is not None:
        reschedule(quiz=quiz, classroom=classroom)


def reschedule(*, quiz: Quiz, classroom: Classroom, student_ids=None) -> int:
    """The open attempts at `quiz` of the class's students (or of these students) follow their due dates and time
    limits, accommodations included (every class of theirs counts). Returns how many deadlines moved."""
    if student_ids is None:
        student_ids = list(classroom.enrollments.values_list("student_id", flat=True))
    dues, allowances = selectors.students_dues_and_allowances(student_ids=student_ids, quiz=quiz)
    return attempts_reschedule(quiz=quiz, dues=dues, allowances=allowances)
