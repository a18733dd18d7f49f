"""Every page shows the signed-in user's name from base.html, as it is now: cached parts of a page never carry it."""

import pytest

from classroom.models import User
from classroom.services import assignment_create, reading_record
from tests.briefs.factories import BriefFactory
from tests.quizzes.factories import QuizFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(classroom, teacher, student):
    brief = BriefFactory()
    quiz = QuizFactory(brief=brief)
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
    assignment_create(classroom=classroom, assigned_by=teacher, brief=brief)
    reading_record(student=student, brief=brief)
    return ["/", f"/briefs/{brief.slug}/", "/briefs/", "/study/", "/progress/", f"/quizzes/{quiz.slug}/"]


def shown_name(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.parametrize("how", ["save", "queryset update"])
def test_each_page_shows_the_name_and_its_change_on_the_next_request(client, student, pages, how):
    student.first_name, student.last_name = "Nadia", "Petrova"
    student.save()
    client.force_login(student)
    for path in pages:
        assert "Nadia Petrova" in shown_name(client, path), path
    if how == "save":
        student.last_name = "Ivanova"
        student.save()
    else:  # no signal: nothing cached may hold the name
        User.objects.filter(pk=student.pk).update(last_name="Ivanova")
    for path in pages:
        page = shown_name(client, path)
        assert "Nadia Ivanova" in page and "Petrova" not in page, path


def test_a_user_without_a_name_is_shown_by_username(client, student, pages):
    client.force_login(student)
    assert "(stu)" in shown_name(client, "/")
