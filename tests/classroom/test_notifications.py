"""Notification emails: each event emailed once per student, only for the kinds they keep on, with an unsubscribe
link that works without signing in. Run as beat runs them: the eager task, again and again."""

import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from classroom import notification_email
from classroom.models import Notification, NotificationOptOut
from classroom.selectors.notifications import DIGEST_HOUR
from classroom.services import (
    announcement_post,
    assignment_create,
    enrollment_join,
    essay_score,
    notification_settings_set,
    notifications_collect,
    notifications_send,
    reading_record,
)
from classroom.tasks import send_notifications
from quizzes.models import Response
from tests.briefs.factories import BriefFactory
from tests.factories import UserFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory, choose, one_question_quiz, take_attempt

pytestmark = pytest.mark.django_db


def run(now=None) -> list:
    """One beat tick: store the events, send them; the emails it sent."""
    before = len(mail.outbox)
    notifications_collect(now=now or timezone.now())
    notifications_send()
    return mail.outbox[before:]


def reminders(messages) -> list:
    """The reminders among `messages` (a run hours ahead may also pass the daily digest's hour)."""
    return [m for m in messages if m.subject.startswith("Due tomorrow")]


def to(messages, user) -> list:
    return [m for m in messages if m.to == [user.email]]


def test_an_announcement_is_emailed_once_to_each_student_of_the_class(classroom, teacher, student, other_classroom,
                                                                      other_student):  # fmt: skip
    second = UserFactory(username="second")
    enrollment_join(student=second, code=classroom.join_code)
    announcement_post(author=teacher, classroom=classroom, title="Test on Friday", body="Bring a pen.")

    sent = run()
    assert sorted(m.to[0] for m in sent) == sorted([student.email, second.email])
    message = to(sent, student)[0]
    assert "Test on Friday" in message.subject and "Bring a pen." in message.body
    assert f"/classes/{classroom.pk}/#announcement-" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert run() == [] and run() == []  # the next ticks, a retry, a second worker: nothing again
    assert Notification.objects.filter(sent_at__isnull=False).count() == 2


def test_a_kind_switched_off_is_not_emailed(classroom, teacher, student):
    notification_settings_set(user=student, enabled=["due_soon", "essay_marked", "new_work"])
    announcement_post(author=teacher, classroom=classroom, title="Quiet", body="x")
    assert run() == []
    assert not Notification.objects.exists()


def test_the_unsubscribe_link_works_without_signing_in(client, classroom, teacher, student):
    announcement_post(author=teacher, classroom=classroom, title="News", body="x")
    (message,) = run()
    url = re.search(r"http\S+/notifications/unsubscribe/\S+/", message.body).group(0)
    path = urlsplit(url).path

    page = client.get(path)
    assert page.status_code == 200 and "Stop these emails" in page.content.decode()
    assert not NotificationOptOut.objects.exists()  # a link scanner's GET changes nothing
    done = client.post(path)
    assert done.status_code == 200 and "no longer get emails" in done.content.decode()
    assert list(NotificationOptOut.objects.values_list("user", "kind")) == [(student.pk, "announcement")]
    assert client.post(path).status_code == 200  # twice is fine


def test_a_forged_or_altered_unsubscribe_token_is_a_404(client, student):
    token = notification_email.unsubscribe_token(user_id=student.pk, kind="announcement")
    assert client.post(f"/notifications/unsubscribe/{token[:-2]}xx/").status_code == 404
    assert client.post("/notifications/unsubscribe/not-a-token/").status_code == 404
    bad_kind = notification_email.unsubscribe_token(user_id=student.pk, kind="everything")
    assert client.post(f"/notifications/unsubscribe/{bad_kind}/").status_code == 404
    assert not NotificationOptOut.objects.exists()


