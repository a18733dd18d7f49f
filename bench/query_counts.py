"""Query counts of every API endpoint and student page, with 1 and with 50 objects; a Markdown table.

Not a test (tests/api/test_queries.py asserts the limits; this reports the numbers). Runs on a throwaway
SQLite test database with the test settings, and reuses that test module's builders, so the two agree
on what "50 objects" means. Each measurement runs in a transaction that is rolled back.

    .venv/bin/python bench/query_counts.py
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ.pop("DATABASE_URL", None)  # the throwaway in-memory SQLite of the test settings

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from config.permissions import TEACHERS  # noqa: E402

N = 50


def people():
    """A teacher and a student in one class, as the API tests' fixtures make them."""
    from classroom.services import classroom_create, enrollment_join
    from tests.factories import UserFactory

    teacher = UserFactory(username="teach", is_staff=True)
    teacher.groups.add(Group.objects.get(name=TEACHERS))
    student = UserFactory(username="stu")
    classroom = classroom_create(name="Period 1", teacher=teacher)
    enrollment_join(student=student, code=classroom.join_code)
    return student, teacher, classroom


def measure(build, n: int):
    """Queries of one request after `build(n, ...)` made the data; None when the path does not answer 2xx."""
    cache.clear()
    with transaction.atomic():
        student, teacher, classroom = people()
        measured = build(n, student, teacher, classroom)
        transaction.set_rollback(True)
    return measured


def count(client, method: str, path: str, data=None) -> str:
    with CaptureQueriesContext(connection) as ctx:
        call = getattr(client, method)
        response = call(path) if data is None else call(path, data, format="json")
    if response.status_code >= 300:
        return f"({response.status_code})"
    return str(len(ctx.captured_queries))


def api_list(builder):
    def build(n, student, teacher, classroom):
        client, path = builder(n, student, teacher, classroom)
        return count(client, "get", path)

    return build


# ---------------------------------------------------------------- details and the attempt flow


def assigned_quiz(n, classroom):
    """A quiz of n questions, assigned to the student's class: students see only the quizzes assigned to them."""
    from tests.api.test_queries import quiz_of
    from tests.factories import assign

    quiz = quiz_of(n)
    assign(classroom, quiz=quiz)
    return quiz


def quiz_detail(n, student, teacher, classroom):
    from tests.api.test_queries import api

    return count(api(student), "get", f"/api/v1/quizzes/{assigned_quiz(n, classroom).slug}/")


def brief_detail(n, student, teacher, classroom):
    from tests.api.test_queries import api
    from tests.briefs.factories import BriefFactory, StudyItemFactory

    brief = BriefFactory()
    for _ in range(n):
        StudyItemFactory(brief=brief)
    return count(api(student), "get", f"/api/v1/briefs/{brief.slug}/")


def attempt_step(step: str):
    def build(n, student, teacher, classroom):
        from tests.api.test_queries import _attempt_costs, api

        return str(_attempt_costs(api(student), assigned_quiz(n, classroom))[step])

    return build


def me(n, student, teacher, classroom):
    from tests.api.test_queries import api

    return count(api(student), "get", "/api/v1/me/")


def progress(n, student, teacher, classroom):
    from tests.api.test_queries import api, finished_attempt
    from tests.quizzes.factories import QuizFactory

    for _ in range(n):
        finished_attempt(student, QuizFactory())
    return count(api(student), "get", "/api/v1/progress/")


# ---------------------------------------------------------------- pages (session login)


def page(path_of, make, who="student"):
    def build(n, student, teacher, classroom):
        client = Client()
        user = student if who == "student" else teacher
        client.force_login(user)
        return count(client, "get", path_of(make(n, student, teacher, classroom)))

    return build


def make_assignments(n, student, teacher, classroom):
    from tests.api.test_queries import _assign

    _assign(n, classroom, teacher)


def make_brief(n, student, teacher, classroom):
    from tests.briefs.factories import BriefFactory, StudyItemFactory

    brief = BriefFactory()
    for _ in range(n):
        StudyItemFactory(brief=brief)
    return brief


def make_briefs(n, student, teacher, classroom):
    from tests.briefs.factories import BriefFactory

    for _ in range(n):
        BriefFactory()


def make_attempt(n, student, teacher, classroom):
    from quizzes.services import attempt_start

    return attempt_start(student=student, quiz=assigned_quiz(n, classroom))


def make_graded(n, student, teacher, classroom):
    from tests.api.test_queries import finished_attempt
    from tests.quizzes.factories import QuizFactory

    for _ in range(n):
        finished_attempt(student, QuizFactory())


def make_students(n, student, teacher, classroom):
    from classroom.models import Enrollment
    from tests.factories import UserFactory

    for _ in range(n - 1):
        Enrollment.objects.create(student=UserFactory(), classroom=classroom)
    return classroom


def rows():
    from tests.api.test_queries import LISTS

    yield from ((f"GET {b.__name__} (list)", api_list(b), "objects listed") for b in LISTS)
    yield "GET /api/v1/me/", me, "-"
    yield "GET /api/v1/progress/", progress, "graded attempts"
    yield "GET /api/v1/briefs/{slug}/", brief_detail, "study items"
    yield "GET /api/v1/quizzes/{slug}/ (student)", quiz_detail, "questions"
    for step in ("start", "autosave", "detail", "submit", "result"):
        yield f"attempt {step} (API)", attempt_step(step), "questions"
    yield "page / (dashboard)", page(lambda _: "/", make_assignments), "assignments"
    yield "page /briefs/", page(lambda _: "/briefs/", make_briefs), "briefs"
    yield "page /briefs/{slug}/", page(lambda b: f"/briefs/{b.slug}/", make_brief), "study items"
    yield "page /quizzes/{slug}/", page(lambda a: f"/quizzes/{a.quiz.slug}/", make_attempt), "questions"
    yield "page /attempts/{id}/", page(lambda a: f"/attempts/{a.pk}/", make_attempt), "questions"
    yield "page /progress/", page(lambda _: "/progress/", make_graded), "graded attempts"
    yield "page /classes/{id}/ (teacher)", page(lambda c: f"/classes/{c.pk}/", make_students, "teacher"), "students"


def main() -> None:
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    print(f"| endpoint or page | 1 object | {N} objects | objects are |")
    print("|---|---:|---:|---|")
    for label, build, objects in rows():
        try:
            one, many = measure(build, 1), measure(build, N)
        except Exception as exc:  # noqa: BLE001 - a broken row is reported, the table goes on
            one = many = f"error: {type(exc).__name__}"
        flag = "" if one == many else " ⚠"
        print(f"| {label} | {one} | {many}{flag} | {objects} |")


if __name__ == "__main__":
    main()
