"""The authorization matrix: every endpoint and method × every role.

`student` owns the attempt and is in `teacher`'s class; `other_student` is in `other_teacher`'s
class. Objects a role may not see are a 404 (their existence is not confirmed); actions a role may
never take are a 403; anonymous requests are a 401 except for the token, schema and docs."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from briefs.models import GardenImport
from classroom.models import Assignment, AssignmentOverride, Flashcard, WebhookDelivery
from classroom.services import enrollment_join
from classroom.webhooks.services import webhook_endpoint_create
from quizzes.services import attempt_start, quiz_add_questions
from tests.api.conftest import PASSWORD, api, sample_questions
from tests.briefs.factories import BriefFactory, StudyItemFactory
from tests.factories import UserFactory, assign
from tests.quizzes.factories import QuizFactory

ROLES = ["anonymous", "student", "other_student", "teacher", "other_teacher", "admin"]
STUDENTS = ("student", "other_student")
TEACHERS = ("teacher", "other_teacher", "admin")


def each(status: int, **overrides) -> dict[str, set[int]]:
    """Every signed-in role gets `status` unless overridden; anonymous gets 401."""
    table = {role: {status} for role in ROLES[1:]}
    table.update({role: set(v) if isinstance(v, set | tuple) else {v} for role, v in overrides.items()})
    table.setdefault("anonymous", {401})
    return table


def teachers_only(status: int, other_teacher: int | None = None) -> dict[str, set[int]]:
    """Students are refused (403); a class-scoped action on someone else's class is a 404."""
    overrides = dict.fromkeys(STUDENTS, 403)
    if other_teacher is not None:
        overrides["other_teacher"] = other_teacher
    return each(status, **overrides)


def the_class(status: int) -> dict[str, set[int]]:
    """Reads of the class: its teacher and admins; its own student is refused; anyone else 404."""
    return each(status, student=403, other_student=403, other_teacher=404)


def own_attempt(status: int) -> dict[str, set[int]]:
    """Writes to the attempt: only its student; the class's teacher and admins may read but not answer."""
    return each(status, other_student=404, teacher=403, other_teacher=404, admin=403)


PUBLIC = {role: {200} for role in ROLES}
GIFT = "::Added:: Two and two? {=4 ~5}\n"
WEBHOOK = {"url": "https://hooks.example.org/{role}", "events": ["attempt.graded"]}
AIKEN = "Two and two?\nA. 4\nB. 5\nANSWER: A\n"
NOTE = b"---\ndg-publish: true\npermalink: /matrix/note/\n---\n# A matrix note\n\nSome text.\n"

