import factory
from django.contrib.auth.models import Group

from classroom.models import Classroom, Enrollment, User
from classroom.services import assignment_create
from config.permissions import TEACHERS


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "pw-Classroom-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ClassroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Classroom

    name = factory.Sequence(lambda n: f"Class {n}")


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    student = factory.SubFactory(UserFactory)
    classroom = factory.SubFactory(ClassroomFactory)


def teachers_group() -> Group:
    """The Teachers group. A data migration creates it, but a transactional test's flush empties every
    table, so tests that may follow one ask for it this way."""
    return Group.objects.get_or_create(name=TEACHERS)[0]


def assign(classroom: Classroom, *, quiz=None, brief=None, **dates):
    """Give a quiz or a brief to a class as its teacher does, so that its students may take it (quizzes are
    class-scoped: a student sees only those assigned to one of their classes, or open to everyone)."""
    return assignment_create(
        classroom=classroom, assigned_by=classroom.teachers.first(), quiz=quiz, brief=brief, **dates
    )
