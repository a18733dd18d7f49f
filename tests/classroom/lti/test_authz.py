"""The LTI endpoints × every role (the pages' authorization matrix, like tests/api/test_authz.py for the API): the
JWKS is public; login initiation and launch are for LMSs (a request without their parameters is refused, whoever
sends it); the chooser needs an instructor's deep-linking launch in the session; the setup page is for admins."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from lti_tool.models import Key

ROLES = ["anonymous", "student", "teacher", "admin"]


def _statuses(**by_role) -> dict[str, int]:
    return {role: by_role.get(role, by_role.get("default")) for role in ROLES}


MATRIX = [
    ("get", "lti_jwks", _statuses(default=200)),
    ("post", "lti_jwks", _statuses(default=405)),
    ("get", "lti_login", _statuses(default=400)),  # no iss / login_hint: not an LMS
    ("put", "lti_login", _statuses(default=405)),
    ("get", "lti_launch", _statuses(default=405)),
    ("post", "lti_launch", _statuses(default=403)),  # no id_token: refused by the library
    ("get", "lti_chooser", _statuses(anonymous=302, default=403)),  # signed in, but no deep-linking launch
    ("post", "lti_chooser", _statuses(anonymous=302, default=403)),
    ("get", "lti_setup", _statuses(anonymous=302, student=302, teacher=403, admin=200)),  # 403: no redirect loop
]


@pytest.mark.parametrize(("method", "name", "expected"), MATRIX, ids=[f"{m} {n}" for m, n, _e in MATRIX])
def test_lti_authorization_matrix(client, student, teacher, admin_user, registration, method, name, expected):
    users = {"anonymous": None, "student": student, "teacher": teacher, "admin": admin_user}
    args = [registration.uuid] if name == "lti_login" else []
    for role, user in users.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = getattr(client, method)(reverse(name, args=args))
        assert response.status_code == expected[role], (role, response.content[:300])


def test_the_setup_page_shows_what_to_paste_into_the_lms(client, admin_user, registration):
    client.force_login(admin_user)
    page = client.get(reverse("lti_setup")).content.decode()
    for url in ("/lti/launch/", "/lti/jwks/", f"/lti/login/{registration.uuid}/", "classroom-tool", "deployment-1"):
        assert url in page


def test_the_rotate_command_publishes_a_new_key_and_keeps_the_old_one(db, registration, capsys):
    call_command("lti_rotate_keys")
    assert Key.objects.active().count() == 2 and "New signing key" in capsys.readouterr().out
    call_command("lti_rotate_keys", "--retire-only")
    assert Key.objects.active().count() == 2  # replaced a moment ago: still published
