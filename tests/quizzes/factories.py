import factory

from quizzes.models import Attempt, Option, Question, Quiz
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
