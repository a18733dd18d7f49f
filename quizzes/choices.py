"""The choices of the quizzes' fields (quizzes.models imports them; import them from there)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from quizzes.types import QUESTION_TYPES


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("Highest attempt")
    LATEST = "latest", _("Latest attempt")
    FIRST = "first", _("First attempt")
    AVERAGE = "average", _("Average of attempts")


class ReviewPolicy(models.TextChoices):
    """What a student sees of a finished attempt (teachers always see everything).

    after_submission: score, feedback and correct answers as soon as the attempt is submitted.
    after_due: the score at once; feedback and correct answers only after the due date (the
        assignment's, for this student); with no due date, once the student has no attempts left
        (never while attempts are unlimited), so the key cannot leak to a later attempt.
    score_only: the score at once; feedback and correct answers never.
    never: nothing, not even the score (exams whose results are published separately)."""

    AFTER_SUBMISSION = "after_submission", _("Everything after submission")
    AFTER_DUE = "after_due", _("Score after submission, answers after the due date")
    SCORE_ONLY = "score_only", _("Score only")
    NEVER = "never", _("Nothing")


class PromptFormat(models.TextChoices):
    MARKDOWN = "markdown", _("Markdown")
    HTML = "html", _("HTML")
    PLAIN = "plain", _("Plain text")


QUESTION_TYPE_LABELS = {
    "single": _("Single choice"),
    "multiple": _("Multiple response"),
    "true_false": _("True/false"),
    "short_answer": _("Short answer"),
    "numerical": _("Numerical"),
    "matching": _("Matching"),
    "ordering": _("Ordering"),
    "essay": _("Essay"),
}
QUESTION_TYPE_CHOICES = [(t, QUESTION_TYPE_LABELS[t]) for t in QUESTION_TYPES]


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    GRADED = "graded", _("Graded")
    NEEDS_REVIEW = "needs_review", _("Needs review")
