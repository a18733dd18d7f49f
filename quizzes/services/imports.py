"""Questions into a quiz from a file in any format the platform reads (GIFT, Moodle XML, Aiken), and out as
Moodle XML: one path for every format, so the limits and the all-or-nothing rule are checked once."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from quizzes import gift
from quizzes.formats import FormatError
from quizzes.formats.aiken import parse_aiken
from quizzes.formats.moodle_xml import parse_moodle_xml, write_moodle_xml
from quizzes.models import Quiz
from quizzes.selectors import question_data, quiz_questions
from quizzes.services.authoring import quiz_add_questions, quiz_create, quiz_replace_questions

IMPORT_MAX_BYTES = 1_000_000  # a quiz of a few hundred questions fits; anything bigger is a mistake


@dataclass(frozen=True)
class ImportFormat:
    label: str  # as a teacher knows it
    parse: Callable  # text -> an object with .questions and .warnings; raises a ValueError naming the question
    errors: tuple[type[ValueError], ...]


IMPORT_FORMATS = {
    "gift": ImportFormat("GIFT", gift.parse_gift, (gift.GiftError,)),
    "moodle_xml": ImportFormat("Moodle XML", parse_moodle_xml, (FormatError,)),
    "aiken": ImportFormat("Aiken", parse_aiken, (FormatError,)),
}


@dataclass
class QuestionImport:
    imported: int
    warnings: list[str]


@transaction.atomic
def quiz_import(*, quiz: Quiz, text: str, format: str = "gift", replace: bool = False) -> QuestionImport:
    """Import the questions of `text` (in `format`, a key of IMPORT_FORMATS) into a quiz, adding them or replacing
    its questions. Invalid text raises ValidationError naming the question or line, and nothing is imported."""
    kind = IMPORT_FORMATS[format]
    if len(text.encode("utf-8")) > IMPORT_MAX_BYTES:
        raise ValidationError(
            _("The %(format)s text is larger than %(kb)s KB.") % {"format": kind.label, "kb": IMPORT_MAX_BYTES // 1024}
        )
    if _looks_binary(text):
        raise ValidationError(
            _("This is not %(format)s text: it holds NUL or control characters (a binary file?).")
            % {"format": kind.label}
        )
    try:
        result = kind.parse(text)
    except kind.errors as error:
        raise ValidationError(str(error)) from error
    if not result.questions:
        raise ValidationError(_("The %(format)s text holds no questions.") % {"format": kind.label})
    store = quiz_replace_questions if replace else quiz_add_questions
    rows = store(quiz=quiz, questions=result.questions)
    return QuestionImport(imported=len(rows), warnings=list(result.warnings))


@transaction.atomic
def quiz_create_from_import(*, author, title: str, text: str, format: str = "gift") -> tuple[Quiz, QuestionImport]:
    """A new draft quiz named `title` holding the text's questions, under a slug of its own; invalid text creates
    nothing."""
    base = slugify(title)[:40] or "quiz"
    slug, n = base, 1
    while Quiz.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    quiz = quiz_create(author=author, fields={"slug": slug, "title": title})
    return quiz, quiz_import(quiz=quiz, text=text, format=format)


def _looks_binary(text: str) -> bool:
    """NUL (which PostgreSQL cannot store: a 500 it was) or more control characters than text has."""
    if "\x00" in text:
        return True
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls > max(2, len(sample) // 100)


def quiz_export_moodle_xml(*, quiz: Quiz) -> str:
    return write_moodle_xml([question_data(q) for q in quiz_questions(quiz=quiz)])
