"""Site pages of the classroom app: dashboard, sign-up, sign-out, password reset, class overview, progress."""

import re
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from classroom.models import Enrollment, Flashcard, ProgressReport, User
from classroom.services import assignment_create, reading_record
from tests.briefs.factories import BriefFactory
from tests.factories import ClassroomFactory, UserFactory
from tests.quizzes.factories import choose, one_question_quiz, shown_id

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


# ---------------------------------------------------------------- dashboard


def test_pages_need_sign_in(client):
    for url in ("/", "/progress/", "/classes/1/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_student_dashboard_lists_assignments_by_due_date_with_status_and_score(client, classroom, teacher, student):
    now = timezone.now()
    quiz, question, right = one_question_quiz(title="Secret Speech quiz")
    brief = BriefFactory(title="Thaw brief")
    late = BriefFactory(title="Late brief")
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz, due_at=now + timedelta(days=2))
    assignment_create(classroom=classroom, assigned_by=teacher, brief=brief, due_at=now + timedelta(days=1))
    assignment_create(
        classroom=classroom, assigned_by=teacher, brief=late, available_from=now - timedelta(days=3),
        due_at=now - timedelta(days=1),
    )  # fmt: skip
    choose(student, quiz, question, right)
    reading_record(student=student, brief=brief, studied=True)

    html = signed_in(client, student).get("/").content.decode()

    assert html.index("Late brief") < html.index("Thaw brief") < html.index("Secret Speech quiz")
    assert 'class="row overdue"' in html and "Overdue" in html
    assert "Marked" in html and "100%" in html
    assert "Studied" in html and "Recently studied" in html
    assert f'href="/quizzes/{quiz.slug}/"' in html and f'href="/briefs/{brief.slug}/"' in html
    assert 'href="/admin/"' not in html


# ---------------------------------------------------------------- what the dashboard caches


@pytest.fixture
def dashboard(client, student):
    """The student's dashboard, as they would load it again and again (cached after the first)."""
    me = signed_in(client, student)
    return lambda: me.get("/").content.decode()


@pytest.fixture
def served_from_cache():
    """A context in which a dashboard must come from the cache: Django reads the signed-in user (its session is
    cached), and nothing else: none of the classes, assignments, attempts or reading the dashboard shows."""

    @contextmanager
    def check():
        with CaptureQueriesContext(connection) as reads:
            yield
        tables = {table for query in reads.captured_queries for table in re.findall(r'FROM "(\w+)"', query["sql"])}
        assert len(reads.captured_queries) <= 1 and tables <= {"classroom_user"}, reads.captured_queries

    return check


@pytest.fixture
def worker_later(monkeypatch):
    """Grading waits for a worker, as with a broker: a submit queues it, and nothing grades it until the test
    does (as the worker would, with attempt_grade)."""
    from quizzes.tasks import grade_attempt_task

    monkeypatch.setattr(grade_attempt_task, "apply_async", lambda *args, **kwargs: None)


def test_a_cached_dashboard_reads_nothing_it_shows(dashboard, served_from_cache):
    dashboard()
    with served_from_cache():
        assert "Your assignments" in dashboard()


def test_the_dashboard_shows_the_students_own_work_at_once(
    dashboard, classroom, teacher, student, worker_later, django_capture_on_commit_callbacks
):
    from quizzes.services import attempt_grade, attempt_start, attempt_submit

    quiz, question, right = one_question_quiz(title="Secret Speech quiz")
    brief = BriefFactory(title="Thaw brief")
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
    assignment_create(classroom=classroom, assigned_by=teacher, brief=brief)
    assert "Not started" in dashboard()
    attempt = attempt_start(student=student, quiz=quiz)
    assert "In progress" in dashboard()
    with django_capture_on_commit_callbacks(execute=True):  # the submit commits: the students' work changed
        attempt_submit(attempt=attempt)
    assert "Submitted" in dashboard()
    attempt_grade(attempt_id=attempt.pk)  # the worker: its bulk writes send no model signal
    assert "Marked" in dashboard()
    reading_record(student=student, brief=brief, studied=True)
    html = dashboard()
    assert "Studied" in html and f'href="/briefs/{brief.slug}/"' in html.split("Recently studied")[1]


