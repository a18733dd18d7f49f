"""A teacher generates a quiz from a brief in the admin and reviews it in a real browser: the demo's quiz is
published, so a new draft is offered by slug; each question shows its source passage; swap, drop, publish."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, assert_accessible, no_horizontal_scroll, screenshot

pytestmark = pytest.mark.browser
TIMELINE = "russian-history-iii-khrushchev-era-timeline"


def test_a_teacher_generates_a_new_draft_reviews_it_and_publishes_it(page, demo):
    from django.contrib.auth.models import Group, Permission

    from briefs.models import Brief
    from config.permissions import TEACHERS
    from quizzes.models import Quiz

    # Another transactional test's flush may have emptied the group's permissions that the migrations gave it.
    perms = Permission.objects.filter(content_type__app_label__in=("briefs", "quizzes"))
    Group.objects.get(name=TEACHERS).permissions.add(*perms)

    brief = Brief.objects.get(slug=TIMELINE)
    published = Quiz.objects.get(slug=f"{TIMELINE}-quiz")
    before = list(published.questions.values_list("id", "prompt"))
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("teacher")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(f"/admin/briefs/brief/{brief.pk}/generate-quiz/")
    expect(page.get_by_text("is published or has attempts, so it is left as it is")).to_be_visible()
    assert_accessible(page, "generate")
    page.get_by_role("button", name=f"Generate as a new draft quiz: {TIMELINE}-quiz-2").click()
    page.wait_for_url(re.compile(r"/generated-quiz/\d+/$"))
    draft = Quiz.objects.get(slug=f"{TIMELINE}-quiz-2")
    sections = page.locator("section.generated-question")
    expect(sections).to_have_count(draft.questions.count())
    expect(page.get_by_text("Source passage:")).to_have_count(draft.questions.count())
    assert no_horizontal_scroll(page)
    assert_accessible(page, "review")
    screenshot(page, "generation-review")

    first = sections.first.locator(".prompt").inner_text()
    sections.first.get_by_role("button", name="Another question from this item").click()
    expect(page.get_by_text("The question was swapped for another one.")).to_be_visible()
    assert page.locator("section.generated-question").first.locator(".prompt").inner_text() != first
    count = draft.questions.count()
    page.locator("section.generated-question").last.get_by_role("button", name="Drop").click()
    expect(page.get_by_text("The question was dropped.")).to_be_visible()
    expect(page.locator("section.generated-question")).to_have_count(count - 1)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("can no longer be changed here")).to_be_visible()

    draft.refresh_from_db()
    assert draft.published and list(published.questions.values_list("id", "prompt")) == before
