"""Attempt rules: limits, deadlines (the due date is the caller's) and grace, autosave versions, submit/grade
idempotency, grading methods, essay review, regrading, expiry, review policy, and concurrent submits."""

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction

from quizzes import review
from quizzes.grading import key_answer
from quizzes.models import Attempt, Option, QuizGrade, Response, ReviewPolicy
from quizzes.selectors import attempt_questions, question_data, quiz_grades, review_visibility
from quizzes.services import (
    attempt_grade,
    attempt_start,
    attempt_submit,
    attempts_expire,
    attempts_reschedule,
    quiz_add_questions,
    quiz_grades_update,
    quiz_regrade,
    quiz_replace_questions,
    response_review,
    responses_save,
)
from quizzes.signals import attempts_changed
from quizzes.tasks import grade_attempt_task
from quizzes.types import Choice, QuestionData
from tests.factories import UserFactory
from tests.quizzes.conftest import NOW, sample_questions
from tests.quizzes.factories import QuizFactory, choose, shown_id
from tests.quizzes.factories import key_responses as key_responses

pytestmark = pytest.mark.django_db


@pytest.fixture
def submit(django_capture_on_commit_callbacks):
    """Submit and run the on-commit grading (eager Celery), as a request would."""

    def run(attempt, now=NOW):
        with django_capture_on_commit_callbacks(execute=True):
            attempt_submit(attempt=attempt, now=now)
        attempt.refresh_from_db()
        return attempt

    return run


@pytest.fixture
def take(submit):
    """Start, answer and submit an attempt: answers maps question type -> answer (default: the key)."""

    def run(student, quiz, answers=None, now=NOW, due=None):
        attempt = attempt_start(student=student, quiz=quiz, due=due, now=now)
        responses = []
        for item in key_responses(attempt):
            question_type = next(q.type for q, _e in attempt_questions(attempt=attempt) if q.id == item["question"])
            if answers is None or question_type in answers:
                responses.append(
                    {"question": item["question"], "answer": (answers or {}).get(question_type, item["answer"])}
                )
        responses_save(attempt=attempt, student=student, responses=responses, now=now)
        return submit(attempt, now=now)

    return run


@pytest.fixture
def gradings_queued(monkeypatch):
    """The ids of the attempts whose grading a submit queued (the grading still runs, eagerly)."""
    queued = []
    publish = grade_attempt_task.apply_async

    def recorded(args, **options):
        queued.append(args[0])
        return publish(args, **options)

    monkeypatch.setattr(grade_attempt_task, "apply_async", recorded)
    return queued


@pytest.fixture
def graded_batches():
    """The attempts each grading transaction graded, as the quizzes app tells the apps above it."""
    batches = []

    def record(sender, *, graded, **kwargs):
        if graded:
            batches.append(graded)

    attempts_changed.connect(record, weak=False, dispatch_uid="tests-graded-batches")
    yield batches
    attempts_changed.disconnect(dispatch_uid="tests-graded-batches")


# ---------------------------------------------------------------- questions <-> data


def _without_ids(data: QuestionData) -> QuestionData:
    data.choices = [Choice(c.text, c.fraction, c.feedback, c.match) for c in data.choices]
    return data


def test_questions_round_trip_through_rows(quiz):
    stored = [_without_ids(question_data(q)) for q in quiz.questions.order_by("position")]
    assert stored == sample_questions()
    assert all(c.id for q in quiz.questions.all() for c in question_data(q).choices)


def test_add_questions_appends_and_links_study_items(quiz):
    added = quiz_add_questions(quiz=quiz, questions=sample_questions()[:2])
    assert [q.position for q in added] == [9, 10]
    assert quiz.questions.count() == 10


def test_add_questions_rejects_broken_ones_and_saves_nothing(quiz):
    broken = QuestionData(type="single", prompt="No key", name="Keyless", choices=[Choice("a", 0.5)])
    unknown = QuestionData(type="cloze", prompt="?")
    with pytest.raises(ValidationError) as error:
        quiz_add_questions(quiz=quiz, questions=[sample_questions()[0], broken, unknown])
    messages = error.value.messages
    assert any("Question 2 (Keyless)" in m and "full marks" in m for m in messages)
    assert any("Question 3" in m and "cloze" in m for m in messages)
    assert quiz.questions.count() == 8


def test_replace_questions(quiz, student, submit):
    quiz_replace_questions(quiz=quiz, questions=sample_questions()[:3])
    assert list(quiz.questions.values_list("type", flat=True)) == ["single", "multiple", "true_false"]
    attempt_start(student=student, quiz=quiz, now=NOW)
    with pytest.raises(ValidationError, match="has attempts"):
        quiz_replace_questions(quiz=quiz, questions=sample_questions())
    assert quiz.questions.count() == 3


# ---------------------------------------------------------------- start


def test_start_fixes_the_layout(quiz, student):
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    questions = list(quiz.questions.order_by("position"))
    entries = attempt.layout["questions"]
    assert [e["id"] for e in entries] == [q.id for q in questions]  # no shuffle_questions
    assert (attempt.number, attempt.status, attempt.max_score, attempt.deadline) == (1, "in_progress", 11, None)
    single, matching, ordering = entries[0], entries[5], entries[6]
    # shuffle_choices off: the author's order, each option under an id of this attempt
    assert [oid for _shown, oid in single["options"]] == list(questions[0].options.values_list("id", flat=True))
    assert entries[3]["options"] == []  # accepted short answers are never shown
    left_ids = set(questions[5].options.values_list("id", flat=True))
    assert {oid for _shown, oid in matching["options"]} == left_ids
    assert sorted(text for _id, text in matching["rights"]) == [
        "Chairman of the CCP",
        "Polish leader",
        "U.S. President",
    ]
    shown = [sid for e in entries for sid, _oid in e["options"]] + [rid for rid, _text in matching["rights"]]
    assert len(set(shown)) == len(shown)  # no two shown ids alike in one attempt
    assert {oid for _shown, oid in ordering["options"]} == set(questions[6].options.values_list("id", flat=True))


