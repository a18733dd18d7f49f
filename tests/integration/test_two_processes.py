"""Two gunicorn processes on the same PostgreSQL and Redis, as production runs several: a change made anywhere (here,
in the test's own process, as the admin or a management command would) is seen on the very next request by both."""

import os
import re
import subprocess
import sys
import tempfile
from datetime import timedelta

import pytest
import requests
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.authtoken.models import Token

from classroom.demo import DEMO_PASSWORD
from classroom.models import User
from classroom.services import assignment_create, assignment_save, classroom_create, enrollment_join
from tests.briefs.factories import BriefFactory
from tests.factories import UserFactory, teachers_group
from tests.integration.conftest import ROOT, free_port, terminate, wait_for, worker_env
from tests.quizzes.factories import one_question_quiz


def _serve(port: int) -> subprocess.Popen:
    # DEBUG serves the static files without collectstatic's manifest; all else is as `make run-full` runs it.
    env = worker_env(REDIS_URL=os.environ["REDIS_URL"], DJANGO_DEBUG="true")
    cmd = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
           "--workers", "1", "--threads", "2", "--worker-class", "gthread"]  # fmt: skip
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    proc.log = log
    return proc


def _answers(url: str) -> bool:
    try:
        return requests.get(f"{url}/healthz", timeout=5).status_code == 200
    except requests.RequestException:  # not listening yet, or still starting on a loaded machine
        return False


