"""Demo quizzes for `make run`: the GIFT sample (assigned to the demo class) and a quiz generated from each demo
brief, open to every student; all published. Safe to run again."""

import logging
from pathlib import Path

from django.db import transaction

from briefs.demo import DEMO_GARDEN
from briefs.models import Brief
from quizzes.models import Quiz
from quizzes.services import generated_quiz_slug, quiz_generate_from_brief, quiz_import_gift, quiz_update

logger = logging.getLogger(__name__)

DEMO_GIFT = Path(__file__).resolve().parent / "khrushchev-quiz.gift"
DEMO_QUIZ = "khrushchev-quiz"
DEMO_BRIEF = "russian-history-iii-khrushchev-s-rise-to-power-and-leadership-brief"


@transaction.atomic
def load_demo() -> Quiz:
    quiz, created = Quiz.objects.get_or_create(
        slug=DEMO_QUIZ,
        defaults={"title": "Khrushchev: objective quiz", "published": True, "time_limit": None},
    )
    if created or not quiz.questions.exists():
        quiz.brief = Brief.objects.filter(slug=DEMO_BRIEF).first()
        quiz.save(update_fields=["brief"])
        result = quiz_import_gift(quiz=quiz, text=DEMO_GIFT.read_text(encoding="utf-8"))
        logger.info("demo quiz %s: %s questions", quiz.slug, result.imported)
    _generate_for_demo_briefs()
    return quiz


def _generate_for_demo_briefs() -> None:
    # The briefs of the demo garden only: a real garden's briefs get quizzes when a teacher asks. These practice
    # quizzes are open to every student (the demo class is assigned the objective quiz only).
    names = {path.name for path in DEMO_GARDEN.iterdir()}
    for brief in Brief.objects.order_by("slug"):
        if Path(brief.source_name).name not in names:
            continue
        quiz = Quiz.objects.filter(slug=generated_quiz_slug(brief)).first()
        quiz = quiz or quiz_generate_from_brief(brief=brief, publish=True)
        if not quiz.open_to_all:
            quiz_update(quiz=quiz, fields={"open_to_all": True})