# (method, path template, body, expected statuses by role)
MATRIX = [
    ("post", "/api/v1/auth/token/", "credentials", PUBLIC),
    ("delete", "/api/v1/auth/token/", None, each(204)),
    ("get", "/api/v1/schema/", None, PUBLIC),
    ("get", "/api/v1/docs/", None, PUBLIC),
    ("get", "/api/v1/redoc/", None, PUBLIC),
    ("get", "/api/v1/me/", None, each(200)),
    ("delete", "/api/v1/me/", None, each(405)),
    ("get", "/api/v1/topics/", None, each(200)),
    ("get", "/api/v1/briefs/", None, each(200)),
    ("get", "/api/v1/briefs/{brief}/", None, each(200)),
    ("get", "/api/v1/briefs/{draft_brief}/", None, each(200, student=404, other_student=404)),
    # A brief kept to the classes it is assigned to: `student`'s class has it, `other_student`'s does not.
    ("get", "/api/v1/briefs/{class_brief}/", None, each(200, other_student=404)),
    ("post", "/api/v1/briefs/import/", "note", teachers_only(202)),
    ("get", "/api/v1/briefs/imports/{garden_import}/", None, teachers_only(200, other_teacher=404)),
    ("get", "/api/v1/quizzes/", None, each(200)),
    ("post", "/api/v1/quizzes/", {"slug": "made-{role}", "title": "New"}, teachers_only(201)),
    # Quizzes are class-scoped: a student of no class the quiz is assigned to does not see it, unless it is open.
    ("get", "/api/v1/quizzes/{quiz}/", None, each(200, other_student=404)),
    ("get", "/api/v1/quizzes/{open_quiz}/", None, each(200)),
    ("get", "/api/v1/quizzes/{draft_quiz}/", None, each(200, student=404, other_student=404)),
    ("patch", "/api/v1/quizzes/{quiz}/", {"description": "Changed"}, teachers_only(200)),
    # A teacher edits what they wrote or what is shared with them (`quiz`, made by a command, is anyone's).
    ("patch", "/api/v1/quizzes/{own_quiz}/", {"description": "Changed"}, teachers_only(200, other_teacher=403)),
    ("patch", "/api/v1/quizzes/{shared_quiz}/", {"description": "Changed"}, teachers_only(200)),
    ("post", "/api/v1/quizzes/{own_quiz}/gift/", {"text": GIFT}, teachers_only(200, other_teacher=403)),
    ("get", "/api/v1/quizzes/{quiz}/statistics/", None, teachers_only(200)),
    ("get", "/api/v1/quizzes/{own_quiz}/statistics/", None, teachers_only(200, other_teacher=403)),
    ("delete", "/api/v1/quizzes/{quiz}/", None, each(405)),
    ("get", "/api/v1/quizzes/{quiz}/gift/", None, teachers_only(200)),
    ("post", "/api/v1/quizzes/{quiz}/gift/", {"text": GIFT}, teachers_only(200)),
    ("post", "/api/v1/quizzes/{quiz}/import/", {"text": AIKEN, "format": "aiken"}, teachers_only(200)),
    ("post", "/api/v1/quizzes/{draft_quiz}/import/", {"text": GIFT}, teachers_only(200)),
    ("post", "/api/v1/quizzes/{quiz}/import/file/", "aiken", teachers_only(200)),
    ("get", "/api/v1/quizzes/{quiz}/moodle-xml/", None, teachers_only(200)),
    ("post", "/api/v1/quizzes/{quiz}/gift/file/", "gift_file", teachers_only(200)),
    # The owning student resumes the attempt they have open; anyone else starts one (a teacher previews).
    ("post", "/api/v1/quizzes/{quiz}/attempts/", {}, each(201, student=200, other_student=404)),
    ("post", "/api/v1/quizzes/{open_quiz}/attempts/", {}, each(201)),
    ("post", "/api/v1/quizzes/{draft_quiz}/attempts/", {}, each(422, student=404, other_student=404)),
    ("get", "/api/v1/attempts/", None, each(200)),
    ("get", "/api/v1/attempts/{attempt}/", None, each(200, other_student=404, other_teacher=404)),
    ("patch", "/api/v1/attempts/{attempt}/", {"responses": []}, own_attempt(200)),
    ("post", "/api/v1/attempts/{attempt}/submit/", {}, own_attempt(202)),
    ("put", "/api/v1/attempts/{attempt}/", {"responses": []}, each(405)),
    ("get", "/api/v1/classes/", None, each(200)),
    ("post", "/api/v1/classes/", {"name": "Period 9"}, teachers_only(201)),
    # Teachers and admins do not become students of a class.
    ("post", "/api/v1/classes/join/", {"code": "{join_code}"}, each(403, student=200, other_student=200)),
    ("post", "/api/v1/classes/join/?unknown", {"code": "NOTACODE"}, each(403, student=404, other_student=404)),
    ("get", "/api/v1/classes/{classroom}/students/", None, the_class(200)),
    ("get", "/api/v1/classes/{classroom}/gradebook/", None, the_class(200)),
    ("get", "/api/v1/classes/{classroom}/gradebook/?format=csv", None, the_class(200)),
    # Announcements: the class's students too; anyone outside the class 404.
    ("get", "/api/v1/classes/{classroom}/announcements/", None, each(200, other_student=404, other_teacher=404)),
    ("get", "/api/v1/assignments/", None, each(200)),
    ("post", "/api/v1/assignments/", {"classroom": "{classroom}", "quiz": "{draft_quiz}"}, teachers_only(201, 404)),
    # Accommodations: a teacher of the class (or an admin), for a student of that class only.
    ("get", "/api/v1/overrides/", None, teachers_only(200)),
    (
        "post",
        "/api/v1/overrides/",
        {"assignment": "{assignment}", "student": "{student}", "extra_minutes": 15},
        teachers_only(201, other_teacher=404),
    ),
    (
        "post",
        "/api/v1/overrides/?elsewhere",
        {"assignment": "{assignment}", "student": "{other_student}", "extra_minutes": 15},
        teachers_only(404, other_teacher=404) | {"admin": {422}},
    ),
    ("get", "/api/v1/overrides/{override}/", None, teachers_only(200, other_teacher=404)),
    (
        "patch",
        "/api/v1/overrides/{override}/",
        {"time_multiplier": 2, "extra_minutes": None},
        teachers_only(200, other_teacher=404),
    ),
    ("delete", "/api/v1/overrides/{override}/", None, teachers_only(204, other_teacher=404)),
    ("get", "/api/v1/progress/", None, each(200)),
    # A student may not look anyone up by id, not even themselves; a teacher only their own students.
    ("get", "/api/v1/progress/?student={student}", None, each(200, other_student=404, other_teacher=404)),
    ("get", "/api/v1/reports/", None, each(200)),
    # Webhooks: admins, and teachers for the classes they teach; endpoints for every class are admins' only.
    ("get", "/api/v1/webhooks/endpoints/", None, teachers_only(200)),
    ("post", "/api/v1/webhooks/endpoints/", WEBHOOK | {"classroom": "{classroom}"}, teachers_only(201, 404)),
    ("post", "/api/v1/webhooks/endpoints/?every-class", WEBHOOK, each(403, admin=201)),
    ("get", "/api/v1/webhooks/endpoints/{webhook_endpoint}/", None, the_class(200)),
    ("delete", "/api/v1/webhooks/endpoints/{webhook_endpoint}/", None, the_class(204)),
    ("get", "/api/v1/webhooks/deliveries/", None, teachers_only(200)),
    ("post", "/api/v1/webhooks/deliveries/{webhook_delivery}/resend/", None, the_class(202)),
    ("get", "/api/v1/study-items/?search=speech", None, each(200)),
    ("post", "/api/v1/briefs/{brief}/studied/", None, each(200)),
    ("post", "/api/v1/briefs/{draft_brief}/studied/", None, each(200, student=404, other_student=404)),
    ("get", "/api/v1/flashcards/", None, each(200)),
    # A card is its student's alone: anyone else's is a 404, whatever their role.
    ("post", "/api/v1/flashcards/{flashcard}/review/", {"rating": "good"}, each(404, student=200)),
]


