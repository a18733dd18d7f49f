"""Accommodations (issue 23, point 4): a teacher gives one student their own due date or more time; the student's
open attempt follows at once (deadline, hence countdown and auto-submit), and the time limit is typed and read in
minutes everywhere."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from classroom import selectors
from classroom.models import Assignment, AssignmentOverride
from classroom.services import assignment_save, override_delete, override_save, quiz_start
from quizzes.models import Quiz
from quizzes.services import quiz_add_questions
from tests.factories import assign
from tests.quizzes.factories import QuizFactory, sample_questions

pytestmark = pytest.mark.django_db


@pytest.fixture
def timed(classroom):
    """A 30-minute quiz assigned to `classroom`, due in a week."""
    quiz = QuizFactory(slug="timed", time_limit=timedelta(minutes=30))
    quiz_add_questions(quiz=quiz, questions=sample_questions()[:2])
    assign(classroom, quiz=quiz, due_at=timezone.now() + timedelta(days=7))
    return quiz


def override(quiz: Quiz, student, teacher, **fields) -> AssignmentOverride:
    assignment = Assignment.objects.get(quiz=quiz)
    return override_save(override=AssignmentOverride(assignment=assignment, student=student, **fields), by=teacher)


def test_extra_minutes_lengthen_a_new_and_an_open_attempt(timed, student, teacher):
    attempt, _ = quiz_start(student=student, quiz=timed)
    assert attempt.deadline == attempt.started_at + timedelta(minutes=30)
    extra = override(timed, student, teacher, extra_minutes=15)
    attempt.refresh_from_db()
    assert attempt.deadline == attempt.started_at + timedelta(minutes=45)  # the open attempt follows
    extra.extra_minutes, extra.time_multiplier = None, Decimal("2")
    override_save(override=extra, by=teacher)
    attempt.refresh_from_db()
    assert attempt.deadline == attempt.started_at + timedelta(hours=1)
    override_delete(override=extra, by=teacher)
    attempt.refresh_from_db()
    assert attempt.deadline == attempt.started_at + timedelta(minutes=30)


def test_an_own_due_date_binds_the_student_only(timed, student, other_student, teacher, classroom):
    from classroom.services import enrollment_join

    enrollment_join(student=other_student, code=classroom.join_code)
    soon = timezone.now() + timedelta(minutes=10)
    override(timed, student, teacher, due_at=soon)
    dues = selectors.students_dues(student_ids=[student.pk, other_student.pk], quiz=timed)
    assert dues[student.pk] == soon and dues[other_student.pk] > soon + timedelta(days=6)
    assert selectors.due_for(student=student, quiz=timed) == soon
    attempt, _ = quiz_start(student=student, quiz=timed)
    assert attempt.deadline == soon  # before the time limit ends


def test_the_dashboard_and_the_api_show_the_students_own_due_date(timed, student, other_student, teacher, classroom):
    from classroom.services import enrollment_join

    enrollment_join(student=other_student, code=classroom.join_code)
    later = timezone.now() + timedelta(days=9)
    override(timed, student, teacher, due_at=later)
    mine = selectors.assignments_for_student(student=student)
    theirs = selectors.assignments_for_student(student=other_student)
    assert [a.assignment.due_at for a in mine] == [later]
    assert theirs[0].assignment.due_at < later - timedelta(days=1)  # the class's date, for everyone else
    assert Assignment.objects.get(quiz=timed).due_at == theirs[0].assignment.due_at  # nothing was saved


def test_moving_the_assignments_due_date_keeps_an_own_due_date(timed, student, teacher):
    later = timezone.now() + timedelta(days=20)
    override(timed, student, teacher, due_at=later)
    assignment = Assignment.objects.get(quiz=timed)
    assignment.due_at = timezone.now() + timedelta(minutes=5)
    assignment_save(assignment=assignment)
    assert selectors.due_for(student=student, quiz=timed) == later


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Give a due date"),
        ({"extra_minutes": 5, "time_multiplier": Decimal("1.5")}, "not both"),
        ({"due_at": timezone.now() - timedelta(days=400)}, "must come after"),
    ],
)
def test_bad_accommodations_are_refused_in_words(timed, student, teacher, fields, message):
    with pytest.raises(ValidationError, match=message):
        override(timed, student, teacher, **fields)
    assert not AssignmentOverride.objects.exists()


def test_only_a_teacher_of_the_class_and_only_for_its_students(timed, student, other_student, other_teacher, teacher):
    with pytest.raises(PermissionDenied):
        override(timed, student, other_teacher, extra_minutes=5)
    with pytest.raises(ValidationError, match="not in the class"):
        override(timed, other_student, teacher, extra_minutes=5)
    assert not AssignmentOverride.objects.exists()


def test_the_admin_refuses_another_teachers_student_in_a_raw_post(client, timed, teacher, other_student, student):
    client.force_login(teacher)
    assignment = Assignment.objects.get(quiz=timed)
    url = "/admin/classroom/assignmentoverride/add/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"assignment": assignment.pk, "student": other_student.pk, "extra_minutes": 10})
    assert response.status_code == 200 and b"Select a valid choice" in response.content
    assert not AssignmentOverride.objects.exists()
    response = client.post(url, {"assignment": assignment.pk, "student": student.pk, "extra_minutes": 10})
    assert response.status_code == 302
    assert AssignmentOverride.objects.get().extra_minutes == 10


def test_the_api_gives_more_time_and_the_open_attempt_follows(timed, student, teacher):
    from tests.api.conftest import api

    attempt, _ = quiz_start(student=student, quiz=timed)
    assignment = Assignment.objects.get(quiz=timed)
    body = {"assignment": assignment.pk, "student": student.pk, "time_multiplier": 1.5}
    response = api(teacher).post("/api/v1/overrides/", body, format="json")
    assert response.status_code == 201, response.content
    attempt.refresh_from_db()
    assert attempt.deadline == attempt.started_at + timedelta(minutes=45)
    both = api(teacher).patch(f"/api/v1/overrides/{response.json()['id']}/", {"extra_minutes": 5}, format="json")
    assert both.status_code == 422 and "not both" in both.json()["detail"]


def test_the_time_limit_is_typed_in_minutes_and_read_as_such(client, teacher, student, timed, classroom):
    client.force_login(teacher)
    page = client.get(f"/admin/quizzes/quiz/{timed.pk}/change/").content.decode()
    assert 'name="time_limit" value="30"' in page
    client.force_login(student)
    assert "30 minutes" in client.get("/quizzes/timed/").content.decode()
    override(timed, student, teacher, extra_minutes=60)
    assert "1 h 30 min" in client.get("/quizzes/timed/").content.decode()  # the student's own limit


def test_typing_30_in_the_admin_saves_30_minutes():
    from quizzes.forms import QuizAdminForm

    field = QuizAdminForm.base_fields["time_limit"]
    assert field.clean("30") == timedelta(minutes=30)
    assert field.clean("") is None
    assert field.prepare_value(timedelta(minutes=90)) == 90
    with pytest.raises(ValidationError):
        field.clean("0")
