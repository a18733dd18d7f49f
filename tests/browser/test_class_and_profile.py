"""The student's class page with announcements, the profile page and the unsubscribe page in a real browser, at a
laptop's width and a 390 px phone's, with accessibility scans."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, no_horizontal_scroll, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _announce(title: str, body: str):
    from classroom.models import Classroom, User
    from classroom.services import announcement_post

    classroom = Classroom.objects.get()
    return announcement_post(author=User.objects.get(username="teacher"), classroom=classroom, title=title, body=body)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_student_opens_their_class_from_the_dashboard_and_reads_its_announcements(page, demo, width):
    _announce("Older note", "Read chapter 1.")
    _announce("Quiz moved to Monday", "Bring a **pen** and the [timeline](https://example.org/t).")
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page)
    expect(page.get_by_role("link", name="Quiz moved to Monday")).to_be_visible()  # the dashboard's latest
    expect(page.get_by_text("Older note")).to_have_count(0)
    page.get_by_role("link", name="Quiz moved to Monday").click()

    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    headings = page.get_by_role("heading", level=3).all_inner_texts()
    assert headings == ["Quiz moved to Monday", "Older note"]  # newest first
    expect(page.locator("article strong", has_text="pen")).to_be_visible()
    expect(page.get_by_text("Khrushchev: objective quiz")).to_be_visible()  # the class's work
    assert no_horizontal_scroll(page)
    assert_accessible(page, f"class page {width}")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_student_edits_their_profile_and_switches_a_kind_of_email_off(page, demo, width):
    from classroom.models import NotificationOptOut, User

    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page)
    page.get_by_role("link", name="Profile").click()
    assert_accessible(page, f"profile {width}")
    assert no_horizontal_scroll(page)
    page.get_by_label("First name").fill("Nina")
    page.get_by_label("Last name").fill("Petrova")
    page.get_by_label("An announcement from my teachers").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.get_by_label("An announcement from my teachers")).not_to_be_checked()
    expect(page.get_by_label("A reminder 24 hours before a due date, for unfinished work")).to_be_checked()
    student = User.objects.get(username="student")
    assert (student.first_name, student.last_name) == ("Nina", "Petrova")
    assert list(NotificationOptOut.objects.filter(user=student).values_list("kind", flat=True)) == ["announcement"]

    page.get_by_label("Old password").fill("wrong")
    page.get_by_label("New password", exact=True).fill("N3w-Secret-pass")
    page.get_by_label("New password confirmation").fill("N3w-Secret-pass")
    page.get_by_role("button", name="Change the password").click()
    expect(page.get_by_text("Your old password was entered incorrectly")).to_be_visible()
    assert_accessible(page, f"profile with errors {width}")


def test_the_unsubscribe_page_works_signed_out_on_a_phone(page, demo):
    from classroom.models import NotificationOptOut, User
    from classroom.services.notifications import unsubscribe_url

    student = User.objects.get(username="student")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/" + unsubscribe_url(user_id=student.pk, kind="due_soon").split("/", 3)[3])
    assert_accessible(page, "unsubscribe")
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Stop these emails").click()
    expect(page.get_by_text("You will no longer get emails for")).to_be_visible()
    assert NotificationOptOut.objects.filter(user=student, kind="due_soon").exists()
