"""Quizzes generated from a brief's study items (quizzes.generation makes the questions)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from briefs.models import Brief
from quizzes.generation import ItemData, generate_questions
from quizzes.models import Quiz
from quizzes.services.authoring import quiz_replace_questions

GENERATED_SLUG_SUFFIX = "-quiz"


def generated_quiz_slug(brief: Brief) -> str:
    limit = Quiz._meta.get_field("slug").max_length - len(GENERATED_SLUG_SUFFIX)
    return f"{brief.slug[:limit].rstrip('-')}{GENERATED_SLUG_SUFFIX}"


def _brief_item_data(brief: Brief) -> list[ItemData]:
    fields = ("id", "kind", "label", "text", "year", "date", "date_precision", "answer", "anchor", "position")
    return [ItemData(**row) for row in brief.items.order_by("position").values(*fields)]


def _generated_quiz(*, brief: Brief, author, slug: str) -> Quiz:
    quiz = Quiz.objects.select_for_update().filter(slug=slug).first()
    if quiz is None:
        description = _("Generated from the brief “%(title)s”.") % {"title": brief.title}
        return Quiz(slug=slug, brief=brief, created_by=author, description=description)
    if quiz.brief_id != brief.pk:
        # A truncated slug or a quiz made by hand: never overwrite a quiz that is not this brief's.
        raise ValidationError(
            _("The quiz “%(slug)s” exists and was not generated from this brief; rename it first.") % {"slug": slug}
        )
    return quiz


@transaction.atomic
def quiz_generate_from_brief(*, brief: Brief, author=None, publish: bool = False) -> Quiz:
    """Create, or regenerate while nobody has attempted it, the quiz built from a brief's study items.

    A draft unless `publish` (or published already: regenerating does not unpublish it); its settings (time
    limit, attempts…) survive a regeneration."""
    pairs = generate_questions(_brief_item_data(brief), title=brief.title)
    if not pairs:
        raise ValidationError(
            _("The brief “%(title)s” has no study items a question can be made from.") % {"title": brief.title}
        )
    quiz = _generated_quiz(brief=brief, author=author, slug=generated_quiz_slug(brief))
    if quiz.pk and quiz.attempts.exists():
        raise ValidationError(_("“%(quiz)s” has attempts; it can no longer be regenerated.") % {"quiz": quiz})
    title_limit = Quiz._meta.get_field("title").max_length
    quiz.title = (_("%(title)s: quiz") % {"title": brief.title})[:title_limit]
    quiz.published = quiz.published or publish
    quiz.full_clean(exclude=["brief", "created_by"])
    quiz.save()
    questions, links = zip(*pairs, strict=True)
    quiz_replace_questions(quiz=quiz, questions=list(questions), study_item_ids=list(links))
    return quiz
