"""What LTI adds to django-lti's models: where a platform may frame us, which class an LMS course is, which line
item a student's quiz grades go to, and the outbox of score posts. Imported by classroom.models, so they are the
classroom app's models and its migrations."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from lti_tool.models import LtiContext, LtiRegistration, LtiResourceLink, LtiUser


class LtiPlatform(models.Model):
    """A registration's frame origins: the LMS pages that may show ours in an iframe (CSP frame-ancestors). The
    issuer's and the authorisation URL's origins always may; Canvas frames from the school's own domain."""

    registration = models.OneToOneField(LtiRegistration, on_delete=models.CASCADE, related_name="platform")
    frame_origins = models.TextField(
        _("frame origins"), blank=True, help_text=_("Extra origins, one per line, e.g. https://school.instructure.com")
    )

    class Meta:
        verbose_name = _("LTI frame origins")
        verbose_name_plural = _("LTI frame origins")

    def __str__(self) -> str:
        return str(self.registration)


class LtiClass(models.Model):
    """An LMS course (context) as one of our classes: its instructors teach it, its learners are enrolled."""

    context = models.OneToOneField(LtiContext, on_delete=models.CASCADE, related_name="lti_class")
    classroom = models.OneToOneField("classroom.Classroom", on_delete=models.CASCADE, related_name="lti_class")

    class Meta:
        verbose_name = _("LMS course")
        verbose_name_plural = _("LMS courses")

    def __str__(self) -> str:
        return str(self.classroom)


class LtiGradeLink(models.Model):
    """A student launched a quiz from this resource link: their graded attempts at it go to its line item."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    quiz = models.ForeignKey("quizzes.Quiz", on_delete=models.CASCADE, related_name="+")
    resource_link = models.ForeignKey(LtiResourceLink, on_delete=models.CASCADE, related_name="grade_links")
    lti_user = models.ForeignKey(LtiUser, on_delete=models.CASCADE, related_name="+")
    # Blank until the tool has made its own line item (at the first score) when the launch named none.
    lineitem_url = models.URLField(_("line item"), max_length=500, blank=True)
    lineitems_url = models.URLField(_("line items"), max_length=500, blank=True)
    scopes = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["student", "resource_link"], name="lti_grade_link_unique")]
        indexes = [models.Index(fields=["student", "quiz"], name="lti_grade_link_student_quiz")]

    def __str__(self) -> str:
        return f"{self.student_id} {self.quiz_id} → {self.lineitem_url}"


class LtiScore(models.Model):
    """One grade of one attempt for one line item (the outbox): written in the grading's transaction, posted until
    the platform takes it. A new grade of the same attempt (an essay marked, a regrade) is a new version."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    link = models.ForeignKey(LtiGradeLink, on_delete=models.CASCADE, related_name="scores")
    attempt = models.ForeignKey("quizzes.Attempt", on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(_("grade version"))
    score_given = models.FloatField(null=True, blank=True)
    score_maximum = models.FloatField()
    grading_progress = models.CharField(max_length=20)
    timestamp = models.DateTimeField(default=timezone.now)  # the score's, the same at each try: a repeat is the same
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("tries"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    leased_until = models.DateTimeField(null=True, blank=True)
    retry_until = models.DateTimeField()
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("LTI score")
        verbose_name_plural = _("LTI scores")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "link", "version"], name="lti_score_once_per_version"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="lti_score_due")]

    def __str__(self) -> str:
        return f"attempt {self.attempt_id} v{self.version} → {self.link.lineitem_url}"
