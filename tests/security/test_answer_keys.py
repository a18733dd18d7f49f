"""What a student sees of an attempt says nothing about its key: no statistic of the option ids (or of the order
shown) predicts the key better than chance. The stored option ids rose in the author's order, the key's order for
ordering questions and usually the right answer first for single choice: sorting them gave the key away."""

import pytest

from quizzes.models import Option
from quizzes.selectors import attempt_questions
from quizzes.serializers import student_question
from quizzes.services import attempt_start, quiz_add_questions
from quizzes.types import Choice, QuestionData
from tests.factories import UserFactory
from tests.quizzes.factories import QuizFactory

pytestmark = pytest.mark.django_db

ATTEMPTS = 200
ORDER = ["Stalin dies", "Secret Speech", "Sputnik", "Ouster"]


def shown_questions(quiz, attempts: int = ATTEMPTS) -> list[dict]:
    """What each of `attempts` students sees of the quiz's first question, as the API and the page show it."""
    shown = []
    for student in UserFactory.create_batch(attempts):
        question, entry = attempt_questions(attempt=attempt_start(student=student, quiz=quiz))[0]
        shown.append(student_question(question, entry))
    return shown


def quiz_of(question: QuestionData, **settings):
    quiz = QuizFactory(**settings)
    quiz_add_questions(quiz=quiz, questions=[question])
    return quiz


def share(hits) -> float:
    hits = list(hits)
    return sum(hits) / len(hits)


def test_sorting_the_ids_of_ordering_items_does_not_give_the_order():
    quiz = quiz_of(QuestionData(type="ordering", prompt="Order these", choices=[Choice(t) for t in ORDER]))
    seen = shown_questions(quiz)
    by_id = [[i["text"] for i in sorted(q["items"], key=lambda i: i["id"])] for q in seen]
    # One order in 24 by chance (8 of 200 on average); the stored ids gave it every time.
    assert share(order == ORDER for order in by_id) < 0.15
    assert share(order == ORDER[::-1] for order in by_id) < 0.15
    stored = set(Option.objects.values_list("id", flat=True))
    assert not {i["id"] for q in seen for i in q["items"]} & stored, "a student sees stored option ids"


def test_two_ordering_items_are_shown_either_way_round():
    """With two items the shown order was always the reverse of the key: 'swap them' scored full marks."""
    quiz = quiz_of(
        QuestionData(type="ordering", prompt="Which first?", choices=[Choice("Stalin dies"), Choice("Ouster")])
    )
    seen = shown_questions(quiz)
    assert 0.3 < share([i["text"] for i in q["items"]] == ["Stalin dies", "Ouster"] for q in seen) < 0.7
    assert 0.3 < share(min(q["items"], key=lambda i: i["id"])["text"] == "Stalin dies" for q in seen) < 0.7


@pytest.mark.parametrize("shuffle_choices", [True, False])
def test_the_lowest_choice_id_is_not_the_right_answer(shuffle_choices):
    choices = [Choice("Brezhnev", 1), Choice("Malenkov"), Choice("Kosygin"), Choice("Suslov")]
    quiz = quiz_of(QuestionData(type="single", prompt="Who?", choices=choices), shuffle_choices=shuffle_choices)
    seen = shown_questions(quiz)
    # One in four by chance; the author's first option was the lowest id every time.
    assert share(min(q["choices"], key=lambda c: c["id"])["text"] == "Brezhnev" for q in seen) < 0.4
    assert share(max(q["choices"], key=lambda c: c["id"])["text"] == "Brezhnev" for q in seen) < 0.4


def test_attempts_started_before_keep_the_ids_they_showed(django_db_setup):
    """The migration to shown ids: an attempt that showed stored ids keeps them (its saved answers name them)."""
    from importlib import import_module

    from django.apps import apps

    from quizzes.models import Attempt

    quiz = quiz_of(QuestionData(type="ordering", prompt="Order these", choices=[Choice(t) for t in ORDER]))
    attempt = attempt_start(student=UserFactory(), quiz=quiz)
    ids = list(Option.objects.order_by("id").values_list("id", flat=True))
    Attempt.objects.filter(pk=attempt.pk).update(layout={"questions": [{"id": 1, "options": ids, "rights": []}]})
    import_module("quizzes.migrations.0006_layout_shown_ids").pairs(apps, None)
    attempt.refresh_from_db()
    assert attempt.layout["questions"][0]["options"] == [[i, i] for i in ids]
