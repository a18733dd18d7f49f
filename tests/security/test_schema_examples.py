"""The public schema's examples hold no key of the demo's quiz, which `make run` assigns to the demo class: they
tell its story with a quiz of their own."""

import json

import pytest
from django.core.management import call_command

from quizzes.models import Question, Quiz
from quizzes.selectors import question_data
from tests.api.conftest import api


@pytest.mark.django_db
def test_no_example_holds_a_question_or_key_of_the_demo_quiz():
    call_command("load_demo", verbosity=0)
    paths = api().get("/api/v1/schema/", {"format": "json"}).json()["paths"]
    # The quizzes' and attempts' operations: the briefs' examples show the demo's notes, which anyone may read.
    quizzes = {p: v for p, v in paths.items() if p.startswith(("/api/v1/quizzes/", "/api/v1/attempts/"))}
    schema = json.dumps(quizzes, ensure_ascii=False)
    demo = Quiz.objects.filter(slug="khrushchev-quiz").get()
    for question in Question.objects.filter(quiz=demo).prefetch_related("options"):
        assert question.prompt[:40] not in schema, question.prompt
        right = [c.text for c in question_data(question).choices if c.fraction > 0 and len(c.text) > 8]
        assert not [text for text in right if text in schema and question.type in ("single", "multiple")]
