import factory

from quizzes.models import Attempt, Option, Question, Quiz
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
    """A real attempt through the quiz services: start, save `responses`, submit, grade."""
    attempt = attempt_start(student=student, quiz=quiz, now=now)
    if responses:
        responses_save(attempt=attempt, student=student, responses=list(responses), now=now)
    attempt_submit(attempt=attempt, now=now)
    return attempt_grade(attempt_id=attempt.pk, now=now)


def choose(student, quiz: Quiz, question: Question, option: Option | None, *, now=None) -> Attempt:
    """take_attempt answering the choice question with `option` (None: left unanswered)."""
    answers = [{"question": question.pk, "answer": {"choice": option.pk}}] if option else []
    return take_attempt(student, quiz, answers, now=now)
