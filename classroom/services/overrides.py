"""Writes of accommodations: one student's own due date and extra time on an assignment (Moodle's user overrides).
Their open attempt at its quiz follows at once: deadline, countdown and auto-submit."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from classroom.models import AssignmentOverride, Enrollment, User
from classroom.services.assignments import reschedule


def override_check(override: AssignmentOverride, by: User) -> None:
    """Why `by` may not save this accommodation, as a ValidationError (PermissionDenied: not their class)."""
    classroom = override.assignment.classroom
    if not (by.is_superuser or classroom.teachers.filter(pk=by.pk).exists()):
        raise PermissionDenied(_("Only a teacher of “%(name)s” can give its students more time.") % {"name": classroom})
    if not Enrollment.objects.filter(student_id=override.student_id, classroom=classroom).exists():
        raise ValidationError({"student": _("This student is not in the class of this assignment.")})
    if override.extra_minutes is not None and override.time_multiplier is not None:
        raise ValidationError(_("Give extra minutes or a multiplier of the time limit, not both."))
    if override.due_at is None and not override.extra_minutes and override.time_multiplier is None:
        raise ValidationError(_("Give a due date, extra minutes or a multiplier of the time limit."))
    if override.time_multiplier is not None and override.time_multiplier <= 0:
        raise ValidationError({"time_multiplier": _("The multiplier must be more than 0.")})
    if override.due_at is not None and override.due_at <= override.assignment.available_from:
        raise ValidationError({"due_at": _("The due date must come after the date the work becomes available.")})


@transaction.atomic
def override_save(*, override: AssignmentOverride, by: User) -> AssignmentOverride:
    """Save a new or changed accommodation (a teacher of the class, or an admin), then move the student's open
    attempt at the quiz to their new deadline."""
    override_check(override, by)
    override.full_clean(validate_unique=False, validate_constraints=False)  # checked above, in words
    previous = AssignmentOverride.objects.filter(pk=override.pk).values_list("assignment_id", "student_id").first()
    twin = AssignmentOverride.objects.filter(assignment=override.assignment, student_id=override.student_id)
    if twin.exclude(pk=override.pk).exists():
        raise ValidationError(_("This student already has an accommodation on this assignment: change it instead."))
    override.save()
    _follow(override)
    if previous and previous != (override.assignment_id, override.student_id):
        _follow(AssignmentOverride(assignment_id=previous[0], student_id=previous[1]))
    return override


@transaction.atomic
def override_delete(*, override: AssignmentOverride, by: User) -> None:
    classroom = override.assignment.classroom
    if not (by.is_superuser or classroom.teachers.filter(pk=by.pk).exists()):
        raise PermissionDenied(_("Only a teacher of “%(name)s” can change its accommodations.") % {"name": classroom})
    override.delete()
    _follow(override)


def _follow(override: AssignmentOverride) -> None:
    """The student's open attempt at the assignment's quiz follows their due date and time limit now."""
    assignment = override.assignment
    if assignment.quiz_id is not None:
        reschedule(quiz=assignment.quiz, classroom=assignment.classroom, student_ids=[override.student_id])
