import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from config.permissions import TEACHERS

# No 0/O, 1/I/L: a code read aloud or copied from a board is typed right the first time.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


def normalize_join_code(code: str) -> str:
    """A join code as stored: read aloud or copied, it may come in lower case, with spaces or dashes."""
    return (code or "").strip().upper().replace("-", "").replace(" ", "")


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class User(AbstractUser):
    email = models.EmailField(_("email address"))

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ci")]

    @cached_property
    def is_teacher(self) -> bool:
        return self.is_staff and self.groups.filter(name=TEACHERS).exists()


class Classroom(models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="classes_taught", verbose_name=_("teachers")
    )
    join_code = models.CharField(_("join code"), max_length=JOIN_CODE_LENGTH, unique=True, default=new_join_code)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # The class's page on the site; the admin links it as "View on site".
        return reverse("class_overview", args=[self.pk])


class Enrollment(models.Model):
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments")
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="enrollments")
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["student", "classroom"], name="enrollment_unique")]
        ordering = ["classroom", "student__username"]

    def __str__(self) -> str:
        return f"{self.student} in {self.classroom}"


class WorkerHeartbeat(models.Model):
    """The last time each Celery worker ran the heartbeat task: /healthz shows it."""

    hostname = models.CharField(max_length=255, unique=True)
    pid = models.PositiveIntegerField()
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.hostname} ({self.seen_at:%Y-%m-%d %H:%M:%S})"


ALREADY_ASSIGNED = _("This work is already assigned to this class: change its dates instead.")


class Assignment(models.Model):
    """A brief or a quiz (exactly one) given to a class, with its window."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments")
    brief = models.ForeignKey("briefs.Brief", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    quiz = models.ForeignKey("quizzes.Quiz", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    available_from = models.DateTimeField(_("available from"), default=timezone.now)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(brief__isnull=False, quiz__isnull=True) | models.Q(brief__isnull=True, quiz__isnull=False)
                ),
                name="assignment_brief_xor_quiz",
                violation_error_message=_("Assign exactly one brief or one quiz."),
            ),
            models.CheckConstraint(
                condition=models.Q(due_at__isnull=True) | models.Q(due_at__gt=models.F("available_from")),
                name="assignment_due_after_available",
                violation_error_message=_("The due date must come after the date the work becomes available."),
            ),
            # Twice in one class would list the work twice for every student.
            models.UniqueConstraint(
                fields=["classroom", "quiz"],
                condition=models.Q(quiz__isnull=False),
                name="assignment_quiz_once_per_class",
                violation_error_message=ALREADY_ASSIGNED,
            ),
            models.UniqueConstraint(
                fields=["classroom", "brief"],
                condition=models.Q(brief__isnull=False),
                name="assignment_brief_once_per_class",
                violation_error_message=ALREADY_ASSIGNED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.brief or self.quiz} → {self.classroom}"

    @property
    def material(self):
        return self.brief or self.quiz


class AssignmentOverride(models.Model):
    """An accommodation for one student of an assignment's class (Moodle's user override): their own due date, and
    extra time on the quiz's time limit (minutes added, or the limit multiplied). Open attempts follow it."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="overrides", verbose_name=_("assignment")
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("student")
    )
    due_at = models.DateTimeField(_("due at"), null=True, blank=True, help_text=_("Blank: the assignment's."))
    extra_minutes = models.PositiveIntegerField(
        _("extra minutes"), null=True, blank=True, help_text=_("Added to the quiz's time limit.")
    )
    time_multiplier = models.DecimalField(
        _("time limit multiplier"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("E.g. 1.5 for half as much time again; instead of extra minutes."),
    )

    class Meta:
        ordering = ["assignment", "student__username"]
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodations")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "student"], name="override_once_per_student"),
            models.CheckConstraint(
                condition=models.Q(extra_minutes__isnull=True) | models.Q(time_multiplier__isnull=True),
                name="override_minutes_or_multiplier",
            ),
            models.CheckConstraint(
                condition=models.Q(time_multiplier__isnull=True) | models.Q(time_multiplier__gt=0),
                name="override_multiplier_pos",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} for {self.student}"


class ReadingProgress(models.Model):
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reading")
    brief = models.ForeignKey("briefs.Brief", on_delete=models.CASCADE, related_name="+")
    first_opened_at = models.DateTimeField(default=timezone.now)
    last_opened_at = models.DateTimeField(default=timezone.now)
    studied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = _("reading progress")
        constraints = [models.UniqueConstraint(fields=["student", "brief"], name="reading_progress_unique")]

    def __str__(self) -> str:
        return f"{self.student} read {self.brief}"


class ProgressReport(models.Model):
    """A weekly report, stored once per recipient and period so it is never sent twice."""

    class Kind(models.TextChoices):
        STUDENT = "student", _("student")
        CLASSROOM = "classroom", _("class")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="progress_reports"
    )
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, null=True, blank=True, related_name="reports")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "period_start"],
                condition=models.Q(kind="student"),
                name="student_report_once_per_period",
            ),
            models.UniqueConstraint(
                fields=["recipient", "classroom", "period_start"],
                condition=models.Q(kind="classroom"),
                name="class_report_once_per_period",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="student", student__isnull=False)
                | models.Q(kind="classroom", classroom__isnull=False),
                name="report_has_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} report for {self.recipient} ({self.period_start})"


