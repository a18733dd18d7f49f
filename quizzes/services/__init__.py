"""Writes for quizzes (services.authoring, .attempts, .grading, .gift, .generation). The names most callers use
are here."""

from quizzes.services.attempts import (
    attempt_resume_or_start,
    attempt_start,
    attempt_submit,
    attempts_expire,
    attempts_reschedule,
    deadline,
    grace,
    is_expired,
    quiz_preview,
    responses_save,
)
from quizzes.services.authoring import (
    question_errors,
    question_from_payload,
    question_update,
    quiz_add_questions,
    quiz_create,
    quiz_replace_questions,
    quiz_set_published,
    quiz_update,
)
from quizzes.services.generation import (
    generated_question_drop,
    generated_question_swap,
    generated_quiz_slug,
    new_draft_slug,
    quiz_generate_from_brief,
)
from quizzes.services.gift import (
    GIFT_MAX_BYTES,
    GiftImport,
    quiz_export_gift,
    quiz_import_gift,
)
from quizzes.services.grading import (
    attempt_grade,
    attempts_requeue_ungraded,
    queue_grading,
    quiz_grades_update,
    quiz_keys_changed,
    quiz_regrade,
    response_review,
)
from quizzes.services.imports import (
    IMPORT_FORMATS,
    IMPORT_MAX_BYTES,
    QuestionImport,
    quiz_create_from_import,
    quiz_export_moodle_xml,
    quiz_import,
)

__all__ = [
    "GIFT_MAX_BYTES", "GiftImport", "attempt_grade", "attempt_resume_or_start", "attempt_start", "attempt_submit",
    "attempts_expire", "attempts_requeue_ungraded", "attempts_reschedule", "deadline", "generated_question_drop",
    "generated_question_swap", "generated_quiz_slug", "grace", "new_draft_slug",
    "is_expired", "question_errors", "question_from_payload", "question_update", "queue_grading", "quiz_add_questions",
    "quiz_create", "quiz_create_from_import", "quiz_export_gift", "quiz_generate_from_brief", "quiz_grades_update",
    "quiz_import_gift",
    "quiz_keys_changed", "quiz_preview", "quiz_regrade", "quiz_replace_questions", "quiz_set_published",
    "quiz_update", "response_review", "responses_save",
]  # fmt: skip
__all__ += ["IMPORT_FORMATS", "IMPORT_MAX_BYTES", "QuestionImport", "quiz_export_moodle_xml", "quiz_import"]
