"""Weekly progress reports: content, the multipart email, sending once, --dry-run, bounded queries."""

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from classroom import report_email, reports
from classroom.models import ProgressReport, ReadingProgress
from classroom.services import (
    assignment_create,
    class_reports_send,
    classroom_create,
    enrollment_join,
    reading_record,
    student_reports_send,
)
from tests.briefs.factories import BriefFactory, StudyItemFactory
from tests.factories import UserFactory
from tests.quizzes.factories import OptionFactory, QuestionFactory, QuizFactory, choosing, take_attempt

WEEK = date(2030, 3, 4)  # a Monday; the report covers 4–10 March 2030
LONDON = ZoneInfo("Europe/London")
IN_WEEK = datetime(2030, 3, 6, 10, 0, tzinfo=LONDON)
NEXT_WEEK = datetime(2030, 3, 13, 17, 0, tzinfo=LONDON)


def answer_quiz(student, quiz, choices: list, *, now=IN_WEEK):
    """A real attempt through the quiz services: start, save one option per question, submit, grade."""
    return take_attempt(student, quiz, choosing(*choices), now=now)


def quiz_on(brief, anchors: list[str], **kwargs):
    """A quiz with one single-choice question per study item (anchor); returns it with (right, wrong) options."""
    quiz = QuizFactory(**kwargs)
    options = []
    for anchor in anchors:
        item = StudyItemFactory(brief=brief, anchor=anchor, label=anchor)
        question = QuestionFactory(quiz=quiz, prompt=f"**What** about {anchor}?", study_item=item)
        options.append((OptionFactory(question=question, fraction=1), OptionFactory(question=question, fraction=0)))
    return quiz, options


@pytest.fixture
def school(teacher, student):
    """A class of three whose quiz (pass mark 60) was taken in the week: 1/3, 3/3 and 2/3 right."""
    classroom = classroom_create(name="History 9", teacher=teacher)
    ana, ben = UserFactory(username="ana", first_name="Ana"), UserFactory(username="ben")
    for member in (student, ana, ben):
        enrollment_join(student=member, code=classroom.join_code)
    brief = BriefFactory(slug="khrushchev", title="Khrushchev")
    quiz, options = quiz_on(brief, ["secret-speech", "hungary", "ouster"], title="Thaw quiz", pass_mark=60)
    early = IN_WEEK - timedelta(days=30)
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz, available_from=early, due_at=NEXT_WEEK)
    reading = BriefFactory(slug="brezhnev", title="Brezhnev")
    assignment_create(classroom=classroom, assigned_by=teacher, brief=reading, available_from=early, due_at=NEXT_WEEK)
    late = BriefFactory(slug="stalin", title="Stalin")
    assignment_create(classroom=classroom, assigned_by=teacher, brief=late, available_from=early, due_at=IN_WEEK)
    (r1, w1), (r2, w2), (r3, w3) = options
    answer_quiz(student, quiz, [r1, w2, w3])
    answer_quiz(ana, quiz, [r1, r2, r3])
    answer_quiz(ben, quiz, [r1, r2, w3])
    for member in (student, ana):
        reading_record(student=member, brief=late, studied=True)
    ReadingProgress.objects.update(studied_at=IN_WEEK)  # the service stamps "now"; the test needs the week
    return {"classroom": classroom, "quiz": quiz, "brief": brief, "reading": reading, "late": late, "ana": ana}


def report_of(recipient, kind="student") -> ProgressReport:
    return ProgressReport.objects.get(recipient=recipient, kind=kind, period_start=WEEK)


# ---------------------------------------------------------------- pure parts


def test_the_period_is_the_last_full_week():
    assert reports.last_full_week(date(2030, 3, 11)) == WEEK  # a Monday: the week before
    assert reports.last_full_week(date(2030, 3, 17)) == WEEK  # a Sunday: still the week before
    assert reports.week_start(date(2030, 3, 8)) == WEEK


def test_a_week_with_a_clock_change_still_runs_midnight_to_midnight():
    period = reports.Period.week_of(date(2030, 3, 25), LONDON)  # BST starts on Sunday 31 March 2030
    assert period.begins == datetime(2030, 3, 25, tzinfo=LONDON)
    assert period.ends.astimezone(LONDON).hour == 0
    assert period.ends.astimezone(UTC) - period.begins.astimezone(UTC) == timedelta(days=7, hours=-1)


def test_distribution_and_prompt_helpers():
    assert reports.distribution([0, 9.9, 10, 55, 100])["counts"] == [2, 1, 0, 0, 0, 1, 0, 0, 0, 1]
    assert reports.plain_prompt("", "<p>What   **is**\n `it`?</p>") == "What is it?"
    assert len(reports.plain_prompt("", "x" * 500)) == reports.PROMPT_CHARS
    assert reports.brief_url("http://site/", "a-b", "sec") == "http://site/briefs/a-b/#user-content-sec"


