"""Site pages for taking quizzes (classroom.views.quizzes) and the attempt endpoints of the API: the rules,
starting, the attempt form with autosave, submitting, the result."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.models import Attempt, AttemptStatus, Question, Response
from quizzes.services import attempt_start, responses_save
from tests.api.conftest import api
from tests.briefs.factories import StudyItemFactory
from tests.factories import UserFactory
from tests.quizzes.factories import QuizFactory, shown_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(client, student):
    client.force_login(student)
    return client


def save(client, attempt, answers, version=None):
    body = {"version": attempt.version if version is None else version,
            "responses": [{"question": q, "answer": a} for q, a in answers.items()]}  # fmt: skip
    return client.post(f"/attempts/{attempt.pk}/save/", json.dumps(body), content_type="application/json")


def questions(quiz) -> dict[str, Question]:
    return {q.type: q for q in quiz.questions.prefetch_related("options")}


def key(question, attempt):
    """A correct answer for the sample questions of each type (see conftest.sample_questions), in the ids the
    attempt shows."""
    shown = [o for o in question.options.all() if question.type in ("single", "multiple", "ordering")]
    options = [shown_id(attempt, o) for o in shown]
    match question.type:
        case "single":
            return {"choice": options[0]}
        case "multiple":
            return {"choices": options[:3]}
        case "true_false":
            return {"value": False}
        case "short_answer":
            return {"text": "twentieth"}
        case "numerical":
            return {"value": 1956}
        case "ordering":
            return {"order": options}
        case "essay":
            return {"text": "It ended the terror."}
    raise AssertionError(question.type)


# ---------------------------------------------------------------- the quiz page and starting


def test_quiz_page_shows_the_rules_first(me, quiz):
    quiz.time_limit, quiz.attempts_allowed, quiz.grading_method = timedelta(minutes=20), 2, "average"
    quiz.save()
    html = me.get(f"/quizzes/{quiz.slug}/").content.decode()
    assert "20 minutes" in html and "2 of 2" in html and "Average of attempts" in html and "No due date" in html
    assert "Start the quiz" in html
    assert html.index("Before you start") < html.index("Start the quiz")


def test_start_redirects_to_the_attempt_and_a_second_start_resumes_it(me, quiz, student):
    response = me.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.get(student=student, quiz=quiz)
    assert response.status_code == 302 and response["Location"] == f"/attempts/{attempt.pk}/"
    assert "Resume attempt 1" in me.get(f"/quizzes/{quiz.slug}/").content.decode()
    assert me.post(f"/quizzes/{quiz.slug}/start/")["Location"] == f"/attempts/{attempt.pk}/"
    assert Attempt.objects.filter(student=student, quiz=quiz).count() == 1


def test_start_refused_shows_why(me, quiz, student):
    quiz.attempts_allowed = 1
    quiz.save()
    attempt = attempt_start(student=student, quiz=quiz)
    me.post(f"/attempts/{attempt.pk}/submit/")
    response = me.post(f"/quizzes/{quiz.slug}/start/", follow=True)
    assert "You have used your only attempt" in response.content.decode()


def test_unpublished_quiz_is_a_404_for_students(me):
    QuizFactory(slug="draft", published=False)
    assert me.get("/quizzes/draft/").status_code == 404


# ---------------------------------------------------------------- the attempt form


def test_attempt_page_has_a_native_control_for_every_type(me, quiz, student):
    quiz.time_limit = timedelta(minutes=10)
    quiz.save()
    attempt = attempt_start(student=student, quiz=quiz)
    html = me.get(f"/attempts/{attempt.pk}/").content.decode()
    q = questions(quiz)
    assert f'type="radio" name="q{q["single"].pk}"' in html
    assert f'type="checkbox" name="q{q["multiple"].pk}"' in html
    assert f'name="q{q["true_false"].pk}" value="true"' in html and 'value="false"' in html
    assert f'id="q{q["short_answer"].pk}-text" name="q{q["short_answer"].pk}" type="text"' in html
    assert 'type="number" step="any"' in html
    assert html.count(f'<select id="q{q["matching"].pk}-l') == 3
    assert 'data-move="-1"' in html and f'name="q{q["ordering"].pk}-order"' in html
    assert f'<textarea id="q{q["essay"].pk}-essay"' in html
    assert f'data-version="{attempt.version}"' in html and f'data-save-url="/attempts/{attempt.pk}/save/"' in html
    assert f'data-deadline="{timezone.localtime(attempt.deadline).isoformat()}"' in html
    assert "<script>" not in html and " style=" not in html and " onclick" not in html  # strict CSP


def test_a_reload_shows_the_saved_answers(me, quiz, student):
    attempt = attempt_start(student=student, quiz=quiz)
    q = questions(quiz)
    answers = {
        q[t].pk: key(q[t], attempt) for t in ("single", "multiple", "true_false", "short_answer", "numerical", "essay")
    }
    order = list(reversed(key(q["ordering"], attempt)["order"]))
    answers[q["ordering"].pk] = {"order": order}
    responses_save(
        attempt=attempt, student=student, responses=[{"question": k, "answer": v} for k, v in answers.items()]
    )
    html = me.get(f"/attempts/{attempt.pk}/").content.decode()
    assert f'value="{key(q["single"], attempt)["choice"]}" checked' in html
    assert html.count(" checked") == 1 + 3 + 1
    assert 'value="false" checked' in html and 'value="twentieth"' in html and 'value="1956"' in html
    assert "It ended the terror.</textarea>" in html
    positions = [html.index(f'data-item="{pk}"') for pk in order]
    assert positions == sorted(positions)


def test_matching_prefill_selects_the_saved_right_hand_texts(me, quiz, student):
    attempt = attempt_start(student=student, quiz=quiz)
    entry = next(e for e in attempt.layout["questions"] if e["id"] == questions(quiz)["matching"].pk)
    left, right = entry["options"][0][0], entry["rights"][0][0]
    answer = {"pairs": [{"left": left, "right": right}]}
    responses_save(attempt=attempt, student=student, responses=[{"question": entry["id"], "answer": answer}])
    html = me.get(f"/attempts/{attempt.pk}/").content.decode()
    select = html[html.index(f'data-left="{left}"') :]
    assert f'<option value="{right}" selected>' in select[: select.index("</select>")]


# ---------------------------------------------------------------- the save endpoint


def test_save_returns_the_new_version_and_stores_the_answer(me, quiz, student):
    attempt = attempt_start(student=student, quiz=quiz)
    q = questions(quiz)["numerical"]
    response = save(me, attempt, {q.pk: {"value": 1956}})
    assert response.status_code == 200 and response.json() == {"version": attempt.version + 1}
    assert Response.objects.get(attempt=attempt, question=q).answer == {"value": 1956}
    cleared = save(me, attempt, {q.pk: None}, version=attempt.version + 1)
    assert cleared.status_code == 200 and not Response.objects.filter(attempt=attempt, question=q).exists()


def test_a_stale_version_is_a_conflict(me, quiz, student):
    attempt = attempt_start(student=student, quiz=quiz)
    q = questions(quiz)["numerical"]
    assert save(me, attempt, {q.pk: {"value": 1}}).status_code == 200
    response = save(me, attempt, {q.pk: {"value": 2}}, version=attempt.version)  # the page's old version
    assert response.status_code == 409 and response.json()["code"] == "stale"
    assert Response.objects.get(attempt=attempt, question=q).answer == {"value": 1}


def test_save_rejects_bad_answers_and_bad_requests(me, quiz, student):
    attempt = attempt_start(student=student, quiz=quiz)
    q = questions(quiz)
    bad = save(me, attempt, {q["numerical"].pk: {"value": "many"}})
    assert bad.status_code == 400 and "number" in bad.json()["error"]
    url = f"/attempts/{attempt.pk}/save/"
    assert me.post(url, "not json", content_type="application/json").status_code == 400
    assert me.post(url, json.dumps({"responses": []}), content_type="application/json").status_code == 400
    no_version = json.dumps({"version": "0", "responses": []})
    assert me.post(url, no_version, content_type="application/json").status_code == 400
    assert me.get(url).status_code == 405


def test_save_needs_the_csrf_token(quiz, student):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    attempt = attempt_start(student=student, quiz=quiz)
    assert save(client, attempt, {}).status_code == 403


def test_save_after_submission_or_after_time_is_a_conflict(me, quiz, student):
    attempt = attempt_start(student=student, quiz=quiz)
    me.post(f"/attempts/{attempt.pk}/submit/")
    response = save(me, attempt, {questions(quiz)["numerical"].pk: {"value": 1}})
    assert response.status_code == 409 and response.json()["code"] == "closed"


def test_another_students_attempt_is_a_404_everywhere(client, quiz, student):
    attempt = attempt_start(student=student, quiz=quiz)
    client.force_login(UserFactory(username="intruder"))
    assert client.get(f"/attempts/{attempt.pk}/").status_code == 404
    assert save(client, attempt, {}).status_code == 404
    assert client.post(f"/attempts/{attempt.pk}/submit/").status_code == 404
    assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.IN_PROGRESS


def test_a_deleted_attempt_is_a_404_not_a_save(me, quiz, student):
    attempt = attempt_start(student=student, quiz=quiz)
    numerical = questions(quiz)["numerical"]
    Attempt.objects.filter(pk=attempt.pk).delete()  # say, a teacher removed it in the admin
    assert save(me, attempt, {numerical.pk: {"value": 1956}}).status_code == 404
    body = {"responses": [{"question": numerical.pk, "answer": {"value": 1956}}]}
    assert api(student).patch(f"/api/v1/attempts/{attempt.pk}/", body, format="json").status_code == 404
    assert not Response.objects.exists() and not Attempt.objects.exists()


def test_submitting_another_students_attempt_through_the_api_changes_nothing(quiz, student, other_student):
    attempt = attempt_start(student=student, quiz=quiz)
    assert api(other_student).post(f"/api/v1/attempts/{attempt.pk}/submit/").status_code == 404
    assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.IN_PROGRESS


def test_submitting_a_finished_attempt_again_changes_nothing(quiz, student, django_capture_on_commit_callbacks):
    attempt = attempt_start(student=student, quiz=quiz)
    with django_capture_on_commit_callbacks(execute=True):
        first = api(student).post(f"/api/v1/attempts/{attempt.pk}/submit/").json()
    with django_capture_on_commit_callbacks(execute=True):
        again = api(student).post(f"/api/v1/attempts/{attempt.pk}/submit/")
    assert again.status_code == 202 and again.json()["submitted_at"] == first["submitted_at"]
    assert (first["status"], again.json()["status"]) == (AttemptStatus.SUBMITTED, AttemptStatus.GRADED)  # once


def test_a_teacher_sees_a_students_attempt_but_cannot_answer_it(client, teacher, quiz, student):
    from classroom.services import classroom_create, enrollment_join

    enrollment_join(student=student, code=classroom_create(name="P1", teacher=teacher).join_code)
    attempt = attempt_start(student=student, quiz=quiz)
    client.force_login(teacher)
    assert "This attempt is still in progress" in client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert save(client, attempt, {}).status_code == 403
    assert client.post(f"/attempts/{attempt.pk}/submit/").status_code == 404


# ---------------------------------------------------------------- submitting and the result


def submit(client, attempt, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # grading is queued on commit (eager Celery)
        return client.post(f"/attempts/{attempt.pk}/submit/")


def test_submit_then_the_result_shows_score_feedback_keys_and_where_to_study(
    me, quiz, student, django_capture_on_commit_callbacks
):
    q = questions(quiz)
    item = StudyItemFactory(anchor="secret-speech")
    q["numerical"].study_item = item
    q["numerical"].save()
    attempt = attempt_start(student=student, quiz=quiz)
    save(
        me,
        attempt,
        {
            q["single"].pk: key(q["single"], attempt),
            q["numerical"].pk: {"value": 1900},
            q["essay"].pk: key(q["essay"], attempt),
        },
    )

    response = submit(me, attempt, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == f"/attempts/{attempt.pk}/"
    html = me.get(response["Location"]).content.decode()

    assert "1 / 11" in html  # the single choice right; the essay awaits marking
    assert "Correct" in html  # the option's feedback
    assert "Leonid Brezhnev" in html and "Correct answer" in html and "Model answer" in html
    assert f'href="/briefs/{item.brief.slug}/#user-content-secret-speech"' in html
    assert "waiting for your teacher" in html


def test_the_review_policy_limits_the_result(me, quiz, student, django_capture_on_commit_callbacks):
    quiz.review_policy = "score_only"
    quiz.save()
    q = questions(quiz)
    attempt = attempt_start(student=student, quiz=quiz)
    save(me, attempt, {q["single"].pk: key(q["single"], attempt)})
    submit(me, attempt, django_capture_on_commit_callbacks)
    html = me.get(f"/attempts/{attempt.pk}/").content.decode()
    assert "1 / 11" in html and "<dt>Correct answer</dt>" not in html and "<dt>Feedback</dt>" not in html

    quiz.review_policy = "never"
    quiz.save()
    html = me.get(f"/attempts/{attempt.pk}/").content.decode()
    assert "1 / 11" not in html and "shares the results" in html


def test_an_expired_attempt_is_submitted_when_its_page_is_opened(me, quiz, student, settings):
    quiz.time_limit = timedelta(minutes=5)
    quiz.save()
    attempt = attempt_start(student=student, quiz=quiz, now=timezone.now() - timedelta(minutes=30))
    html = me.get(f"/attempts/{attempt.pk}/").content.decode()
    assert Attempt.objects.get(pk=attempt.pk).status != AttemptStatus.IN_PROGRESS
    assert "Result:" in html and "data-save-url" not in html


def test_attempt_and_result_query_counts_do_not_grow(
    me, student, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    from quizzes.services import quiz_add_questions
    from tests.quizzes.conftest import sample_questions

    def make(n):
        quiz = QuizFactory()
        quiz_add_questions(quiz=quiz, questions=(sample_questions()[:7] * n)[: max(7, n)])
        return quiz

    me.get("/")  # what a session's first request does more, done: both sizes count warm
    counts = []
    for n in (1, 20):
        quiz = make(n)
        attempt = attempt_start(student=student, quiz=quiz)
        with django_assert_max_num_queries(12) as page:
            assert me.get(f"/attempts/{attempt.pk}/").status_code == 200
        page_queries = len(page.captured_queries)  # read now: the query log is a bounded deque
        submit(me, attempt, django_capture_on_commit_callbacks)
        with django_assert_max_num_queries(14) as result:
            assert me.get(f"/attempts/{attempt.pk}/").status_code == 200
        counts.append((page_queries, len(result.captured_queries)))
    assert counts[0] == counts[1]