def test_start_resumes_the_open_attempt(quiz, student):
    first = attempt_start(student=student, quiz=quiz, now=NOW)
    assert attempt_start(student=student, quiz=quiz, now=NOW + timedelta(minutes=5)) == first
    assert Attempt.objects.count() == 1


def test_start_refuses_unpublished_and_empty_quizzes(student):
    with pytest.raises(ValidationError, match="not open"):
        attempt_start(student=student, quiz=QuizFactory(published=False), now=NOW)
    with pytest.raises(ValidationError, match="no questions"):
        attempt_start(student=student, quiz=QuizFactory(), now=NOW)


def test_attempt_limit(auto_quiz, student, submit):
    auto_quiz.attempts_allowed = 2
    auto_quiz.save()
    for number in (1, 2):
        attempt = attempt_start(student=student, quiz=auto_quiz, now=NOW)
        assert attempt.number == number
        submit(attempt)
    with pytest.raises(ValidationError, match="used all 2 attempts"):
        attempt_start(student=student, quiz=auto_quiz, now=NOW)
    assert attempt_start(student=UserFactory(), quiz=auto_quiz, now=NOW).number == 1  # per student


def test_unlimited_attempts(auto_quiz, student, submit):
    for _ in range(4):
        submit(attempt_start(student=student, quiz=auto_quiz, now=NOW))
    assert Attempt.objects.filter(student=student).count() == 4


def test_deadline_from_time_limit(quiz, student):
    quiz.time_limit = timedelta(minutes=20)
    quiz.save()
    assert attempt_start(student=student, quiz=quiz, now=NOW).deadline == NOW + timedelta(minutes=20)


def test_deadline_capped_by_the_due_date(quiz, student):
    quiz.time_limit = timedelta(hours=2)
    quiz.save()
    due = NOW + timedelta(minutes=30)
    assert attempt_start(student=student, quiz=quiz, due=due, now=NOW).deadline == due
    assert attempt_start(student=UserFactory(), quiz=quiz, due=NOW + timedelta(hours=3), now=NOW).deadline == (
        NOW + timedelta(hours=2)
    )  # the time limit ends first


def test_due_date_without_time_limit_is_the_deadline(quiz, student):
    due = NOW + timedelta(days=1)
    assert attempt_start(student=student, quiz=quiz, due=due, now=NOW).deadline == due


def test_no_start_after_the_due_date(quiz, student):
    with pytest.raises(ValidationError, match="was due"):
        attempt_start(student=student, quiz=quiz, due=NOW - timedelta(seconds=1), now=NOW)
    assert not Attempt.objects.exists()
    assert attempt_start(student=UserFactory(), quiz=quiz, due=None, now=NOW)  # not assigned to them: no due date


def test_a_moved_due_date_moves_the_deadline_of_open_attempts_only(quiz, student, submit):
    quiz.time_limit = timedelta(hours=2)
    quiz.save()
    due = NOW + timedelta(minutes=30)
    attempt = attempt_start(student=student, quiz=quiz, due=due, now=NOW)
    finished = submit(attempt_start(student=UserFactory(), quiz=quiz, due=due, now=NOW))
    later = {student.pk: NOW + timedelta(hours=1), finished.student_id: NOW + timedelta(hours=1)}
    assert attempts_reschedule(quiz=quiz, dues=later) == 1
    attempt.refresh_from_db()
    assert attempt.deadline == NOW + timedelta(hours=1)
    assert Attempt.objects.get(pk=finished.pk).deadline == due
    assert attempts_reschedule(quiz=quiz, dues={student.pk: None}) == 1  # unassigned: the time limit alone
    attempt.refresh_from_db()
    assert attempt.deadline == NOW + timedelta(hours=2)
    assert attempts_reschedule(quiz=quiz, dues={student.pk: None}) == 0


def test_expired_open_attempt_is_submitted_before_a_new_start(auto_quiz, student):
    auto_quiz.time_limit = timedelta(minutes=10)
    auto_quiz.save()
    first = attempt_start(student=student, quiz=auto_quiz, now=NOW)
    second = attempt_start(student=student, quiz=auto_quiz, now=NOW + timedelta(hours=1))
    first.refresh_from_db()
    assert first.status != "in_progress" and second.number == 2


def test_expired_attempt_is_submitted_even_when_no_new_start_is_allowed(auto_quiz, student):
    auto_quiz.time_limit, auto_quiz.attempts_allowed = timedelta(minutes=10), 1
    auto_quiz.save()
    first = attempt_start(student=student, quiz=auto_quiz, now=NOW)
    with pytest.raises(ValidationError, match="used your only attempt"):
        attempt_start(student=student, quiz=auto_quiz, now=NOW + timedelta(hours=1))
    first.refresh_from_db()
    assert first.status != "in_progress"