def test_charts_are_redrawn_for_each_report():
    scores = report_email.ScoreChart()
    first, second = scores.png([("04 Mar", 20.0), ("06 Mar", 80.0)]), scores.png([("06 Mar", 50.0)])
    assert first.startswith(b"\x89PNG") and second.startswith(b"\x89PNG") and first != second
    bars = report_email.DistributionChart()
    assert bars.png([0, 1, 2, 3, 0, 0, 0, 0, 0, 9]) != bars.png([5] * 10)


# ---------------------------------------------------------------- report content


def test_student_report_has_the_week(school, student, settings):
    settings.SITE_URL = "https://class.example"
    student_reports_send(student_ids=[student.pk], period_start=WEEK)
    data = report_of(student).data
    assert data["period"] == {"start": "2030-03-04", "end": "2030-03-10", "next_end": "2030-03-17"}
    assert [b["title"] for b in data["briefs_studied"]] == ["Stalin"]
    [quiz] = data["quizzes"]
    assert quiz | {"title": "Thaw quiz", "attempts": 1, "grade": 33.3, "class_median": 66.7} == quiz
    assert quiz["pass_mark"] == 60 and quiz["passed"] is False
    due = {d["title"]: d for d in data["due_next_week"]}
    assert set(due) == {"Thaw quiz", "Brezhnev"}
    assert due["Thaw quiz"]["done"] is True and due["Brezhnev"]["done"] is False
    assert due["Brezhnev"]["url"] == "https://class.example/briefs/brezhnev/"
    urls = {m["url"] for m in data["missed"]}
    assert urls == {
        "https://class.example/briefs/khrushchev/#user-content-hungary",
        "https://class.example/briefs/khrushchev/#user-content-ouster",
    }
    assert all(m["brief"] == "Khrushchev" and m["score"] == 0 for m in data["missed"])
    assert [p["percent"] for p in data["history"]] == [33.3]


def test_class_report_has_completion_results_risks_and_hardest_questions(school, teacher, student, settings):
    settings.SITE_URL = "https://class.example"
    class_reports_send(classroom_ids=[school["classroom"].pk], period_start=WEEK)
    data = report_of(teacher, "classroom").data
    assert data["students"] == 3
    completion = {a["title"]: (a["done"], a["total"]) for a in data["assignments"]}
    assert completion == {"Thaw quiz": (3, 3), "Brezhnev": (0, 3), "Stalin": (2, 3)}
    [quiz] = data["quizzes"]
    assert (quiz["mean"], quiz["median"], quiz["graded"], quiz["below_pass"]) == (66.7, 66.7, 3, 1)
    risky = {r["name"]: r for r in data["at_risk"]}
    assert set(risky) == {student.username, "ben"}  # ana studied the overdue brief and passed
    assert risky[student.username]["below_pass"][0]["grade"] == 33.3
    assert risky["ben"]["overdue"] == ["Stalin"]
    assert [r["name"] for r in data["at_risk"]] == ["ben", student.username]  # one problem each: by name
    hardest = data["hardest"]
    assert [h["mean_fraction"] for h in hardest] == [0.333, 0.667]  # not the one everyone got right
    assert hardest[0]["url"] == "https://class.example/briefs/khrushchev/#user-content-ouster"
    assert sum(data["distribution"]["counts"]) == 3


def test_reports_are_listed_by_the_api_for_their_recipient(school, student, teacher):
    student_reports_send(student_ids=[student.pk], period_start=WEEK)
    client = APIClient()
    client.force_authenticate(student)
    [listed] = client.get("/api/v1/reports/").json()["results"]
    assert listed["kind"] == "student" and listed["data"]["quizzes"][0]["grade"] == 33.3
    assert listed["sent_at"] is not None
    client.force_authenticate(teacher)
    assert client.get("/api/v1/reports/").json()["count"] == 0


# ---------------------------------------------------------------- the email


def test_the_email_is_multipart_with_text_html_and_an_inline_chart(school, student):
    student_reports_send(student_ids=[student.pk], period_start=WEEK)
    [email] = mail.outbox
    assert email.to == [student.email]
    assert "Thaw quiz" in email.body and "your grade 33.3%, class median 66.7%" in email.body
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    cid = re.search(r'src="cid:([^"]+)"', html).group(1)
    parsed = email.message()
    assert parsed.get_content_type() == "multipart/related"
    parts = {part.get_content_type(): part for part in parsed.walk()}
    assert {"text/plain", "text/html", "image/png"} <= set(parts)
    assert parts["image/png"]["Content-ID"] == f"<{cid}>"
    assert parts["image/png"].get_payload(decode=True).startswith(b"\x89PNG")
    assert "/briefs/khrushchev/#user-content-ouster" in email.body and "/briefs/khrushchev/#user-content-ouster" in html


def test_the_class_email_has_the_distribution_chart(school, teacher):
    class_reports_send(classroom_ids=[school["classroom"].pk], period_start=WEEK)
    [email] = mail.outbox
    assert email.to == [teacher.email]
    html = email.alternatives[0][0]
    assert "cid:" in html and "Students at risk" in html
    assert any(p.get_content_type() == "image/png" for p in email.message().walk())


