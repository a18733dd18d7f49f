"""quiz_create_from_import: a GIFT file makes a new draft quiz, under a slug of its own, or nothing at all."""

import pytest
from django.core.exceptions import ValidationError

from quizzes.models import Quiz
from quizzes.services import quiz_create_from_import
from tests.quizzes.factories import QuizFactory

GIFT = "::Q1:: Who denounced Stalin in 1956? {=Khrushchev ~Malenkov}\n\n::Q2:: Sputnik flew in {#1957}\n"


def test_a_new_draft_quiz_holds_the_files_questions(teacher):
    quiz, result = quiz_create_from_import(author=teacher, title="The Thaw", text=GIFT)
    assert (quiz.slug, quiz.title, quiz.published, quiz.created_by) == ("the-thaw", "The Thaw", False, teacher)
    assert result.imported == 2 and quiz.questions.count() == 2


def test_a_title_in_use_gets_a_slug_of_its_own(teacher):
    QuizFactory(slug="the-thaw")
    first, _ = quiz_create_from_import(author=teacher, title="The Thaw", text=GIFT)
    second, _ = quiz_create_from_import(author=teacher, title="The Thaw", text=GIFT)
    assert (first.slug, second.slug) == ("the-thaw-2", "the-thaw-3")


def test_invalid_gift_makes_no_quiz(teacher):
    with pytest.raises(ValidationError, match="line"):
        quiz_create_from_import(author=teacher, title="Broken", text="::Q:: broken {=a ~b\n")
    assert not Quiz.objects.filter(title="Broken").exists()


def test_a_title_without_letters_still_gets_a_slug(teacher):
    quiz, _ = quiz_create_from_import(author=teacher, title="???", text=GIFT)
    assert quiz.slug == "quiz"
