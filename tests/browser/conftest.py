"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Without /usr/bin/chromium the browser tests skip with the reason; under CI=true they fail instead, so CI can
never pass by skipping them. Screenshots go to tests/browser/screenshots/ (git-ignored)."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls there unless told it is fine.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PASSWORD = "classroom-demo"


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is missing (Debian package `chromium`)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}: the browser tests must run in CI")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser context (no cookies) on a laptop-sized window; the live server's URL as `page.base`."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.js_errors = errors
    yield page
    context.close()
    assert not errors, f"JavaScript or CSP errors: {errors}"


@pytest.fixture
def demo(transactional_db):
    """The demo content (`load_demo`), plus an ordering question so every answer control is exercised."""
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from config.permissions import TEACHERS
    from quizzes.models import Quiz
    from quizzes.services import quiz_add_questions
    from quizzes.types import Choice, QuestionData

    teachers_may_again(Group.objects.get_or_create(name=TEACHERS)[0])
    call_command("load_demo")
    quiz = Quiz.objects.get(slug="khrushchev-quiz")
    ordering = QuestionData(
        type="ordering",
        prompt="Put these events in order, earliest first.",
        name="Order",
        choices=[Choice("Stalin dies"), Choice("Secret Speech"), Choice("Sputnik 1"), Choice("Khrushchev ousted")],
    )
    quiz_add_questions(quiz=quiz, questions=[ordering])
    return quiz


def teachers_may_again(group) -> None:
    """The Teachers group's grants, as the data migrations give them: a transactional test's flush empties the
    group, and the post_migrate signal that follows makes the permissions but not the grants."""
    import importlib
    from pathlib import Path

    from django.contrib.auth.models import Permission

    for app_label in ("briefs", "quizzes", "classroom"):
        for path in sorted((Path(__file__).resolve().parents[2] / app_label / "migrations").glob("0*.py")):
            module = importlib.import_module(f"{app_label}.migrations.{path.stem}")
            codenames = getattr(module, "CODENAMES", None) or getattr(module, "TEACHER_CODENAMES", None)
            if codenames:
                group.permissions.add(
                    *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
                )


def sign_in(page, username: str = "student", password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_accessible(page, name: str) -> None:
    """axe-core finds no serious or critical violation on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    detail = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in bad]
    assert not bad, f"{name}: {detail}"


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
