"""Issue 24 in a real browser at phone width (390 px): brief pages show each thing once with answers hidden,
error pages in the site's layout, the join form on GET, no 404 for a favicon; axe scans on each."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, no_horizontal_scroll, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUIDE = "russian-history-iii-khrushchev-study-guide"
FAQ = "russian-history-iii-khrushchev-faq"


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.missing = missing
    return page


def test_study_guide_and_faq_show_each_thing_once_with_answers_behind_a_button(phone, demo):
    sign_in(phone)
    for slug in (GUIDE, FAQ):
        phone.goto(f"/briefs/{slug}/")
        expect(phone.locator("h1")).to_have_count(1)
        answer = phone.locator("details.qa").first
        expect(answer.locator("p")).to_be_hidden()
        answer.get_by_text("Show the answer").click()
        expect(answer.locator("p")).to_be_visible()
        assert no_horizontal_scroll(phone)
        assert_accessible(phone, f"brief {slug} at 390 px")
    assert not phone.missing, phone.missing  # the favicon included


def test_error_pages_and_the_join_form_at_390_px(phone, demo):
    sign_in(phone)
    from classroom.models import Classroom

    other = Classroom.objects.create(name="Not yours")
    for url, status, text in (
        (f"/classes/{other.pk}/", 404, "Page not found"),
        ("/no-such-page/", 404, "Page not found"),
        (f"/briefs/{GUIDE}/studied/", 405, "This page cannot be opened like that"),
    ):
        response = phone.goto(url)
        assert response.status == status
        expect(phone.get_by_role("heading", level=1)).to_have_text(text)
        expect(phone.get_by_role("link", name="Go to your dashboard")).to_be_visible()
        assert no_horizontal_scroll(phone)
        assert_accessible(phone, f"{status} page")
    phone.goto("/classes/join/")
    expect(phone.get_by_label("Class join code")).to_be_visible()
    assert_accessible(phone, "join page")


def test_flashcard_ratings_show_their_waits_and_pass_axe_at_390_px(phone, demo):
    sign_in(phone)
    phone.goto("/briefs/russian-history-iii-khrushchev-era-timeline/")  # opening a brief makes its cards
    phone.get_by_role("link", name="Study this brief’s flashcards").click()
    phone.get_by_text("Show the answer").click()
    again = phone.get_by_role("button", name=re.compile(r"^Again · \d+ min$"))
    good = phone.get_by_role("button", name=re.compile(r"^Good · \d+ (min|hours?|days?)$"))
    expect(again).to_be_visible()
    expect(good).to_be_visible()
    colours = [b.evaluate("e => getComputedStyle(e).backgroundColor") for b in (again, good)]
    assert colours[0] != colours[1]
    assert no_horizontal_scroll(phone)
    assert_accessible(phone, "study at 390 px")


def test_progress_chart_is_readable_at_390_px_without_hover(phone, demo):
    from classroom.models import User
    from tests.quizzes.factories import choose, one_question_quiz

    student = User.objects.get(username="student")
    for _ in range(3):
        quiz, question, right = one_question_quiz(title="Thaw quiz")
        choose(student, quiz, question, right)
    sign_in(phone)
    phone.goto("/progress/")
    sizes = phone.locator(".chart text.axis").evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
    assert len(sizes) >= 6 and min(sizes) >= 10  # percent and date labels a person can read on a phone
    expect(phone.get_by_role("table", name="Your quiz scores, newest first")).to_be_visible()
    expect(phone.get_by_text("hover")).to_have_count(0)
    assert no_horizontal_scroll(phone)
    assert_accessible(phone, "progress at 390 px")


def test_keep_this_order_answers_an_ordering_question_and_the_dialog_names_the_rest(phone, demo):
    sign_in(phone)
    phone.goto("/quizzes/khrushchev-quiz/")
    phone.get_by_role("button", name="Start the quiz").click()
    phone.wait_for_url(re.compile(r"/attempts/\d+/$"))
    fieldsets = phone.locator("fieldset[data-question]")
    total = fieldsets.count()
    ordering = phone.locator('fieldset[data-type="ordering"]')
    number = ordering.evaluate("fs => [...document.querySelectorAll('fieldset[data-question]')].indexOf(fs) + 1")
    expect(ordering.get_by_text("Not answered yet")).to_be_visible()
    assert_accessible(phone, "attempt at 390 px")

    phone.get_by_role("button", name="Submit answers").click()
    every = ", ".join(str(n) for n in range(1, total + 1))
    expect(phone.locator("[data-confirm-unanswered]")).to_have_text(f"Questions {every} have no answer.")
    phone.get_by_role("button", name="Keep working").click()

    ordering.get_by_role("button", name="Keep this order").click()
    expect(ordering.locator("[data-state]")).to_have_text("Saved")
    expect(ordering.get_by_text("Not answered yet")).to_be_hidden()
    phone.get_by_role("button", name="Submit answers").click()
    rest = ", ".join(str(n) for n in range(1, total + 1) if n != number)
    expect(phone.locator("[data-confirm-unanswered]")).to_have_text(f"Questions {rest} have no answer.")
    phone.get_by_role("button", name="Keep working").click()
    phone.reload()
    expect(ordering.get_by_text("Not answered yet")).to_be_hidden()  # the saved order counts after a reload
