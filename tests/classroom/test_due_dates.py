"""An open attempt's deadline follows its assignment's due date, and every later change of it: the countdown on the
attempt page, the refusal of a late autosave, and the automatic submit all use the new date."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from classroom.models import Assignment
from classroom.services import assignment_create, assignment_delete, assignment_save, classroom_create, enrollment_join
from quizzes.models import Attempt, AttemptStatus
from quizzes.services import attempts_expire
from tests.api.conftest import api
from tests.quizzes.factories import one_question_quiz, shown_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(classroom, teacher, student):
    """The student's attempt, opened through the API, at a quiz due in two days (no time limit)."""
    quiz, question, right = one_question_quiz()
    due = timezone.now() + timedelta(days=2)
    week_ago = timezone.now() - timedelta(days=7)
    assignment = assignment_create(
        classroom=classroom, assigned_by=teacher, quiz=quiz, available_from=week_ago, due_at=due
    )
    body = api(student).post(f"/api/v1/quizzes/{quiz.slug}/attempts/", {}, format="json").json()
    attempt = Attempt.objects.get(pk=body["id"])
    assert parse_datetime(body["deadline"]) == due == attempt.deadline
    answer = [{"question": question.pk, "answer": {"choice": shown_id(attempt, right)}}]
    return assignment, attempt, answer


def move(assignment: Assignment, due) -> None:
    assignment.due_at = due
    assignment_save(assignment=assignment)


def countdown(client, attempt) -> str:
    page = client.get(f"/attempts/{attempt.pk}/").content.decode()
    return re.search(r'data-deadline="([^"]+)"', page).group(1)


def test_a_due_date_moved_earlier_moves_the_countdown_and_the_api_deadline(opened, client, student):
    assignment, attempt, _answer = opened
    sooner = (timezone.now() + timedelta(hours=1)).replace(microsecond=0)
    move(assignment, sooner)
    client.force_login(student)
    assert parse_datetime(countdown(client, attempt)) == sooner
    assert parse_datetime(api(student).get(f"/api/v1/attempts/{attempt.pk}/").json()["deadline"]) == sooner


def test_answers_are_refused_once_the_new_due_date_and_its_grace_have_passed(opened, student):
    assignment, attempt, answer = opened
    grace = timedelta(seconds=settings.QUIZ_GRACE_SECONDS)
    move(assignment, timezone.now() - grace / 2)  # still within the grace: a last save counts
    saved = api(student).patch(f"/api/v1/attempts/{attempt.pk}/", {"responses": answer}, format="json")
    assert saved.status_code == 200
    move(assignment, timezone.now() - grace - timedelta(seconds=5))
    late = api(student).patch(f"/api/v1/attempts/{attempt.pk}/", {"responses": answer}, format="json")
    assert late.status_code == 422 and "Time is up" in late.json()["detail"]


def test_the_attempt_is_submitted_once_the_new_due_date_has_passed(opened, student, django_capture_on_commit_callbacks):
    assignment, attempt, answer = opened
    api(student).patch(f"/api/v1/attempts/{attempt.pk}/", {"responses": answer}, format="json")
    move(assignment, timezone.now() - timedelta(seconds=settings.QUIZ_GRACE_SECONDS + 5))
    with django_capture_on_commit_callbacks(execute=True):
        assert attempts_expire() == 1  # the periodic task; grading follows once committed
    attempt.refresh_from_db()
    assert attempt.status != AttemptStatus.IN_PROGRESS and attempt.score == 1  # the saved answer counts


def test_the_attempt_page_submits_an_attempt_whose_new_due_date_has_passed(opened, client, student):
    assignment, attempt, _answer = opened
    move(assignment, timezone.now() - timedelta(seconds=settings.QUIZ_GRACE_SECONDS + 5))
    client.force_login(student)
    page = client.get(f"/attempts/{attempt.pk}/")
    assert 'name="responses"' not in page.content.decode() and "data-deadline" not in page.content.decode()
    assert Attempt.objects.get(pk=attempt.pk).status != AttemptStatus.IN_PROGRESS


def test_a_later_due_date_gives_more_time_and_removing_the_assignment_removes_the_deadline(opened):
    assignment, attempt, _answer = opened
    later = attempt.deadline + timedelta(days=5)
    move(assignment, later)
    assert Attempt.objects.get(pk=attempt.pk).deadline == later
    assignment_delete(assignment=assignment)
    assert Attempt.objects.get(pk=attempt.pk).deadline is None


def test_the_latest_due_date_of_the_students_classes_binds(opened, teacher, student):
    """A student in two classes given the same quiz has until the later due date."""
    assignment, attempt, _answer = opened
    second = classroom_create(name="Period 2", teacher=teacher)
    enrollment_join(student=student, code=second.join_code)
    later = attempt.deadline + timedelta(days=1)
    assignment_create(classroom=second, assigned_by=teacher, quiz=assignment.quiz, due_at=later)
    move(assignment, timezone.now() + timedelta(hours=1))
    assert Attempt.objects.get(pk=attempt.pk).deadline == later


def test_a_teacher_moving_the_due_date_in_the_admin_moves_the_deadline(opened, client, teacher):
    assignment, attempt, _answer = opened
    sooner = timezone.localtime(timezone.now() + timedelta(hours=1)).replace(second=0, microsecond=0)
    client.force_login(teacher)
    form = {
        "classroom": assignment.classroom_id,
        "quiz": assignment.quiz_id,
        "available_from_0": timezone.localtime(assignment.available_from).strftime("%Y-%m-%d"),
        "available_from_1": timezone.localtime(assignment.available_from).strftime("%H:%M:%S"),
        "due_at_0": sooner.strftime("%Y-%m-%d"),
        "due_at_1": sooner.strftime("%H:%M:%S"),
    }
    response = client.post(f"/admin/classroom/assignment/{assignment.pk}/change/", form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Attempt.objects.get(pk=attempt.pk).deadline == sooner


def test_deleting_assignments_from_the_admin_list_frees_their_deadlines(opened, client, teacher):
    assignment, attempt, _answer = opened
    client.force_login(teacher)
    form = {"action": "delete_selected", "_selected_action": [assignment.pk], "post": "yes"}
    assert client.post("/admin/classroom/assignment/", form).status_code == 302
    assert not Assignment.objects.exists() and Attempt.objects.get(pk=attempt.pk).deadline is None
