"""Provisional scores while an essay waits for marking (issue 24, point 5): the dashboard, the quiz page, the
progress page and the API show the known score; statuses read "Submitted", "Waiting for marking", "Marked"; no
key reaches a student before the review policy allows."""

import pytest
from django.utils import timezone

from classroom.services import assignment_create, essay_score
from quizzes.models import AttemptStatus
from quizzes.wording import Provisional
from tests.api.conftest import api
from tests.quizzes.factories import OptionFactory, QuestionFactory, QuizFactory, shown_id, take_attempt

pytestmark = pytest.mark.django_db


def essay_quiz(**kwargs):
    """Two single-choice questions of 1 and 2 points, and an essay of 3 points."""
    quiz = QuizFactory(**kwargs)
    rights = []
    for points in (1, 2):
        question = QuestionFactory(quiz=quiz, type="single", points=points)
        rights.append(OptionFactory(question=question, text="right", fraction=1))
        OptionFactory(question=question, text="wrong", fraction=0)
    essay = QuestionFactory(quiz=quiz, type="essay", points=3)
    return quiz, rights, essay


@pytest.fixture
def waiting(classroom, teacher, student):
    """The student's attempt with both choices right and the essay waiting for marking."""
    quiz, rights, essay = essay_quiz(title="Thaw quiz")
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz, available_from=timezone.now())

    def answers(attempt):
        chosen = [{"question": o.question_id, "answer": {"choice": shown_id(attempt, o)}} for o in rights]
        return [*chosen, {"question": essay.pk, "answer": {"text": "It ended the terror."}}]

    attempt = take_attempt(student, quiz, answers)
    assert attempt.status == AttemptStatus.NEEDS_REVIEW
    return quiz, attempt, essay


SO_FAR = "3 / 3 so far, 1 answer waiting for marking"


def test_the_dashboard_shows_the_score_so_far_and_the_students_status(client, student, waiting):
    client.force_login(student)
    html = client.get("/").content.decode()
    assert "Waiting for marking" in html and SO_FAR in html and "Waiting for the teacher" not in html


def test_the_quiz_page_shows_the_score_so_far(client, student, waiting):
    quiz, _attempt, _essay = waiting
    client.force_login(student)
    html = client.get(f"/quizzes/{quiz.slug}/").content.decode()
    assert "Waiting for marking" in html and SO_FAR in html and "Needs review" not in html


def test_the_progress_page_and_api_count_marked_and_provisional_quizzes(client, student, teacher, waiting):
    quiz, attempt, essay = waiting
    client.force_login(student)
    html = client.get("/progress/").content.decode()
    assert "0</span> quizzes marked" in html and "1</span> quiz waiting for marking" in html
    assert api(student).get("/api/v1/progress/").json()["quizzes_provisional"] == 1
    essay_score(reviewer=teacher, response=attempt.responses.get(question=essay), score=2)
    html = client.get("/progress/").content.decode()
    assert "1</span> quiz marked" in html and "waiting for marking" not in html
    assert "Marked" in client.get(f"/quizzes/{quiz.slug}/").content.decode()


def test_the_api_gives_the_provisional_score_and_no_key(student, waiting):
    _quiz, attempt, _essay = waiting
    body = api(student).get(f"/api/v1/attempts/{attempt.pk}/").json()
    assert body["status"] == "needs_review"
    assert body["provisional"] == {"score": 3.0, "known": 3.0, "waiting": 1, "text": SO_FAR}


def test_a_hidden_score_stays_hidden_even_provisional(client, student, classroom, teacher):
    quiz, _rights, essay = essay_quiz(review_policy="never")
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz, available_from=timezone.now())
    attempt = take_attempt(student, quiz, [{"question": essay.pk, "answer": {"text": "x"}}])
    body = api(student).get(f"/api/v1/attempts/{attempt.pk}/").json()
    assert body["provisional"] is None and "correct_answer" not in str(body)
    client.force_login(student)
    assert "so far" not in client.get("/").content.decode()
    assert "so far" not in client.get(f"/quizzes/{quiz.slug}/").content.decode()


@pytest.mark.parametrize(("waiting", "words"), [(1, "1 answer waiting"), (2, "2 answers waiting")])
def test_the_provisional_text_counts_answers_in_the_plural(waiting, words):
    assert Provisional(7, 9, waiting).text().startswith("7 / 9 so far, " + words)
