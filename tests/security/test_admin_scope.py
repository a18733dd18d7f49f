"""A teacher's admin forms accept only their own classes and students, whatever a raw POST names: the probe
enrolled another teacher's student into its own class through /admin/classroom/enrollment/add/, and could then
read that student's attempts and re-mark their essays."""

import pytest
from django.utils import timezone

from classroom.models import Assignment, Enrollment
from classroom.services import assignment_create, classroom_create
from tests.quizzes.factories import QuizFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now().strftime("%Y-%m-%d %H:%M:%S")


@pytest.fixture
def as_teacher(client, teacher, classroom, other_classroom):
    client.force_login(teacher)
    return client


def management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial)}


def refused(response, field: str) -> bool:
    """The form came back (200) with a choice error on `field`: nothing was saved."""
    errors = response.context["adminform"].form.errors if response.status_code == 200 else {}
    return field in errors and "valid choice" in str(errors[field])


@pytest.mark.parametrize(
    ("whose_student", "whose_class", "field"),
    [("other", "own", "student"), ("own", "other", "classroom"), ("other", "other", "student")],
)
def test_an_enrollment_names_only_own_students_and_classes(
    as_teacher, student, other_student, classroom, other_classroom, whose_student, whose_class, field
):
    second = classroom_create(name="Period 2", teacher=classroom.teachers.get())
    chosen_student = {"own": student, "other": other_student}[whose_student]
    chosen_class = {"own": second, "other": other_classroom}[whose_class]
    before = Enrollment.objects.count()
    response = as_teacher.post(
        "/admin/classroom/enrollment/add/", {"student": chosen_student.pk, "classroom": chosen_class.pk}
    )
    assert refused(response, field)
    assert Enrollment.objects.count() == before


def test_own_student_into_own_class_is_accepted(as_teacher, student, classroom):
    second = classroom_create(name="Period 2", teacher=classroom.teachers.get())
    response = as_teacher.post("/admin/classroom/enrollment/add/", {"student": student.pk, "classroom": second.pk})
    assert response.status_code == 302
    assert Enrollment.objects.filter(student=student, classroom=second).exists()


def test_an_enrollment_cannot_be_changed_to_another_teachers_student(as_teacher, student, other_student, classroom):
    enrollment = Enrollment.objects.get(student=student, classroom=classroom)
    response = as_teacher.post(
        f"/admin/classroom/enrollment/{enrollment.pk}/change/",
        {"student": other_student.pk, "classroom": classroom.pk},
    )
    assert refused(response, "student")
    assert Enrollment.objects.get(pk=enrollment.pk).student == student


def test_an_assignment_names_only_own_classes(as_teacher, other_classroom):
    quiz = QuizFactory()
    response = as_teacher.post(
        "/admin/classroom/assignment/add/",
        {"classroom": other_classroom.pk, "quiz": quiz.pk, "available_from_0": NOW[:10], "available_from_1": NOW[11:]},
    )
    assert refused(response, "classroom")
    assert not Assignment.objects.filter(classroom=other_classroom).exists()


def test_an_assignment_cannot_be_moved_to_another_teachers_class(as_teacher, teacher, classroom, other_classroom):
    assignment = assignment_create(classroom=classroom, assigned_by=teacher, quiz=QuizFactory())
    response = as_teacher.post(
        f"/admin/classroom/assignment/{assignment.pk}/change/",
        {"classroom": other_classroom.pk, "quiz": assignment.quiz_id, "available_from_0": NOW[:10],
         "available_from_1": NOW[11:]},
    )  # fmt: skip
    assert refused(response, "classroom")
    assert Assignment.objects.get(pk=assignment.pk).classroom == classroom


def test_the_class_page_inline_refuses_another_teachers_student(as_teacher, teacher, classroom, other_student):
    data = {
        "name": classroom.name, "description": "", "active": "on", "teachers": [teacher.pk],
        **management("enrollments", total=1), "enrollments-0-student": other_student.pk,
        **management("assignments"),
    }  # fmt: skip
    response = as_teacher.post(f"/admin/classroom/classroom/{classroom.pk}/change/", data)
    assert response.status_code == 200  # the form again, with the error
    assert "valid choice" in str(response.context["inline_admin_formsets"][0].formset.errors)
    assert not Enrollment.objects.filter(student=other_student, classroom=classroom).exists()


def test_reading_records_are_read_only_for_teachers(as_teacher, student):
    from tests.briefs.factories import BriefFactory

    response = as_teacher.post(
        "/admin/classroom/readingprogress/add/", {"student": student.pk, "brief": BriefFactory().pk}
    )
    assert response.status_code == 403


def test_an_admin_may_choose_anyone(client, admin_user, other_student, classroom):
    client.force_login(admin_user)
    response = client.post("/admin/classroom/enrollment/add/", {"student": other_student.pk, "classroom": classroom.pk})
    assert response.status_code == 302
