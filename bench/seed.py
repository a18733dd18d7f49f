"""Seed the benchmark database (after `migrate` and `load_demo`) and write the fixtures locust reads.

Not a test. bench/run.py runs it with the bench settings:

    .venv/bin/python bench/seed.py FIXTURES.json --students 10000 --sim-steps 500,1000,2000

Adds 50 generated briefs (10 with a published quiz), a class of 200 students who can log in, and a
pool of students with API tokens, each holding an open attempt of the submit quiz; plus one quiz
per step of the simultaneous-quiz scenario, so every step starts on a quiz nobody has attempted.
Rows that the benchmark only needs to exist are bulk-created; the first attempt of the submit quiz is
started through the service and the others copy its layout, which is what the service would store."""

import argparse
import json
import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

import django  # noqa: E402

django.setup()

from bench_import import note  # noqa: E402 - the import benchmark's note generator
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from briefs.models import Brief  # noqa: E402
from briefs.services import garden_import  # noqa: E402
from classroom.models import Assignment, Classroom, Enrollment, User  # noqa: E402
from quizzes.demo import DEMO_BRIEF, DEMO_GIFT, DEMO_QUIZ  # noqa: E402
from quizzes.models import Attempt, Quiz  # noqa: E402
from quizzes.services import attempt_start, quiz_generate_from_brief, quiz_import_gift  # noqa: E402

PASSWORD = "bench-classroom-pass"  # noqa: S105 - throwaway accounts in the throwaway bench database
CLASS_SIZE = 200
BRIEFS, QUIZZED_BRIEFS = 50, 10
POOL_CLASS = 500  # pool students sit in classes of this size, so a start looks up a real assignment


def seed_briefs() -> list[Brief]:
    with tempfile.TemporaryDirectory() as folder:
        for i in range(BRIEFS):
            (Path(folder) / f"note-{i}.md").write_text(note("seed", i), encoding="utf-8")
        garden_import(paths=[folder])
    briefs = list(Brief.objects.filter(permalink__startswith="/bench-seed/").order_by("id"))
    for brief in briefs[:QUIZZED_BRIEFS]:
        quiz_generate_from_brief(brief=brief, publish=True)
    return briefs


def gift_quiz(slug: str, title: str) -> Quiz:
    """A published copy of the demo GIFT quiz (every question type), unlimited attempts, no time limit."""
    quiz = Quiz.objects.create(slug=slug, title=title, published=True, brief=Brief.objects.get(slug=DEMO_BRIEF))
    quiz_import_gift(quiz=quiz, text=DEMO_GIFT.read_text(encoding="utf-8"))
    return quiz


def make_students(prefix: str, count: int, password_hash: str) -> list[User]:
    users = User.objects.bulk_create(
        User(username=f"{prefix}{n}", email=f"{prefix}{n}@bench.invalid", password=password_hash) for n in range(count)
    )
    Token.objects.bulk_create(Token(user=u, key=Token.generate_key()) for u in users)
    return users


def make_class(name: str, teacher: User, students: list[User], material: list) -> Classroom:
    classroom = Classroom.objects.create(name=name)
    classroom.teachers.add(teacher)
    Enrollment.objects.bulk_create(Enrollment(student=s, classroom=classroom) for s in students)
    now = timezone.now()
    Assignment.objects.bulk_create(
        Assignment(classroom=classroom, assigned_by=teacher, available_from=now, due_at=now + timedelta(days=7), **m)
        for m in material
    )
    return classroom


def open_attempts(quiz: Quiz, students: list[User]) -> list[int]:
    """One open attempt per student: the first through the service, the rest with its layout."""
    first = attempt_start(student=students[0], quiz=quiz)
    copies = Attempt.objects.bulk_create(
        Attempt(student=s, quiz=quiz, number=1, started_at=first.started_at, deadline=first.deadline,
                layout=first.layout, max_score=first.max_score)
        for s in students[1:]
    )  # fmt: skip
    return [first.id, *(a.id for a in copies)]


def tokens_of(users: list[User]) -> list[str]:
    keys = dict(Token.objects.filter(user__in=users).values_list("user_id", "key"))
    return [keys[u.id] for u in users]


@transaction.atomic
def seed(students: int, sim_steps: list[int]) -> dict:
    briefs = seed_briefs()
    teacher = User.objects.get(username="teacher")
    demo_quiz = Quiz.objects.get(slug=DEMO_QUIZ)
    autosave_quiz = gift_quiz("bench-autosave", "Bench: autosave")
    submit_quiz = gift_quiz("bench-submit", "Bench: submit")
    sim_quizzes = {n: gift_quiz(f"bench-sim-{n}", f"Bench: {n} students at once") for n in sim_steps}
    material = [{"brief": Brief.objects.get(slug=DEMO_BRIEF)}, {"quiz": demo_quiz}, {"quiz": autosave_quiz}]
    material += [{"brief": b} for b in briefs[:10]] + [{"quiz": q} for q in Quiz.objects.filter(brief__in=briefs)]
    klass = make_students("bench-s", CLASS_SIZE, make_password(PASSWORD))
    make_class("Bench class", teacher, klass, material)
    pool = make_students("bench-p", students, "!")  # token only: an unusable password
    for start in range(0, students, POOL_CLASS):
        sim_material = [{"quiz": submit_quiz}, *({"quiz": q} for q in sim_quizzes.values())]
        make_class(f"Bench pool {start // POOL_CLASS}", teacher, pool[start : start + POOL_CLASS], sim_material)
    return {
        "brief": DEMO_BRIEF,
        "quiz": DEMO_QUIZ,
        "autosave_quiz": autosave_quiz.slug,
        "password": PASSWORD,
        "class_students": [u.username for u in klass],
        "class_tokens": tokens_of(klass),
        "submit_pool": list(zip(tokens_of(pool), open_attempts(submit_quiz, pool), strict=True)),
        "pool_tokens": tokens_of(pool),
        "sim_quizzes": {str(n): q.slug for n, q in sim_quizzes.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("fixtures", type=Path)
    parser.add_argument("--students", type=int, default=10000, help="pool students with tokens")
    parser.add_argument("--sim-steps", default="250,500,1000,2000,3000,5000")
    args = parser.parse_args()
    steps = [int(n) for n in args.sim_steps.split(",") if n]
    fixtures = seed(max([args.students, *steps]), steps)
    args.fixtures.write_text(json.dumps(fixtures), encoding="utf-8")
    print(f"seeded: {Brief.objects.count()} briefs, {Quiz.objects.count()} quizzes, {User.objects.count()} users")


if __name__ == "__main__":
    main()