def test_the_dashboard_shows_a_regrade_at_once(dashboard, classroom, teacher, student):
    from quizzes.models import Option
    from quizzes.services import quiz_regrade

    quiz, question, right = one_question_quiz(title="Secret Speech quiz")
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
    choose(student, quiz, question, right)
    assert "100%" in dashboard()
    Option.objects.filter(question=question).update(fraction=0)  # the key changed: nothing is right any more
    quiz_regrade(quiz=quiz)  # bulk writes: no signal, the regrade replaces the student's version itself
    html = dashboard()
    assert "100%" not in html and "0%" in html


def test_an_autosave_leaves_the_dashboard_cached(dashboard, classroom, teacher, student, served_from_cache):
    from quizzes.services import attempt_start, responses_save

    quiz, question, right = one_question_quiz()
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
    attempt = attempt_start(student=student, quiz=quiz)
    dashboard()
    answer = {"choice": shown_id(attempt, right)}
    responses_save(attempt=attempt, student=student, responses=[{"question": question.pk, "answer": answer}])
    with served_from_cache():
        dashboard()


def test_the_dashboard_shows_new_assignments_classes_and_titles_at_once(dashboard, classroom, teacher, student):
    brief = BriefFactory(title="Thaw brief")
    assert "Thaw brief" not in dashboard()
    assignment_create(classroom=classroom, assigned_by=teacher, brief=brief)
    assert "Thaw brief" in dashboard()
    brief.title = "The Thaw, retitled"
    brief.save()
    assert "The Thaw, retitled" in dashboard()
    other = ClassroomFactory(name="Second period")
    Enrollment.objects.create(classroom=other, student=student)
    assert "Second period" in dashboard()


def test_another_students_work_leaves_a_dashboard_cached(dashboard, classroom, teacher, served_from_cache):
    from quizzes.services import attempt_start

    quiz, _question, _right = one_question_quiz()
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
    classmate = UserFactory()
    Enrollment.objects.create(classroom=classroom, student=classmate)
    dashboard()
    attempt_start(student=classmate, quiz=quiz)
    with served_from_cache():
        dashboard()


def test_the_dashboard_knows_when_it_would_change_by_itself(classroom, teacher, student):
    """A cached dashboard is kept only until an assignment of the student's classes opens or falls due, or a card
    falls due, or midnight (the view caps the wait further)."""
    from classroom.selectors import next_card_due, next_change

    tomorrow = timezone.localtime() + timedelta(days=1)
    now = tomorrow.replace(hour=10, minute=0, second=0, microsecond=0)  # the assignments below exist by then
    midnight = (now + timedelta(days=1)).replace(hour=0)
    assert next_change(student=student, now=now) == midnight  # nothing comes before
    due = assignment_create(
        classroom=classroom, assigned_by=teacher, brief=BriefFactory(), due_at=now + timedelta(minutes=3)
    )
    assert next_change(student=student, now=now) == now + timedelta(minutes=3)  # it becomes overdue then
    assignment_create(
        classroom=classroom, assigned_by=teacher, brief=BriefFactory(), available_from=now + timedelta(seconds=30)
    )
    assert next_change(student=student, now=now) == now + timedelta(seconds=30)  # it appears then
    assert next_change(student=student, now=due.due_at) == midnight  # past both: nothing left but midnight
    late = now.replace(hour=23, minute=58)
    other_class = ClassroomFactory()
    other_class.teachers.add(teacher)
    assignment_create(
        classroom=other_class, assigned_by=teacher, brief=BriefFactory(), due_at=late + timedelta(minutes=1)
    )
    assert next_change(student=student, now=late) == midnight  # another class's assignment is not theirs
    assert next_change(student=UserFactory(), now=now) == midnight  # in no class

    assert next_card_due(student=student, now=now) is None
    brief = BriefFactory()
    brief.items.create(kind="term", position=1, label="Thaw", text="The relaxation of censorship.")
    reading_record(student=student, brief=brief)  # a card, due at once
    card = Flashcard.objects.get(student=student)
    assert next_card_due(student=student, now=card.due - timedelta(minutes=1)) == card.due
    assert next_card_due(student=student, now=now) is None  # due already: counted now, nothing changes later


def test_the_flashcards_card_shows_the_count_due_and_only_to_students(client, teacher, student):
    brief = BriefFactory()
    brief.items.create(kind="term", position=1, label="Thaw", text="The relaxation of censorship.")
    brief.items.create(kind="character", position=2, label="Mao Zedong", text="Chairman of the CCP.")
    reading_record(student=student, brief=brief)
    html = signed_in(client, student).get("/").content.decode()
    assert re.search(r'id="flashcards-due">.*?<p class="big">(\d+)</p>', html, re.S).group(1) == "2"
    assert 'id="flashcards-due"' not in signed_in(client, teacher).get("/").content.decode()


