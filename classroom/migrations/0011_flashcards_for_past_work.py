"""Cards are now made when a brief is opened and when a graded attempt misses a question, no longer when the study
page is opened: make the cards of the reading and the attempts from before, as the study page would have."""

from django.db import migrations
from django.db.models import F

CARD_ITEM_KINDS = ("term", "character", "event")  # classroom.flashcards.CARD_ITEM_KINDS when this was written
BATCH = 1000


def make_cards(apps, schema_editor):
    Flashcard = apps.get_model("classroom", "Flashcard")
    ReadingProgress = apps.get_model("classroom", "ReadingProgress")
    StudyItem = apps.get_model("briefs", "StudyItem")
    Response = apps.get_model("quizzes", "Response")
    items = StudyItem.objects.filter(kind__in=CARD_ITEM_KINDS).exclude(kind="event", year__isnull=True)
    item_pairs = items.filter(brief_id__in=ReadingProgress.objects.values("brief_id")).values_list("brief_id", "id")
    by_brief: dict[int, list[int]] = {}
    for brief_id, item_id in item_pairs.iterator():
        by_brief.setdefault(brief_id, []).append(item_id)
    cards = (
        Flashcard(student_id=student_id, study_item_id=item_id)
        for student_id, brief_id in ReadingProgress.objects.values_list("student_id", "brief_id").iterator()
        for item_id in by_brief.get(brief_id, [])
    )
    _create(Flashcard, cards)
    missed = Response.objects.filter(attempt__status="graded", score__lt=F("points")).exclude(question__type="essay")
    pairs = missed.values_list("attempt__student_id", "question_id").distinct().iterator()
    _create(Flashcard, (Flashcard(student_id=student_id, question_id=question_id) for student_id, question_id in pairs))


def _create(Flashcard, cards) -> None:
    batch = []
    for card in cards:
        batch.append(card)
        if len(batch) == BATCH:
            Flashcard.objects.bulk_create(batch, ignore_conflicts=True)  # a card the student has keeps its schedule
            batch = []
    Flashcard.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("classroom", "0010_flashcards"),
        ("briefs", "0005_prefixed_ids"),
        ("quizzes", "0007_question_prompt_html"),
    ]

    operations = [migrations.RunPython(make_cards, migrations.RunPython.noop)]