def test_questions_per_attempt_draws_a_subset(quiz, student):
    quiz.questions_per_attempt = 3
    quiz.save()
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    drawn = [e["id"] for e in attempt.layout["questions"]]
    positions = list(quiz.questions.filter(id__in=drawn).order_by("position").values_list("id", flat=True))
    assert len(drawn) == 3 and drawn == positions  # kept in quiz order without shuffle_questions
    assert attempt.max_score == sum(quiz.questions.filter(id__in=drawn).values_list("points", flat=True))


def test_shuffles_vary_between_attempts(quiz):
    quiz.shuffle_questions = quiz.shuffle_choices = True
    quiz.save()
    layouts = [attempt_start(student=UserFactory(), quiz=quiz, now=NOW).layout["questions"] for _ in range(12)]
    assert len({tuple(e["id"] for e in layout) for layout in layouts}) > 1
    single_orders = {
        tuple(oid for _sid, oid in next(e for e in layout if len(e["options"]) == 3)["options"]) for layout in layouts
    }
    assert len(single_orders) > 1
    right_ids = [rid for layout in layouts for e in layout for rid, _t in e["rights"]]
    assert len(set(right_ids)) == len(right_ids)  # fresh opaque ids every attempt


# ---------------------------------------------------------------- autosave


def test_save_and_update_answers(quiz, student):
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    single = attempt.layout["questions"][0]
    (first, _), (second, _) = single["options"][:2]
    attempt = responses_save(
        attempt=attempt, student=student, responses=[{"question": single["id"], "answer": {"choice": first}}], now=NOW
    )
    assert attempt.version == 1
    attempt = responses_save(
        attempt=attempt,
        student=student,
        responses=[{"question": single["id"], "answer": {"choice": second}}],
        version=1,
        now=NOW,
    )
    assert attempt.version == 2
    assert list(Response.objects.values_list("answer", flat=True)) == [{"choice": second}]


def test_stale_version_is_refused(quiz, student):
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    tf = attempt.layout["questions"][2]["id"]
    responses_save(
        attempt=attempt, student=student, responses=[{"question": tf, "answer": {"value": True}}], version=0, now=NOW
    )
    with pytest.raises(ValidationError) as error:
        responses_save(
            attempt=attempt,
            student=student,
            responses=[{"question": tf, "answer": {"value": False}}],
            version=0,
            now=NOW,
        )
    assert error.value.code == "stale"
    assert Response.objects.get().answer == {"value": True}


def test_null_answer_clears_a_response(quiz, student):
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    tf = attempt.layout["questions"][2]["id"]
    responses_save(attempt=attempt, student=student, responses=[{"question": tf, "answer": {"value": True}}], now=NOW)
    responses_save(attempt=attempt, student=student, responses=[{"question": tf, "answer": None}], now=NOW)
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("index", "answer", "message"),
    [
        (0, {"choice": 999_999}, "Question 1: choice 999999 is not an option of this question"),
        (4, {"value": "1956"}, 'Question 5: "value" must be a number'),
        (5, {"pairs": [{"left": 1}]}, 'Question 6: the answer is missing key "right"'),
        (6, {"order": []}, 'Question 7: "order" must list every item exactly once'),
    ],
)
def test_invalid_answers_name_the_question_and_save_nothing(quiz, student, index, answer, message):
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    entries = attempt.layout["questions"]
    good = {"question": entries[2]["id"], "answer": {"value": True}}
    with pytest.raises(ValidationError) as error:
        responses_save(
            attempt=attempt,
            student=student,
            responses=[good, {"question": entries[index]["id"], "answer": answer}],
            now=NOW,
        )
    assert message in error.value.messages
    assert not Response.objects.exists()
    attempt.refresh_from_db()
    assert attempt.version == 0


@pytest.mark.parametrize(
    ("responses", "message"),
    [
        ([{"question": 123456789, "answer": {"value": True}}], "not part of this attempt"),
        ([{"question": "x", "answer": {}}], "not part of this attempt"),
        ([{"answer": {}}], "exactly"),
        ("nope", "must be a list"),
    ],
)
def test_malformed_saves(quiz, student, responses, message):
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    with pytest.raises(ValidationError, match=message):
        responses_save(attempt=attempt, student=student, responses=responses, now=NOW)


def test_duplicate_question_in_one_save(quiz, student):
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    tf = attempt.layout["questions"][2]["id"]
    with pytest.raises(ValidationError, match="twice"):
        responses_save(
            attempt=attempt, student=student, responses=[{"question": tf, "answer": {"value": True}}] * 2, now=NOW
        )


def test_question_outside_the_drawn_set_is_refused(quiz, student):
    quiz.questions_per_attempt = 1
    quiz.save()
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    other = quiz.questions.exclude(id=attempt.layout["questions"][0]["id"]).first()
    with pytest.raises(ValidationError, match="not part of this attempt"):
        responses_save(
            attempt=attempt, student=student, responses=[{"question": other.id, "answer": {"text": "x"}}], now=NOW
        )


def test_only_the_owner_saves(quiz, student):
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    with pytest.raises(PermissionDenied):
        responses_save(attempt=attempt, student=UserFactory(), responses=[], now=NOW)


def test_grace_period_after_the_deadline(quiz, student, settings):
    settings.QUIZ_GRACE_SECONDS = 60
    quiz.time_limit = timedelta(minutes=10)
    quiz.save()
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    tf = {"question": attempt.layout["questions"][2]["id"], "answer": {"value": False}}
    deadline = NOW + timedelta(minutes=10)
    responses_save(attempt=attempt, student=student, responses=[tf], now=deadline + timedelta(seconds=60))
    with pytest.raises(ValidationError) as error:
        responses_save(attempt=attempt, student=student, responses=[tf], now=deadline + timedelta(seconds=61))
    assert error.value.code == "late"