def test_a_reminder_a_day_before_the_due_date_for_unfinished_work_only(classroom, teacher, student, other_student):
    enrollment_join(student=other_student, code=classroom.join_code)
    now = timezone.now()
    quiz, question, right = one_question_quiz(title="Thaw quiz")
    brief = BriefFactory(title="Thaw brief")
    later = BriefFactory(title="Later brief")
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz, due_at=now + timedelta(hours=20))
    assignment_create(classroom=classroom, assigned_by=teacher, brief=brief, due_at=now + timedelta(hours=23))
    assignment_create(classroom=classroom, assigned_by=teacher, brief=later, due_at=now + timedelta(hours=30))
    choose(student, quiz, question, right)  # finished
    reading_record(student=other_student, brief=brief, studied=True)  # finished

    sent = reminders(run(now + timedelta(minutes=1)))
    assert [m.subject for m in to(sent, student)] == ["Due tomorrow: Thaw brief"]
    assert [m.subject for m in to(sent, other_student)] == ["Due tomorrow: Thaw quiz"]
    assert reminders(run(now + timedelta(hours=1))) == []
    # Seven hours on, the later brief falls within a day.
    later_ones = reminders(run(now + timedelta(hours=7)))
    assert sorted(m.to[0] for m in later_ones) == sorted([student.email, other_student.email])


def test_a_due_date_moved_later_brings_a_new_reminder(classroom, teacher, student):
    now = timezone.now()
    brief = BriefFactory(title="Thaw brief")
    assignment = assignment_create(
        classroom=classroom, assigned_by=teacher, brief=brief, due_at=now + timedelta(hours=5)
    )
    assert len(reminders(run(now + timedelta(minutes=1)))) == 1
    assignment.due_at = now + timedelta(hours=20)
    assignment.save()
    assert len(reminders(run(now + timedelta(hours=10)))) == 1


def test_an_essay_marked_is_emailed_once_all_answers_are_marked(classroom, teacher, student):
    quiz = QuizFactory(title="Essay quiz")
    question = QuestionFactory(quiz=quiz, type="essay", points=4, data={"model_answer": "Ended terror."})
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
    attempt = take_attempt(student, quiz, [{"question": question.pk, "answer": {"text": "He ended the terror."}}])
    assert attempt.status == "needs_review"
    assert run() == []  # waiting for the teacher: nothing to say yet

    essay_score(reviewer=teacher, response=Response.objects.get(attempt=attempt), score=3)
    (message,) = run()
    assert message.to == [student.email] and "Essay quiz" in message.subject
    assert f"/attempts/{attempt.pk}/" in message.body
    essay_score(reviewer=teacher, response=Response.objects.get(attempt=attempt), score=4)  # a second look
    assert run() == []


def test_new_work_comes_in_one_digest_a_day(classroom, teacher, student, settings):
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    yesterday_noon = datetime.combine(today - timedelta(days=1), datetime.min.time(), tz).replace(hour=12)
    morning = yesterday_noon.replace(hour=DIGEST_HOUR) + timedelta(days=1)
    for title in ("Quiz one", "Quiz two"):
        quiz, _q, _r = one_question_quiz(title=title)
        assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz, available_from=yesterday_noon)

    assert run(morning - timedelta(minutes=1)) == []  # not before the digest hour
    (digest,) = run(morning + timedelta(minutes=5))
    assert digest.subject == "New work in your classes: 2"
    assert "Quiz one" in digest.body and "Quiz two" in digest.body
    assert run(morning + timedelta(hours=3)) == []
    assert run(morning + timedelta(days=1, minutes=5)) == []  # the next day: nothing new


def test_the_beat_task_runs_both_steps(classroom, teacher, student):
    announcement_post(author=teacher, classroom=classroom, title="News", body="x")
    assert send_notifications.delay().get() == {"stored": 1, "sent": 1}
    assert send_notifications.delay().get() == {"stored": 0, "sent": 0}


def test_collecting_takes_the_same_queries_whatever_the_number_of_students(classroom, teacher,
                                                                          django_assert_max_num_queries):  # fmt: skip
    def school(n):
        now = timezone.now()
        for _ in range(n):
            enrollment_join(student=UserFactory(), code=classroom.join_code)
            announcement_post(author=teacher, classroom=classroom, title="News", body="x")
            quiz, _q, _r = one_question_quiz()
            assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz, due_at=now + timedelta(hours=3))

    school(1)
    with django_assert_max_num_queries(20) as small:
        notifications_collect()
    Notification.objects.all().delete()
    school(5)  # (within one insert batch: rows are inserted some hundreds a statement)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert notifications_collect() == 7 * 6 * 2  # each of 7 students: 6 announcements, 6 reminders


def test_settings_refuse_an_unknown_kind(student):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        notification_settings_set(user=student, enabled=["due_soon", "spam"])
    assert not NotificationOptOut.objects.exists()
