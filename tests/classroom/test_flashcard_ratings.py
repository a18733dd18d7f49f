"""Flashcards (issue 24, point 7): the rating buttons say when the card comes back (FSRS) and look different; the
dashboard counts what the study page counts; a student can study one brief's deck."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from classroom import flashcards
from classroom.services import reading_record
from tests.classroom.test_flashcards import make_brief

pytestmark = pytest.mark.django_db


def test_each_rating_button_says_when_the_card_comes_back_and_has_its_own_class(client, student):
    reading_record(student=student, brief=make_brief())
    client.force_login(student)
    html = client.get("/study/").content.decode()
    buttons = re.findall(r'<button type="submit" name="rating" value="(\w+)" class="rate rate-(\w+)">(\w+) <span', html)
    assert [(v, c) for v, c, _ in buttons] == [("again", "again"), ("hard", "hard"), ("good", "good"), ("easy", "easy")]
    assert re.search(r"Again <span class=\"after\">· \d+ min</span>", html)
    assert re.search(r"Good <span class=\"after\">· \d+ (min|hours?|days?)</span>", html)


def test_the_waits_grow_from_again_to_easy():
    start = timezone.now()
    new = flashcards.Schedule(1, 0, None, None, start, None)
    waits = flashcards.next_intervals(new, start)
    assert waits["again"] <= waits["hard"] <= waits["good"] <= waits["easy"] and waits["again"] > timedelta(0)


@pytest.mark.parametrize(
    ("delta", "label"),
    [
        (timedelta(seconds=30), "1 min"),
        (timedelta(minutes=10), "10 min"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(hours=5), "5 hours"),
        (timedelta(days=1), "1 day"),
        (timedelta(days=3), "3 days"),
        (timedelta(days=90), "3 months"),
    ],
)
def test_interval_labels(delta, label):
    assert flashcards.interval_label(delta) == label


def test_the_dashboard_count_equals_the_study_pages(client, student):
    reading_record(student=student, brief=make_brief())
    client.force_login(student)
    study = client.get("/study/").content.decode()
    count = int(re.search(r"(\d+) cards? due", study).group(1))
    dashboard = client.get("/").content.decode()
    assert re.search(r'id="flashcards-due">.*?<p class="big">(\d+)</p>', dashboard, re.S).group(1) == str(count)


def test_a_student_studies_one_briefs_deck(client, student):
    first, second = make_brief(), make_brief()
    reading_record(student=student, brief=first)
    reading_record(student=student, brief=second)
    client.force_login(student)
    assert "6 cards due" in client.get("/study/").content.decode()
    one = client.get("/study/", {"brief": first.slug}).content.decode()
    assert "3 cards due" in one and f'name="brief" value="{first.slug}"' in one
    card = re.search(r'action="/study/(\d+)/review/"', one).group(1)
    back = client.post(f"/study/{card}/review/", {"rating": "good", "brief": first.slug})
    assert back["Location"] == f"/study/?brief={first.slug}"
    assert "2 cards due" in client.get(back["Location"]).content.decode()


def test_the_brief_page_links_to_its_deck(client, student):
    brief = make_brief()
    client.force_login(student)
    assert f'href="/study/?brief={brief.slug}"' in client.get(f"/briefs/{brief.slug}/").content.decode()
