"""Data migrations: what they make of the rows a deployment already has."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from classroom.models import Flashcard, ReadingProgress
from tests.briefs.factories import BriefFactory
from tests.factories import UserFactory
from tests.quizzes.factories import OptionFactory, QuestionFactory, QuizFactory, choose


def migrate(target: tuple[str, str] | None = None) -> None:
    """To `target`, or (None) to every app's latest migration, as the tests after this one expect."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target] if target else executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_past_reading_and_missed_questions_become_cards_once():
    student, other = UserFactory(), UserFactory()
    brief = BriefFactory()
    term = brief.items.create(kind="term", position=1, label="Thaw", text="The relaxation of censorship.")
    brief.items.create(kind="event", position=2, label="Undated", text="Something happened.")  # no date: no card
    brief.items.create(kind="theme", position=3, label="De-Stalinization", text="A break.")  # not a card kind
    quiz = QuizFactory(attempts_allowed=1)
    question = QuestionFactory(quiz=quiz)
    OptionFactory(question=question, text="right", fraction=1)
    wrong = OptionFactory(question=question, text="wrong", fraction=0)
    choose(student, quiz, question, wrong)
    migrate(("classroom", "0010_flashcards"))
    Flashcard.objects.all().delete()  # as before: no card until the study page was opened
    ReadingProgress.objects.create(student=student, brief=brief)
    kept = Flashcard.objects.create(student=other, study_item=term, reviews=3)  # a card with its history
    ReadingProgress.objects.create(student=other, brief=brief)

    migrate(("classroom", "0011_flashcards_for_past_work"))

    mine = Flashcard.objects.filter(student=student)
    assert {(c.study_item_id, c.question_id) for c in mine} == {(term.pk, None), (None, question.pk)}
    assert list(Flashcard.objects.filter(student=other).values_list("pk", "reviews")) == [(kept.pk, 3)]
    migrate()


@pytest.mark.django_db(transaction=True)
def test_work_assigned_twice_to_a_class_is_kept_once():
    from classroom.models import Assignment
    from classroom.services import classroom_create

    teacher = UserFactory()
    first, second = classroom_create(name="A", teacher=teacher), classroom_create(name="B", teacher=teacher)
    quiz, brief = QuizFactory(), BriefFactory()
    migrate(("classroom", "0011_flashcards_for_past_work"))
    make = Assignment.objects.create
    kept = [make(classroom=first, quiz=quiz), make(classroom=first, brief=brief), make(classroom=second, quiz=quiz)]
    make(classroom=first, quiz=quiz)
    make(classroom=first, brief=brief)

    migrate(("classroom", "0012_assignment_once_per_class"))

    assert sorted(Assignment.objects.values_list("pk", flat=True)) == sorted(a.pk for a in kept)
    migrate()
