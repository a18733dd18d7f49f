"""Reads for quizzes, attempts and results (selectors.quizzes, .attempts, .results), with their related rows
loaded. The names most callers use are here."""

from quizzes.selectors.attempts import (
    attempt_questions,
    attempts_left,
    quiz_attempts_of,
    review_visibility,
    with_responses,
)
from quizzes.selectors.quizzes import (
    FINISHED,
    edited_by,
    may_edit,
    may_take,
    published_quiz,
    question_data,
    question_sources,
    questions_for_grading,
    questions_taken,
    quiz_for_user,
    quiz_questions,
    quiz_titles,
    quiz_to_edit,
    quizzes_about,
    quizzes_visible_to,
    stored_question_data,
    taken_by,
)
from quizzes.selectors.results import (
    AttemptSummary,
    attempt_summaries,
    graded_history,
    missed_question_ids,
    provisional_by_quiz,
    provisional_scores,
    quiz_grade_table,
    quiz_grades,
    quizzes_waiting_for_marking,
    quizzes_with_studyable_keys,
    scores_shown,
    topic_mastery,
)

__all__ = [
    "AttemptSummary", "FINISHED", "attempt_questions", "attempt_summaries", "attempts_left", "edited_by",
    "graded_history", "may_edit", "may_take", "missed_question_ids", "provisional_by_quiz", "provisional_scores",
    "published_quiz", "question_data", "question_sources", "questions_for_grading", "questions_taken",
    "quiz_attempts_of", "quiz_for_user", "quiz_grade_table", "quiz_grades", "quiz_questions", "quiz_titles",
    "quiz_to_edit", "quizzes_about", "quizzes_visible_to", "quizzes_waiting_for_marking",
    "quizzes_with_studyable_keys", "review_visibility", "scores_shown", "stored_question_data", "taken_by",
    "topic_mastery", "with_responses",
]  # fmt: skip
