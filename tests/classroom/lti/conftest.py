"""A registered simulated platform, and an LMS that launches through the OIDC dance with the Django test client."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from lti_tool.models import Key, LtiDeployment, LtiRegistration

from classroom.lti.services import key_rotate
from quizzes.services import quiz_add_questions
from quizzes.types import Choice, NumericAnswer, QuestionData
from tests.classroom.lti.platform import CLIENT_ID, DEPLOYMENT, Platform
from tests.quizzes.factories import QuizFactory

LAUNCH_URL = "http://testserver/lti/launch/"
QUESTIONS = [
    QuestionData(
        type="single", prompt="Who replaced Khrushchev?", choices=[Choice("Brezhnev", 1), Choice("Suslov", 0)]
    ),
    QuestionData(type="true_false", prompt="Hungary succeeded.", correct=False, points=2),
    QuestionData(type="numerical", prompt="Secret Speech year?", numeric=[NumericAnswer(value=1956)]),
]


def register(platform: Platform) -> LtiRegistration:
    key_rotate()
    registration = LtiRegistration.objects.create(
        name="Test LMS", issuer=platform.issuer, client_id=CLIENT_ID, auth_url=platform.url("/auth"),
        token_url=platform.url("/token"), keyset_url=platform.url("/jwks"),
    )  # fmt: skip
    LtiDeployment.objects.create(registration=registration, deployment_id=DEPLOYMENT, is_active=True)
    platform.tool_jwks = Key.objects.as_jwks()
    return registration


@pytest.fixture
def registration(db, platform):
    return register(platform)


def lti_quiz(slug: str = "khrushchev"):
    quiz = QuizFactory(slug=slug, title="Khrushchev", published=True)
    quiz_add_questions(quiz=quiz, questions=QUESTIONS)
    return quiz


class Lms:
    """What a browser in the LMS does: the login initiation, the platform's answer, the launch POST."""

    def __init__(self, platform: Platform, registration: LtiRegistration):
        self.platform, self.registration = platform, registration

    def login(self, client, secure: bool = False) -> tuple[str, str]:
        url, launch_url = reverse("lti_login", args=[self.registration.uuid]), _launch_url(secure)
        response = client.get(url, self.platform.login_params(launch_url=launch_url), secure=secure)
        assert response.status_code == 302, response.content
        query = parse_qs(urlsplit(response["Location"]).query)
        assert query["redirect_uri"] == [launch_url] and query["client_id"] == [CLIENT_ID]
        return query["state"][0], query["nonce"][0]

    def launch(self, client, *, mutate=None, key=None, deep=False, secure=False, **claims):
        state, nonce = self.login(client, secure)
        body = self.platform.claims(nonce=nonce, launch_url=_launch_url(secure), **claims)
        if deep:
            body = self.platform.deep_linking(body)
        if mutate:
            mutate(body)
        form = {"id_token": self.platform.sign(body, key=key), "state": state}
        return client.post(reverse("lti_launch"), form, secure=secure), form


def _launch_url(secure: bool) -> str:
    return LAUNCH_URL.replace("http:", "https:") if secure else LAUNCH_URL


@pytest.fixture
def lms(platform, registration):
    return Lms(platform, registration)