def test_a_score_hidden_by_the_review_policy_stays_hidden_on_the_dashboard(client, classroom, teacher, student):
    quiz, question, right = one_question_quiz(review_policy="never")
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
    choose(student, quiz, question, right)
    html = signed_in(client, student).get("/").content.decode()
    assert "100%" not in html


def test_teacher_dashboard_links_to_admin_and_class_overview(client, classroom, teacher):
    html = signed_in(client, teacher).get("/").content.decode()
    assert 'href="/admin/"' in html
    assert f'href="/classes/{classroom.pk}/"' in html
    assert classroom.join_code in html


def test_dashboard_query_count_does_not_grow(client, classroom, teacher, student, queries_stay_flat):
    def add(n):
        for _ in range(n):
            quiz, question, right = one_question_quiz()
            assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz, due_at=timezone.now() + timedelta(1))
            choose(student, quiz, question, right)
            brief = BriefFactory()
            assignment_create(classroom=classroom, assigned_by=teacher, brief=brief)
            reading_record(student=student, brief=brief, studied=True)

    signed_in(client, student)
    add(1)
    client.get("/briefs/")  # force_login skips the sign-in response that puts the CSRF secret in the session
    queries_stay_flat(lambda: client.get("/"), lambda: add(19), at_most=15)


def test_join_another_class(client, student):
    other = ClassroomFactory(name="Period 2")
    response = signed_in(client, student).post("/classes/join/", {"code": other.join_code.lower()}, follow=True)
    assert "You joined Period 2" in response.content.decode()
    assert Enrollment.objects.filter(student=student, classroom=other).exists()
    response = client.post("/classes/join/", {"code": "NOPE"}, follow=True)
    assert "No class has the join code" in response.content.decode()


# ---------------------------------------------------------------- sign-up, sign-out, password reset

SIGNUP = {
    "first_name": "Nina",
    "last_name": "Kid",
    "username": "newkid",
    "email": "newkid@example.org",
    "password1": "Tr1cky-Pass!",
    "password2": "Tr1cky-Pass!",
}


def test_signup_with_a_good_code_creates_the_student_enrolls_and_signs_in(client, classroom):
    assert client.get("/accounts/signup/").status_code == 200
    response = client.post("/accounts/signup/", {**SIGNUP, "code": f" {classroom.join_code.lower()} "})
    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(username="newkid")
    assert not user.is_staff and user.check_password("Tr1cky-Pass!")
    assert Enrollment.objects.filter(student=user, classroom=classroom).exists()
    assert "Welcome" in client.get("/").content.decode()


def test_signup_with_a_bad_code_creates_no_user(client, classroom):
    response = client.post("/accounts/signup/", {**SIGNUP, "code": "WRONG123"})
    assert response.status_code == 200
    assert "This account could not be created. Check the join code" in response.content.decode()
    assert not User.objects.filter(username="newkid").exists()


def test_signup_into_a_closed_class_creates_no_user(client, classroom):
    classroom.active = False
    classroom.save()
    response = client.post("/accounts/signup/", {**SIGNUP, "code": classroom.join_code})
    assert "This account could not be created" in response.content.decode()
    assert not User.objects.filter(username="newkid").exists()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"password1": "12345678", "password2": "12345678"}, "too common"),
        ({"password2": "different-Pass1"}, "two passwords differ"),
        ({"email": "STU@example.org"}, "This account could not be created"),
        ({"username": "stu"}, "This account could not be created"),
    ],
)
def test_signup_errors_show_on_the_form(client, classroom, student, change, message):
    response = client.post("/accounts/signup/", {**SIGNUP, "code": classroom.join_code, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(username="newkid").exists()


def test_sign_out_is_a_post(client, student):
    signed_in(client, student)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_password_reset_sends_a_link_that_works(client, student):
    assert client.get("/accounts/password/reset/").status_code == 200
    response = client.post("/accounts/password/reset/", {"email": student.email})
    assert response.status_code == 302
    assert "Check your email" in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "An0ther-Secret", "new_password2": "An0ther-Secret"}
    )
    assert done.status_code == 302
    student.refresh_from_db()
    assert student.check_password("An0ther-Secret")


