"""Flashcard faces and FSRS scheduling, over plain values (no queries here).

Cards come from glossary terms, characters and timeline events of the briefs a student has
opened, and from quiz questions they missed. FSRS (the `fsrs` package) decides when each card
is due again from the student's Again / Hard / Good / Easy."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import ngettext
from fsrs import Card, Rating, Scheduler, State

from quizzes import grading
from quizzes.types import QuestionData

CARD_ITEM_KINDS = ("term", "character", "event")
RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}
# Fuzzing spreads reviews out for large decks; off, so a student's schedule is reproducible.
SCHEDULER = Scheduler(enable_fuzzing=False)


@dataclass
class Faces:
    prompt: str  # what the card asks
    front: str
    back: str


def item_faces(*, kind: str, label: str, text: str) -> Faces:
    if kind == "term":
        return Faces("What does this term mean?", label, text)
    if kind == "character":
        return Faces("Who was this?", label, text)
    return Faces("When did this happen?", text, label)  # a timeline event: its label is the date


def question_faces(data: QuestionData, *, prompt_text: str) -> Faces:
    """A missed question: the prompt on the front, the key written out on the back."""
    return Faces("A question you missed", prompt_text, key_text(data))


def key_text(data: QuestionData) -> str:
    key = grading.key_answer(data)
    choices = dict(zip(grading.option_ids(data), data.choices, strict=True))
    if data.type == "single":
        return choices[key["choice"]].text
    if data.type == "multiple":
        return "; ".join(choices[i].text for i in key["choices"])
    if data.type == "true_false":
        return "True" if key["value"] else "False"
    if data.type == "numerical":
        return f"{key['value']:g}"
    if data.type == "matching":
        return "; ".join(f"{c.text} → {c.match}" for c in data.choices if c.text)
    if data.type == "ordering":
        return " → ".join(c.text for c in data.choices)
    return key.get("text", "")


@dataclass
class Schedule:
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None


def review(schedule: Schedule, rating: str, now: datetime) -> Schedule:
    """The card's next schedule after the student rated their recall."""
    card = Card(
        state=State(schedule.state),
        step=schedule.step,
        stability=schedule.stability,
        difficulty=schedule.difficulty,
        due=schedule.due,
        last_review=schedule.last_review,
    )
    card, _log = SCHEDULER.review_card(card, RATINGS[rating], review_datetime=now)
    return Schedule(int(card.state), card.step, card.stability, card.difficulty, card.due, card.last_review)


def next_intervals(schedule: Schedule, now: datetime) -> dict[str, timedelta]:
    """How long until the card comes back after each rating, as FSRS would schedule it now."""
    return {rating: review(schedule, rating, now).due - now for rating in RATINGS}


def interval_label(delta: timedelta) -> str:
    """ "1 min", "10 min", "5 hours", "3 days", "2 months": the wait after a rating, on its button."""
    minutes = max(1, round(delta / timedelta(minutes=1)))
    if minutes < 60:
        return ngettext("%(n)d min", "%(n)d min", minutes) % {"n": minutes}
    hours = round(delta / timedelta(hours=1))
    if hours < 24:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    days = round(delta / timedelta(days=1))
    if days < 60:
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    months = round(days / 30)
    return ngettext("%(n)d month", "%(n)d months", months) % {"n": months}
