"""The admin's generation pages: generate a draft from a brief, review it (each question with its source passage),
drop, swap ("another question from this item") and publish; a published quiz is never changed, a new draft is
offered by slug."""

import pytest

from briefs.demo import DEMO_GARDEN
from briefs.models import Brief
from briefs.services import garden_import
from quizzes.models import Quiz
from quizzes.services import quiz_generate_from_brief
from tests.factories import UserFactory
from tests.quizzes.factories import AttemptFactory


@pytest.fixture
def timeline(db) -> Brief:
    garden_import(paths=[DEMO_GARDEN])
    return Brief.objects.get(kind="timeline")


@pytest.fixture
def as_teacher(client, teacher):
    client.force_login(teacher)
    return client


def generate_url(brief):
    return f"/admin/briefs/brief/{brief.pk}/generate-quiz/"


def review_url(quiz):
    return f"/admin/briefs/brief/generated-quiz/{quiz.pk}/"


def test_generating_a_draft_leads_to_its_review_with_each_source_passage(as_teacher, timeline, teacher):
    page = as_teacher.get(generate_url(timeline))
    assert page.status_code == 200 and "Generate a draft" in page.content.decode()
    response = as_teacher.post(generate_url(timeline))
    quiz = Quiz.objects.get(brief=timeline)
    assert response.status_code == 302 and response["Location"] == review_url(quiz)
    assert (quiz.published, quiz.created_by) == (False, teacher)
    html = as_teacher.get(review_url(quiz)).content.decode()
    questions = list(quiz.questions.select_related("study_item"))
    assert html.count("Source passage:") == len(questions) and html.count('name="drop"') == len(questions)
    assert all(q.study_item.text.replace("'", "&#x27;") in html for q in questions)
    assert f"/briefs/{timeline.slug}/" in html and "Another question from this item" in html


def test_swap_replaces_a_question_with_another_from_the_same_item_and_drop_removes_one(as_teacher, timeline):
    quiz = quiz_generate_from_brief(brief=timeline)
    question = quiz.questions.filter(type="numerical").first()
    count = quiz.questions.count()
    as_teacher.post(review_url(quiz), {"question": question.pk, "swap": "1"})
    swapped = quiz.questions.get(position=question.position)
    assert swapped.pk != question.pk and swapped.study_item_id == question.study_item_id
    assert (swapped.type, swapped.prompt) != (question.type, question.prompt)
    assert quiz.questions.count() == count
    as_teacher.post(review_url(quiz), {"question": swapped.pk, "drop": "1"})
    assert quiz.questions.count() == count - 1 and not quiz.questions.filter(pk=swapped.pk).exists()


def test_publishing_from_the_review_then_it_can_no_longer_be_changed_there(as_teacher, timeline):
    quiz = quiz_generate_from_brief(brief=timeline)
    as_teacher.post(review_url(quiz), {"publish": "1"})
    quiz.refresh_from_db()
    assert quiz.published
    html = as_teacher.get(review_url(quiz)).content.decode()
    assert 'name="drop"' not in html and "can no longer be changed here" in html
    question = quiz.questions.first()
    as_teacher.post(review_url(quiz), {"question": question.pk, "drop": "1"})
    assert quiz.questions.filter(pk=question.pk).exists()


@pytest.mark.parametrize("state", ["published", "attempted"])
def test_a_published_or_attempted_quiz_is_left_alone_and_a_new_draft_is_offered(as_teacher, timeline, state):
    quiz = quiz_generate_from_brief(brief=timeline, publish=state == "published")
    if state == "attempted":
        AttemptFactory(quiz=quiz, number=1)
    prompts = list(quiz.questions.values_list("id", "prompt"))
    page = as_teacher.get(generate_url(timeline)).content.decode()
    assert f"Generate as a new draft quiz: {timeline.slug}-quiz-2" in page
    response = as_teacher.post(generate_url(timeline), {"new_draft": "1"})
    draft = Quiz.objects.get(slug=f"{timeline.slug}-quiz-2")
    assert response["Location"] == review_url(draft) and not draft.published
    assert list(quiz.questions.values_list("id", "prompt")) == prompts
    quiz.refresh_from_db()
    assert quiz.published == (state == "published")


def test_the_brief_action_names_the_new_draft_when_the_quiz_is_published(as_teacher, timeline):
    quiz_generate_from_brief(brief=timeline, publish=True)
    data = {"action": "generate_quiz", "_selected_action": [timeline.pk]}
    html = as_teacher.post("/admin/briefs/brief/", data, follow=True).content.decode()
    assert f"it will be “{timeline.slug}-quiz-2”" in html and generate_url(timeline) in html


def test_the_pages_are_for_those_who_may_make_quizzes(client, timeline, student, db):
    quiz = quiz_generate_from_brief(brief=timeline)
    client.force_login(student)
    assert client.get(generate_url(timeline)).status_code == 302  # to the admin's login
    client.force_login(UserFactory(username="staff-without-perms", is_staff=True))
    assert client.get(generate_url(timeline)).status_code == 403
    assert client.post(review_url(quiz), {"publish": "1"}).status_code == 403
