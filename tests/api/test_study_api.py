"""What the site's study page and brief search do, through the API: flashcards due and their review
(GET /flashcards/, POST /flashcards/{id}/review/), and search over study items (GET /study-items/). The
authorization matrix (test_authz) covers every role; here: behaviour, what nobody may see, and query counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from classroom.models import Flashcard
from quizzes.models import ReviewPolicy
from quizzes.services import quiz_add_questions
from tests.api.conftest import api, sample_questions
from tests.briefs.factories import BriefFactory, StudyItemFactory
from tests.quizzes.factories import QuizFactory, take_attempt

pytestmark = pytest.mark.django_db


def card_of(student, **item) -> Flashcard:
    return Flashcard.objects.create(student=student, study_item=StudyItemFactory(**item))


# ---------------------------------------------------------------- flashcards


def test_the_cards_due_come_most_overdue_first_with_their_faces(student, other_student):
    now = timezone.now()
    later = card_of(student, kind="term", label="Thaw", text="The easing after Stalin.")
    first = card_of(student, kind="character", label="Malenkov", text="Premier after Stalin.")
    Flashcard.objects.filter(pk=first.pk).update(due=now - timedelta(days=2))
    Flashcard.objects.filter(pk=later.pk).update(due=now - timedelta(days=1))
    not_yet = card_of(student, kind="term", label="Not yet")
    Flashcard.objects.filter(pk=not_yet.pk).update(due=now + timedelta(days=3))
    card_of(other_student, kind="term", label="Someone else's")
    body = api(student).get("/api/v1/flashcards/").json()
    assert body["count"] == 2
    assert [(c["id"], c["kind"], c["front"]) for c in body["results"]] == [
        (first.pk, "character", "Malenkov"),
        (later.pk, "term", "Thaw"),
    ]
    assert body["results"][1]["prompt"] == "What does this term mean?"
    assert body["results"][1]["back"] == "The easing after Stalin."


def test_a_review_schedules_the_card_and_it_leaves_the_cards_due(student):
    card = card_of(student, kind="term", label="Thaw", text="The easing after Stalin.")
    response = api(student).post(f"/api/v1/flashcards/{card.pk}/review/", {"rating": "good"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["reviews"] == 1 and response.json()["last_review"]
    card.refresh_from_db()
    assert card.reviews == 1 and card.due > timezone.now()
    assert api(student).get("/api/v1/flashcards/").json()["count"] == 0


@pytest.mark.parametrize("body", [{"rating": "perfect"}, {}, {"rating": 3}])
def test_a_review_without_a_known_rating_is_a_400_and_changes_nothing(student, body):
    card = card_of(student)
    response = api(student).post(f"/api/v1/flashcards/{card.pk}/review/", body, format="json")
    assert response.status_code == 400
    assert "rating" in response.json()["detail"]
    card.refresh_from_db()
    assert card.reviews == 0


def test_someone_elses_card_is_a_404_and_changes_nothing(student, other_student, teacher):
    card = card_of(student)
    for user in (other_student, teacher):
        response = api(user).post(f"/api/v1/flashcards/{card.pk}/review/", {"rating": "easy"}, format="json")
        assert response.status_code == 404
    card.refresh_from_db()
    assert card.reviews == 0


def test_a_missed_question_is_no_card_while_its_key_is_hidden(student):
    """The back of a missed question's card is its key: never before the quiz's review policy shows it."""
    quiz = QuizFactory(review_policy=ReviewPolicy.NEVER)
    quiz_add_questions(quiz=quiz, questions=sample_questions()[:1])
    take_attempt(student, quiz)  # unanswered: missed
    card = Flashcard.objects.get(student=student, question__quiz=quiz)
    assert api(student).get("/api/v1/flashcards/").json()["count"] == 0
    response = api(student).post(f"/api/v1/flashcards/{card.pk}/review/", {"rating": "good"}, format="json")
    assert response.status_code == 404


def test_a_missed_question_is_a_card_with_its_key_once_review_allows(student):
    quiz = QuizFactory(review_policy=ReviewPolicy.AFTER_SUBMISSION, attempts_allowed=1)
    quiz_add_questions(quiz=quiz, questions=sample_questions()[:1])
    take_attempt(student, quiz)
    [card] = api(student).get("/api/v1/flashcards/").json()["results"]
    assert card["kind"] == "question"
    assert card["front"] == "Who replaced Khrushchev?" and card["back"] == "Leonid Brezhnev"


def test_the_cards_due_take_the_same_queries_however_many(student, queries_stay_flat):
    quiz = QuizFactory(review_policy=ReviewPolicy.AFTER_SUBMISSION, attempts_allowed=1)
    quiz_add_questions(quiz=quiz, questions=sample_questions()[:3])
    take_attempt(student, quiz)

    def grow():
        for i in range(5):
            card_of(student, kind="term", label=f"Term {i}")
        other = QuizFactory(review_policy=ReviewPolicy.AFTER_SUBMISSION, attempts_allowed=1)
        quiz_add_questions(quiz=other, questions=sample_questions()[:3])
        take_attempt(student, other)

    client = api(student)
    queries_stay_flat(lambda: client.get("/api/v1/flashcards/"), grow, at_most=12)


# ---------------------------------------------------------------- study items


def test_search_finds_items_holding_every_word_with_their_brief(student):
    brief = BriefFactory(slug="khrushchev", title="Khrushchev")
    StudyItemFactory(brief=brief, kind="term", label="Secret Speech", text="Denounced Stalin in 1956.")
    StudyItemFactory(brief=brief, kind="event", label="1957", text="Sputnik launched.")
    StudyItemFactory(brief=brief, kind="question", label="Who?", text="Who gave the speech?", answer="Khrushchev")
    body = api(student).get("/api/v1/study-items/", {"search": "SPEECH"}).json()
    assert [(i["label"], i["brief"]["slug"]) for i in body["results"]] == [
        ("Secret Speech", "khrushchev"),
        ("Who?", "khrushchev"),
    ]
    assert api(student).get("/api/v1/study-items/", {"search": "speech stalin"}).json()["count"] == 1
    assert api(student).get("/api/v1/study-items/", {"search": "khrushchev"}).json()["count"] == 1  # the answer
    kinds = api(student).get("/api/v1/study-items/", {"search": "speech", "kind": "question"}).json()
    assert [i["kind"] for i in kinds["results"]] == ["question"]


def test_search_shows_students_no_draft_brief_and_teachers_every_one(student, teacher):
    draft = BriefFactory(slug="draft", published=False)
    StudyItemFactory(brief=draft, kind="term", label="Hidden thaw")
    assert api(student).get("/api/v1/study-items/", {"search": "thaw"}).json()["count"] == 0
    assert api(teacher).get("/api/v1/study-items/", {"search": "thaw"}).json()["count"] == 1


@pytest.mark.parametrize("query", [{"kind": "poem"}, {"kind": ""}, {"page_size": "0"}])
def test_search_refuses_a_filter_the_schema_forbids(student, query):
    assert api(student).get("/api/v1/study-items/", query).status_code == 400


def test_search_takes_the_same_queries_however_many_items_and_briefs(student, queries_stay_flat):
    StudyItemFactory(kind="term", label="Thaw one")

    def grow():
        for i in range(6):
            StudyItemFactory(kind="term", label=f"Thaw {i}")

    client = api(student)
    queries_stay_flat(lambda: client.get("/api/v1/study-items/", {"search": "thaw"}), grow, at_most=3)


# ---------------------------------------------------------------- marking a brief studied


def test_marking_a_brief_studied_records_it_once_and_makes_its_cards(student):
    brief = BriefFactory(slug="thaw")
    StudyItemFactory(brief=brief, kind="term", label="Thaw", text="The easing after Stalin.")
    StudyItemFactory(brief=brief, kind="fact", label="A fact")  # facts make no card
    first = api(student).post("/api/v1/briefs/thaw/studied/")
    assert first.status_code == 200, first.json()
    assert first.json()["brief"] == "thaw" and first.json()["studied_at"]
    again = api(student).post("/api/v1/briefs/thaw/studied/").json()
    assert again["studied_at"] == first.json()["studied_at"]
    assert [c["front"] for c in api(student).get("/api/v1/flashcards/").json()["results"]] == ["Thaw"]


def test_a_draft_brief_cannot_be_marked_studied_by_a_student(student):
    BriefFactory(slug="draft", published=False)
    assert api(student).post("/api/v1/briefs/draft/studied/").status_code == 404
    assert not Flashcard.objects.exists()
