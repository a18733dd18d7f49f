"""A quiz's review policy holds everywhere a student could read a score, a missed question or a key: the result page
and endpoint, but also flashcards, the progress page and endpoint, topic mastery, assignments, the dashboard and
the weekly email. The probe found the last ones ignoring it."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from classroom.models import Flashcard, ProgressReport
from classroom.selectors import flashcards_due
from classroom.services import assignment_create, student_reports_send
from quizzes.models import ReviewPolicy
from tests.api.conftest import api
from tests.briefs.factories import BriefFactory
from tests.quizzes.factories import OptionFactory, QuestionFactory, QuizFactory, choose

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def missed_quiz(**settings):
    """A published quiz on a brief with a topic: one question, whose right answer is "Brezhnev"."""
    quiz = QuizFactory(brief=BriefFactory(), **settings)
    question = QuestionFactory(quiz=quiz, prompt="Who replaced Khrushchev?")
    OptionFactory(question=question, text="Brezhnev", fraction=1)
    wrong = OptionFactory(question=question, text="Malenkov", fraction=0)
    return quiz, question, wrong


def study_page(client) -> str:
    return client.get("/study/").content.decode()


@pytest.fixture
def me(client, student):
    client.force_login(student)
    return client


# ---------------------------------------------------------------- flashcards show keys only when review allows


@pytest.mark.parametrize("policy", [ReviewPolicy.NEVER, ReviewPolicy.SCORE_ONLY])
def test_no_card_shows_the_key_of_a_quiz_whose_policy_hides_it(me, student, policy):
    quiz, question, wrong = missed_quiz(review_policy=policy, attempts_allowed=1)
    choose(student, quiz, question, wrong)
    assert question.prompt not in study_page(me) and "Brezhnev" not in study_page(me)
    assert question.pk not in {card.question_id for card in flashcards_due(student=student)}  # nor counted


def test_a_missed_question_becomes_a_card_only_once_no_attempt_is_left(me, student):
    """With attempts left, a card would fill in the next attempt."""
    quiz, question, wrong = missed_quiz(review_policy=ReviewPolicy.AFTER_SUBMISSION, attempts_allowed=2)
    choose(student, quiz, question, wrong)
    assert "Brezhnev" not in study_page(me)
    choose(student, quiz, question, wrong)
    page = study_page(me)
    assert question.prompt in page and "Brezhnev" in page


def test_after_due_cards_wait_for_the_due_date(me, student, teacher, classroom):
    quiz, question, wrong = missed_quiz(review_policy=ReviewPolicy.AFTER_DUE)
    assignment = assignment_create(
        classroom=classroom, assigned_by=teacher, quiz=quiz, due_at=timezone.now() + timedelta(days=1)
    )
    choose(student, quiz, question, wrong)
    assert "Brezhnev" not in study_page(me)
    assignment.available_from = timezone.now() - timedelta(days=3)
    assignment.due_at = timezone.now() - timedelta(minutes=1)
    assignment.save()
    assert "Brezhnev" in study_page(me)


def test_a_card_made_earlier_disappears_when_the_policy_closes(me, student):
    quiz, question, wrong = missed_quiz(attempts_allowed=1)
    choose(student, quiz, question, wrong)
    assert "Brezhnev" in study_page(me) and Flashcard.objects.filter(student=student, question=question).exists()
    quiz.review_policy = ReviewPolicy.NEVER
    quiz.save()
    assert "Brezhnev" not in study_page(me)


# ---------------------------------------------------------------- scores hidden under "never"


@pytest.fixture
def hidden(student, teacher, classroom):
    """The student's graded attempt (0 %) at an assigned quiz whose policy shows nothing."""
    quiz, question, wrong = missed_quiz(review_policy=ReviewPolicy.NEVER, title="Secret exam")
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
    attempt = choose(student, quiz, question, wrong)
    assert attempt.status == "graded" and attempt.score == 0
    return quiz


def test_the_progress_endpoint_and_page_show_no_hidden_score(me, student, hidden):
    progress = api(student).get("/api/v1/progress/").json()
    assert progress["average"] is None and progress["history"] == []
    page = me.get("/progress/").content.decode()
    assert "Secret exam" not in page and "0%" not in page
    assert hidden.brief.topic.name not in page  # no topic mastery from it either


def test_assignments_and_the_dashboard_show_no_hidden_score(me, student, hidden):
    [row] = api(student).get("/api/v1/assignments/").json()["results"]
    assert row["status"] == "graded" and row["best_score"] is None and row["grade"] is None
    assert "0%" not in me.get("/").content.decode()


def test_the_weekly_email_shows_no_hidden_score_or_missed_question(student, hidden, mailoutbox):
    now = timezone.localtime(timezone.now(), LONDON)
    student_reports_send(student_ids=[student.pk], period_start=now.date() - timedelta(days=now.weekday()))
    data = ProgressReport.objects.get(recipient=student).data
    [quiz] = data["quizzes"]
    assert quiz["grade"] is None and quiz["class_median"] is None and quiz["best"] is None
    assert data["missed"] == [] and data["history"] == []
    [email] = mailoutbox
    assert "Who replaced Khrushchev" not in email.body and "0%" not in email.body


def test_the_same_report_shows_a_visible_score(student, hidden, mailoutbox):
    hidden.review_policy = ReviewPolicy.SCORE_ONLY
    hidden.save()
    week = date(2030, 3, 4)
    with_week = datetime(2030, 3, 6, 10, tzinfo=LONDON)
    quiz, question, wrong = missed_quiz(title="Open quiz")
    choose(student, quiz, question, wrong, now=with_week)
    student_reports_send(student_ids=[student.pk], period_start=week)
    data = ProgressReport.objects.get(recipient=student).data
    assert [q["title"] for q in data["quizzes"]] == ["Open quiz"] and data["quizzes"][0]["best"] == 0
    assert [m["prompt"] for m in data["missed"]] == ["Who replaced Khrushchev?"]
