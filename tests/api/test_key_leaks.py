"""No key reaches a student before the review policy allows it.

Every student-facing response of a quiz with all eight question types is searched for key fields,
under each review policy, before and after submission; a matching question's right-hand side and
an ordering question's items must not give the answer away either."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from classroom.models import Assignment
from quizzes.models import ReviewPolicy
from tests.api.conftest import MATCHES, api, right_answers, submit

KEY_FIELDS = {"fraction", "accepted", "is_correct", "tolerance", "correct_answer", "match", "model_answer",
              "numeric", "correct"}  # fmt: skip
# Texts only a key holds: accepted answers of the short answer, the essay's model answer, feedback.
KEY_TEXTS = ["Twentieth", "20th", "Ended terror", "No: crushed", "Correct"]


def keys_in(payload, skip=("answer",)) -> set[str]:
    """Every dict key anywhere in the payload, except inside the student's own answers."""
    found = set()
    if isinstance(payload, dict):
        for key, value in payload.items():
            found.add(key)
            if key not in skip:
                found |= keys_in(value, skip)
    elif isinstance(payload, list):
        for value in payload:
            found |= keys_in(value, skip)
    return found


def texts_in(payload) -> str:
    """The payload as text, without the student's own answers (they may quote anything)."""
    if isinstance(payload, dict):
        return " ".join(texts_in(v) for k, v in payload.items() if k != "answer")
    if isinstance(payload, list):
        return " ".join(texts_in(v) for v in payload)
    return str(payload)


def assert_no_key(payload, where: str, extra=()):
    leaked = keys_in(payload) & (KEY_FIELDS | set(extra))
    assert not leaked, f"{where}: key fields {leaked}"
    text = texts_in(payload)
    shown = [t for t in KEY_TEXTS if t in text]
    assert not shown, f"{where}: key texts {shown}"


def assert_quiz_payloads_clean(client, quiz):
    listing = client.get("/api/v1/quizzes/").json()
    assert quiz.slug in json.dumps(listing)
    assert_no_key(listing, "quiz list", extra={"pairs", "questions"})
    detail = client.get(f"/api/v1/quizzes/{quiz.slug}/")
    assert detail.status_code == 200
    assert_no_key(detail.json(), "quiz detail", extra={"pairs", "questions"})


def attempt_round(client, quiz) -> tuple[dict, dict, dict, dict]:
    """start, autosave, detail before submit, detail after submit (all as the student)."""
    start = client.post(f"/api/v1/quizzes/{quiz.slug}/attempts/", {}, format="json")
    assert start.status_code == 201, start.content
    attempt = start.json()
    assert sorted(q["type"] for q in attempt["questions"]) == sorted(
        ["single", "multiple", "true_false", "short_answer", "numerical", "matching", "ordering", "essay"]
    )
    saved = client.patch(f"/api/v1/attempts/{attempt['id']}/", {"responses": right_answers(attempt)}, format="json")
    assert saved.status_code == 200, saved.content
    before = client.get(f"/api/v1/attempts/{attempt['id']}/").json()
    assert submit(client, attempt["id"]).status_code == 202
    after = client.get(f"/api/v1/attempts/{attempt['id']}/").json()
    return attempt, saved.json(), before, after


def review_is_open(payload: dict) -> bool:
    return any("correct_answer" in r for r in payload["responses"])


@pytest.fixture
def assigned(quiz, classroom, teacher):
    def assign(policy: str, due_at=None):
        quiz.review_policy = policy
        quiz.save()
        # The quiz fixture assigned it to the class already: its dates change.
        assignment = Assignment.objects.get(classroom=classroom, quiz=quiz)
        assignment.due_at = due_at
        assignment.save()
        return assignment

    return assign


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("policy", "score_after", "keys_after"),
    [
        (ReviewPolicy.AFTER_SUBMISSION, True, True),
        (ReviewPolicy.SCORE_ONLY, True, False),
        (ReviewPolicy.NEVER, False, False),
    ],
)
def test_no_key_before_review_is_allowed(student, assigned, quiz, policy, score_after, keys_after):
    assigned(policy)
    client = api(student)
    assert_quiz_payloads_clean(client, quiz)
    start, saved, before, after = attempt_round(client, quiz)
    for where, payload in (("start", start), ("autosave", saved), ("detail before submit", before)):
        assert_no_key(payload, where, extra={"pairs"})
        assert payload["score"] is None and all("score" not in r and "feedback" not in r for r in payload["responses"])
    assert after["status"] == "needs_review"  # the essay waits for the teacher
    if keys_after:
        assert review_is_open(after)
        key = next(r["correct_answer"] for r in after["responses"] if r["correct_answer"].get("pairs"))
        assert len(key["pairs"]) == len(MATCHES)
    else:
        assert_no_key(after, f"{policy} after submit", extra={"feedback"})
    assert (after["score"] is not None) == score_after
    listed = client.get("/api/v1/attempts/").json()["results"][0]
    assert (listed["score"] is not None) == score_after
    assert_quiz_payloads_clean(client, quiz)