def test_no_saving_after_submit(quiz, student, submit):
    attempt = submit(attempt_start(student=student, quiz=quiz, now=NOW))
    with pytest.raises(ValidationError) as error:
        responses_save(attempt=attempt, student=student, responses=[], now=NOW)
    assert error.value.code == "closed"


# ---------------------------------------------------------------- what a save reads and returns


def _tf(attempt, value=True):
    return [{"question": attempt.layout["questions"][2]["id"], "answer": {"value": value}}]


def test_a_save_returns_the_attempt_as_stored(quiz, student):
    quiz.time_limit = timedelta(minutes=30)
    quiz.save()
    started = attempt_start(student=student, quiz=quiz, now=NOW)
    saved = responses_save(attempt=started, student=student, responses=_tf(started), version=0, now=NOW)
    stored = Attempt.objects.get(pk=started.pk)
    assert (saved.version, saved.status, saved.deadline) == (stored.version, stored.status, stored.deadline)
    assert (saved.version, saved.status, saved.deadline) == (1, "in_progress", NOW + timedelta(minutes=30))


def test_a_copy_read_before_the_submit_still_says_why_a_save_is_refused(quiz, student, submit):
    started = attempt_start(student=student, quiz=quiz, now=NOW)
    copy = Attempt.objects.get(pk=started.pk)  # say, read by a save request while another request submits
    submit(started)
    assert copy.status == "in_progress"
    with pytest.raises(ValidationError) as error:
        responses_save(attempt=copy, student=student, responses=_tf(copy), now=NOW)
    assert error.value.code == "closed" and not Response.objects.filter(answer__isnull=False).exists()


def test_the_queries_of_a_save_do_not_grow_with_its_answers(auto_quiz, student, calls_stay_flat):
    attempt = attempt_start(student=student, quiz=auto_quiz, now=NOW)
    answers = key_responses(attempt)
    some = answers[:1]

    def save():
        return responses_save(attempt=attempt, student=student, responses=some, now=NOW)

    calls_stay_flat(save, lambda: some.extend(answers[1:]), at_most=7)
    assert Response.objects.filter(attempt=attempt).count() == len(answers) == 7


# ---------------------------------------------------------------- submit and grade


def test_key_answers_score_full_marks(auto_quiz, student, take):
    attempt = take(student, auto_quiz)
    assert (attempt.status, attempt.score, attempt.max_score) == ("graded", 7, 7)
    assert attempt.submitted_at == NOW and attempt.graded_at is not None
    assert set(Response.objects.values_list("score", flat=True)) == {1}
    assert QuizGrade.objects.get(student=student, quiz=auto_quiz).grade == 100


def test_essay_leaves_the_attempt_needing_review(quiz, student, take):
    attempt = take(student, quiz)
    assert (attempt.status, attempt.score, attempt.max_score, attempt.graded_at) == ("needs_review", 7, 11, None)
    assert Response.objects.get(question__type="essay").score is None


def test_wrong_and_partial_answers(quiz, student, take):
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    entries = {q.type: (q, e) for q, e in attempt_questions(attempt=attempt)}
    multiple, _ = entries["multiple"]
    malenkov = shown_id(attempt, multiple.options.get(text="Malenkov"))
    matching, m_entry = entries["matching"]
    rights = {text: rid for rid, text in m_entry["rights"]}
    mao = shown_id(attempt, matching.options.get(text="Mao Zedong"))
    responses = [
        {"question": multiple.id, "answer": {"choices": [malenkov]}},
        {
            "question": entries["matching"][0].id,
            "answer": {"pairs": [{"left": mao, "right": rights["Chairman of the CCP"]}]},
        },
        {"question": entries["numerical"][0].id, "answer": {"value": 1957}},
        {"question": entries["essay"][0].id, "answer": {"text": "Terror ended."}},
    ]
    responses_save(attempt=attempt, student=student, responses=responses, now=NOW)
    with_ids = {r.question.type: r.score for r in Response.objects.select_related("question")}
    assert with_ids == {"multiple": None, "matching": None, "numerical": None, "essay": None}  # not graded yet
    attempt_submit(attempt=attempt, now=NOW)
    attempt_grade(attempt_id=attempt.id)
    scores = {r.question.type: r.score for r in Response.objects.select_related("question")}
    assert scores == {
        "single": 0,  # unanswered questions get an empty response scoring 0
        "multiple": 0.3333,
        "true_false": 0,
        "short_answer": 0,
        "numerical": 0,
        "matching": 0.3333,
        "ordering": 0,
        "essay": None,
    }
    attempt.refresh_from_db()
    assert (attempt.status, attempt.score, attempt.max_score) == ("needs_review", 0.6666, 11)


