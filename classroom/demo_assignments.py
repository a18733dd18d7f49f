"""Assign the demo brief and quiz to the demo class (after briefs and quizzes are loaded)."""

from datetime import timedelta

from django.utils import timezone

from briefs.models import Brief
from classroom.demo import DEMO_CLASS
from classroom.models import Assignment, Classroom
from quizzes.demo import DEMO_BRIEF, DEMO_QUIZ
from quizzes.models import Quiz


def load_demo() -> None:
    classroom = Classroom.objects.get(name=DEMO_CLASS)
    teacher = classroom.teachers.first()
    now = timezone.now()
    for field, material in (("brief", Brief.objects.get(slug=DEMO_BRIEF)), ("quiz", Quiz.objects.get(slug=DEMO_QUIZ))):
        Assignment.objects.get_or_create(
            classroom=classroom,
            **{field: material},
            defaults={"assigned_by": teacher, "available_from": now, "due_at": now + timedelta(days=14)},
        )
