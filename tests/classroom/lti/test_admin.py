"""The admin registers a platform (issuer, client id, URLs, deployment ids, frame origins) in one form; the first
registration makes the tool's signing key; the keys' "rotate" action publishes a new one beside the old."""

import re

import pytest
from django.urls import reverse
from lti_tool.models import Key, LtiDeployment, LtiRegistration

pytestmark = pytest.mark.django_db


def _inline(prefix: str, rows: list[dict]) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}  # fmt: skip
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{k}": v for k, v in row.items()})
    return data


def test_an_admin_registers_a_platform_with_its_deployments_and_frame_origins(client, admin_user):
    client.force_login(admin_user)
    form = client.get(reverse("admin:lti_tool_ltiregistration_add")).content.decode()
    checkbox = re.search(r'<input[^>]*name="deployments-0-is_active"[^>]*>', form).group()
    assert "checked" in checkbox  # a deployment id an admin types is one they mean to accept
    data = {
        "name": "Canvas", "issuer": "https://canvas.instructure.com", "client_id": "10000000000001",
        "auth_url": "https://sso.canvaslms.com/api/lti/authorize_redirect",
        "token_url": "https://sso.canvaslms.com/login/oauth2/token",
        "keyset_url": "https://sso.canvaslms.com/api/lti/security/jwks", "is_active": "on",
        **_inline("deployments", [{"deployment_id": "1:abc", "is_active": "on"}]),
        **_inline("platform", [{"frame_origins": "https://school.instructure.com"}]),
    }  # fmt: skip
    response = client.post(reverse("admin:lti_tool_ltiregistration_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    registration = LtiRegistration.objects.get()
    assert LtiDeployment.objects.get().deployment_id == "1:abc" and LtiDeployment.objects.get().is_active
    assert registration.platform.frame_origins == "https://school.instructure.com"
    assert Key.objects.active().count() == 1  # made with the first registration
    setup = client.get(reverse("lti_setup"))
    origins = setup["Content-Security-Policy"].split("frame-ancestors ")[1].split(";")[0].split()
    assert origins == ["https://canvas.instructure.com", "https://school.instructure.com", "https://sso.canvaslms.com"]


def test_the_rotate_action_adds_a_key_and_keeps_the_old_one_published(client, admin_user, registration):
    client.force_login(admin_user)
    old = Key.objects.get()
    response = client.post(
        reverse("admin:lti_tool_key_changelist"), {"action": "rotate", "_selected_action": [old.pk]}, follow=True
    )
    assert "New signing key" in response.content.decode()
    assert Key.objects.active().count() == 2
