import pytest
from django.db import connection
from django.test import override_settings

from briefs.models import Brief
from classroom.demo import DEMO_PASSWORD
from classroom.models import Classroom, Enrollment, User
from quizzes.models import Quiz


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] in ("eager", "ok")


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_down(client, settings, monkeypatch):
    from config.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    dead = app.connection_for_write("redis://127.0.0.1:1/0")  # nothing listens on port 1
    monkeypatch.setattr(app, "connection_for_write", lambda: dead)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    def broken(*args, **kwargs):
        raise connection.Database.OperationalError("down")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error: OperationalError"


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_logins_work(client):
    from django.core.management import call_command

    call_command("load_demo")
    call_command("load_demo")
    assert User.objects.filter(username__in=["teacher", "student"]).count() == 2
    teacher = User.objects.get(username="teacher")
    assert teacher.is_teacher
    assert not User.objects.get(username="student").is_teacher
    assert Classroom.objects.filter(teachers=teacher).count() == 1
    assert Enrollment.objects.filter(student__username="student").count() == 1
    classroom = Classroom.objects.get(teachers=teacher)
    assert {str(a.material.slug) for a in classroom.assignments.all()} == {
        "khrushchev-quiz",
        "russian-history-iii-khrushchev-s-rise-to-power-and-leadership-brief",
    }
    assert Quiz.objects.get(slug="khrushchev-quiz").questions.count() == 9
    assert Brief.objects.count() == 4
    generated = Quiz.objects.filter(brief__isnull=False, slug__endswith="-quiz").exclude(slug="khrushchev-quiz")
    assert generated.count() == 4 and all(q.published for q in generated)
    assert sum(q.questions.count() for q in generated) >= 15
    assert client.login(username="student", password=DEMO_PASSWORD)
    assert client.get("/").status_code == 200
    # The demo student sees and may take the class's quiz and the open practice quizzes: every demo quiz.
    for quiz in [Quiz.objects.get(slug="khrushchev-quiz"), *generated]:
        assert client.get(f"/quizzes/{quiz.slug}/").status_code == 200, quiz.slug


@pytest.mark.django_db
def test_admin_login_page_renders(client):
    assert client.get("/admin/login/").status_code == 200


@pytest.mark.django_db
def test_home_requires_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@override_settings(DEBUG=False)
@pytest.mark.django_db
def test_login_page_renders(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content