@pytest.fixture
def world(student, other_student, teacher, other_teacher, admin_user, classroom, other_classroom, quiz):
    attempt = attempt_start(student=student, quiz=quiz)  # the quiz fixture assigned it to `classroom`
    class_brief = BriefFactory(slug="class-brief", assigned_only=True)
    assign(classroom, brief=class_brief)
    assignment = Assignment.objects.get(classroom=classroom, quiz=quiz)
    classmate = UserFactory(username="classmate")
    enrollment_join(student=classmate, code=classroom.join_code)
    override = AssignmentOverride.objects.create(assignment=assignment, student=classmate, extra_minutes=5)
    own_quiz, shared_quiz = _quiz("own-quiz", created_by=teacher), _quiz("shared-quiz", created_by=admin_user)
    shared_quiz.shared_with.add(teacher, other_teacher)
    users = {"student": student, "other_student": other_student, "teacher": teacher,
             "other_teacher": other_teacher, "admin": admin_user}  # fmt: skip
    ids = {
        "brief": BriefFactory(slug="published-brief").slug,
        "draft_brief": BriefFactory(slug="draft-brief", published=False).slug,
        "quiz": quiz.slug,
        "draft_quiz": _quiz("draft-quiz", published=False).slug,
        "open_quiz": _quiz("open-quiz", open_to_all=True).slug,
        "own_quiz": own_quiz.slug,
        "shared_quiz": shared_quiz.slug,
        "class_brief": class_brief.slug,
        "assignment": assignment.pk,
        "override": override.pk,
        "other_student": other_student.pk,
        "attempt": attempt.pk,
        "classroom": classroom.pk,
        "join_code": classroom.join_code,
        "student": student.pk,
        "garden_import": GardenImport.objects.create(created_by=teacher).pk,
        **_webhook(teacher, classroom),
        "flashcard": _flashcard(student).pk,
    }
    return users, ids


