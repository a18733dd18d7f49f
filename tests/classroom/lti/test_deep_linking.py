"""Deep linking: an instructor's launch opens the chooser (their visible quizzes and briefs), and the tool's answer
is a JWT signed with its current key that the simulated platform verifies against the tool's JWKS, with a line item
scored out of the quiz's points. Students may not pick."""

from datetime import timedelta

import jwt
import pytest
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from lti_tool.models import Key

from classroom.lti.services import key_rotate, keys_retire
from classroom.lti.tasks import retire_lti_keys
from config.celery import app as celery_app
from tests.briefs.factories import BriefFactory
from tests.classroom.lti.conftest import lti_quiz
from tests.classroom.lti.platform import DL, INSTRUCTOR, LTI

pytestmark = pytest.mark.django_db
ITEMS = DL + "content_items"


def _answer_jwt(html: str) -> str:
    return html.split('name="JWT" value="', 1)[1].split('"', 1)[0]


def test_the_chooser_answer_is_signed_and_verified_by_the_platform(client, lms, platform):
    quiz, brief = lti_quiz(), BriefFactory(slug="thaw", title="The Thaw", published=True)
    response, _form = lms.launch(client, sub="teacher-1", roles=INSTRUCTOR, deep=True)
    assert response.status_code == 302 and response["Location"] == reverse("lti_chooser")
    page = client.get(reverse("lti_chooser"))
    assert page.status_code == 200 and b"Khrushchev" in page.content and b"The Thaw" in page.content
    answer = client.post(reverse("lti_chooser"), {"item": [f"quiz:{quiz.slug}", f"brief:{brief.slug}"]})
    html = answer.content.decode()
    assert answer.status_code == 200 and f'action="{platform.url("/deep-link-return")}"' in html
    assert f"form-action 'self' {platform.issuer}" in answer["Content-Security-Policy"]
    claims = platform.verify_deep_link(_answer_jwt(html))  # the platform checks signature, issuer, audience
    assert claims[LTI + "message_type"] == "LtiDeepLinkingResponse" and claims[DL + "data"] == "opaque-data"
    quiz_item, brief_item = claims[ITEMS]
    assert quiz_item["custom"] == {"quiz": quiz.slug} and quiz_item["url"] == "http://testserver/lti/launch/"
    assert quiz_item["lineItem"]["scoreMaximum"] == 4 and quiz_item["lineItem"]["label"] == "Khrushchev"
    assert brief_item["custom"] == {"brief": "thaw"} and "lineItem" not in brief_item


def test_after_a_key_rotation_the_new_key_signs_and_the_old_stays_published_until_retired(client, lms, platform):
    lti_quiz()
    old = Key.objects.get()
    new, retired = key_rotate()
    assert retired == 0 and {k["kid"] for k in client.get(reverse("lti_jwks")).json()["keys"]} == {str(old), str(new)}
    platform.tool_jwks = client.get(reverse("lti_jwks")).json()
    lms.launch(client, sub="teacher-1", roles=INSTRUCTOR, deep=True)
    answer = client.post(reverse("lti_chooser"), {"item": ["quiz:khrushchev"]})
    token = _answer_jwt(answer.content.decode())
    assert jwt.get_unverified_header(token)["kid"] == str(new) and platform.verify_deep_link(token)
    assert keys_retire(now=timezone.now() + timedelta(hours=23)) == 0  # within LTI_KEY_RETIRE_AFTER: still there
    assert keys_retire(now=timezone.now() + timedelta(hours=25)) == 1
    assert [k["kid"] for k in client.get(reverse("lti_jwks")).json()["keys"]] == [str(new)]


def test_beat_unpublishes_replaced_keys_every_hour_once_their_time_is_up(client, settings):
    schedule = PeriodicTask.objects.get(task="classroom.retire_lti_keys")
    assert schedule.enabled and (schedule.interval.every, schedule.interval.period) == (1, "hours")
    assert schedule.task in celery_app.tasks
    old = key_rotate()[0]
    new = key_rotate()[0]
    assert retire_lti_keys.delay().get() == 0  # replaced just now: still published
    settings.LTI_KEY_RETIRE_AFTER = timedelta(0)
    assert retire_lti_keys.delay().get() == 1
    assert [k["kid"] for k in client.get(reverse("lti_jwks")).json()["keys"]] == [str(new)]
    assert not Key.objects.get(pk=old.pk).is_active


def test_a_student_cannot_open_the_chooser_nor_answer_for_a_course(client, lms):
    response, _form = lms.launch(client, deep=True)  # a learner's deep-linking launch
    assert response.status_code == 403 and "Only instructors" in response.content.decode()
    lms.launch(client, custom={"quiz": lti_quiz().slug})
    assert client.get(reverse("lti_chooser")).status_code == 403
