"""Quizzes, questions, options, attempts, responses and per-student quiz grades.

Fields, constraints and `clean()` only: the rules live in services.py, the grading in grading.py."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quizzes.choices import (  # noqa: F401 - they are the models' choices, imported from here
    QUESTION_TYPE_CHOICES,
    QUESTION_TYPE_LABELS,
    AttemptStatus,
    GradingMethod,
    PromptFormat,
    ReviewPolicy,
)
from quizzes.types import QUESTION_TYPES


class Quiz(models.Model):
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=300)
    brief = models.ForeignKey(
        "briefs.Brief",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quizzes",
        verbose_name=_("brief"),
    )
    description = models.TextField(_("description"), blank=True)
    time_limit = models.DurationField(_("time limit"), null=True, blank=True, help_text=_("Blank: no time limit."))
    attempts_allowed = models.PositiveIntegerField(
        _("attempts allowed"), null=True, blank=True, help_text=_("Blank: unlimited.")
    )
    grading_method = models.CharField(
        _("grading method"), max_length=16, choices=GradingMethod.choices, default=GradingMethod.HIGHEST
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    questions_per_attempt = models.PositiveIntegerField(
        _("questions per attempt"), null=True, blank=True, help_text=_("Blank: every question.")
    )
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    review_policy = models.CharField(
        _("review policy"), max_length=20, choices=ReviewPolicy.choices, default=ReviewPolicy.AFTER_SUBMISSION
    )
    published = models.BooleanField(_("published"), default=False)
    # Who may take it: students of a class it is assigned to (the classroom app says which, through
    # quizzes.signals.quiz_audience), or every student when its teacher opens it to all.
    open_to_all = models.BooleanField(
        _("open to every student"),
        default=False,
        help_text=_("Unticked: only students of a class it is assigned to may see and take it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quizzes_created",
        verbose_name=_("created by"),
    )
    shared_with = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="quizzes_shared",
        verbose_name=_("shared with"),
        help_text=_("Teachers who may edit it besides its author."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__gte=0, pass_mark__lte=100),
                name="quiz_pass_mark_range",
                violation_error_message=_("The pass mark must be between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(attempts_allowed__isnull=True) | Q(attempts_allowed__gte=1),
                name="quiz_attempts_allowed_pos",
                violation_error_message=_("Allow at least one attempt, or leave it blank for unlimited."),
            ),
            models.CheckConstraint(
                condition=Q(questions_per_attempt__isnull=True) | Q(questions_per_attempt__gte=1),
                name="quiz_questions_per_attempt_pos",
                violation_error_message=_("Draw at least one question per attempt, or leave it blank for all."),
            ),
            models.CheckConstraint(
                condition=Q(time_limit__isnull=True) | Q(time_limit__gt=timedelta(0)),
                name="quiz_time_limit_pos",
                violation_error_message=_("A time limit must be positive; leave it blank for none."),
            ),
            models.CheckConstraint(
                condition=Q(grading_method__in=GradingMethod.values),
                name="quiz_grading_method_valid",
                violation_error_message=_("Choose one of the grading methods offered."),
            ),
            models.CheckConstraint(
                condition=Q(review_policy__in=ReviewPolicy.values),
                name="quiz_review_policy_valid",
                violation_error_message=_("Choose one of the review policies offered."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.time_limit is not None and self.time_limit.total_seconds() <= 0:
            raise ValidationError({"time_limit": _("A time limit must be positive; leave it blank for none.")})


class Question(models.Model):
    """One question. `data` holds what does not fit options, by type:

    numerical: {"answers": [{"value", "tolerance", "min", "max", "fraction", "feedback"}]}
    true_false: {"correct": bool, "feedback_true": str, "feedback_false": str}
    essay: {"model_answer": str}
    any type: {"category": str} (GIFT's $CATEGORY, kept for export)."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions", verbose_name=_("quiz"))
    position = models.PositiveIntegerField(_("position"), default=0)
    type = models.CharField(_("type"), max_length=20, choices=QUESTION_TYPE_CHOICES)
    name = models.CharField(_("name"), max_length=255, blank=True)
    prompt = models.TextField(_("prompt"))
    prompt_format = models.CharField(
        _("prompt format"), max_length=10, choices=PromptFormat.choices, default=PromptFormat.MARKDOWN
    )
    # The prompt as safe HTML, rendered when the question is saved (quizzes.prompts), never on a student's request.
    prompt_html = models.TextField(_("prompt as HTML"), blank=True, editable=False)
    points = models.FloatField(_("points"), default=1.0, validators=[MinValueValidator(0.0001)])
    general_feedback = models.TextField(_("general feedback"), blank=True)
    data = models.JSONField(_("type-specific data"), default=dict, blank=True)
    study_item = models.ForeignKey(
        "briefs.StudyItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("study item"),
    )

    class Meta:
        ordering = ["quiz", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gt=0),
                name="question_points_pos",
                violation_error_message=_("A question is worth more than 0 points."),
            ),
            models.CheckConstraint(
                condition=Q(type__in=QUESTION_TYPES),
                name="question_type_valid",
                violation_error_message=_("Choose one of the question types offered."),
            ),
        ]
        indexes = [models.Index(fields=["quiz", "position"], name="question_quiz_position")]

    def __str__(self) -> str:
        return self.name or self.prompt[:60]

    def clean(self):
        if not isinstance(self.data, dict):
            raise ValidationError({"data": _("Type-specific data must be an object.")})
        if self.type == "true_false" and not isinstance(self.data.get("correct"), bool):
            raise ValidationError({"data": _("A true/false question needs “correct”: true or false.")})
        if self.type == "numerical" and not isinstance(self.data.get("answers"), list):
            raise ValidationError({"data": _("A numerical question needs a list of “answers”.")})


