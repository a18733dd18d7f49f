"""What the classroom app does when a model it depends on changes, or the quizzes app says attempts changed.
Connected once, in classroom.apps."""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from rest_framework.authtoken.models import Token

from briefs.signals import brief_audience
from classroom import selectors
from classroom.lti import receivers as lti
from classroom.models import (
    Announcement,
    Assignment,
    AssignmentOverride,
    Classroom,
    Enrollment,
    Flashcard,
    ReadingProgress,
    User,
)
from classroom.services.study import flashcards_for_missed
from classroom.signals import classes_changed, students_changed
from classroom.webhooks import receivers as webhooks
from quizzes.models import Attempt, QuizGrade
from quizzes.signals import attempts_changed, quiz_audience


def student_work_changed(sender, instance, update_fields=None, **kwargs) -> None:
    """An attempt, a grade, a reading record or a flashcard of a student was saved or deleted."""
    if update_fields is not None and set(update_fields) <= {"version"}:
        return  # an autosave: the dashboard shows nothing of it
    students_changed(student_ids=[instance.student_id])


def attempts_done(sender, *, student_ids, graded, **kwargs) -> None:
    """Attempts were submitted or graded in bulk: the students' dashboards change, and each question a graded
    attempt missed becomes a flashcard (shown once the quiz's review policy allows)."""
    students_changed(student_ids=student_ids)
    if graded:  # sent once the grading is committed
        flashcards_for_missed(attempt_ids=graded)


def quizzes_granted(sender, *, user, **kwargs) -> Q:
    """quizzes.signals.quiz_audience: a student may take the quizzes assigned to one of their classes."""
    return selectors.quizzes_assigned_to(student=user)


def briefs_granted(sender, *, user, **kwargs) -> Q:
    """briefs.signals.brief_audience: a student may read the briefs kept to classes assigned to one of theirs."""
    return selectors.briefs_assigned_to(student=user)


def revoke_tokens(sender, instance, created=False, **kwargs) -> None:
    """A password change or reset, or a deactivation, ends the user's API tokens: a token must not outlive the
    password that obtained it. `_password` is set by set_password() until the save that stores it."""
    if not created and (getattr(instance, "_password", None) is not None or not instance.is_active):
        Token.objects.filter(user=instance).delete()


def connect() -> None:
    post_save.connect(revoke_tokens, sender=User, dispatch_uid="classroom-revoke-tokens")
    webhooks.connect()
    lti.connect()
    attempts_changed.connect(attempts_done, dispatch_uid="classroom-attempts-done")
    quiz_audience.connect(quizzes_granted, dispatch_uid="classroom-quiz-audience")
    brief_audience.connect(briefs_granted, dispatch_uid="classroom-brief-audience")
    m2m_changed.connect(classes_changed, sender=Classroom.teachers.through, dispatch_uid="classroom-teachers")
    for signal in (post_save, post_delete):
        for model in (Classroom, Enrollment, Assignment, Announcement, AssignmentOverride):
            signal.connect(classes_changed, sender=model, dispatch_uid=f"classroom-classes-{model.__name__}-{signal}")
        for model in (Attempt, QuizGrade, ReadingProgress, Flashcard):
            uid = f"classroom-student-{model.__name__}-{signal}"
            signal.connect(student_work_changed, sender=model, dispatch_uid=uid)
