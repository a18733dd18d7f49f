"""The progress chart (issue 24, point 10): a date axis and a percent axis, no "hover", and a table of the same
data for screen readers."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from classroom.views.progress import score_chart

pytestmark = pytest.mark.django_db


def history(n):
    start = timezone.now() - timedelta(days=30)
    return [(start + timedelta(days=3 * i), 100.0 * (i % 3) / 2, i) for i in range(n)]


def test_the_chart_has_dates_first_middle_and_last_and_percent_labels():
    chart = score_chart(history(5), {i: f"Quiz {i}" for i in range(5)})
    assert [g["label"] for g in chart["grid"]] == ["0%", "25%", "50%", "75%", "100%"]
    points = chart["points"]
    assert [d["label"] for d in chart["dates"]] == [points[0]["at"], points[2]["at"], points[4]["at"]]
    assert [d["anchor"] for d in chart["dates"]] == ["start", "middle", "end"]
    one = score_chart(history(1), {})
    assert [d["anchor"] for d in one["dates"]] == ["middle"]


def test_the_progress_page_draws_axes_and_a_table_without_hover(client, student):
    from tests.quizzes.factories import choose, one_question_quiz

    for _ in range(2):
        quiz, question, right = one_question_quiz(title="Thaw quiz")
        choose(student, quiz, question, right)
    client.force_login(student)
    html = client.get("/progress/").content.decode()
    assert "hover" not in html.lower()
    assert re.search(r'<svg[^>]*aria-hidden="true"', html)  # the table is the accessible version
    assert ">100%</text>" in html and ">0%</text>" in html
    today = timezone.localtime().strftime("%-d %b")
    assert f">{today}</text>" in html  # the date axis
    table = html[html.index("<table>") : html.index("</table>")]
    assert "<caption>Your quiz scores, newest first</caption>" in table and table.count("Thaw quiz") == 2
