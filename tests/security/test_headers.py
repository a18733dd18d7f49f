import pytest
from csp.utils import build_policy


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/", "/healthz"])
def test_security_headers(client, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["script-src"] == "'self'"  # no inline script, no CDN
    assert "unsafe-inline" not in directives["default-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_api_docs_load_every_asset_from_the_app(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert "<script>" not in html  # setup code comes from a URL, not inline
    assert "'unsafe-inline'" not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]


# Every response carries exactly the policy django-csp builds from the settings.


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/healthz", "/api/v1/briefs/"])
def test_site_policy_is_the_one_django_csp_builds(client, path):
    response = client.get(path)
    assert response["Content-Security-Policy"] == build_policy()
    assert "Content-Security-Policy-Report-Only" not in response  # none is configured


@pytest.mark.django_db
def test_a_view_with_its_own_policy_keeps_it(client):
    # The API docs widen style-src with csp_update: that response goes through django-csp.
    directives = _directives(client.get("/api/v1/redoc/")["Content-Security-Policy"])
    assert directives["style-src"] == "'self' 'unsafe-inline'"
    assert directives["worker-src"] == "'self' blob:"
    assert "unsafe-inline" not in _directives(client.get("/accounts/login/")["Content-Security-Policy"])["style-src"]


def _directives(csp: str) -> dict[str, str]:
    return dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())


@pytest.mark.django_db
def test_the_csrf_secret_is_kept_in_the_session_not_renewed_in_a_cookie_on_every_page(student):
    """Pages read the session anyway: the secret is stored there once, at the sign-in, and a page with a form sends
    no cookie and writes no session for it. A post without the page's token is still refused."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/accounts/login/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    signed_in = browser.post("/accounts/login/", {"username": student.username, "password": "pw-Classroom-123",
                                                 "csrfmiddlewaretoken": token})  # fmt: skip
    assert signed_in.status_code == 302 and "csrftoken" not in signed_in.cookies
    with CaptureQueriesContext(connection) as queries:
        shown = browser.get("/briefs/")
    assert 'name="csrfmiddlewaretoken"' in shown.content.decode() and "csrftoken" not in shown.cookies
    assert not [q for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    assert browser.post("/accounts/logout/").status_code == 403
