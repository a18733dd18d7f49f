"""Every change to a quiz shows at once: in the quiz API, on the brief page that lists it (kept in the cache under
the quizzes' version, which the models' signals and the bulk services replace), in an open attempt, and in the
next start and grading."""

import pytest

from quizzes.services import attempt_start, quiz_add_questions, quiz_update
from tests.api.conftest import api
from tests.briefs.factories import BriefFactory
from tests.factories import assign
from tests.quizzes.factories import QuestionFactory, QuizFactory, choosing, sample_questions, take_attempt

pytestmark = pytest.mark.django_db

URL = "/api/v1/quizzes/cached/"


@pytest.fixture
def quiz(classroom):
    quiz = QuizFactory(slug="cached", title="Before", brief=BriefFactory(slug="the-brief"))
    quiz_add_questions(quiz=quiz, questions=sample_questions()[:2])
    assign(classroom, quiz=quiz)
    return quiz


def test_a_student_gets_the_settings_without_keys(quiz, student):
    body = api(student).get(URL).json()
    assert (body["title"], body["question_count"], body["brief"], body["attempts_left"]) == (
        "Before", 2, "the-brief", None,
    )  # fmt: skip
    assert "questions" not in body


def test_attempts_left_are_counted_for_each_student(quiz, student, other_student, other_classroom):
    assign(other_classroom, quiz=quiz)
    quiz.attempts_allowed = 2
    quiz.save()
    assert api(student).get(URL).json()["attempts_left"] == 2
    attempt_start(student=student, quiz=quiz)
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


def change_questions(quiz, how: str) -> int:
    """Add or delete questions of the quiz (through a service, or a model's save or delete); the new count."""
    if how == "in bulk":
        quiz_add_questions(quiz=quiz, questions=sample_questions()[:3])
    elif how == "one by one":
        QuestionFactory(quiz=quiz)
    else:
        quiz.questions.first().delete()
    return quiz.questions.count()


@pytest.mark.parametrize("how", ["in bulk", "one by one", "deleted"])
def test_the_question_count_follows_the_questions(quiz, student, how):
    client = api(student)
    assert client.get(URL).json()["question_count"] == 2
    expected = change_questions(quiz, how)
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
    QuizFactory(slug="cached", open_to_all=True)
    assert api(student).get(URL).status_code == 200


def test_teachers_get_the_keys_in_queries_that_do_not_grow_with_the_questions(
    quiz, student, teacher, queries_stay_flat
):
    api(student).get(URL)  # a student's read first: it must not shape the teacher's
    client = api(teacher)
    body = client.get(URL).json()
    assert len(body["questions"]) == 2 and "attempts_left" not in body
    queries_stay_flat(
        lambda: client.get(URL), lambda: quiz_add_questions(quiz=quiz, questions=sample_questions()), at_most=3
    )


# ---------------------------------------------------------------- the brief page lists the quizzes on the brief


def brief_page(client, quiz) -> str:
    return client.get(f"/briefs/{quiz.brief.slug}/").content.decode()


@pytest.fixture
def reader(client, student):
    client.force_login(student)
    return client


def test_the_brief_page_follows_a_quiz_settings_change(quiz, reader):
    assert "Before</a>" in brief_page(reader, quiz)
    quiz_update(quiz=quiz, fields={"title": "After"})
    html = brief_page(reader, quiz)
    assert "After</a>" in html and "Before</a>" not in html
    quiz_update(quiz=quiz, fields={"published": False})
    assert "After</a>" not in brief_page(reader, quiz)
    quiz.published = True
    quiz.save()  # a model's save, as the admin does
    assert "After</a>" in brief_page(reader, quiz)


@pytest.mark.parametrize("how", ["in bulk", "one by one", "deleted"])
def test_the_brief_page_follows_the_questions(quiz, reader, how):
    assert "· 2 questions" in brief_page(reader, quiz)
    expected = change_questions(quiz, how)
    assert f"· {expected} question" in brief_page(reader, quiz)


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


def test_a_start_draws_from_the_current_questions(quiz, student, other_student, other_classroom):
    assign(other_classroom, quiz=quiz)
    assert len(api(student).post(f"{URL}attempts/").json()["questions"]) == 2
    quiz_add_questions(quiz=quiz, questions=sample_questions()[:1])
    assert len(api(other_student).post(f"{URL}attempts/").json()["questions"]) == 3


def test_an_edited_key_reaches_the_next_grading(quiz, student, other_student):
    """An option's fraction changed in the admin (no timestamp changes) is the one the next grading reads."""
    single = quiz.questions.get(type="single")
    right = single.options.get(fraction=1)
    before = take_attempt(student, quiz, choosing(right))
    right.fraction = 0.5
    right.save()
    after = take_attempt(other_student, quiz, choosing(right))
    assert [a.responses.get(question=single).score for a in (before, after)] == [1, 0.5]
