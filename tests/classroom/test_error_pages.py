"""Styled error pages in the site's layout, the join form on GET, a favicon (issue 24, point 9)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import include, path

from tests.factories import ClassroomFactory

pytestmark = pytest.mark.django_db


def in_layout(html: str) -> bool:
    return 'class="top"' in html and 'href="/briefs/"' in html and html.count("<h1") == 1


@override_settings(ROOT_URLCONF=__name__)
def test_a_forbidden_page_is_the_styled_403(client, student):
    """Django's 403 handler renders the site's 403.html (a class page of another class is a 404 since the student
    class page: nothing in the site forbids a signed-in student outright any more)."""
    client.force_login(student)
    response = client.get("/forbidden/")
    html = response.content.decode()
    assert response.status_code == 403 and in_layout(html)
    assert "You cannot open this page" in html and "ask your teacher" in html


def test_a_class_page_of_another_class_is_the_styled_404(client, student):
    client.force_login(student)
    response = client.get(f"/classes/{ClassroomFactory().pk}/")
    assert response.status_code == 404 and in_layout(response.content.decode())


def test_an_unknown_address_gets_the_styled_404_and_the_api_keeps_json(client, student):
    client.force_login(student)
    response = client.get("/nowhere/")
    assert response.status_code == 404 and in_layout(response.content.decode())
    assert "Page not found" in response.content.decode()
    assert client.get("/api/v1/nowhere/").json() == {"detail": "Not found."}


def test_a_get_on_a_post_only_address_gets_the_styled_405(client, student):
    client.force_login(student)
    response = client.get("/briefs/anything/studied/")
    html = response.content.decode()
    assert response.status_code == 405 and response["Allow"] == "POST" and in_layout(html)
    assert "only takes a form sent from the site" in html
    api = client.get("/api/v1/attempts/1/submit/")
    assert api.status_code == 405 and "detail" in api.json()


def boom(request):
    raise RuntimeError("boom")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [path("boom/", boom), path("forbidden/", forbidden), path("", include("config.urls"))]


@override_settings(ROOT_URLCONF=__name__)
def test_a_crash_gets_the_styled_500():
    response = Client(raise_request_exception=False).get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500 and 'class="top"' in html and "Something went wrong on our side" in html


def test_get_classes_join_shows_the_join_form_and_post_still_joins(client, student):
    client.force_login(student)
    classroom = ClassroomFactory()
    page = client.get("/classes/join/", {"code": classroom.join_code})
    html = page.content.decode()
    assert page.status_code == 200 and 'action="/classes/join/"' in html and f'value="{classroom.join_code}"' in html
    assert client.post("/classes/join/", {"code": classroom.join_code}).status_code == 302
    assert classroom.enrollments.filter(student=student).exists()


def test_every_page_names_a_favicon_the_app_serves(client, student):
    client.force_login(student)
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/").content.decode()
    redirect = client.get("/favicon.ico")
    assert redirect.status_code == 301 and redirect["Location"] == "/static/favicon.svg"
