import factory

from quizzes import layout
from quizzes.models import Attempt, Option, Question, Quiz
from quizzes.prompts import render_prompt
from quizzes.selectors import attempt_questions
from quizzes.serializers import correct_answer
from quizzes.services import attempt_grade, attempt_start, attempt_submit, responses_save
from quizzes.types import Choice, NumericAnswer, QuestionData
from tests.factories import UserFactory


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    slug = factory.Sequence(lambda n: f"quiz-{n}")
    title = factory.Sequence(lambda n: f"Quiz {n}")
    published = True
    shuffle_choices = False


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    quiz = factory.SubFactory(QuizFactory)
    position = factory.Sequence(lambda n: n + 1)
    type = "single"
    prompt = factory.Sequence(lambda n: f"Question {n}?")
    prompt_html = factory.LazyAttribute(lambda q: render_prompt("markdown", q.prompt))
    points = 1.0


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Option

    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"option {n}")
    fraction = 0.0


class AttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attempt

    student = factory.SubFactory(UserFactory)
    quiz = factory.SubFactory(QuizFactory)
    number = factory.Sequence(lambda n: n + 1)


def sample_questions() -> list[QuestionData]:
    """One question of each type, in this order; the key of each is the obvious one."""
    return [
        QuestionData(
            type="single",
            prompt="Who replaced Khrushchev?",
            choices=[Choice("Leonid Brezhnev", 1, "Correct"), Choice("Georgy Malenkov", 0), Choice("Suslov", -0.5)],
        ),
        QuestionData(
            type="multiple",
            prompt="Anti-Party Group?",
            choices=[
                Choice("Malenkov", 0.3333333),
                Choice("Molotov", 0.3333333),
                Choice("Kaganovich", 0.3333334),
                Choice("Brezhnev", -1),
            ],
        ),
        QuestionData(type="true_false", prompt="Hungary succeeded.", correct=False, feedback_true="No: crushed."),
        QuestionData(
            type="short_answer", prompt="Which congress?", choices=[Choice("20th", 1), Choice("Twentieth", 1)]
        ),
        QuestionData(type="numerical", prompt="Secret Speech year?", numeric=[NumericAnswer(value=1956)]),
        QuestionData(
            type="matching",
            prompt="Match each person",
            choices=[
                Choice("Mao Zedong", match="Chairman of the CCP"),
                Choice("Gomułka", match="Polish leader"),
                Choice("Kennedy", match="U.S. President"),
            ],
        ),
        QuestionData(
            type="ordering",
            prompt="Order these",
            choices=[Choice("Stalin dies"), Choice("Secret Speech"), Choice("Sputnik"), Choice("Ouster")],
        ),
        QuestionData(type="essay", prompt="Explain de-Stalinization.", points=4, model_answer="Ended terror."),
    ]


def one_question_quiz(**kwargs) -> tuple[Quiz, Question, Option]:
    """A quiz of one single-choice question, "right" or "wrong": (quiz, question, the right option)."""
    quiz = QuizFactory(**kwargs)
    question = QuestionFactory(quiz=quiz, type="single")
    right = OptionFactory(question=question, text="right", fraction=1)
    OptionFactory(question=question, text="wrong", fraction=0)
    return quiz, question, right


def take_attempt(student, quiz: Quiz, responses=(), *, now=None) -> Attempt:
    """A real attempt through the quiz services: start, save `responses` (a list, or a function of the attempt
    giving one, for answers that name the ids it shows), submit, grade."""
    attempt = attempt_start(student=student, quiz=quiz, now=now)
    if callable(responses):
        responses = responses(attempt)
    if responses:
        responses_save(attempt=attempt, student=student, responses=list(responses), now=now)
    attempt_submit(attempt=attempt, now=now)
    return attempt_grade(attempt_id=attempt.pk, now=now)


def shown_id(attempt: Attempt, option: Option) -> int:
    """The id under which the attempt shows `option` (students never see stored option ids)."""
    entry = next(e for e in attempt.layout["questions"] if e["id"] == option.question_id)
    return layout.shown_ids(entry)[option.pk]


def key_responses(attempt: Attempt, skip=()) -> list[dict]:
    """The key answer to every question of the attempt (but those of the types in `skip`), in its shown ids."""
    pairs = attempt_questions(attempt=attempt)
    return [{"question": q.id, "answer": correct_answer(q, entry)} for q, entry in pairs if q.type not in skip]


def choosing(*options: Option):
    """Responses choosing each of `options` in its single-choice question, for take_attempt."""
    return lambda attempt: [{"question": o.question_id, "answer": {"choice": shown_id(attempt, o)}} for o in options]


def choose(student, quiz: Quiz, question: Question, option: Option | None, *, now=None) -> Attempt:
    """take_attempt answering the choice question with `option` (None: left unanswered)."""
    return take_attempt(student, quiz, choosing(option) if option else (), now=now)