@pytest.fixture
def servers(real_services, transactional_db, settings):
    """Two server processes: `a` and `b` are their base URLs."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # what the servers check
    if not os.environ.get("REDIS_URL"):
        if settings.CI:
            pytest.fail("CI=true but REDIS_URL is not set: the two-process tests must run in CI")
        pytest.skip("REDIS_URL is not set")
    ports = [free_port(), free_port()]
    procs = [_serve(port) for port in ports]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for proc, url in zip(procs, urls, strict=True):
            if not wait_for(lambda url=url: _answers(url), timeout=60):
                proc.log.seek(0)
                pytest.fail(f"gunicorn at {url} did not start:\n{proc.log.read().decode()[-3000:]}")
        yield urls
    finally:
        for proc in procs:
            terminate(proc)
            proc.log.close()


def sign_in(url: str, username: str, password: str, browser: requests.Session | None = None) -> requests.Session:
    browser = browser or requests.Session()
    form = browser.get(f"{url}/accounts/login/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = {"username": username, "password": password, "csrfmiddlewaretoken": token}
    browser.post(f"{url}/accounts/login/", data=data, headers={"Referer": f"{url}/accounts/login/"})
    return browser


def signed_in(browser: requests.Session, url: str, path: str = "/") -> bool:
    response = browser.get(f"{url}{path}", allow_redirects=False)
    return response.status_code == 200


def token_client(user) -> requests.Session:
    client = requests.Session()
    client.headers["Authorization"] = f"Token {Token.objects.create(user=user).key}"
    return client


def test_a_user_deactivated_by_a_queryset_update_loses_access_in_every_process(servers):
    a, b = servers
    student = UserFactory()
    api = token_client(student)
    browser = sign_in(a, student.username, "pw-Classroom-123")
    assert [api.get(f"{url}/api/v1/me/").status_code for url in servers] == [200, 200]
    assert signed_in(browser, a) and signed_in(browser, b)
    User.objects.filter(pk=student.pk).update(is_active=False)
    assert [api.get(f"{url}/api/v1/me/").status_code for url in servers] == [401, 401]
    assert not signed_in(browser, a) and not signed_in(browser, b)


def test_after_changepassword_signing_in_works_at_once_in_every_process(servers, monkeypatch):
    a, b = servers
    student = UserFactory()
    browser = sign_in(a, student.username, "pw-Classroom-123")
    assert signed_in(browser, b)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "a-New-password-456")
    call_command("changepassword", student.username, stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not signed_in(browser, a) and not signed_in(browser, b)  # the old session ends everywhere
    again = sign_in(b, student.username, "a-New-password-456")
    assert signed_in(again, a) and signed_in(again, b)


def test_a_second_load_demo_signs_nobody_out_and_signing_in_works(servers):
    a, b = servers
    teachers_group()
    call_command("load_demo")
    browser = sign_in(a, "student", DEMO_PASSWORD)
    assert signed_in(browser, b)
    call_command("load_demo")
    assert signed_in(browser, a) and signed_in(browser, b)
    assert signed_in(sign_in(b, "student", DEMO_PASSWORD), a)


def test_a_new_name_shows_on_every_page_of_every_process(servers):
    a, b = servers
    student = UserFactory(first_name="Nadia", last_name="Petrova")
    brief = BriefFactory()
    browser = sign_in(a, student.username, "pw-Classroom-123")
    pages = ["/", f"/briefs/{brief.slug}/", "/study/"]
    for url in servers:
        assert all("Nadia Petrova" in browser.get(f"{url}{path}").text for path in pages)
    User.objects.filter(pk=student.pk).update(last_name="Ivanova")
    for url in servers:
        for path in pages:
            page = browser.get(f"{url}{path}").text
            assert "Nadia Ivanova" in page and "Petrova" not in page, (url, path)


def test_a_due_date_moved_earlier_applies_to_an_open_attempt_in_every_process(servers):
    a, b = servers
    teacher, student = UserFactory(is_staff=True), UserFactory()
    teacher.groups.add(teachers_group())
    classroom = classroom_create(name="Period 1", teacher=teacher)
    enrollment_join(student=student, code=classroom.join_code)
    quiz, question, _right = one_question_quiz()
    now = timezone.now()
    assignment = assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz,
                                   available_from=now - timedelta(days=7), due_at=now + timedelta(days=2))  # fmt: skip
    api = token_client(student)
    attempt = api.post(f"{a}/api/v1/quizzes/{quiz.slug}/attempts/", json={}).json()
    answer = {"responses": [{"question": question.pk, "answer": None}]}
    assert api.patch(f"{b}/api/v1/attempts/{attempt['id']}/", json=answer).status_code == 200

    assignment.due_at = timezone.now() - timedelta(seconds=settings.QUIZ_GRACE_SECONDS + 5)
    assignment_save(assignment=assignment)  # as the admin saves it
    for url in servers:
        shown = api.get(f"{url}/api/v1/attempts/{attempt['id']}/").json()
        assert parse_datetime(shown["deadline"]) == assignment.due_at
    late = api.patch(f"{a}/api/v1/attempts/{attempt['id']}/", json=answer)
    assert late.status_code == 422 and "Time is up" in late.json()["detail"]
    browser = sign_in(b, student.username, "pw-Classroom-123")
    page = browser.get(f"{b}/attempts/{attempt['id']}/").text  # opened late: submitted, the result shows
    assert "data-deadline" not in page
    assert api.get(f"{a}/api/v1/attempts/{attempt['id']}/").json()["status"] != "in_progress"


def test_the_dashboards_flashcard_count_is_the_study_pages_in_every_process(servers):
    a, b = servers
    student = UserFactory()
    brief = BriefFactory()
    brief.items.create(kind="term", position=1, label="Thaw", text="The relaxation of censorship.")
    brief.items.create(kind="character", position=2, label="Mao Zedong", text="Chairman of the CCP.")
    browser = sign_in(a, student.username, "pw-Classroom-123")
    assert _dashboard_cards(browser, b) == 0
    browser.get(f"{a}/briefs/{brief.slug}/")  # opening the brief makes its cards
    for url in servers:
        assert _dashboard_cards(browser, url) == 2
        assert "2 cards due" in browser.get(f"{url}/study/").text


def _dashboard_cards(browser: requests.Session, url: str) -> int:
    page = browser.get(f"{url}/").text
    return int(re.search(r'id="flashcards-due">.*?<p class="big">(\d+)</p>', page, re.S).group(1))
