"""Writes of a student's study: reading records, and flashcards (made when the student opens a brief or a graded
attempt misses a question; shown as selectors.flashcards_of allows) with their FSRS schedule."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from briefs.models import Brief
from briefs.selectors import study_items_for_cards
from classroom import flashcards
from classroom.models import Flashcard, ReadingProgress, User
from classroom.signals import students_changed
from quizzes.models import Response

# "Last opened" to the minute: a brief page reloaded sooner writes nothing.
REOPEN_WRITE_AFTER = timedelta(minutes=1)


def reading_record(*, student: User, brief: Brief, studied: bool = False) -> ReadingProgress:
    """Note that a student opened a brief (and, when they say so, studied it). Its terms, characters and dated
    events become the student's flashcards the first time (and any new ones when they open it again)."""
    now = timezone.now()
    progress, created = ReadingProgress.objects.get_or_create(
        student=student, brief=brief, defaults={"first_opened_at": now, "last_opened_at": now}
    )
    if not created and not studied and now - progress.last_opened_at < REOPEN_WRITE_AFTER:
        return progress  # a reload within the minute: the record would say the same
    progress.last_opened_at = now
    if studied and progress.studied_at is None:
        progress.studied_at = now
    if not created or studied:
        progress.save(update_fields=["last_opened_at", "studied_at"])
    _cards(student.pk, study_item_ids=study_items_for_cards(brief_ids=[brief.pk], kinds=flashcards.CARD_ITEM_KINDS))
    return progress


def flashcards_for_missed(*, attempt_ids: list[int]) -> int:
    """A card for each question these graded attempts lost points on (not essays): shown to the student only once
    the quiz's review policy shows its key and the quiz is over for them. Returns how many cards were new."""
    missed = Response.objects.filter(attempt_id__in=attempt_ids, score__lt=F("points")).exclude(question__type="essay")
    new = 0
    for student_id, question_ids in _by_student(missed.values_list("attempt__student_id", "question_id")).items():
        new += _cards(student_id, question_ids=question_ids)
    return new


def _by_student(rows) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for student_id, other_id in rows:
        found.setdefault(student_id, []).append(other_id)
    return found


def _cards(student_id: int, *, study_item_ids=(), question_ids=()) -> int:
    """The student's cards for these items or questions that they have not yet (existing ones keep their schedule).
    Returns how many were new."""
    mine = Flashcard.objects.filter(student_id=student_id)
    have_items = set(mine.filter(study_item_id__in=study_item_ids).values_list("study_item_id", flat=True))
    have_questions = set(mine.filter(question_id__in=question_ids).values_list("question_id", flat=True))
    new = [Flashcard(student_id=student_id, study_item_id=i) for i in set(study_item_ids) - have_items]
    new += [Flashcard(student_id=student_id, question_id=q) for q in set(question_ids) - have_questions]
    if new:
        Flashcard.objects.bulk_create(new, ignore_conflicts=True)  # a concurrent request may have made some
        students_changed(student_ids=[student_id])  # the dashboard counts them; a bulk insert sends no signal
    return len(new)


@transaction.atomic
def flashcard_review(*, card: Flashcard, student: User, rating: str, now: datetime | None = None) -> Flashcard:
    """Record how well the student recalled a card; FSRS sets when it is due next."""
    if card.student_id != student.pk:
        raise PermissionDenied(_("This is not your card."))
    if rating not in flashcards.RATINGS:
        raise ValidationError(_("Rate the card Again, Hard, Good or Easy."))
    card = Flashcard.objects.select_for_update().get(pk=card.pk)
    current = flashcards.Schedule(card.state, card.step, card.stability, card.difficulty, card.due, card.last_review)
    after = flashcards.review(current, rating, now or timezone.now())
    card.state, card.step, card.stability, card.difficulty = after.state, after.step, after.stability, after.difficulty
    card.due, card.last_review, card.reviews = after.due, after.last_review, card.reviews + 1
    card.save()
    return card
