"""Conventions every endpoint shares: pagination, ordering, filters, JSON errors, throttling."""

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.settings import api_settings
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from quizzes.models import AttemptStatus
from tests.api.conftest import PASSWORD, api
from tests.briefs.factories import BriefFactory, TopicFactory
from tests.factories import UserFactory
from tests.quizzes.factories import AttemptFactory, QuizFactory

# ---------------------------------------------------------------- pagination


@pytest.fixture
def many_briefs(db):
    topic = TopicFactory()
    BriefFactory.create_batch(105, topic=topic)
    BriefFactory.create_batch(3, topic=topic, kind="timeline")


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "size"), [("", 25), ("?page_size=10", 10), ("?page_size=100", 100)])
def test_page_size_is_25_or_up_to_100(many_briefs, student, query, size):
    body = api(student).get(f"/api/v1/briefs/{query}").json()
    assert set(body) >= {"count", "next", "previous", "results"}
    assert body["count"] == 108 and len(body["results"]) == size
    assert body["previous"] is None and body["next"]


@pytest.mark.django_db
@pytest.mark.parametrize("size", ["1000", "0", "-1", "null", "ten", "2.5"])
def test_a_page_size_the_schema_forbids_is_a_400(student, size):
    response = api(student).get("/api/v1/briefs/", {"page_size": size})
    assert response.status_code == 400
    assert response.json()["detail"] == "page_size: A whole number from 1 to 100."


@pytest.mark.django_db
def test_pages_follow_on_and_a_page_past_the_end_is_404(many_briefs, student):
    client = api(student)
    first = client.get("/api/v1/briefs/?page_size=100").json()
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 8 and second["next"] is None and second["previous"]
    assert not {b["slug"] for b in first["results"]} & {b["slug"] for b in second["results"]}
    past = client.get("/api/v1/briefs/?page=99")
    assert past.status_code == 404 and "page" in past.json()["detail"].lower()


# ---------------------------------------------------------------- filters and ordering


@pytest.mark.django_db
def test_briefs_filter_by_kind_and_reject_an_unknown_kind(many_briefs, student):
    client = api(student)
    body = client.get("/api/v1/briefs/?kind=timeline").json()
    assert body["count"] == 3 and {b["kind"] for b in body["results"]} == {"timeline"}
    bad = client.get("/api/v1/briefs/?kind=poem")
    assert bad.status_code == 400 and "poem" in bad.json()["detail"]


@pytest.fixture
def attempts(student, classroom):
    now = timezone.now()
    quizzes = [QuizFactory(title=t) for t in ("Beta", "Alpha", "Gamma")]
    graded = AttemptFactory(
        student=student, quiz=quizzes[0], status=AttemptStatus.GRADED, submitted_at=now, graded_at=now,
        score=1, max_score=2, started_at=now - timezone.timedelta(hours=2),
    )  # fmt: skip
    open_ = AttemptFactory(student=student, quiz=quizzes[1], started_at=now - timezone.timedelta(hours=1))
    AttemptFactory(quiz=quizzes[2])  # someone else's
    return graded, open_


@pytest.mark.django_db
def test_attempts_filter_by_status_and_quiz_and_order(attempts, student):
    graded, open_ = attempts
    client = api(student)
    assert [a["id"] for a in client.get("/api/v1/attempts/?status=graded").json()["results"]] == [graded.pk]
    assert [a["id"] for a in client.get("/api/v1/attempts/?status=in_progress").json()["results"]] == [open_.pk]
    assert [a["id"] for a in client.get(f"/api/v1/attempts/?quiz={open_.quiz.slug}").json()["results"]] == [open_.pk]
    newest_first = [a["id"] for a in client.get("/api/v1/attempts/").json()["results"]]
    assert newest_first == [open_.pk, graded.pk]
    assert [a["id"] for a in client.get("/api/v1/attempts/?ordering=started_at").json()["results"]] == [
        graded.pk,
        open_.pk,
    ]
    bad = client.get("/api/v1/attempts/?status=lost")
    assert bad.status_code == 400 and "lost" in bad.json()["detail"]


@pytest.mark.django_db
def test_quizzes_filter_by_published_and_order(teacher, student):
    QuizFactory(title="Beta"), QuizFactory(title="Alpha"), QuizFactory(title="Draft", published=False)
    client = api(teacher)
    titles = lambda query: [q["title"] for q in client.get(f"/api/v1/quizzes/{query}").json()["results"]]  # noqa: E731
    assert titles("") == ["Alpha", "Beta", "Draft"]
    assert titles("?published=true") == ["Alpha", "Beta"]
    assert titles("?published=false") == ["Draft"]
    assert titles("?ordering=-title") == ["Draft", "Beta", "Alpha"]
    assert client.get("/api/v1/quizzes/?published=null").status_code == 400  # the schema says true or false
    assert [q["title"] for q in api(student).get("/api/v1/quizzes/?published=false").json()["results"]] == []


