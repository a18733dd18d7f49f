"""Reads of accommodations (per-student due dates and extra time): a teacher sees those of the classes they teach,
an admin all, a student none (their own due date shows on the quiz page)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from classroom.models import Assignment, AssignmentOverride, User


def overrides_visible_to(*, user: User) -> QuerySet[AssignmentOverride]:
    qs = AssignmentOverride.objects.select_related("assignment__classroom", "student").order_by("id")
    if user.is_superuser:
        return qs
    return qs.filter(assignment__classroom__teachers=user).distinct()


def override_for_user(*, user: User, pk: int) -> AssignmentOverride:
    """One accommodation of a class the user teaches; anyone else's is a 404."""
    return get_object_or_404(overrides_visible_to(user=user), pk=pk)


def override_targets(*, user: User, assignment_id: int, student_id: int) -> tuple[Assignment, User]:
    """The assignment (of a class the user teaches) and the student (of one of their classes) an accommodation
    names; anything else is a 404, so nobody learns what exists elsewhere."""
    assignments = Assignment.objects.select_related("classroom", "quiz")
    students = User.objects.all()
    if not user.is_superuser:
        assignments = assignments.filter(classroom__teachers=user)
        students = students.filter(enrollments__classroom__teachers=user).distinct()
    return get_object_or_404(assignments, pk=assignment_id), get_object_or_404(students, pk=student_id)
