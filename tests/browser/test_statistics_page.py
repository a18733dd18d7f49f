"""The quiz statistics page in the admin, in Chromium: reachable from the quiz list, readable (axe), fits 1,280 px."""

import pytest

from tests.browser.conftest import assert_accessible, no_horizontal_scroll, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_teacher_reads_the_statistics_of_a_quiz(page, demo):
    from classroom.models import User
    from quizzes.models import Quiz
    from tests.quizzes.factories import take_attempt

    quiz = Quiz.objects.filter(brief__isnull=False, open_to_all=True).order_by("slug").first()
    for n in range(3):
        take_attempt(User.objects.create_user(f"taker{n}", f"taker{n}@example.org", "x-Taker-12345"), quiz)
    sign_in(page, "teacher")
    page.goto("/admin/quizzes/quiz/")
    link = page.locator(f'a[href="/admin/quizzes/quiz/{quiz.pk}/statistics/"]')
    assert link.count() == 1  # the quiz's row links to it
    link.click()
    page.wait_for_url(f"**/admin/quizzes/quiz/{quiz.pk}/statistics/")
    assert page.get_by_role("heading", name="Questions").is_visible()
    assert "3 graded attempts" in page.content()
    assert page.get_by_role("table", name="Questions").locator("tbody tr").count() == quiz.questions.count()
    assert no_horizontal_scroll(page)
    screenshot(page, "quiz-statistics")
    assert_accessible(page, "quiz statistics")