def test_login_page_links_to_reset_and_signup(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password/reset/"' in html and 'href="/accounts/signup/"' in html


# ---------------------------------------------------------------- class overview


def test_class_overview_shows_completion_and_average(client, classroom, teacher, student):
    quiz, question, right = one_question_quiz(title="Overview quiz")
    brief = BriefFactory(title="Overview brief")
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
    assignment_create(classroom=classroom, assigned_by=teacher, brief=brief)
    other = UserFactory()
    Enrollment.objects.create(student=other, classroom=classroom)
    choose(student, quiz, question, right)
    reading_record(student=student, brief=brief, studied=True)

    html = signed_in(client, teacher).get(f"/classes/{classroom.pk}/").content.decode()

    assert "Overview quiz" in html and "Overview brief" in html
    assert html.count("1 / 2") == 2
    assert "100%" in html


def test_class_overview_is_for_the_class_teachers_only(client, classroom, other_teacher, student):
    assert signed_in(client, other_teacher).get(f"/classes/{classroom.pk}/").status_code == 404
    # A student of the class gets the class's page for students (issue 24), not the teacher's overview.
    response = signed_in(client, student).get(f"/classes/{classroom.pk}/")
    assert response.status_code == 200 and classroom.join_code not in response.content.decode()


def test_class_overview_query_count_does_not_grow(client, classroom, teacher, queries_stay_flat):
    def add(n):
        for _ in range(n):
            quiz, question, right = one_question_quiz()
            assignment_create(classroom=classroom, assigned_by=teacher, quiz=quiz)
            assignment_create(classroom=classroom, assigned_by=teacher, brief=BriefFactory())
            student = UserFactory()
            Enrollment.objects.create(student=student, classroom=classroom)
            choose(student, quiz, question, right)

    signed_in(client, teacher)
    add(1)
    queries_stay_flat(lambda: client.get(f"/classes/{classroom.pk}/"), lambda: add(19), at_most=12)


# ---------------------------------------------------------------- progress


def test_progress_page_draws_scores_mastery_and_reports(client, student):
    brief = BriefFactory()
    for fraction in (1, 0):
        quiz, question, right = one_question_quiz(brief=brief)
        wrong = question.options.get(fraction=0)
        choose(student, quiz, question, right if fraction else wrong)
    ProgressReport.objects.create(
        kind="student", student=student, recipient=student, period_start=timezone.localdate() - timedelta(days=7),
        period_end=timezone.localdate() - timedelta(days=1),
        data={"kind": "student", "briefs_studied": [{"title": "Thaw"}], "quizzes": [], "missed": []},
    )  # fmt: skip
    someone_else = UserFactory()
    ProgressReport.objects.create(
        kind="student", student=someone_else, recipient=someone_else, period_start=timezone.localdate(),
        period_end=timezone.localdate(), data={"kind": "student", "briefs_studied": [{"title": "Not yours"}]},
    )  # fmt: skip

    html = signed_in(client, student).get("/progress/").content.decode()

    assert "<svg" in html and html.count('class="dot"') == 2 and "<polyline" in html
    assert brief.topic.name in html and "50%" in html  # mastery: the mean of 100 and 0
    assert "Thaw" in html and "Not yours" not in html


def test_progress_page_without_data(client, student):
    html = signed_in(client, student).get("/progress/").content.decode()
    assert "<svg" not in html and "once a quiz is graded" in html


def test_progress_query_count_does_not_grow(client, student, queries_stay_flat):
    def add(n):
        for _ in range(n):
            quiz, question, right = one_question_quiz(brief=BriefFactory())
            choose(student, quiz, question, right)

    signed_in(client, student)
    add(1)
    queries_stay_flat(lambda: client.get("/progress/"), lambda: add(19), at_most=12)


# ---------------------------------------------------------------- weight


def page_weight(client, url: str) -> int:
    """Bytes of the page's HTML plus the CSS and JavaScript it links (served by the app itself)."""
    import re

    from django.contrib.staticfiles import finders

    html = client.get(url).content
    assets = re.findall(rb'(?:src|href)="/static/([^"]+\.(?:css|js))"', html)
    assert any(a.endswith(b".js") for a in assets) and any(a.endswith(b".css") for a in assets)
    return len(html) + sum(Path(finders.find(a.decode())).stat().st_size for a in assets)


def test_main_pages_send_less_than_150_kb(client, student):
    from django.core.management import call_command

    call_command("load_demo")
    demo_student = User.objects.get(username="student")
    client.force_login(demo_student)
    attempt = client.post("/quizzes/khrushchev-quiz/start/")["Location"]
    urls = ["/", "/briefs/", "/briefs/russian-history-iii-khrushchev-study-guide/", attempt, "/progress/"]
    for url in urls:
        assert page_weight(client, url) < 150_000, url