def test_submit_is_idempotent(auto_quiz, student, gradings_queued, django_capture_on_commit_callbacks):
    attempt = attempt_start(student=student, quiz=auto_quiz, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        attempt_submit(attempt=attempt, now=NOW)
    assert gradings_queued == [attempt.pk]
    attempt.refresh_from_db()
    graded_at = attempt.graded_at
    with django_capture_on_commit_callbacks(execute=True):
        again = attempt_submit(attempt=attempt, now=NOW + timedelta(minutes=1))
    assert gradings_queued == [attempt.pk]  # nothing more queued
    assert (again.status, again.submitted_at, again.graded_at) == ("graded", NOW, graded_at)


def test_grade_is_idempotent_and_only_grades_submitted_attempts(auto_quiz, student, take):
    in_progress = attempt_start(student=UserFactory(), quiz=auto_quiz, now=NOW)
    assert attempt_grade(attempt_id=in_progress.id).status == "in_progress"
    attempt = take(student, auto_quiz)
    before = (attempt.score, attempt.graded_at, list(Response.objects.filter(attempt=attempt).values("score")))
    attempt_grade(attempt_id=attempt.id, now=NOW + timedelta(days=1))
    attempt.refresh_from_db()
    assert (attempt.score, attempt.graded_at, list(Response.objects.filter(attempt=attempt).values("score"))) == before


def test_grade_of_a_missing_attempt_is_skipped():
    assert attempt_grade(attempt_id=987654) is None


def _submitted(quiz, *, answered=True):
    """A submitted attempt of a new student, its answers saved, its grading not run (no task queued)."""
    student = UserFactory()
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    if answered:
        responses_save(attempt=attempt, student=student, responses=key_responses(attempt), now=NOW)
    Attempt.objects.filter(pk=attempt.pk).update(status="submitted", submitted_at=NOW)
    return attempt.pk


def test_grading_takes_along_the_other_submitted_attempts_of_the_quiz(auto_quiz, caplog):
    """A class submitting together is graded in one transaction: the first task grades the others too, each
    exactly once, and their own tasks then find nothing to do."""
    ids = [_submitted(auto_quiz) for _ in range(4)]
    unanswered = _submitted(auto_quiz, answered=False)
    in_progress = attempt_start(student=UserFactory(), quiz=auto_quiz, now=NOW).pk
    other_quiz = QuizFactory(slug="other")
    quiz_add_questions(quiz=other_quiz, questions=sample_questions()[:2])
    elsewhere = _submitted(other_quiz)

    assert attempt_grade(attempt_id=ids[2]).status == "graded"
    scores = dict(Attempt.objects.values_list("id", "score"))
    statuses = dict(Attempt.objects.values_list("id", "status"))
    assert [statuses[i] for i in (*ids, unanswered)] == ["graded"] * 5
    assert [scores[i] for i in ids] == [7] * 4 and scores[unanswered] == 0
    assert (statuses[in_progress], statuses[elsewhere]) == ("in_progress", "submitted")
    assert Response.objects.filter(attempt_id=unanswered, score=0).count() == 7  # unanswered questions score 0
    assert QuizGrade.objects.filter(quiz=auto_quiz).count() == 5
    for attempt_id in (*ids, unanswered):
        attempt_grade(attempt_id=attempt_id)  # their own tasks: nothing left to do
        assert caplog.text.count(f"Graded attempt {attempt_id}: graded") == 1


def test_a_grading_takes_the_whole_quiz_in_bounded_batches_its_own_attempt_first(auto_quiz, graded_batches):
    ids = [_submitted(auto_quiz) for _ in range(5)]
    attempt_grade(attempt_id=ids[4], batch=3)
    assert graded_batches == [[ids[4], ids[0], ids[1]], [ids[2], ids[3]]]  # then one more look finds none left
    assert set(Attempt.objects.values_list("status", flat=True)) == {"graded"}


def test_grades_of_many_students_are_updated_together(one_question_quiz, take, calls_stay_flat):
    students = [UserFactory() for _ in range(2)]
    for student in students:
        take(student, one_question_quiz)
    Attempt.objects.filter(student=students[0]).delete()  # a teacher removed this student's only attempt

    def more_students():
        for student in UserFactory.create_batch(5):
            take(student, one_question_quiz)
            students.append(student)
        Attempt.objects.filter(student__in=students[2:4]).delete()

    def update():
        return quiz_grades_update(student_ids=[s.pk for s in students], quiz=one_question_quiz)

    # Read the attempts, delete the grades left without one (read first: deleting them sends signals), write the
    # rest: whatever the number of students.
    grades = calls_stay_flat(update, more_students, at_most=4)
    assert set(grades) == {s.pk for s in (students[1], *students[4:])} and len(grades) == 4
    assert set(QuizGrade.objects.values_list("student_id", flat=True)) == set(grades)


def test_broker_failure_does_not_fail_the_submit(
    auto_quiz, student, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broken(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr("quizzes.tasks.grade_attempt_task.apply_async", broken)
    attempt = attempt_start(student=student, quiz=auto_quiz, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        attempt_submit(attempt=attempt, now=NOW)
    attempt.refresh_from_db()
    assert attempt.status == "submitted"
    assert "Could not queue grading" in caplog.text


def test_grading_task_is_named_and_thin(auto_quiz, student):
    from quizzes.tasks import grade_attempt_task

    assert grade_attempt_task.name == "quizzes.grade_attempt"
    attempt = attempt_start(student=student, quiz=auto_quiz, now=NOW)
    Attempt.objects.filter(pk=attempt.pk).update(status="submitted", submitted_at=NOW)
    grade_attempt_task.delay(attempt.id)
    attempt.refresh_from_db()
    assert attempt.status == "graded"


# ---------------------------------------------------------------- grading methods


@pytest.fixture
def one_question_quiz(db):
    quiz = QuizFactory()
    quiz_add_questions(
        quiz=quiz,
        questions=[
            QuestionData(
                type="single",
                prompt="Pick",
                points=2,
                choices=[Choice("full", 1), Choice("half", 0.5), Choice("none", 0)],
            )
        ],
    )
    return quiz


def _take_choice(take, student, quiz, text):
    option = Option.objects.get(question__quiz=quiz, text=text)
    return choose(student, quiz, option.question, option, now=NOW)


@pytest.mark.parametrize(
    ("method", "want"),
    [("highest", 100), ("latest", 50), ("first", 0), ("average", 50)],
)
def test_grading_methods(one_question_quiz, student, take, method, want):
    one_question_quiz.grading_method = method
    one_question_quiz.save()
    scores = [_take_choice(take, student, one_question_quiz, text).score for text in ("none", "full", "half")]
    assert scores == [0, 2, 1]
    grade = QuizGrade.objects.get(student=student, quiz=one_question_quiz)
    assert (grade.grade, grade.attempts, grade.pending_review) == (want, 3, False)


@pytest.mark.parametrize(("method", "want"), [("highest", 100), ("average", 100), ("first", 100), ("latest", None)])
def test_grading_methods_wait_for_review(quiz, student, take, method, want):
    quiz.grading_method = method
    quiz.save()
    take(student, quiz)  # every key; the essay waits for review
    grade = QuizGrade.objects.get(student=student, quiz=quiz)
    assert grade.grade is None and grade.pending_review
    essay = Response.objects.get(question__type="essay")
    response_review(response=essay, reviewer=UserFactory(is_superuser=True), score=4)
    grade.refresh_from_db()
    assert grade.grade == 100 and not grade.pending_review
    take(student, quiz)  # a second attempt, its essay pending
    grade.refresh_from_db()
    assert grade.grade == want and grade.pending_review


def test_gradebook_reads_grades_in_one_query_whatever_the_class_size(one_question_quiz, take, calls_stay_flat):
    _take_choice(take, UserFactory(), one_question_quiz, "half")

    def gradebook():
        return [
            (g.student.username, g.quiz.slug, g.grade, g.passed) for g in quiz_grades(quiz_ids=[one_question_quiz.id])
        ]

    def more_students():
        for student in UserFactory.create_batch(4):
            _take_choice(take, student, one_question_quiz, "half")

    rows = calls_stay_flat(gradebook, more_students, at_most=1)
    assert len(rows) == 5 and {r[2] for r in rows} == {50}


# ---------------------------------------------------------------- essay review


def test_essay_review(quiz, student, teacher, take):
    attempt = take(student, quiz)
    assert (attempt.status, attempt.score) == ("needs_review", 7)
    essay = Response.objects.get(attempt=attempt, question__type="essay")
    response_review(response=essay, reviewer=teacher, score=3, feedback="Good point, thin evidence.")
    attempt.refresh_from_db()
    essay.refresh_from_db()
    assert (attempt.status, attempt.score, attempt.graded_at is not None) == ("graded", 10, True)
    assert (essay.score, essay.reviewed_by, essay.feedback) == (3, teacher, "Good point, thin evidence.")
    response_review(response=essay, reviewer=teacher, score=4)  # a second look replaces the score
    attempt.refresh_from_db()
    assert attempt.score == 11
    assert QuizGrade.objects.get(student=student, quiz=quiz).grade == 100


def test_review_rules(quiz, student, teacher, take):
    attempt = take(student, quiz)
    essay = Response.objects.get(attempt=attempt, question__type="essay")
    single = Response.objects.get(attempt=attempt, question__type="single")
    # Who may score whom is the classroom's rule (a teacher of the student's class): tests/quizzes/test_admin.py.
    for bad in (5, -1, float("nan"), "3"):
        with pytest.raises(ValidationError):
            response_review(response=essay, reviewer=teacher, score=bad)
    with pytest.raises(ValidationError, match="Only essay"):
        response_review(response=single, reviewer=teacher, score=1)
    attempt.refresh_from_db()
    assert attempt.status == "needs_review"


def test_review_needs_a_finished_attempt(quiz, student, teacher):
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    essay_id = attempt.layout["questions"][7]["id"]
    responses_save(
        attempt=attempt, student=student, responses=[{"question": essay_id, "answer": {"text": "x"}}], now=NOW
    )
    with pytest.raises(ValidationError, match="not been submitted"):
        response_review(response=Response.objects.get(), reviewer=teacher, score=1)


# ---------------------------------------------------------------- regrade


def test_regrade_counts_changed_scores(one_question_quiz, take, teacher):
    for text in ("full", "half", "none", "half"):
        _take_choice(take, UserFactory(), one_question_quiz, text)
    assert quiz_regrade(quiz=one_question_quiz) == 0
    Option.objects.filter(question__quiz=one_question_quiz, text="half").update(fraction=1)
    Option.objects.filter(question__quiz=one_question_quiz, text="full").update(fraction=0.5)
    assert quiz_regrade(quiz=one_question_quiz, batch_size=3) == 3  # full and both halves changed
    assert sorted(Attempt.objects.values_list("score", flat=True)) == [0, 1, 2, 2]
    assert sorted(QuizGrade.objects.values_list("grade", flat=True)) == [0, 50, 100, 100]
    assert quiz_regrade(quiz=one_question_quiz) == 0


def test_regrade_follows_points_and_keeps_essay_reviews(quiz, student, teacher, take):
    attempt = take(student, quiz)
    essay = Response.objects.get(attempt=attempt, question__type="essay")
    response_review(response=essay, reviewer=teacher, score=2)
    quiz.questions.filter(type="single").update(points=3)
    assert quiz_regrade(quiz=quiz) == 1
    attempt.refresh_from_db()
    essay.refresh_from_db()
    assert (attempt.score, attempt.max_score, attempt.status, essay.score) == (11, 13, "graded", 2)


def test_regrade_ignores_attempts_in_progress(auto_quiz, student):
    attempt_start(student=student, quiz=auto_quiz, now=NOW)
    assert quiz_regrade(quiz=auto_quiz) == 0
    assert Attempt.objects.get().status == "in_progress"


# ---------------------------------------------------------------- expiry


def test_attempts_expire_after_deadline_and_grace(auto_quiz, student, django_capture_on_commit_callbacks):
    auto_quiz.time_limit = timedelta(minutes=5)
    auto_quiz.save()
    late = attempt_start(student=student, quiz=auto_quiz, now=NOW)
    responses_save(attempt=late, student=student, responses=key_responses(late)[:2], now=NOW)
    recent = attempt_start(student=UserFactory(), quiz=auto_quiz, now=NOW + timedelta(minutes=4))
    with django_capture_on_commit_callbacks(execute=True):
        assert attempts_expire(now=NOW + timedelta(minutes=6, seconds=30)) == 1
        assert attempts_expire(now=NOW + timedelta(minutes=6, seconds=30)) == 0
    late.refresh_from_db()
    recent.refresh_from_db()
    assert (late.status, late.score, late.submitted_at) == ("graded", 2, NOW + timedelta(minutes=6, seconds=30))
    assert recent.status == "in_progress"


def test_untimed_attempts_never_expire(auto_quiz, student):
    attempt_start(student=student, quiz=auto_quiz, now=NOW)
    assert attempts_expire(now=NOW + timedelta(days=365)) == 0


# ---------------------------------------------------------------- review policy


@pytest.mark.parametrize(
    ("policy", "want"),
    [
        (ReviewPolicy.AFTER_SUBMISSION, (True, True, True)),
        (ReviewPolicy.SCORE_ONLY, (True, False, False)),
        (ReviewPolicy.NEVER, (False, False, False)),
    ],
)
def test_review_visibility(auto_quiz, student, take, policy, want):
    auto_quiz.review_policy = policy
    auto_quiz.save()
    open_attempt = attempt_start(student=UserFactory(), quiz=auto_quiz, now=NOW)
    assert review_visibility(open_attempt, due=None, now=NOW) == review.NOTHING
    assert review_visibility(take(student, auto_quiz), due=None, now=NOW) == review.Visibility(*want)


SCORE, ALL = review.Visibility(True, False, False), review.Visibility(True, True, True)


def test_review_after_due_date(auto_quiz, student, take):
    auto_quiz.review_policy = ReviewPolicy.AFTER_DUE
    auto_quiz.save()
    due = NOW + timedelta(days=1)
    attempt = take(student, auto_quiz, due=due)
    assert review_visibility(attempt, due=due, now=NOW) == SCORE
    assert review_visibility(attempt, due=due, now=due) == ALL


def test_review_after_due_without_due_date_waits_for_the_last_attempt(auto_quiz, student, take):
    auto_quiz.review_policy = ReviewPolicy.AFTER_DUE
    auto_quiz.attempts_allowed = 2
    auto_quiz.save()
    first = take(student, auto_quiz)
    assert review_visibility(first, due=None, now=NOW) == SCORE
    last = attempt_start(student=student, quiz=auto_quiz, now=NOW)
    assert review_visibility(first, due=None, now=NOW) == SCORE  # the last attempt is still open
    attempt_submit(attempt=last, now=NOW)
    assert review_visibility(first, due=None, now=NOW) == ALL


def test_review_after_due_with_unlimited_attempts_never_shows_answers(auto_quiz, student, take):
    auto_quiz.review_policy = ReviewPolicy.AFTER_DUE
    auto_quiz.save()
    assert review_visibility(take(student, auto_quiz), due=None, now=NOW + timedelta(days=999)) == SCORE


# ---------------------------------------------------------------- concurrency (PostgreSQL)

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (select_for_update) need PostgreSQL; CI runs this file again on PostgreSQL",
)


def _in_threads(n, work):
    barrier, results, errors = threading.Barrier(n), [], []

    def run():
        try:
            barrier.wait()
            results.append(work())
        except Exception as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    return results


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_finalize_once(monkeypatch):
    quiz = QuizFactory()
    quiz_add_questions(quiz=quiz, questions=sample_questions()[:7])
    student = UserFactory()
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    responses_save(attempt=attempt, student=student, responses=key_responses(attempt), now=NOW)
    queued = []
    monkeypatch.setattr(grade_attempt_task, "apply_async", lambda args, **options: queued.extend(args))
    times = iter(NOW + timedelta(seconds=i) for i in range(100))
    copies = [Attempt.objects.get(pk=attempt.pk) for _ in range(8)]  # each request read the attempt in progress
    lock = threading.Lock()

    def submit_once():
        with lock:
            now, copy = next(times), copies.pop()
        return attempt_submit(attempt=copy, now=now)

    results = _in_threads(8, submit_once)
    assert len(results) == 8 and queued == [attempt.pk]
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and {r.submitted_at for r in results} == {attempt.submitted_at}
    attempt_grade(attempt_id=attempt.pk)
    attempt_grade(attempt_id=attempt.pk)
    attempt.refresh_from_db()
    assert (attempt.status, attempt.score) == ("graded", 7)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_grading_leaves_what_another_transaction_holds_and_waits_only_for_its_own():
    """A batch skips the attempts another transaction holds (a worker grading them, a second submit checking
    one), and a grading takes every other submitted attempt of the quiz along, batch after batch; the task of a
    held attempt grades what it can, then waits for its own and grades it: none is left for the requeue sweep."""
    quiz = QuizFactory()
    quiz_add_questions(quiz=quiz, questions=sample_questions()[:7])
    held, free, own, later = (_submitted(quiz) for _ in range(4))
    holding, release = threading.Event(), threading.Event()

    def hold():
        with transaction.atomic():
            list(Attempt.objects.select_for_update().filter(pk=held).order_by("pk"))  # that row only
            holding.set()
            release.wait(10)
        connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    result = {}
    try:
        assert holding.wait(10)
        assert attempt_grade(attempt_id=own, batch=2).status == "graded"  # own and the oldest free one, then later
        statuses = dict(Attempt.objects.values_list("id", "status"))
        assert [statuses[i] for i in (held, free, own, later)] == ["submitted", "graded", "graded", "graded"]
        newer = _submitted(quiz)

        def grade_held():
            result["status"] = attempt_grade(attempt_id=held).status
            connections.close_all()

        grader = threading.Thread(target=grade_held)
        grader.start()
        grader.join(1)
        assert grader.is_alive()  # waiting for the holder, having graded the rest meanwhile
        assert Attempt.objects.get(pk=newer).status == "graded"
    finally:
        release.set()
        holder.join(10)
    grader.join(10)
    assert result == {"status": "graded"}


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_starts_open_one_attempt():
    quiz = QuizFactory()
    quiz_add_questions(quiz=quiz, questions=sample_questions()[:2])
    student = UserFactory()
    results = _in_threads(6, lambda: attempt_start(student=student, quiz=quiz, now=NOW).pk)
    assert len(set(results)) == 1 and Attempt.objects.count() == 1


# ---------------------------------------------------------------- the GIFT sample, end to end

GIFT_SAMPLE = Path(__file__).resolve().parents[2] / "quizzes" / "demo" / "khrushchev-quiz.gift"

# The answers and scores of the public contract (contract/samples.json), by prompt words.
CONTRACT_ANSWERS = [
    ("deliver the Secret Speech", {"value": 1956}, 1),
    ("Party Congress", {"text": "twentieth"}, 1),
    ("replaced Khrushchev as First Secretary", {"choice_text": "Leonid Brezhnev"}, 1),
    ("Hungarian Revolution", {"value": False}, 1),
    ("Anti-Party Group", {"choices_text": ["Georgy Malenkov", "Vyacheslav Molotov"]}, 0.6667),
    (
        "Match each person",
        {
            "pairs_text": [
                ["Mao Zedong", "Chairman of the Chinese Communist Party"],
                ["Władysław Gomułka", "Polish leader from October 1956"],
                ["John F. Kennedy", "U.S. President during the Cuban Missile Crisis"],
            ]
        },
        1,
    ),
    ("also become Premier", {"value": 1959}, 0),
    ("span of Khrushchev", {"value": 1960}, 1),
    ("lasting effect of de-Stalinization", {"text": "It ended mass terror as a tool of rule."}, None),
]


def _contract_answer(question, entry, spec):
    """Turn the contract's answer-by-text into ids, as an API client would from the attempt."""
    shown = {oid: sid for sid, oid in entry["options"]}
    by_text = {o.text.strip(): shown.get(o.id) for o in question.options.all()}
    rights = {text: right_id for right_id, text in entry["rights"]}
    if "choice_text" in spec:
        return {"choice": by_text[spec["choice_text"]]}
    if "choices_text" in spec:
        return {"choices": [by_text[t] for t in spec["choices_text"]]}
    if "pairs_text" in spec:
        return {"pairs": [{"left": by_text[a], "right": rights[b]} for a, b in spec["pairs_text"]]}
    return spec


def test_gift_sample_scores_as_the_contract_says(student, submit):
    from quizzes.gift import parse_gift

    quiz = QuizFactory(slug="contract-khrushchev", shuffle_choices=True, shuffle_questions=True)
    quiz_add_questions(quiz=quiz, questions=parse_gift(GIFT_SAMPLE.read_text(encoding="utf-8")).questions)
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    shown = attempt_questions(attempt=attempt)
    responses, wanted = [], {}
    for words, spec, score in CONTRACT_ANSWERS:
        question, entry = next((q, e) for q, e in shown if words in q.prompt)
        responses.append({"question": question.id, "answer": _contract_answer(question, entry, spec)})
        wanted[question.id] = score
    responses_save(attempt=attempt, student=student, responses=responses, now=NOW)
    attempt = submit(attempt)
    assert attempt.status == "needs_review"
    for response in Response.objects.filter(attempt=attempt).select_related("question"):
        want = wanted[response.question_id]
        if want is None:
            assert response.score is None
        else:
            assert response.score / response.points == pytest.approx(want, abs=0.01), response.question.prompt


def test_gift_sample_keys_score_one():
    from quizzes.gift import parse_gift
    from quizzes.grading import grade
    from quizzes.problems import question_problems

    for data in parse_gift(GIFT_SAMPLE.read_text(encoding="utf-8")).questions:
        assert question_problems(data) == [], data.name
        result = grade(data, key_answer(data))
        assert result.fraction == (None if data.type == "essay" else 1), data.name
