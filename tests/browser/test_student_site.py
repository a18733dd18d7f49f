"""The student site in a real browser: study a brief, take the demo quiz with every answer control, reload,
submit, read the result; a timer that runs out; phone width; accessibility scans."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, no_horizontal_scroll, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BRIEF = "russian-history-iii-khrushchev-s-rise-to-power-and-leadership-brief"


def fieldset(page, prompt: str):
    return page.locator("fieldset[data-question]", has_text=prompt)


def order_of(box) -> list[str]:
    return box.locator(".ord-text").all_inner_texts()


def answer_every_type(page) -> list[str]:
    """Answer one question of each type, the ordering one by keyboard only. Returns the ordering chosen."""
    fieldset(page, "deliver the Secret Speech").get_by_label("Your answer (a number)").fill("1956")
    fieldset(page, "Party Congress").get_by_label("Your answer").fill("20th")
    fieldset(page, "replaced Khrushchev").get_by_label("Leonid Brezhnev").check()
    fieldset(page, "Hungarian Revolution").get_by_label("False").check()
    anti_party = fieldset(page, "Anti-Party Group")
    for name in ("Georgy Malenkov", "Vyacheslav Molotov", "Lazar Kaganovich"):
        anti_party.get_by_label(name).check()
    matching = fieldset(page, "Match each person")
    matching.get_by_label("Mao Zedong").select_option(label="Chairman of the Chinese Communist Party")
    matching.get_by_label("John F. Kennedy").select_option(label="U.S. President during the Cuban Missile Crisis")
    fieldset(page, "lasting effect").get_by_label("Your answer").fill("The Gulag was emptied.")

    ordering = fieldset(page, "Put these events in order")
    before = order_of(ordering)
    last = before[-1]
    # Keyboard only: focus the last item's "up" button and press Enter; focus stays on the moved item.
    ordering.get_by_role("button", name=f"Move “{last}” up").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    after = order_of(ordering)
    assert after[-3] == last and after != before
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert last in focused
    expect(ordering.locator("[data-order-live]")).to_contain_text("moved to position")
    return after


def test_student_studies_a_brief_and_takes_the_demo_quiz(page, demo):
    sign_in(page)
    expect(page.get_by_role("heading", name="Your assignments")).to_be_visible()
    expect(page.get_by_text("Khrushchev: objective quiz")).to_be_visible()
    assert_accessible(page, "dashboard")

    page.get_by_role("link", name="Leadership of Nikita Khrushchev").first.click()
    expect(page.get_by_role("heading", name="Contents")).to_be_visible()
    expect(page.locator("#aid-quotes blockquote").first).to_be_visible()
    assert_accessible(page, "brief")
    page.get_by_role("button", name="Mark as studied").click()
    expect(page.get_by_text(re.compile("Studied on"))).to_be_visible()
    screenshot(page, "brief-1280")

    page.get_by_role("link", name="Khrushchev: objective quiz").click()
    expect(page.get_by_role("heading", name="Before you start")).to_be_visible()
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))

    order = answer_every_type(page)
    page.keyboard.press("Tab")  # leave the last text field so its change is saved at once
    expect(page.locator("[data-save-status]")).to_have_text("All answers saved", timeout=15_000)
    expect(fieldset(page, "replaced Khrushchev").locator("[data-state]")).to_have_text("Saved")
    assert_accessible(page, "attempt")

    page.reload()
    expect(fieldset(page, "deliver the Secret Speech").get_by_label("Your answer (a number)")).to_have_value("1956")
    expect(fieldset(page, "Party Congress").get_by_label("Your answer")).to_have_value("20th")
    expect(fieldset(page, "replaced Khrushchev").get_by_label("Leonid Brezhnev")).to_be_checked()
    expect(fieldset(page, "Hungarian Revolution").get_by_label("False")).to_be_checked()
    expect(fieldset(page, "Anti-Party Group").get_by_label("Lazar Kaganovich")).to_be_checked()
    expect(fieldset(page, "Match each person").get_by_label("Mao Zedong")).to_have_value(re.compile(r"\d+"))
    expect(fieldset(page, "lasting effect").get_by_label("Your answer")).to_have_value("The Gulag was emptied.")
    assert order_of(fieldset(page, "Put these events in order")) == order

    page.get_by_role("button", name="Submit answers").click()
    dialog = page.get_by_role("dialog", name="Submit your answers?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("You answered 8 of 10 questions.")
    dialog.get_by_role("button", name="Keep working").click()
    expect(dialog).to_be_hidden()
    page.get_by_role("button", name="Submit answers").click()
    dialog.get_by_role("button", name="Submit").click()

    expect(page.get_by_role("heading", name=re.compile("^Result:"))).to_be_visible(timeout=15_000)
    expect(page.locator(".score-card .big")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("Correct answer").first).to_be_visible()
    assert_accessible(page, "result")
    screenshot(page, "result-1280")


def test_a_timed_quiz_submits_itself_when_time_runs_out(page, demo):
    from quizzes.models import Attempt, AttemptStatus

    demo.time_limit = timedelta(seconds=6)
    demo.save()
    sign_in(page)
    page.goto(f"/quizzes/{demo.slug}/")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))
    expect(page.locator("[data-timer]")).to_have_text(re.compile(r"^0:0\d$"))
    fieldset(page, "replaced Khrushchev").get_by_label("Leonid Brezhnev").check()
    expect(page.get_by_role("heading", name=re.compile("^Result:"))).to_be_visible(timeout=20_000)
    attempt = Attempt.objects.get(quiz=demo)
    assert attempt.status != AttemptStatus.IN_PROGRESS
    assert attempt.responses.filter(answer__isnull=False).count() == 1  # the answer given before time ran out


def test_pages_fit_a_360_px_phone(page, demo):
    from quizzes.models import Attempt

    page.set_viewport_size({"width": 360, "height": 780})
    sign_in(page)
    urls = ["/", "/briefs/", f"/briefs/{BRIEF}/", "/briefs/russian-history-iii-khrushchev-era-timeline/",
            f"/quizzes/{demo.slug}/", "/progress/"]  # fmt: skip
    for url in urls:
        page.goto(url)
        assert no_horizontal_scroll(page), url
    page.goto(f"/briefs/{BRIEF}/")
    screenshot(page, "brief-360")

    page.goto(f"/quizzes/{demo.slug}/")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))
    assert no_horizontal_scroll(page), "attempt"
    screenshot(page, "attempt-360")

    attempt = Attempt.objects.get(quiz=demo)
    page.get_by_role("button", name="Submit answers").click()
    page.get_by_role("dialog").get_by_role("button", name="Submit").click()
    page.wait_for_url(f"**/attempts/{attempt.pk}/")
    expect(page.get_by_role("heading", name=re.compile("^Result:"))).to_be_visible()
    assert no_horizontal_scroll(page), "result"


def test_a_student_signs_up_with_a_join_code_and_sees_the_class_work(page, demo):
    from classroom.models import Classroom

    code = Classroom.objects.get().join_code
    page.goto("/accounts/signup/")
    assert_accessible(page, "signup")
    page.get_by_label("First name").fill("Nina")
    page.get_by_label("Last name").fill("Student")
    page.get_by_label("Username").fill("newstudent")
    page.get_by_label("Email").fill("new@example.org")
    page.get_by_label("Password", exact=True).fill("Tr1cky-Pass!")
    page.get_by_label("Password again").fill("Tr1cky-Pass!")
    page.get_by_label("Class join code").fill(code.lower())
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_text("Welcome!")).to_be_visible()
    expect(page.get_by_text("Khrushchev: objective quiz")).to_be_visible()


def start_demo_quiz(page, demo):
    sign_in(page)
    page.goto(f"/quizzes/{demo.slug}/")
    page.get_by_role("button", name=re.compile("Start the quiz|Resume attempt")).click()
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))


def test_a_failed_save_says_so_and_retries(page, demo):
    start_demo_quiz(page, demo)
    page.route("**/save/", lambda route: route.abort())  # the network drops
    fieldset(page, "replaced Khrushchev").get_by_label("Leonid Brezhnev").check()
    expect(page.locator("[data-save-status]")).to_have_text("Not saved — retry")
    expect(fieldset(page, "replaced Khrushchev").locator("[data-state]")).to_have_text("Not saved — retry")
    page.unroute("**/save/")
    page.get_by_role("button", name="Retry").click()
    expect(page.locator("[data-save-status]")).to_have_text("All answers saved")
    expect(fieldset(page, "replaced Khrushchev").locator("[data-state]")).to_have_text("Saved")


def test_a_second_tab_is_told_to_reload(page, demo):
    start_demo_quiz(page, demo)
    other = page.context.new_page()
    other.goto(page.url)
    fieldset(page, "replaced Khrushchev").get_by_label("Leonid Brezhnev").check()
    expect(page.locator("[data-save-status]")).to_have_text("All answers saved")
    fieldset(other, "Hungarian Revolution").get_by_label("False").check()  # this copy's version is now stale
    alert = other.get_by_role("alert")
    expect(alert).to_contain_text("changed in another tab or window")
    alert.get_by_role("link", name="Reload the page").click()
    expect(fieldset(other, "replaced Khrushchev").get_by_label("Leonid Brezhnev")).to_be_checked()