def _webhook(teacher, classroom) -> dict[str, int]:
    endpoint = webhook_endpoint_create(owner=teacher, url="https://hooks.example.org/", events=["attempt.graded"],
                                       classroom=classroom)  # fmt: skip
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event="attempt.graded", payload={},
                                              retry_until=endpoint.created_at)  # fmt: skip
    return {"webhook_endpoint": endpoint.pk, "webhook_delivery": delivery.pk}


def _flashcard(student):
    item = StudyItemFactory(kind="term", label="Thaw", text="The easing after Stalin.")
    return Flashcard.objects.create(student=student, study_item=item)


def _quiz(slug: str, **fields):
    quiz = QuizFactory(slug=slug, **fields)
    quiz_add_questions(quiz=quiz, questions=sample_questions()[:1])
    return quiz


def _fill(value, ids: dict, role: str):
    if isinstance(value, str):
        names = {"role": role.replace("_", "-"), **ids}
        if re.fullmatch(r"\{\w+\}", value):  # a lone placeholder keeps its type (ids are numbers)
            return names[value[1:-1]]
        return re.sub(r"\{(\w+)\}", lambda m: str(names.get(m[1], m[0])), value)
    if isinstance(value, dict):
        return {k: _fill(v, ids, role) for k, v in value.items()}
    return value


def _request(role: str, users: dict, method: str, path: str, body):
    client = APIClient() if role == "anonymous" else api(users[role])
    if body == "credentials":
        user = users.get(role, users["student"])
        return client.post(path, {"username": user.username, "password": PASSWORD}, format="json")
    if body == "aiken":
        upload = SimpleUploadedFile("questions.txt", AIKEN.encode(), content_type="text/plain")
        return client.post(path, {"file": upload, "format": "aiken"}, format="multipart")
    if body == "note":
        upload = SimpleUploadedFile("note.md", NOTE, content_type="text/markdown")
        return client.post(path, {"files": [upload]}, format="multipart")
    if body == "gift_file":
        upload = SimpleUploadedFile("quiz.gift", GIFT.encode(), content_type="text/plain")
        return client.post(path, {"file": upload}, format="multipart")
    if body is None:
        return getattr(client, method)(path)
    return getattr(client, method)(path, body, format="json")


CASES = [
    pytest.param(method, path, body, role, expected[role], id=f"{method.upper()} {path} as {role}")
    for method, path, body, expected in MATRIX
    for role in ROLES
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body", "role", "expected"), CASES)
def test_authorization_matrix(world, method, path, body, role, expected):
    users, ids = world
    response = _request(role, users, method, path.format(**ids), _fill(body, ids, role))
    assert response.status_code in expected, (response.status_code, response.content[:300])
    if response.status_code >= 400 and "json" in response.get("Content-Type", ""):
        assert isinstance(response.json().get("detail"), str) and response.json()["detail"]


def test_the_matrix_covers_every_route():
    """A new endpoint or method must be added to the matrix."""
    from django.urls import get_resolver

    from config import api_urls

    covered = {re.sub(r"\{\w+\}", "X", p.split("?")[0]) for _m, p, _b, _e in MATRIX}
    routes = set()
    for pattern in get_resolver(api_urls).url_patterns:
        for sub in getattr(pattern, "url_patterns", [pattern]):
            routes.add("/api/v1/" + re.sub(r"<[^>]+>", "X", str(sub.pattern)))
    assert routes <= covered, routes - covered


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/me/", "/api/v1/attempts/1/", "/api/v1/classes/1/gradebook/?format=csv"])
def test_anonymous_401_is_json_and_asks_for_a_token(path):
    response = APIClient().get(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "credentials" in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_docs_load_their_assets_locally(page):
    html = APIClient().get(page).content.decode()
    assets = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert any("/static/drf_spectacular_sidecar/" in a for a in assets), assets
    assert not [a for a in assets if a.startswith(("http:", "https:", "//"))], assets
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html
    for asset in (a for a in assets if a.startswith("/static/")):
        response = APIClient().get(asset)
        assert response.status_code == 200, asset
