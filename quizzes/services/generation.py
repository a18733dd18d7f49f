"""Quizzes generated from a brief's study items (quizzes.generation makes the questions), and the edits of the
admin's preview: drop a question, or swap it for another one from the same study item."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from briefs.models import Brief, StudyItem
from quizzes.generation import ItemData, alternatives, generate_questions
from quizzes.models import Option, Question, Quiz
from quizzes.services.authoring import question_errors, question_row, quiz_replace_questions
from quizzes.signals import quizzes_changed

GENERATED_SLUG_SUFFIX = "-quiz"
MAX_DRAFTS = 50  # new drafts beside one brief's published quiz
TOPIC_ITEMS = 500  # distractors from the brief's topic: enough to fill options, never the whole garden
_FIELDS = ("id", "kind", "label", "text", "year", "date", "date_precision", "answer", "anchor", "position")


def generated_quiz_slug(brief: Brief, number: int = 1) -> str:
    suffix = GENERATED_SLUG_SUFFIX if number == 1 else f"{GENERATED_SLUG_SUFFIX}-{number}"
    limit = Quiz._meta.get_field("slug").max_length - len(suffix)
    return f"{brief.slug[:limit].rstrip('-')}{suffix}"


def new_draft_slug(brief: Brief) -> str:
    """The slug "generate as a new draft quiz" would take: the first free one of `…-quiz-2`, `…-quiz-3`…"""
    # Each is truncated on its own (a long brief slug), so they are looked up by name, not by prefix.
    candidates = [generated_quiz_slug(brief, n) for n in range(2, 2 + MAX_DRAFTS)]
    taken = set(Quiz.objects.filter(slug__in=candidates).values_list("slug", flat=True))
    free = [slug for slug in candidates if slug not in taken]
    if not free:
        raise ValidationError(
            _("This brief has %(n)s generated drafts already; delete some first.") % {"n": MAX_DRAFTS}
        )
    return free[0]


def _item_data(rows) -> list[ItemData]:
    return [ItemData(**row) for row in rows.values(*_FIELDS)]


def brief_item_data(brief: Brief) -> tuple[list[ItemData], list[ItemData]]:
    """The brief's study items, and (for distractors) some of the other items of its topic."""
    items = _item_data(brief.items.order_by("position"))
    if brief.topic_id is None:
        return items, []
    others = StudyItem.objects.filter(brief__topic_id=brief.topic_id).exclude(brief=brief)
    return items, _item_data(others.order_by("brief_id", "position")[:TOPIC_ITEMS])


def _locked(quiz: Quiz) -> bool:
    """A quiz students may be taking, or have taken: generating never changes it."""
    return quiz.published or quiz.attempts.exists()


def _existing(*, brief: Brief, slug: str) -> Quiz | None:
    quiz = Quiz.objects.select_for_update().filter(slug=slug).first()
    if quiz is not None and quiz.brief_id != brief.pk:
        # A truncated slug or a quiz made by hand: never overwrite a quiz that is not this brief's.
        raise ValidationError(
            _("The quiz “%(slug)s” exists and was not generated from this brief; rename it first.") % {"slug": slug}
        )
    return quiz


@transaction.atomic
def quiz_generate_from_brief(*, brief: Brief, author=None, publish: bool = False, as_new_draft: bool = False) -> Quiz:
    """Create, or regenerate while it is a draft nobody has attempted, the quiz built from a brief's study items.

    A published quiz, or one with attempts, is never changed: the error names the slug that `as_new_draft` would
    give a new draft quiz (which it creates). A regenerated draft keeps its settings (time limit, attempts…)."""
    items, topic = brief_item_data(brief)
    pairs = generate_questions(items, title=brief.title, topic_items=topic)
    if not pairs:
        raise ValidationError(
            _("The brief “%(title)s” has no study items a question can be made from.") % {"title": brief.title}
        )
    quiz = None if as_new_draft else _existing(brief=brief, slug=generated_quiz_slug(brief))
    if quiz is not None and _locked(quiz):
        raise ValidationError(
            _(
                "“%(quiz)s” is published or has attempts, so it was left as it is. "
                "Generate as a new draft quiz: it will be “%(slug)s”."
            )
            % {"quiz": quiz, "slug": new_draft_slug(brief)},
            code="locked",
        )
    if quiz is None:
        slug = new_draft_slug(brief) if as_new_draft else generated_quiz_slug(brief)
        description = _("Generated from the brief “%(title)s”.") % {"title": brief.title}
        quiz = Quiz(slug=slug, brief=brief, created_by=author, description=description)
    title_limit = Quiz._meta.get_field("title").max_length
    quiz.title = (_("%(title)s: quiz") % {"title": brief.title})[:title_limit]
    quiz.published = publish and not as_new_draft
    quiz.full_clean(exclude=["brief", "created_by"])
    quiz.save()
    questions, links = zip(*pairs, strict=True)
    quiz_replace_questions(quiz=quiz, questions=list(questions), study_item_ids=list(links))
    return quiz


# ---------------------------------------------------------------- the preview's edits


def _editable(question: Question) -> None:
    if question.quiz.published or question.quiz.attempts.exists():
        raise ValidationError(_("Only a draft nobody has attempted can be changed here; unpublish it first."))


@transaction.atomic
def generated_question_drop(*, question: Question) -> None:
    _editable(question)
    question.delete()


def _identity(kind: str, prompt: str, texts: list[str]) -> tuple:
    """What tells two questions apart ("Which of these came first?" is asked of several events)."""
    return kind, prompt, tuple(sorted(texts))


@transaction.atomic
def generated_question_swap(*, question: Question) -> Question:
    """Replace a question with the next other question its study item supports (one not in the quiz already)."""
    _editable(question)
    if question.study_item_id is None:
        raise ValidationError(_("This question was not generated from a study item."))
    brief = question.study_item.brief
    items, topic = brief_item_data(brief)
    index = next(i for i, item in enumerate(items) if item.id == question.study_item_id)
    options = alternatives(items, index=index, title=brief.title, topic_items=topic)
    present = {_identity(q.type, q.prompt, [o.text for o in q.options.all()]) for q in question.quiz.questions.all()}
    shown = [_identity(q.type, q.prompt, [c.text for c in q.choices]) for q in options]
    current = _identity(question.type, question.prompt, [o.text for o in question.options.all()])
    start = shown.index(current) + 1 if current in shown else 0
    fresh = [q for q, seen in zip(options[start:] + options[:start], shown[start:] + shown[:start], strict=True)
             if seen not in present]  # fmt: skip
    if not fresh or question_errors(fresh[:1]):
        raise ValidationError(_("This study item supports no other question."))
    quiz, position, item_id = question.quiz, question.position, question.study_item_id
    question.delete()
    row = question_row(quiz=quiz, data=fresh[0], position=position, study_item_id=item_id)
    row.save()
    Option.objects.bulk_create(
        Option(question=row, position=i, text=c.text, fraction=c.fraction, feedback=c.feedback, match=c.match)
        for i, c in enumerate(fresh[0].choices, start=1)
    )
    quizzes_changed()  # bulk_create sends no signal
    return row
