"""The teachers' admin in a real browser (issue 23): the home and the gradebook with axe scans, marking an essay
from the gradebook, every page a teacher uses fitting 1,280 px, and the review queue and gradebook on a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, assert_accessible, no_horizontal_scroll, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def admin_sign_in(page, username: str = "teacher") -> None:
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


@pytest.fixture
def marked(demo):
    """The demo student has answered the demo quiz with its key: the essay waits for marking."""
    from classroom.models import Classroom, User
    from tests.quizzes.factories import key_responses, take_attempt

    attempt = take_attempt(User.objects.get(username="student"), demo, key_responses)
    assert attempt.status == "needs_review"
    return {"attempt": attempt, "classroom": Classroom.objects.get(), "quiz": demo}


def test_a_teacher_marks_an_essay_from_the_home_through_the_gradebook(page, marked):
    admin_sign_in(page)
    expect(page.get_by_role("heading", name="Classroom administration")).to_be_visible()
    home = page.locator("#teacher-home")
    expect(home.get_by_role("link", name="1 essay waiting for marking")).to_be_visible()
    expect(home.get_by_role("link", name="Import a GIFT file")).to_be_visible()
    assert no_horizontal_scroll(page)
    assert_accessible(page, "admin home")
    screenshot(page, "admin-home-1280")

    home.get_by_role("link", name="Gradebook").first.click()
    grid = page.locator("#gradebook")
    expect(grid.get_by_role("columnheader", name=re.compile("Khrushchev: objective quiz"))).to_be_visible()
    expect(grid.get_by_text("Waiting for marking")).to_be_visible()
    assert no_horizontal_scroll(page)
    assert_accessible(page, "gradebook")
    screenshot(page, "gradebook-1280")

    grid.get_by_role("link", name="Student").last.click()  # the demo student's row ("Student" is their name)
    page.get_by_role("link", name="Attempt 1").click()
    score = page.get_by_label("Score")
    score.fill(score.get_attribute("max"))  # full marks
    page.get_by_label("Feedback").fill("Well argued.")
    page.get_by_role("button", name="Save scores").click()
    expect(page.get_by_text("1 answer scored.")).to_be_visible()
    assert_accessible(page, "attempt")
    page.get_by_role("link", name="Gradebook").click()
    expect(page.locator("#gradebook").get_by_text("Waiting for marking")).to_have_count(0)
    expect(page.locator("#gradebook .gb-submitted")).to_have_count(1)


def test_every_admin_page_a_teacher_uses_fits_1280_px(page, marked):
    from quizzes.models import Question

    admin_sign_in(page)
    c, q, a = marked["classroom"].pk, marked["quiz"].pk, marked["attempt"].pk
    question = Question.objects.filter(quiz_id=q).first().pk
    urls = [
        "/admin/", "/admin/classroom/classroom/", f"/admin/classroom/classroom/{c}/change/",
        f"/admin/classroom/classroom/{c}/gradebook/", f"/admin/classroom/classroom/{c}/gradebook/attempts/{a}/",
        "/admin/classroom/assignment/", "/admin/classroom/assignment/add/", "/admin/classroom/enrollment/",
        "/admin/quizzes/quiz/", f"/admin/quizzes/quiz/{q}/change/", f"/admin/quizzes/quiz/{q}/preview/",
        f"/admin/quizzes/question/{question}/change/", f"/admin/quizzes/question/add/?quiz={q}&type=matching",
        "/admin/quizzes/quiz/import-gift/", "/admin/quizzes/quiz/generate/", "/admin/quizzes/attempt/",
        f"/admin/quizzes/attempt/{a}/change/", "/admin/quizzes/response/", "/admin/quizzes/response/review/",
        "/admin/quizzes/quizgrade/", "/admin/briefs/brief/", "/admin/briefs/brief/import/",
    ]  # fmt: skip
    for url in urls:
        assert page.goto(url).status == 200, url
        assert no_horizontal_scroll(page), url
    page.goto(f"/admin/quizzes/quiz/{q}/change/")
    screenshot(page, "quiz-change-1280")


def test_the_review_queue_and_the_gradebook_work_on_a_phone(page, marked):
    from classroom.services import assignment_create
    from tests.quizzes.factories import QuizFactory

    classroom = marked["classroom"]
    teacher = classroom.teachers.get()
    for i in range(8):  # a wide grid
        quiz = QuizFactory(title=f"Weekly check {i + 1}: the Thaw and its limits")
        assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
    admin_sign_in(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/admin/quizzes/response/review/")
    assert no_horizontal_scroll(page), "review queue"
    score = page.get_by_role("spinbutton", name="Score")
    expect(score).to_be_visible()
    box = score.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    screenshot(page, "review-queue-390")
    score.fill("0")
    page.get_by_role("button", name="Save scores").click()
    expect(page.get_by_text("1 answer scored.")).to_be_visible()

    page.goto(f"/admin/classroom/classroom/{classroom.pk}/gradebook/")
    assert no_horizontal_scroll(page), "gradebook"
    wrap = page.locator(".gradebook-wrap")
    assert wrap.evaluate("e => e.scrollWidth > e.clientWidth")  # the grid scrolls in its own box
    screenshot(page, "gradebook-390")