@pytest.mark.django_db
def test_classes_order_by_name(teacher):
    client = api(teacher)
    for name in ("B class", "A class", "C class"):
        client.post("/api/v1/classes/", {"name": name}, format="json")
    names = lambda query: [c["name"] for c in client.get(f"/api/v1/classes/{query}").json()["results"]]  # noqa: E731
    assert names("") == ["A class", "B class", "C class"]
    assert names("?ordering=-name") == ["C class", "B class", "A class"]


# ---------------------------------------------------------------- errors


def _error(response, status: int) -> str:
    assert response.status_code == status, response.content
    assert "json" in response["Content-Type"]
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail.strip()
    assert "ErrorDetail" not in detail and "{" not in detail and "[" not in detail, detail
    return detail


@pytest.mark.django_db
def test_errors_are_json_with_a_human_message(student, teacher, classroom):
    client = api(student)
    assert "code" in _error(client.post("/api/v1/classes/join/", {}, format="json"), 400)
    assert "credentials" in _error(APIClient().get("/api/v1/me/"), 401)
    assert "teacher" in _error(client.post("/api/v1/classes/", {"name": "Mine"}, format="json"), 403).lower()
    _error(client.get("/api/v1/quizzes/no-such-quiz/"), 404)
    assert "DELETE" in _error(client.delete("/api/v1/me/"), 405)
    assert "name" in _error(api(teacher).post("/api/v1/classes/", {}, format="json"), 400)


@pytest.mark.django_db
def test_a_nested_input_error_names_where_it_is(student, auto_quiz):
    attempt = api(student).post(f"/api/v1/quizzes/{auto_quiz.slug}/attempts/").json()
    bad = {"responses": [{"question": "first", "answer": {}}]}
    detail = _error(api(student).patch(f"/api/v1/attempts/{attempt['id']}/", bad, format="json"), 400)
    assert "responses" in detail and "question" in detail and "integer" in detail


@pytest.mark.django_db
def test_a_malformed_json_body_is_a_400_with_a_message(student):
    response = api(student).generic("POST", "/api/v1/classes/join/", "{not json", content_type="application/json")
    assert "JSON" in _error(response, 400)


@pytest.mark.django_db
def test_an_unsupported_media_type_is_a_415_with_a_message(teacher):
    response = api(teacher).generic("POST", "/api/v1/classes/", "name=X", content_type="text/plain")
    assert "text/plain" in _error(response, 415)


# ---------------------------------------------------------------- throttling


@pytest.fixture
def rates(settings, monkeypatch):
    """Set throttle rates for a test. DRF's throttles copy the rates when first imported, so the class
    attribute is patched along with the setting; the cache (the counters) is cleared by conftest."""

    def set_rates(**rates):
        merged = {"anon": None, "user": None, "token": None, **rates}
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": merged}
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", api_settings.DEFAULT_THROTTLE_RATES)
        assert merged == SimpleRateThrottle.THROTTLE_RATES
        cache.clear()

    return set_rates


@pytest.mark.django_db
def test_the_token_endpoint_is_throttled(rates, student):
    rates(token="3/minute")
    client = APIClient()
    good = {"username": student.username, "password": PASSWORD}
    assert [client.post("/api/v1/auth/token/", good).status_code for _ in range(3)] == [200, 200, 200]
    fourth = client.post("/api/v1/auth/token/", good)
    assert "throttled" in _error(fourth, 429).lower() and int(fourth["Retry-After"]) > 0
    assert client.get("/api/v1/schema/").status_code == 200  # the scope is the token endpoint's only


@pytest.mark.django_db
def test_failed_sign_ins_count_against_the_token_throttle(rates, student):
    rates(token="3/minute")
    client = APIClient()
    bad = {"username": student.username, "password": "guess"}
    assert {client.post("/api/v1/auth/token/", bad).status_code for _ in range(3)} <= {400, 401, 403}
    assert client.post("/api/v1/auth/token/", {"username": "stu", "password": PASSWORD}).status_code == 429


@pytest.mark.django_db
def test_signed_in_users_are_throttled_each_on_their_own(rates, student, other_student):
    rates(user="3/minute")
    client = api(student)
    assert [client.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 200]
    _error(client.get("/api/v1/briefs/"), 429)
    assert api(other_student).get("/api/v1/me/").status_code == 200


@pytest.mark.django_db
def test_anonymous_requests_are_throttled(rates):
    rates(anon="2/minute")
    client = APIClient()
    assert [client.get("/api/v1/schema/?format=json").status_code for _ in range(2)] == [200, 200]
    _error(client.get("/api/v1/schema/?format=json"), 429)
    assert api(UserFactory()).get("/api/v1/schema/?format=json").status_code == 200  # users have their own rate


@pytest.mark.django_db
def test_throttling_is_off_in_the_test_settings(student):
    """The other tests rely on it: hundreds of requests, none refused."""
    client = api(student)
    assert {client.get("/api/v1/me/").status_code for _ in range(50)} == {200}
