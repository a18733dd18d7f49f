"""Demo quizzes for `make run`: the GIFT sample, published. Safe to run again."""

import logging
from pathlib import Path

from django.db import transaction

from quizzes.models import Quiz
from quizzes.services import quiz_import_gift

logger = logging.getLogger(__name__)

DEMO_GIFT = Path(__file__).resolve().parent / "khrushchev-quiz.gift"
DEMO_QUIZ = "khrushchev-quiz"
DEMO_BRIEF = "russian-history-iii-khrushchev-s-rise-to-power-and-leadership-brief"


@transaction.atomic
def load_demo() -> Quiz:
    from briefs.models import Brief

    quiz, created = Quiz.objects.get_or_create(
        slug=DEMO_QUIZ,
        defaults={"title": "Khrushchev: objective quiz", "published": True, "time_limit": None},
    )
    if created or not quiz.questions.exists():
        quiz.brief = Brief.objects.filter(slug=DEMO_BRIEF).first()
        quiz.save(update_fields=["brief"])
        result = quiz_import_gift(quiz=quiz, text=DEMO_GIFT.read_text(encoding="utf-8"))
        logger.info("demo quiz %s: %s questions", quiz.slug, result.imported)
    return quiz
