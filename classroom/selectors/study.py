"""Reads of a student's flashcards: the ones they may see now, and their faces."""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from classroom import flashcards
from classroom.models import Flashcard, User
from classroom.selectors.work import quiz_dues
from quizzes.selectors import question_data, quizzes_with_studyable_keys


def studyable_quizzes(*, student: User, now: datetime) -> set[int]:
    """The quizzes whose missed questions the student may study as flashcards now (quizzes.review.key_studyable)."""
    return quizzes_with_studyable_keys(student=student, dues=quiz_dues(student=student), now=now)


def flashcards_of(*, student: User, now: datetime | None = None) -> QuerySet:
    """The student's cards they may see now: every study item's, and missed questions' only where the quiz's review
    policy shows their key and the quiz is over for them (a card would otherwise fill in their next attempt)."""
    studyable = studyable_quizzes(student=student, now=now or timezone.now())
    return Flashcard.objects.filter(Q(question__isnull=True) | Q(question__quiz_id__in=studyable), student=student)


def flashcards_due(*, student: User, now: datetime | None = None, brief: str = "") -> QuerySet:
    """The student's cards due now, most overdue first, with what their faces come from; `brief`: that brief's
    deck only (by slug). The dashboard and the study page both count this, so their counts agree."""
    now = now or timezone.now()
    cards = flashcards_of(student=student, now=now)
    if brief:
        cards = cards.filter(study_item__brief__slug=brief)
    return (
        cards.filter(due__lte=now)
        .select_related("study_item", "question")
        .prefetch_related("question__options")
        .order_by("due", "id")
    )


def flashcard_faces(card) -> flashcards.Faces:
    if card.study_item_id:
        item = card.study_item
        return flashcards.item_faces(kind=item.kind, label=item.label, text=item.text)
    data = question_data(card.question)
    return flashcards.question_faces(data, prompt_text=card.question.prompt)


def next_card_due(*, student: User, now: datetime) -> datetime | None:
    """When the next of the student's cards falls due (the dashboard's count changes then)."""
    later = flashcards_of(student=student, now=now).filter(due__gt=now).order_by("due")
    return later.values_list("due", flat=True).first()
