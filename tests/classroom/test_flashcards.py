import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from classroom import flashcards
from classroom.models import Flashcard
from classroom.selectors import flashcard_faces, flashcards_due
from classroom.services import flashcard_review, reading_record
from quizzes.types import Choice, NumericAnswer, QuestionData
from tests.briefs.factories import BriefFactory
from tests.factories import UserFactory
from tests.quizzes.factories import OptionFactory, QuestionFactory, QuizFactory, choose


def make_brief():
    brief = BriefFactory()
    brief.items.create(kind="term", position=1, label="Thaw", text="The relaxation of censorship.")
    brief.items.create(kind="character", position=2, label="Mao Zedong", text="Chairman of the CCP.")
    brief.items.create(kind="event", position=3, label="October 4, 1957", text="Sputnik 1 is launched.", year=1957)
    brief.items.create(kind="event", position=4, label="Undated", text="Something happened.")
    brief.items.create(kind="theme", position=5, label="De-Stalinization", text="A break.")
    return brief


def test_faces_of_each_item_kind():
    assert flashcards.item_faces(kind="term", label="Thaw", text="Relaxation").front == "Thaw"
    event = flashcards.item_faces(kind="event", label="1957", text="Sputnik")
    assert (event.front, event.back) == ("Sputnik", "1957")


@pytest.mark.parametrize(
    ("data", "back"),
    [
        (QuestionData("single", "Who?", choices=[Choice("Malenkov", 0), Choice("Brezhnev", 1)]), "Brezhnev"),
        (QuestionData("multiple", "Which?", choices=[Choice("A", 0.5), Choice("B", -1), Choice("C", 0.5)]), "A; C"),
        (QuestionData("true_false", "True?", correct=False), "False"),
        (QuestionData("numerical", "When?", numeric=[NumericAnswer(value=1956)]), "1956"),
        (QuestionData("short_answer", "Congress?", choices=[Choice("20th", 1), Choice("XX", 0.5)]), "20th"),
        (QuestionData("matching", "Match", choices=[Choice("Mao", match="China"), Choice("JFK", match="US")]),
         "Mao → China; JFK → US"),
        (QuestionData("ordering", "Order", choices=[Choice("first"), Choice("second")]), "first → second"),
        (QuestionData("essay", "Explain", model_answer="Because."), "Because."),
    ],
)  # fmt: skip
def test_the_back_of_a_missed_question_is_its_key(data, back):
    assert flashcards.key_text(data) == back


def test_fsrs_schedules_good_later_than_again():
    now = timezone.now()
    start = flashcards.Schedule(1, 0, None, None, now, None)
    again = flashcards.review(start, "again", now)
    good = flashcards.review(start, "good", now)
    easy = flashcards.review(start, "easy", now)
    assert again.due <= good.due < easy.due
    assert easy.due - now >= timedelta(days=1)


@pytest.mark.django_db
def test_opening_a_brief_and_missing_a_question_make_cards_once(student):
    brief = make_brief()
    reading_record(student=student, brief=brief)
    quiz = QuizFactory(attempts_allowed=1)  # the quiz is over for the student once they took it
    question = QuestionFactory(quiz=quiz)
    OptionFactory(question=question, text="right", fraction=1)
    wrong = OptionFactory(question=question, text="wrong", fraction=0)
    choose(student, quiz, question, wrong)  # graded: the missed question becomes a card

    faces = {flashcard_faces(card).front: flashcard_faces(card).back for card in flashcards_due(student=student)}
    assert faces == {
        "Thaw": "The relaxation of censorship.",
        "Mao Zedong": "Chairman of the CCP.",
        "Sputnik 1 is launched.": "October 4, 1957",
        question.prompt: "right",
    }
    reading_record(student=student, brief=brief, studied=True)
    assert Flashcard.objects.filter(student=student).count() == 4  # nothing twice
    assert not Flashcard.objects.filter(student=UserFactory()).exists()  # another student's reading is theirs


@pytest.mark.django_db
def test_a_term_added_to_an_opened_brief_becomes_a_card_when_it_is_opened_again(student):
    brief = make_brief()
    reading_record(student=student, brief=brief)
    brief.items.create(kind="term", position=6, label="Sovnarkhoz", text="A regional economic council.")
    reading_record(student=student, brief=brief, studied=True)
    assert "Sovnarkhoz" in {flashcard_faces(card).front for card in flashcards_due(student=student)}


@pytest.mark.django_db
def test_the_dashboard_counts_the_cards_the_study_page_shows(client, student):
    """The dashboard's "flashcards due" is the study page's count, at once and after each review."""
    reading_record(student=student, brief=make_brief())
    client.force_login(student)
    for due in (3, 2):
        assert f"{due} cards due" in client.get("/study/").content.decode()
        dashboard = client.get("/").content.decode()
        assert re.search(r'id="flashcards-due">.*?<p class="big">(\d+)</p>', dashboard, re.S).group(1) == str(due)
        card = client.get("/study/").context["card"]
        client.post(f"/study/{card.pk}/review/", {"rating": "easy"})


@pytest.mark.django_db
def test_review_reschedules_and_only_the_owner_may(student):
    reading_record(student=student, brief=make_brief())
    card = flashcards_due(student=student).first()
    with pytest.raises(PermissionDenied):
        flashcard_review(card=card, student=UserFactory(), rating="good")
    with pytest.raises(ValidationError):
        flashcard_review(card=card, student=student, rating="perfect")
    reviewed = flashcard_review(card=card, student=student, rating="easy")
    assert reviewed.reviews == 1 and reviewed.due > timezone.now() + timedelta(hours=12)
    assert card.pk not in {c.pk for c in flashcards_due(student=student)}


@pytest.mark.django_db
def test_study_page_shows_a_due_card_and_rating_moves_on(client, student):
    reading_record(student=student, brief=make_brief())
    client.force_login(student)
    page = client.get("/study/")
    assert page.status_code == 200
    assert "3 cards due" in page.content.decode()
    first = page.context["card"]
    assert client.post(f"/study/{first.pk}/review/", {"rating": "easy"}).status_code == 302
    assert "2 cards due" in client.get("/study/").content.decode()
    other = UserFactory()
    client.force_login(other)
    assert client.post(f"/study/{first.pk}/review/", {"rating": "easy"}).status_code == 404
    assert Flashcard.objects.get(pk=first.pk).reviews == 1


@pytest.mark.django_db
def test_study_page_with_nothing_due(client, student):
    client.force_login(student)
    assert "Nothing is due right now" in client.get("/study/").content.decode()
