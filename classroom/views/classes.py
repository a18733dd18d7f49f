"""A class's page: a teacher's overview of it, or a student's view of their class (its teachers, its work, its
announcements)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from classroom import selectors
from classroom.views import progress
from classroom.views.home import _assignment_row as assignment_row  # the dashboard's row, shown alike here
from config.permissions import teaches


@login_required
def class_page(request, pk: int):
    if teaches(request.user):
        return progress.class_overview(request, pk)
    classroom = selectors.class_for_member(user=request.user, pk=pk)
    work = selectors.assignments_for_student(student=request.user, now=timezone.now())
    context = {
        "classroom": classroom,
        "teachers": [t.get_full_name() or t.username for t in classroom.teachers.all()],
        "assignments": [assignment_row(row) for row in work if row.assignment.classroom_id == classroom.pk],
        "announcements": selectors.announcements_of(classroom=classroom),
    }
    return render(request, "classroom/class_page.html", context)
