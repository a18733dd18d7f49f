"""The webhooks API: the secret is shown once and never again, each teacher sees only their classes' endpoints
and deliveries, bad input is refused with a message, and the lists' query counts stay flat."""

import pytest
from django.utils import timezone

from classroom.webhooks.models import WebhookDelivery, WebhookEndpoint
from classroom.webhooks.services import webhook_endpoint_create
from tests.api.conftest import api

ENDPOINTS, DELIVERIES = "/api/v1/webhooks/endpoints/", "/api/v1/webhooks/deliveries/"


def _register(user, **fields):
    body = {"url": "https://hooks.example.org/in", "events": ["attempt.graded", "report.sent"], **fields}
    return api(user).post(ENDPOINTS, body, format="json")


def test_the_secret_is_in_the_registration_answer_only(teacher, classroom):
    created = _register(teacher, classroom=classroom.pk)
    assert created.status_code == 201, created.content
    secret = created.json()["secret"]
    assert secret.startswith("whsec_") and WebhookEndpoint.objects.get().secret == secret
    endpoint_id = created.json()["id"]
    WebhookDelivery.objects.create(endpoint_id=endpoint_id, event="report.sent", payload={}, retry_until=timezone.now())
    for path in (ENDPOINTS, f"{ENDPOINTS}{endpoint_id}/", DELIVERIES):
        response = api(teacher).get(path)
        assert response.status_code == 200 and secret not in response.content.decode()
        assert b'"secret"' not in response.content


def test_a_registration_is_stored_as_asked(teacher, classroom):
    body = _register(teacher, classroom=classroom.pk, description="LMS sync").json()
    assert {k: body[k] for k in ("url", "events", "classroom", "description", "active")} == {
        "url": "https://hooks.example.org/in", "events": ["attempt.graded", "report.sent"],
        "classroom": classroom.pk, "description": "LMS sync", "active": True,
    }  # fmt: skip
    assert WebhookEndpoint.objects.get().owner == teacher


@pytest.mark.parametrize(
    ("fields", "where"),
    [({"events": []}, "events"), ({"events": ["attempt.deleted"]}, "events"), ({"url": "ftp://x.org/"}, "url"),
     ({"url": "not a url"}, "url")],
)  # fmt: skip
def test_bad_registrations_are_refused_with_a_message(admin_user, fields, where):
    """Events outside the list are a 400 (the schema's enum); a URL Django refuses is a 422 with the reason."""
    response = _register(admin_user, **fields)
    assert response.status_code == (422 if where == "url" else 400) and where in response.json()["detail"].lower()
    assert not WebhookEndpoint.objects.exists()


def test_a_teacher_sees_only_their_classes_endpoints_and_deliveries(
    teacher, classroom, other_teacher, other_classroom, admin_user
):
    ours = webhook_endpoint_create(owner=teacher, url="https://a.org/", events=["report.sent"], classroom=classroom)
    theirs = webhook_endpoint_create(
        owner=other_teacher, url="https://b.org/", events=["report.sent"], classroom=other_classroom
    )
    everything = webhook_endpoint_create(owner=admin_user, url="https://c.org/", events=["report.sent"])
    for endpoint in (ours, theirs, everything):
        WebhookDelivery.objects.create(endpoint=endpoint, event="report.sent", payload={}, retry_until=timezone.now())
    seen = {
        user: ({e["id"] for e in api(user).get(ENDPOINTS).json()["results"]},
               {d["endpoint"] for d in api(user).get(DELIVERIES).json()["results"]})
        for user in (teacher, other_teacher, admin_user)
    }  # fmt: skip
    assert seen[teacher] == ({ours.pk}, {ours.pk})
    assert seen[other_teacher] == ({theirs.pk}, {theirs.pk})
    assert seen[admin_user] == ({ours.pk, theirs.pk, everything.pk},) * 2
    assert api(teacher).get(f"{ENDPOINTS}{theirs.pk}/").status_code == 404
    assert api(teacher).get(f"{ENDPOINTS}{everything.pk}/").status_code == 404


def test_deliveries_filter_by_endpoint_and_status(admin_user):
    first = webhook_endpoint_create(owner=admin_user, url="https://a.org/", events=["report.sent"])
    second = webhook_endpoint_create(owner=admin_user, url="https://b.org/", events=["report.sent"])
    for endpoint, status in ((first, "pending"), (second, "delivered"), (second, "failed")):
        WebhookDelivery.objects.create(
            endpoint=endpoint, event="report.sent", payload={}, status=status, retry_until=timezone.now()
        )
    client = api(admin_user)
    assert client.get(f"{DELIVERIES}?endpoint={second.pk}").json()["count"] == 2
    assert [d["status"] for d in client.get(f"{DELIVERIES}?status=failed").json()["results"]] == ["failed"]
    # Any id the schema allows (an int64), even one no row has, lists nothing; what it does not allow is a 400.
    for unknown in (2**63 - 1, -(2**63)):
        response = client.get(f"{DELIVERIES}?endpoint={unknown}")
        assert (response.status_code, response.json().get("count")) == (200, 0), unknown
    for invalid in ("1.5", "7.1e+217", 2**63, -(2**63) - 1):
        assert client.get(f"{DELIVERIES}?endpoint={invalid}").status_code == 400, invalid


def test_send_again_answers_202_and_makes_the_delivery_pending(teacher, classroom):
    endpoint = webhook_endpoint_create(owner=teacher, url="https://a.org/", events=["report.sent"], classroom=classroom)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="report.sent", payload={}, status="failed", retry_until=timezone.now()
    )
    response = api(teacher).post(f"{DELIVERIES}{delivery.pk}/resend/")
    assert response.status_code == 202
    assert (response.json()["status"], response.json()["message_id"]) == ("pending", delivery.message_id)


def test_the_lists_take_the_same_queries_however_long(admin_user, queries_stay_flat):
    def grow():
        for n in range(10):
            endpoint = webhook_endpoint_create(owner=admin_user, url=f"https://{n}.org/", events=["report.sent"])
            WebhookDelivery.objects.create(
                endpoint=endpoint, event="report.sent", payload={}, retry_until=timezone.now()
            )

    grow()
    for path in (ENDPOINTS, DELIVERIES):
        queries_stay_flat(lambda path=path: api(admin_user).get(path), grow, at_most=6)
