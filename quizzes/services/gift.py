"""Quizzes in and out of Moodle's GIFT format (quizzes.gift parses and writes it)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from quizzes import gift
from quizzes.models import Quiz
from quizzes.selectors import question_data, quiz_questions
from quizzes.services.authoring import quiz_add_questions, quiz_create, quiz_replace_questions

GIFT_MAX_BYTES = 1_000_000  # a quiz of a few hundred questions fits; anything bigger is a mistake


@dataclass
class GiftImport:
    imported: int
    warnings: list[str]


@transaction.atomic
def quiz_import_gift(*, quiz: Quiz, text: str, replace: bool = False) -> GiftImport:
    """Import GIFT questions into a quiz. Invalid GIFT raises ValidationError naming the line,
    and nothing is imported."""
    if len(text.encode("utf-8")) > GIFT_MAX_BYTES:
        raise ValidationError(_("The GIFT text is larger than %(kb)s KB.") % {"kb": GIFT_MAX_BYTES // 1024})
    if _looks_binary(text):
        raise ValidationError(_("This is not GIFT text: it holds NUL or control characters (a binary file?)."))
    try:
        result = gift.parse_gift(text)
    except gift.GiftError as error:
        raise ValidationError(str(error)) from error
    if not result.questions:
        raise ValidationError(_("The GIFT text holds no questions."))
    store = quiz_replace_questions if replace else quiz_add_questions
    rows = store(quiz=quiz, questions=result.questions)
    return GiftImport(imported=len(rows), warnings=list(result.warnings))


@transaction.atomic
def quiz_create_from_gift(*, author, title: str, text: str) -> tuple[Quiz, GiftImport]:
    """A new draft quiz named `title` holding the GIFT text's questions; invalid GIFT creates nothing."""
    base = slugify(title)[:40] or "quiz"
    slug, n = base, 1
    while Quiz.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    quiz = quiz_create(author=author, fields={"slug": slug, "title": title})
    return quiz, quiz_import_gift(quiz=quiz, text=text)


def _looks_binary(text: str) -> bool:
    """NUL (which PostgreSQL cannot store: a 500 it was) or more control characters than text has."""
    if "\x00" in text:
        return True
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls > max(2, len(sample) // 100)


def quiz_export_gift(*, quiz: Quiz) -> str:
    header = f"// {quiz.title}\n// exported from the classroom platform\n\n"
    return header + gift.write_gift([question_data(q) for q in quiz_questions(quiz=quiz)])
