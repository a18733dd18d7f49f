"""The classroom's side of taking quizzes: a student starts an attempt under their class's due date, and a teacher
scores the essays of their own students only."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from classroom import selectors
from classroom.models import Enrollment, User
from quizzes.models import Attempt, Quiz, Response
from quizzes.services import attempt_resume_or_start, response_review


def quiz_start(*, student: User, quiz: Quiz, now: datetime | None = None) -> tuple[Attempt, bool]:
    """Start (or resume) the student's attempt at the quiz, its deadline bounded by their due date and their time
    limit (their accommodation's, if any)."""
    due, allowance = selectors.due_and_allowance(student=student, quiz=quiz)
    return attempt_resume_or_start(student=student, quiz=quiz, due=due, now=now, allowance=allowance)


def essay_score(*, reviewer: User, response: Response, score, feedback: str = "") -> Response:
    """A teacher of the student's class (or an admin) scores an essay answer."""
    student_id = response.attempt.student_id
    teaches_student = Enrollment.objects.filter(student_id=student_id, classroom__teachers=reviewer).exists()
    if not (reviewer.is_superuser or teaches_student):
        raise PermissionDenied(_("Only a teacher of this student's class can score their answers."))
    return response_review(response=response, reviewer=reviewer, score=score, feedback=feedback)