def test_a_student_with_no_scores_gets_an_email_without_a_chart(school):
    newcomer = UserFactory(username="newcomer")
    enrollment_join(student=newcomer, code=school["classroom"].join_code)
    student_reports_send(student_ids=[newcomer.pk], period_start=WEEK)
    [email] = mail.outbox
    assert "cid:" not in email.alternatives[0][0]
    assert not any(p.get_content_type() == "image/png" for p in email.message().walk())


# ---------------------------------------------------------------- sent once


def test_running_twice_for_the_same_period_sends_one_email_per_recipient(school, student, teacher):
    call_command("send_progress_reports", "--period-start", "2030-03-06")  # any day names its week
    call_command("send_progress_reports", "--period-start", WEEK.isoformat())
    recipients = sorted(address for email in mail.outbox for address in email.to)
    assert recipients == sorted([student.email, school["ana"].email, "ben@example.org", teacher.email])
    assert ProgressReport.objects.count() == 4
    assert not ProgressReport.objects.filter(sent_at__isnull=True).exists()


def test_a_report_stored_but_not_sent_is_sent_once_with_its_stored_data(school, student):
    """A worker that died after storing the row and before emailing: the next run sends it, as stored."""
    ProgressReport.objects.create(kind="student", student=student, recipient=student, period_start=WEEK,
                                  period_end=WEEK + timedelta(days=6), data=_stored_data())  # fmt: skip
    student_reports_send(student_ids=[student.pk], period_start=WEEK)
    student_reports_send(student_ids=[student.pk], period_start=WEEK)
    [email] = mail.outbox
    assert "Stored earlier" in email.body
    assert ProgressReport.objects.get().sent_at is not None


def _stored_data() -> dict:
    period = reports.Period.week_of(WEEK, LONDON).as_dict()
    return {"version": 1, "kind": "student", "period": period, "student": {"id": 0, "name": "x"}, "classes": [],
            "briefs_studied": [{"title": "Stored earlier", "url": None, "studied_at": IN_WEEK.isoformat()}],
            "quizzes": [], "due_next_week": [], "missed": [], "history": []}  # fmt: skip


def test_a_failed_email_stays_unsent_and_goes_out_on_the_next_run(school, student, monkeypatch):
    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP is down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
        assert student_reports_send(student_ids=[student.pk], period_start=WEEK) == 0
    assert report_of(student).sent_at is None
    assert student_reports_send(student_ids=[student.pk], period_start=WEEK) == 1
    assert len(mail.outbox) == 1


def test_dry_run_sends_and_stores_nothing(school, capsys):
    call_command("send_progress_reports", "--dry-run", "--period-start", WEEK.isoformat())
    out = capsys.readouterr().out
    assert "3 student reports" in out and "1 class summaries" in out
    assert mail.outbox == [] and not ProgressReport.objects.exists()


def test_a_bad_period_start_is_a_command_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="date"):
        call_command("send_progress_reports", "--period-start", "next monday")


# ---------------------------------------------------------------- bounded queries


def _class_of(size: int, teacher, index: int) -> list[int]:
    classroom = classroom_create(name=f"Class {index}", teacher=teacher)
    brief = BriefFactory()
    quiz, options = quiz_on(brief, [f"a{index}", f"b{index}"], pass_mark=60)
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz, available_from=IN_WEEK - timedelta(days=9),
                      due_at=NEXT_WEEK)  # fmt: skip
    ids = []
    for n in range(size):
        member = UserFactory()
        enrollment_join(student=member, code=classroom.join_code)
        answer_quiz(member, quiz, [options[0][n % 2], options[1][0]])
        reading_record(student=member, brief=brief, studied=True)
        ids.append(member.pk)
    return ids


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def test_queries_do_not_grow_with_the_number_of_students(teacher):
    small, large = _class_of(5, teacher, 1), _class_of(50, teacher, 2)
    q_small = _queries(lambda: student_reports_send(student_ids=small, period_start=WEEK))
    q_large = _queries(lambda: student_reports_send(student_ids=large, period_start=WEEK))
    assert len(mail.outbox) == 55
    print("queries for 5 and 50 students:", q_small, q_large)
    assert q_large == q_small <= 12, (q_small, q_large)
    classes = list(teacher.classes_taught.values_list("pk", flat=True))
    assert _queries(lambda: class_reports_send(classroom_ids=classes, period_start=WEEK)) <= 12


def test_a_utc_timestamp_on_the_week_boundary_belongs_to_the_right_week():
    period = reports.Period.week_of(WEEK, LONDON)
    assert period.begins <= datetime(2030, 3, 4, 0, 0, tzinfo=UTC) < period.ends  # GMT in March: same instant
    assert not datetime(2030, 3, 11, 0, 0, tzinfo=UTC) < period.ends