class Flashcard(models.Model):
    """One card a student reviews, scheduled with FSRS. Its faces come from what it points at:
    a study item (glossary term, character, timeline event) or a quiz question the student missed."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flashcards")
    study_item = models.ForeignKey(
        "briefs.StudyItem", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    question = models.ForeignKey("quizzes.Question", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # FSRS card state (fsrs.Card fields): learning/review/relearning, step, memory model, next due.
    state = models.PositiveSmallIntegerField(default=1)
    step = models.PositiveSmallIntegerField(null=True, blank=True, default=0)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField(default=timezone.now, db_index=True)
    last_review = models.DateTimeField(null=True, blank=True)
    reviews = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(study_item__isnull=False, question__isnull=True)
                | models.Q(study_item__isnull=True, question__isnull=False),
                name="flashcard_item_xor_question",
            ),
            models.UniqueConstraint(
                fields=["student", "study_item"],
                condition=models.Q(study_item__isnull=False),
                name="flashcard_item_once",
            ),
            models.UniqueConstraint(
                fields=["student", "question"],
                condition=models.Q(question__isnull=False),
                name="flashcard_question_once",
            ),
        ]
        indexes = [models.Index(fields=["student", "due"], name="flashcard_student_due")]

    def __str__(self) -> str:
        return f"card {self.pk} of {self.student} due {self.due:%Y-%m-%d}"


class Announcement(models.Model):
    """A note from a class's teacher to its students: Markdown, kept with its sanitized HTML."""

    classroom = models.ForeignKey(
        Classroom, on_delete=models.CASCADE, related_name="announcements", verbose_name=_("class")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), help_text=_("Markdown: **bold**, *italic*, lists, links."))
    html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        indexes = [models.Index(fields=["classroom", "-created_at"], name="announcement_class_newest")]

    def __str__(self) -> str:
        return self.title


class NotificationKind(models.TextChoices):
    NEW_WORK = "new_work", _("New work (one email a day)")
    DUE_SOON = "due_soon", _("A reminder 24 hours before a due date, for unfinished work")
    ESSAY_MARKED = "essay_marked", _("An essay of mine has been marked")
    ANNOUNCEMENT = "announcement", _("An announcement from my teachers")


class Notification(models.Model):
    """An email to a student about one event: the outbox. The unique (student, kind, key) row is written when
    the event is seen, and the email sent from it later; seen twice, the event makes no second row."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    key = models.CharField(max_length=64)  # the event: "assignment:12", "attempt:7", "announcement:3", a digest's day
    subject = models.CharField(max_length=255)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["student", "kind", "key"], name="notification_once_per_event")]
        indexes = [models.Index(fields=["id"], condition=models.Q(sent_at__isnull=True), name="notification_unsent")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} to {self.student_id}"


class NotificationOptOut(models.Model):
    """A kind of email a user switched off (no row: the kind is on)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_opt_outs")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_opt_out_once")]

    def __str__(self) -> str:
        return f"{self.user_id} off {self.kind}"


# Webhooks live in their own package; imported here so they are this app's models.
from classroom.lti.models import LtiClass, LtiGradeLink, LtiPlatform, LtiScore  # noqa: E402, F401
from classroom.webhooks.models import WebhookDelivery, WebhookEndpoint  # noqa: E402, F401
