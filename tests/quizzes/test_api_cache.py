"""What students see of a quiz is served from the cache, and every change to the quiz shows at once."""

import pytest

from quizzes.models import Question
from quizzes.selectors import question_data, quiz_cached
from quizzes.services import attempt_start, quiz_add_questions, quiz_update
from tests.api.conftest import api
from tests.briefs.factories import BriefFactory
from tests.quizzes.conftest import sample_questions
from tests.quizzes.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/quizzes/cached/"


@pytest.fixture
def quiz(db):
    quiz = QuizFactory(slug="cached", title="Before", brief=BriefFactory(slug="the-brief"))
    quiz_add_questions(quiz=quiz, questions=sample_questions()[:2])
    return quiz


def test_a_repeated_read_makes_no_query(quiz, student, django_assert_num_queries):
    client = api(student)
    first = client.get(URL).json()
    with django_assert_num_queries(0):
        assert client.get(URL).json() == first
    assert first["title"] == "Before" and first["question_count"] == 2 and first["brief"] == "the-brief"


def test_attempts_left_are_counted_for_each_student(quiz, student, other_student, django_assert_num_queries):
    quiz.attempts_allowed = 2
    quiz.save()
    api(student).get(URL)
    attempt_start(student=student, quiz=quiz)
    with django_assert_num_queries(1):  # the count of the student's attempts, never cached
        assert api(student).get(URL).json()["attempts_left"] == 1
    assert api(other_student).get(URL).json()["attempts_left"] == 2


def test_a_settings_change_shows_at_once(quiz, student):
    client = api(student)
    client.get(URL)
    quiz_update(quiz=quiz, fields={"title": "After", "time_limit": 20})
    body = client.get(URL).json()
    assert (body["title"], body["time_limit"]) == ("After", 20)


def test_unpublishing_hides_the_quiz_at_once(quiz, student, teacher):
    assert api(student).get(URL).status_code == 200
    quiz_update(quiz=quiz, fields={"published": False})
    assert api(student).get(URL).status_code == 404
    assert api(teacher).get(URL).status_code == 200
    quiz_update(quiz=quiz, fields={"published": True})
    assert api(student).get(URL).status_code == 200


@pytest.mark.parametrize("how", ["in bulk", "one by one", "deleted"])
def test_the_question_count_follows_the_questions(quiz, student, how):
    client = api(student)
    assert client.get(URL).json()["question_count"] == 2
    if how == "in bulk":
        quiz_add_questions(quiz=quiz, questions=sample_questions()[:3])
        expected = 5
    elif how == "one by one":
        QuestionFactory(quiz=quiz)
        expected = 3
    else:
        quiz.questions.first().delete()
        expected = 1
    assert client.get(URL).json()["question_count"] == expected


def test_a_renamed_or_deleted_brief_shows_at_once(quiz, student):
    client = api(student)
    client.get(URL)
    quiz.brief.slug = "renamed"
    quiz.brief.save()
    assert client.get(URL).json()["brief"] == "renamed"
    quiz.brief.delete()
    assert client.get(URL).json()["brief"] is None


def test_a_missing_quiz_is_a_404(student):
    assert api(student).get(URL).status_code == 404
    QuizFactory(slug="cached")
    assert api(student).get(URL).status_code == 200


def test_teachers_still_get_the_keys(quiz, student, teacher):
    api(student).get(URL)
    body = api(teacher).get(URL).json()
    assert len(body["questions"]) == 2 and "attempts_left" not in body


# ---------------------------------------------------------------- the questions an attempt shows


def _shown(client, attempt_id: int) -> list[dict]:
    return client.get(f"/api/v1/attempts/{attempt_id}/").json()["questions"]


def test_an_edited_question_or_option_shows_at_once_in_an_open_attempt(quiz, student):
    client = api(student)
    attempt = client.post(f"{URL}attempts/").json()
    question = quiz.questions.get(type="single")
    option = question.options.first()
    assert any(c["text"] == option.text for q in _shown(client, attempt["id"]) for c in q.get("choices", []))
    option.text = "A corrected option"
    option.save()
    shown = {q["id"]: q for q in _shown(client, attempt["id"])}[question.pk]
    assert "A corrected option" in [c["text"] for c in shown["choices"]]
    question.prompt = "A clearer prompt"
    question.save()
    shown = {q["id"]: q for q in _shown(client, attempt["id"])}[question.pk]
    assert "A clearer prompt" in shown["prompt"]


def test_a_start_draws_from_the_current_questions(quiz, student, other_student):
    assert len(api(student).post(f"{URL}attempts/").json()["questions"]) == 2
    quiz_add_questions(quiz=quiz, questions=sample_questions()[:1])
    assert len(api(other_student).post(f"{URL}attempts/").json()["questions"]) == 3


def test_kept_questions_carry_their_plain_form_and_a_change_makes_a_new_one(quiz):
    """Autosaves check answers against the plain form of the questions kept with their quiz, made once; an edited
    key must reach the next check, not the one made before."""
    kept = {q.id: q for q in quiz_cached(quiz_id=quiz.pk).question_list}
    single = quiz.questions.get(type="single")
    assert kept[single.pk].plain == question_data(Question.objects.get(pk=single.pk))
    right = next(o for o in single.options.all() if o.fraction == 1)
    right.fraction = 0.5
    right.save()
    plain = {q.id: q for q in quiz_cached(quiz_id=quiz.pk).question_list}[single.pk].plain
    assert 0.5 in [c.fraction for c in plain.choices] and plain == question_data(Question.objects.get(pk=single.pk))
