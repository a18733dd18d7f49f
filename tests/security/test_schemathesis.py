"""Schemathesis fuzzes the API against its own OpenAPI schema, in-process (WSGI), as a student and as a
teacher, with every check it has: no server error; every response one the schema documents (status, content type,
headers, body); every request the schema forbids refused, every one it allows accepted (or refused for its content
with a 422: GIFT that does not parse, an answer naming an option the attempt does not show); no method the schema
does not list; nothing used after it was deleted. The examples, coverage and fuzzing phases run per operation; the
stateful phase chains operations (a class created, then its students and gradebook read).

The app is Django's own WSGI handler on the test database. The test runs inside the usual test
transaction, so, like Django's test client, the handler must not close the connection between
requests (`close_old_connections` would end the transaction), and `on_commit` callbacks (grading
queued by a submit) run after each request as they would after a real commit.

Bounded: 25 generated examples per operation and role, plus Schemathesis's examples and coverage
phases (every boundary and invalid value the schema implies), and a few chained scenarios per role; 1-2 minutes on a
loaded 2-core machine."""

import json
import zlib

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import TestCase
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from schemathesis.config import SchemathesisConfig

from briefs.models import Brief
from classroom.models import Classroom, User
from classroom.services import classroom_create, enrollment_join
from config.permissions import TEACHERS
from quizzes.models import Attempt, Quiz
from quizzes.services import attempt_start, attempt_submit
from tests.factories import UserFactory, teachers_group

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

MAX_EXAMPLES = 25
# Every check and phase, as configured by default, but for one status: a body of the right shape whose content cannot
# be accepted is a 422 (config.api.Unprocessable), which the schema declares.
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}},
        "phases": {name: {"enabled": True} for name in ("examples", "coverage", "fuzzing", "stateful")},
    }
)


class InProcessApp:
    """Django's WSGI handler, run inside the test's transaction: each response is read and closed
    here, with `close_old_connections` unhooked, and what the request queued on commit runs then."""

    def __init__(self):
        self.handler = WSGIHandler()

    def __call__(self, environ, start_response):
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = self.handler(environ, start_response)
            body = b"".join(response)
            response.close()  # fires request_finished, as a WSGI server would
        return [body]


@pytest.fixture
def in_process_app():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield InProcessApp()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(db):
    """The demo (class, briefs, quizzes, assignments), a second class the teacher teaches, another
    teacher's class, and attempts: the student's open one and submitted one, and another student's."""
    call_command("load_demo", verbosity=0)
    teacher, student = User.objects.get(username="teacher"), User.objects.get(username="student")
    assert teacher.groups.filter(name=TEACHERS).exists()
    second = classroom_create(name="Period 2 (fuzz)", teacher=teacher)
    enrollment_join(student=student, code=second.join_code)
    stranger = UserFactory(username="stranger", is_staff=True)
    stranger.groups.add(teachers_group())
    outsider = UserFactory(username="outsider")
    enrollment_join(student=outsider, code=classroom_create(name="Elsewhere", teacher=stranger).join_code)
    quizzes = list(Quiz.objects.filter(published=True).order_by("slug"))
    assert len(quizzes) >= 2
    with TestCase.captureOnCommitCallbacks(execute=True):
        attempt_submit(attempt=attempt_start(student=student, quiz=quizzes[1]))
    attempt_start(student=student, quiz=quizzes[0])
    attempt_start(student=outsider, quiz=quizzes[0])
    return {"teacher": teacher, "student": student}


@pytest.fixture
def known_path_values(seeded):
    """Real values for path parameters, by (resource, parameter), so that most cases reach an object
    (the fuzzed values almost never name one) -- ones the user may see and ones they may not."""
    return {
        ("quizzes", "slug"): sorted(Quiz.objects.values_list("slug", flat=True)),
        ("briefs", "slug"): sorted(Brief.objects.values_list("slug", flat=True)),
        ("attempts", "id"): sorted(Attempt.objects.values_list("id", flat=True)),
        ("classes", "id"): sorted(Classroom.objects.values_list("id", flat=True)),
    }


def use_known_path_values(case, known: dict) -> None:
    """Replace most fuzzed path parameters by a known value. Decided by the whole case, so that cases
    differing in their body alone (most of the coverage phase) do not all keep one fuzzed value, and
    deterministically, so that a replayed case sends the same request. A quarter keep the fuzzed
    value, which must then be a JSON 404 (or 400)."""
    if case.meta is not None and case.meta.generation.mode.is_negative:
        return  # a case meant to be refused keeps what it was given
    resource = case.path.removeprefix("/api/v1/").split("/")[0]
    fingerprint = json.dumps(
        [case.path_parameters, case.query, case.body], sort_keys=True, default=lambda o: type(o).__name__
    )
    digest = zlib.crc32(fingerprint.encode())
    for name in case.path_parameters or {}:
        choices = known.get((resource, name))
        if choices and digest % 4:
            case.path_parameters[name] = choices[digest % len(choices)]


@pytest.fixture(params=["student", "teacher"])
def role(request):
    return request.param


@pytest.fixture
def token(seeded, role) -> Token:
    return Token.objects.get_or_create(user=seeded[role])[0]


# Loaded when the module is collected, from the schema view itself (which needs no database).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", InProcessApp(), config=CONFIG)


BOUNDED = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def restore(token: Token) -> None:
    """DELETE /auth/token/ revokes the token: give it back, or every later case is a bare 401."""
    Token.objects.get_or_create(user_id=token.user_id, defaults={"key": token.key})


@schema.parametrize()
@BOUNDED
def test_api_conforms_to_its_schema(case, in_process_app, token, known_path_values):
    use_known_path_values(case, known_path_values)
    try:
        case.call_and_validate(headers={"Authorization": f"Token {token.key}"})
    finally:
        restore(token)


def test_chained_operations_conform_to_the_schema(in_process_app, token, known_path_values):
    """The stateful phase: scenarios that feed one response's ids to the next operations, with every check."""

    class Scenario(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Token {token.key}"}}

        def after_call(self, response, case):
            super().after_call(response, case)
            restore(token)

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            # As call_and_validate does: the checks must know the credentials were ours, not generated.
            case.validate_response(response, additional_checks=additional_checks, headers=kwargs.get("headers"),
                                   transport_kwargs=kwargs, recorder=getattr(self, "recorder", None))  # fmt: skip

    Scenario.run(settings=settings(BOUNDED, max_examples=8, stateful_step_count=6))


def test_an_api_url_no_route_matches_is_a_json_404(client):
    """What the fuzzer found first: `/api/v1/attempts/null,null/` matched no route and got the site's
    HTML 404 page; the API's errors are JSON everywhere. The site keeps its page."""
    response = client.get("/api/v1/attempts/not-a-number/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


def test_a_question_in_a_partial_quiz_update_is_still_validated_whole(seeded):
    """Found by the fuzzer: a PATCH is partial, DRF then skipped the required fields of the nested
    questions too, and a question without `type` was a KeyError (a 500)."""
    client = APIClient()
    client.force_authenticate(seeded["teacher"])
    quiz = Quiz.objects.filter(attempts__isnull=True).first() or Quiz.objects.first()
    response = client.patch(f"/api/v1/quizzes/{quiz.slug}/", {"questions": [{"prompt": "Who?"}]}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "questions.0.type: This field is required."
