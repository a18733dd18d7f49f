"""Quiz statistics from the database: what students answered, stored until the next graded attempt, computed by a
worker for a large quiz, in queries that do not grow with the attempts; the API for the quiz's teachers."""

import pytest

from quizzes.models import QuizStatistics
from quizzes.services import statistics as service
from quizzes.services.statistics import quiz_statistics, quiz_statistics_update
from tests.api.conftest import api
from tests.factories import UserFactory
from tests.quizzes.factories import OptionFactory, QuestionFactory, QuizFactory, choosing, take_attempt

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_questions(db):
    """Two single-choice questions of 1 point: (right, wrong) options each."""
    quiz = QuizFactory(slug="stats")
    options = []
    for n in range(2):
        question = QuestionFactory(quiz=quiz, type="single", position=n, prompt=f"Q{n}", points=1)
        options.append((OptionFactory(question=question, text=f"right {n}", fraction=1),
                        OptionFactory(question=question, text=f"wrong {n}", fraction=0)))  # fmt: skip
    return quiz, options


def answer(quiz, options, picks, name):
    """A student answers question n with its right (1) or wrong (0) option."""
    chosen = [options[n][0 if right else 1] for n, right in enumerate(picks)]
    return take_attempt(UserFactory(username=name), quiz, choosing(*chosen))


def test_the_figures_come_from_what_students_answered(two_questions):
    quiz, options = two_questions
    for n, picks in enumerate([(1, 1), (1, 0), (0, 0)]):
        answer(quiz, options, picks, f"s{n}")
    data = quiz_statistics(quiz_id=quiz.pk)[0].data
    assert data["attempts"] == 3 and data["mean"] == pytest.approx(50)
    first, second = data["questions"]
    assert first["facility"] == pytest.approx(200 / 3) and second["facility"] == pytest.approx(100 / 3)
    assert {o["label"]: o["count"] for o in first["options"]} == {"right 0": 2, "wrong 0": 1}
    assert [b["count"] for b in data["histogram"]][::5] == [1, 1]  # 0 % and 50 %; 100 % in the last band
    assert data["histogram"][-1]["count"] == 1


def test_stored_until_the_next_graded_attempt(two_questions, django_assert_max_num_queries):
    quiz, options = two_questions
    answer(quiz, options, (1, 1), "a")
    first = quiz_statistics(quiz_id=quiz.pk)[0]
    with django_assert_max_num_queries(2):  # the stamp and the stored row: nothing computed again
        assert quiz_statistics(quiz_id=quiz.pk)[0].computed_at == first.computed_at
    answer(quiz, options, (0, 0), "b")
    again, current = quiz_statistics(quiz_id=quiz.pk)
    assert current and again.data["attempts"] == 2 and QuizStatistics.objects.count() == 1


def test_queries_do_not_grow_with_the_attempts(two_questions, calls_stay_flat):
    quiz, options = two_questions
    answer(quiz, options, (1, 0), "first")
    grow = lambda: [answer(quiz, options, (n % 2, 1), f"more{n}") for n in range(12)]  # noqa: E731
    calls_stay_flat(lambda: quiz_statistics_update(quiz_id=quiz.pk), grow, at_most=14)


def test_a_large_quiz_is_computed_by_a_worker(two_questions, monkeypatch, django_capture_on_commit_callbacks):
    quiz, options = two_questions
    monkeypatch.setattr(service, "INLINE_ATTEMPTS", 1)
    for n in range(3):
        answer(quiz, options, (1, n % 2), f"s{n}")
    with django_capture_on_commit_callbacks(execute=True):
        stored, current = quiz_statistics(quiz_id=quiz.pk)
    assert stored is None and not current  # queued; eager Celery ran it after commit
    stored, current = quiz_statistics(quiz_id=quiz.pk)
    assert current and stored.data["attempts"] == 3


def test_an_essay_waiting_for_marking_is_counted_apart(db):
    from quizzes.services import quiz_add_questions
    from tests.quizzes.factories import sample_questions

    quiz = QuizFactory(slug="essays")
    quiz_add_questions(quiz=quiz, questions=[q for q in sample_questions() if q.type == "essay"])
    take_attempt(UserFactory(username="writer"), quiz, lambda a: [
        {"question": a.layout["questions"][0]["id"], "answer": {"text": "An essay."}}])  # fmt: skip
    data = quiz_statistics(quiz_id=quiz.pk)[0].data
    assert data["attempts"] == 0 and data["awaiting_marking"] == 1 and data["mean"] is None


def test_the_api_for_the_quizs_teachers(two_questions, teacher, other_teacher):
    quiz, options = two_questions
    quiz.created_by = teacher
    quiz.save()
    answer(quiz, options, (1, 1), "a")
    body = api(teacher).get("/api/v1/quizzes/stats/statistics/").json()
    assert body["quiz"] == "stats" and body["current"] and body["attempts"] == 1 and len(body["questions"]) == 2
    assert api(other_teacher).get("/api/v1/quizzes/stats/statistics/").status_code == 403