class Option(models.Model):
    """A choice (single/multiple), an accepted answer (short_answer), a left item with its
    right-hand `match` (matching; empty text = right-hand distractor) or an item (ordering,
    `position` being the correct order)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("text"), blank=True)
    fraction = models.FloatField(
        _("fraction"), default=0.0, validators=[MinValueValidator(-1.0), MaxValueValidator(1.0)]
    )
    feedback = models.TextField(_("feedback"), blank=True)
    match = models.TextField(_("match"), blank=True)

    class Meta:
        ordering = ["question", "position", "id"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.CheckConstraint(
                condition=Q(fraction__gte=-1, fraction__lte=1),
                name="option_fraction_range",
                violation_error_message=_("An option’s fraction must be between -1 and 1."),
            ),
        ]

    def __str__(self) -> str:
        return self.text or self.match


class Attempt(models.Model):
    """One go at a quiz. `layout` fixes at start what this attempt shows, in display order:

    {"questions": [{"id": question_id, "options": [[shown_id, option_id], ...], "rights": [[right_id, text], ...]}]}

    Options and right-hand texts are shown under random ids of this attempt (quizzes.layout): the stored ids
    would give the key's order away. Answers name the shown ids."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    # No index of its own: attempt_unique_number starts with the quiz (see below).
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts", db_index=False)
    number = models.PositiveIntegerField(_("number"))
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    graded_at = models.DateTimeField(_("graded"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS
    )
    score = models.FloatField(_("score"), null=True, blank=True)
    max_score = models.FloatField(_("maximum score"), default=0)
    layout = models.JSONField(_("layout"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        ordering = ["quiz", "student", "number"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            # Quiz first, then student: it serves a quiz's attempts and a student's attempts at a quiz alike. With a
            # separate index on the quiz, PostgreSQL took that one for "this student's attempts at this quiz" while
            # the quiz was new (its statistics said it had none), and every start of a class taking a new quiz
            # together read all the attempts started before it.
            models.UniqueConstraint(fields=["quiz", "student", "number"], name="attempt_unique_number"),
            # One open attempt at a time: a double-clicked start cannot open two.
            models.UniqueConstraint(
                fields=["student", "quiz"], condition=Q(status="in_progress"), name="attempt_one_in_progress"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="attempt_number_pos"),
            models.CheckConstraint(condition=Q(max_score__gte=0), name="attempt_max_score_nonneg"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=F("max_score")),
                name="attempt_score_range",
            ),
            models.CheckConstraint(condition=Q(status__in=AttemptStatus.values), name="attempt_status_valid"),
            models.CheckConstraint(
                condition=Q(status="in_progress") | Q(submitted_at__isnull=False), name="attempt_submitted_has_time"
            ),
            models.CheckConstraint(
                condition=~Q(status="graded") | Q(graded_at__isnull=False, score__isnull=False),
                name="attempt_graded_has_score",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="attempt_status_deadline"),
            # The grading queue: a grading takes the oldest submitted attempts of its quiz (services.attempt_grade),
            # by submit time, which the primary key cannot give: while a class is graded, the statistics still say
            # most of its attempts are submitted, and an order by id alone made PostgreSQL walk the primary key
            # past every attempt graded already (its cost grew with each batch).
            models.Index(
                fields=["quiz", "submitted_at", "id"], condition=Q(status="submitted"), name="attempt_grading_queue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz} #{self.number} ({self.student})"

    @property
    def percent(self) -> float | None:
        if self.score is None or not self.max_score:
            return None
        return 100 * self.score / self.max_score

    def clean(self):
        if self.score is not None and not 0 <= self.score <= self.max_score:
            raise ValidationError({"score": _("The score must be between 0 and the maximum score.")})


class Response(models.Model):
    """A student's answer to one question of an attempt. `points` is the question's worth when it
    was last scored, so the database can bound `score` (0..points) without a join."""

    # No index of its own: response_unique_question starts with the attempt (an index fewer to write per answer).
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses", db_index=False)
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="responses")
    answer = models.JSONField(_("answer"), null=True, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    points = models.FloatField(_("points"), default=0)
    feedback = models.TextField(_("feedback"), blank=True)
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses_reviewed",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        ordering = ["attempt", "id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="response_unique_question"),
            models.CheckConstraint(condition=Q(points__gte=0), name="response_points_nonneg"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=F("points")),
                name="response_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} · {self.question}"

    def clean(self):
        if self.score is not None and not 0 <= self.score <= self.points:
            raise ValidationError(
                {"score": _("The score must be between 0 and %(points)s.") % {"points": f"{self.points:g}"}}
            )


class QuizGrade(models.Model):
    """The student's grade for a quiz after the grading method, kept up to date by the services
    so a gradebook reads one row per student and quiz. `grade` is a percentage (0..100) because
    attempts drawing different questions can have different maximum scores; None until an
    attempt counts (e.g. the only one still needs review)."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_grades")
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="grades")
    grade = models.FloatField(_("grade (%)"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("finished attempts"), default=0)
    pending_review = models.BooleanField(_("pending review"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["quiz", "student"]
        verbose_name = _("quiz grade")
        verbose_name_plural = _("quiz grades")
        constraints = [
            models.UniqueConstraint(fields=["student", "quiz"], name="quizgrade_unique"),
            models.CheckConstraint(
                condition=Q(grade__isnull=True) | Q(grade__gte=0, grade__lte=100), name="quizgrade_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.quiz}: {self.grade}"

    @property
    def passed(self) -> bool | None:
        return None if self.grade is None else self.grade >= float(self.quiz.pass_mark)


class QuizStatistics(models.Model):  # noqa: DJ008 - shown only through its quiz
    """A quiz's statistics (quizzes.statistics), kept until its next graded attempt: `stamp` names the graded
    attempts they came from (how many, the last grading), so a new grading or a regrade makes them stale."""

    quiz = models.OneToOneField(Quiz, on_delete=models.CASCADE, related_name="statistics")
    stamp = models.CharField(max_length=100)
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField(default=timezone.now)
