"""Webhooks in the admin: a teacher registers an endpoint for their class and sees its secret once, never another
teacher's endpoints or deliveries; the delivery log shows the outcome and sends again."""

import re

import pytest
from django.utils import timezone

from classroom.services import classroom_create
from classroom.webhooks.models import WebhookDelivery, WebhookEndpoint
from classroom.webhooks.services import webhook_endpoint_create

ADD = "/admin/classroom/webhookendpoint/add/"
EVENTS = ["attempt.graded", "report.sent"]


@pytest.fixture
def classes(teacher, other_teacher):
    return classroom_create(name="Mine", teacher=teacher), classroom_create(name="Theirs", teacher=other_teacher)


def test_a_teacher_registers_an_endpoint_and_sees_its_secret_once(client, teacher, classes):
    client.force_login(teacher)
    body = {"url": "https://hooks.example.org/", "events": EVENTS, "classroom": classes[0].pk, "active": "on"}
    response = client.post(ADD, body, follow=True)
    endpoint = WebhookEndpoint.objects.get()
    assert (endpoint.owner, endpoint.classroom, endpoint.events) == (teacher, classes[0], EVENTS)
    assert endpoint.secret in response.content.decode()
    later = client.get(f"/admin/classroom/webhookendpoint/{endpoint.pk}/change/").content.decode()
    assert endpoint.secret not in later and not re.search(r"whsec_\w", later)


@pytest.mark.parametrize("which", ["theirs", "none"])
def test_a_teacher_cannot_register_for_another_class_or_every_class(client, teacher, classes, which):
    client.force_login(teacher)
    classroom = classes[1].pk if which == "theirs" else ""
    body = {"url": "https://hooks.example.org/", "events": EVENTS, "classroom": classroom}
    assert client.post(ADD, body).status_code == 200  # the form again, with its error
    assert not WebhookEndpoint.objects.exists()


def test_each_teacher_sees_only_their_classes_endpoints_and_deliveries(client, teacher, other_teacher, classes):
    mine = webhook_endpoint_create(owner=teacher, url="https://mine.org/", events=EVENTS, classroom=classes[0])
    theirs = webhook_endpoint_create(
        owner=other_teacher, url="https://theirs.org/", events=EVENTS, classroom=classes[1]
    )
    for endpoint in (mine, theirs):
        WebhookDelivery.objects.create(endpoint=endpoint, event="report.sent", payload={}, retry_until=timezone.now())
    client.force_login(teacher)
    endpoints = client.get("/admin/classroom/webhookendpoint/").content
    deliveries = client.get("/admin/classroom/webhookdelivery/").content
    assert b"mine.org" in endpoints and b"theirs.org" not in endpoints
    assert b"mine.org" in deliveries and b"theirs.org" not in deliveries
    assert client.get(f"/admin/classroom/webhookendpoint/{theirs.pk}/change/").status_code == 404


def test_the_delivery_log_shows_the_outcome_and_sends_again(client, admin_user):
    endpoint = webhook_endpoint_create(owner=admin_user, url="https://a.org/", events=EVENTS)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="report.sent", payload={}, status="failed", attempts=21, response_code=503,
        duration_ms=87, retry_until=timezone.now(),
    )  # fmt: skip
    client.force_login(admin_user)
    page = client.get("/admin/classroom/webhookdelivery/").content.decode()
    assert all(text in page for text in ("failed", "503", "87", "21"))
    detail = client.get(f"/admin/classroom/webhookdelivery/{delivery.pk}/change/")
    assert detail.status_code == 200 and endpoint.secret not in detail.content.decode()
    action = {"action": "send_again", "_selected_action": [delivery.pk]}
    client.post("/admin/classroom/webhookdelivery/", action)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.retry_until > timezone.now()) == ("pending", True)


def test_enabling_a_disabled_endpoint_again_clears_its_failures(client, admin_user):
    endpoint = webhook_endpoint_create(owner=admin_user, url="https://a.org/", events=EVENTS)
    WebhookEndpoint.objects.update(active=False, failing_since=timezone.now(), disabled_at=timezone.now())
    client.force_login(admin_user)
    body = {"url": "https://a.org/", "events": EVENTS, "active": "on", "classroom": ""}
    client.post(f"/admin/classroom/webhookendpoint/{endpoint.pk}/change/", body)
    endpoint.refresh_from_db()
    assert (endpoint.active, endpoint.failing_since, endpoint.disabled_at) == (True, None, None)
