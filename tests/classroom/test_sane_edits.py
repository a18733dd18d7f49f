"""Issue 23, point 5: work is assigned to a class at most once, and every constraint error reads as a sentence."""

import pytest
from django.core.exceptions import ValidationError

from classroom.models import Assignment
from classroom.services import assignment_create
from tests.briefs.factories import BriefFactory
from tests.quizzes.factories import QuizFactory

ALREADY = "already assigned to this class: change its dates instead"


def test_a_quiz_is_assigned_to_a_class_once(classroom, teacher):
    quiz = QuizFactory()
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
    with pytest.raises(ValidationError) as error:
        assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
    assert ALREADY in " ".join(error.value.messages)
    assert Assignment.objects.filter(classroom=classroom, quiz=quiz).count() == 1


def test_a_brief_is_assigned_to_a_class_once_but_to_other_classes_freely(classroom, teacher):
    from classroom.services import classroom_create

    brief = BriefFactory()
    second = classroom_create(name="Period 2", teacher=teacher)
    assignment_create(classroom=classroom, assigned_by=teacher, brief=brief)
    assignment_create(classroom=second, assigned_by=teacher, brief=brief)
    with pytest.raises(ValidationError, match=ALREADY):
        assignment_create(classroom=classroom, assigned_by=teacher, brief=brief)
    assert Assignment.objects.filter(brief=brief).count() == 2


def test_changing_the_dates_of_an_assignment_is_not_a_second_assignment(classroom, teacher):
    from classroom.services import assignment_save

    assignment = assignment_create(classroom=classroom, assigned_by=teacher, quiz=QuizFactory())
    assignment.due_at = assignment.available_from.replace(year=assignment.available_from.year + 1)
    assignment_save(assignment=assignment)
    assert Assignment.objects.get().due_at == assignment.due_at


def _split(dt) -> dict:
    return {"0": dt.strftime("%Y-%m-%d"), "1": dt.strftime("%H:%M:%S")}


def _assignment_form(classroom, quiz, available, due) -> dict:
    data = {"classroom": classroom.pk, "quiz": quiz.pk, "brief": ""}
    data.update({f"available_from_{k}": v for k, v in _split(available).items()})
    data.update({f"due_at_{k}": v for k, v in _split(due).items()})
    return data


def test_the_admin_says_already_assigned_in_a_sentence(client, classroom, teacher):
    from django.utils import timezone

    quiz = QuizFactory()
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
    client.force_login(teacher)
    now = timezone.localtime()
    data = _assignment_form(classroom, quiz, now, now.replace(year=now.year + 1))
    response = client.post("/admin/classroom/assignment/add/", data)
    assert response.status_code == 200  # the form again, with its error
    assert ALREADY in response.content.decode()
    assert Assignment.objects.count() == 1


def test_a_due_date_before_the_start_reads_as_a_sentence_not_a_constraint_name(client, classroom, teacher):
    from django.utils import timezone

    client.force_login(teacher)
    now = timezone.localtime()
    data = _assignment_form(classroom, QuizFactory(), now, now.replace(year=now.year - 1))
    page = client.post("/admin/classroom/assignment/add/", data).content.decode()
    assert "The due date must come after the date the work becomes available." in page
    assert "Constraint" not in page and "assignment_due_after_available" not in page
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    "model",
    ["classroom.Assignment", "quizzes.Quiz", "quizzes.Question", "quizzes.Option", "briefs.Brief", "briefs.Topic"],
)
def test_every_constraint_a_form_can_break_has_a_sentence(model):
    """No constraint falls back to Django's "Constraint “name” is violated." (a unique constraint without a
    condition gets Django's own sentence, "… with this … already exists.")."""
    from django.apps import apps
    from django.db.models import UniqueConstraint

    for constraint in apps.get_model(model)._meta.constraints:
        if isinstance(constraint, UniqueConstraint) and constraint.condition is None and constraint.fields:
            continue
        message = str(constraint.get_violation_error_message())
        assert "Constraint" not in message and constraint.name not in message, (model, constraint.name)
        assert message[0].isupper() and message.endswith("."), message


def test_the_quiz_form_explains_a_broken_constraint(client, teacher):
    quiz = QuizFactory(slug="qq", title="QQ")
    client.force_login(teacher)
    page = client.get(f"/admin/quizzes/quiz/{quiz.pk}/change/")
    assert page.status_code == 200
    data = {
        "title": "QQ", "slug": "qq", "description": "", "attempts_allowed": "0", "grading_method": "highest",
        "pass_mark": "50", "review_policy": "after_submission", "shuffle_choices": "on",
        "questions-TOTAL_FORMS": "0", "questions-INITIAL_FORMS": "0", "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    text = client.post(f"/admin/quizzes/quiz/{quiz.pk}/change/", data).content.decode()
    assert "Allow at least one attempt, or leave it blank for unlimited." in text
    assert "quiz_attempts_allowed_pos" not in text


def test_two_new_rows_with_the_same_quiz_on_a_class_page_are_refused(client, classroom, teacher, student):
    quiz = QuizFactory()
    client.force_login(teacher)
    enrollment = classroom.enrollments.get()
    data = {
        "name": classroom.name, "description": "", "active": "on", "teachers": [teacher.pk],
        "enrollments-TOTAL_FORMS": "1", "enrollments-INITIAL_FORMS": "1", "enrollments-MIN_NUM_FORMS": "0",
        "enrollments-MAX_NUM_FORMS": "1000", "enrollments-0-id": enrollment.pk, "enrollments-0-classroom": classroom.pk,
        "enrollments-0-student": student.pk,
        "assignments-TOTAL_FORMS": "2", "assignments-INITIAL_FORMS": "0", "assignments-MIN_NUM_FORMS": "0",
        "assignments-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for i in range(2):
        data.update({f"assignments-{i}-quiz": quiz.pk, f"assignments-{i}-brief": "",
                     f"assignments-{i}-available_from_0": "2026-01-05", f"assignments-{i}-available_from_1": "09:00:00",
                     f"assignments-{i}-due_at_0": "", f"assignments-{i}-due_at_1": ""})  # fmt: skip
    response = client.post(f"/admin/classroom/classroom/{classroom.pk}/change/", data)
    assert response.status_code == 200
    assert ALREADY in response.content.decode()
    assert not Assignment.objects.exists()
