"""Issue 23, point 7: the admin's lists show grades with one decimal, points in words, dates as the site writes
them; the study-item field is a searchable select naming its brief."""

from datetime import datetime

import pytest
from django.utils import timezone

from quizzes.models import QuizGrade
from tests.briefs.factories import BriefFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory


@pytest.fixture
def as_teacher(client, teacher):
    client.force_login(teacher)
    return client


def test_grades_show_one_decimal(as_teacher, classroom, student):
    QuizGrade.objects.create(student=student, quiz=QuizFactory(), grade=100 * 19 / 21, attempts=1)
    page = as_teacher.get("/admin/quizzes/quizgrade/").content.decode()
    assert "90.5 %" in page and "90.476" not in page


def test_questions_list_points_in_words(as_teacher):
    QuestionFactory(points=1)
    QuestionFactory(points=2)
    page = as_teacher.get("/admin/quizzes/question/").content.decode()
    assert "1 point<" in page and "2 points" in page


def test_dates_use_the_sites_format(as_teacher, classroom):
    from classroom.models import Classroom

    Classroom.objects.filter(pk=classroom.pk).update(
        created_at=timezone.make_aware(datetime(2026, 3, 9, 14, 5), timezone.get_default_timezone())
    )
    page = as_teacher.get("/admin/classroom/classroom/").content.decode()
    assert "9 Mar 2026, 14:05" in page


def test_the_study_item_field_searches_items_by_their_briefs_title(as_teacher):
    from briefs.models import StudyItem

    brief = BriefFactory(title="The Thaw")
    StudyItem.objects.create(brief=brief, kind="term", position=1, label="Destalinization", text="…")
    question = QuestionFactory()
    page = as_teacher.get(f"/admin/quizzes/question/{question.pk}/change/").content.decode()
    assert 'data-model-name="studyitem"' in page or "admin-autocomplete" in page
    found = as_teacher.get(
        "/admin/autocomplete/",
        {"app_label": "quizzes", "model_name": "question", "field_name": "study_item", "term": "thaw"},
    ).json()
    assert [r["text"] for r in found["results"]] == ["The Thaw › Glossary term: Destalinization"]