@pytest.mark.django_db
def test_after_due_shows_keys_only_once_the_due_date_passed(student, assigned, quiz):
    assignment = assigned(ReviewPolicy.AFTER_DUE, due_at=timezone.now() + dt.timedelta(days=1))
    client = api(student)
    start, saved, before, after = attempt_round(client, quiz)
    for where, payload in (("start", start), ("autosave", saved), ("before submit", before)):
        assert_no_key(payload, f"after_due {where}", extra={"pairs"})
    assert_no_key(after, "after_due, submitted before the due date", extra={"feedback"})
    assert after["score"] is not None  # the score is shown at once
    past = timezone.now() - dt.timedelta(minutes=1)
    Assignment.objects.filter(pk=assignment.pk).update(available_from=past - dt.timedelta(days=1), due_at=past)
    late = client.get(f"/api/v1/attempts/{after['id']}/").json()
    assert review_is_open(late) and all("feedback" in r for r in late["responses"])
    assert_quiz_payloads_clean(client, quiz)


@pytest.mark.django_db
def test_after_due_without_a_due_date_keeps_keys_while_attempts_remain(student, quiz):
    quiz.review_policy, quiz.attempts_allowed = ReviewPolicy.AFTER_DUE, 2
    quiz.save()
    client = api(student)
    _start, _saved, _before, first = attempt_round(client, quiz)
    assert not review_is_open(first)  # a second attempt could use the key
    second = attempt_round(client, quiz)[3]
    assert review_is_open(second)
    assert review_is_open(client.get(f"/api/v1/attempts/{first['id']}/").json())


def _question(attempt: dict, kind: str) -> dict:
    return next(q for q in attempt["questions"] if q["type"] == kind)


@pytest.mark.django_db
@pytest.mark.parametrize("shuffle_choices", [True, False])
def test_matching_and_ordering_layouts_do_not_give_the_answer_away(quiz, classroom, shuffle_choices):
    from classroom.services import enrollment_join
    from tests.factories import UserFactory

    quiz.shuffle_choices = shuffle_choices
    quiz.save()
    option_ids = set(quiz.questions.get(type="matching").options.values_list("id", flat=True))
    correct_order = ["Stalin dies", "Secret Speech", "Sputnik", "Ouster"]
    right_in_key_order, right_ids_in_key_order = [], []
    for n in range(8):
        taker = UserFactory(username=f"taker{n}")
        enrollment_join(student=taker, code=classroom.join_code)  # the quiz is assigned to this class
        attempt = api(taker).post(f"/api/v1/quizzes/{quiz.slug}/attempts/").json()
        matching = _question(attempt, "matching")
        left, right = matching["left"], matching["right"]
        assert not {o["id"] for o in left} & option_ids, "a student sees stored option ids"
        assert not {o["id"] for o in right} & option_ids, "right ids reuse the option ids of their pair"
        assert len(right) == len(left) and {o["text"] for o in right} == set(MATCHES.values())
        key_order = [MATCHES[o["text"]] for o in left]
        right_in_key_order.append([o["text"] for o in right] == key_order)
        by_id = [o["text"] for o in sorted(right, key=lambda o: o["id"])]
        right_ids_in_key_order.append(by_id == key_order)
        items = [o["text"] for o in _question(attempt, "ordering")["items"]]
        assert sorted(items) == sorted(correct_order)
    # 4 pairs: one layout in 24 happens to line up; eight in a row would be a rule, not chance.
    assert not all(right_in_key_order), "the right-hand order follows the left-hand order"
    assert not all(right_ids_in_key_order), "sorting the right-hand ids gives the pairing"
