"""Quizzes in and out of Moodle's GIFT format (quizzes.gift parses and writes it; the import's checks are
quizzes.services.imports', shared by every format)."""

from quizzes import gift
from quizzes.models import Quiz
from quizzes.selectors import question_data, quiz_questions
from quizzes.services.imports import IMPORT_MAX_BYTES, QuestionImport, quiz_import

GIFT_MAX_BYTES = IMPORT_MAX_BYTES
GiftImport = QuestionImport


def quiz_import_gift(*, quiz: Quiz, text: str, replace: bool = False) -> QuestionImport:
    """Import GIFT questions into a quiz. Invalid GIFT raises ValidationError naming the line,
    and nothing is imported."""
    return quiz_import(quiz=quiz, text=text, format="gift", replace=replace)


def quiz_export_gift(*, quiz: Quiz) -> str:
    header = f"// {quiz.title}\n// exported from the classroom platform\n\n"
    return header + gift.write_gift([question_data(q) for q in quiz_questions(quiz=quiz)])
