"""Moodle XML is parsed by defusedxml with DTDs forbidden: an entity bomb (billion laughs) and an external entity
(which would read the server's files into a question) are refused with a clear error, quickly, storing nothing."""

import time

import pytest

from quizzes.formats import FormatError
from quizzes.formats.moodle_xml import parse_moodle_xml
from quizzes.models import Question
from tests.api.conftest import api
from tests.quizzes.factories import QuizFactory

LAUGHS = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
BILLION_LAUGHS = f'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY l0 "lol">{LAUGHS}]>' + (
    "<quiz><question type='essay'><name><text>Bomb</text></name>"
    "<questiontext><text>&l9;</text></questiontext></question></quiz>"
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    "<quiz><question type='essay'><name><text>Leak</text></name>"
    "<questiontext><text>&secret;</text></questiontext></question></quiz>"
)
PARAMETER = (
    '<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]><quiz/>'
)
DOCTYPE_ONLY = '<?xml version="1.0"?><!DOCTYPE quiz SYSTEM "quiz.dtd"><quiz/>'
MESSAGE = "the XML declares a DTD or entities, which Moodle XML never needs"


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL, PARAMETER, DOCTYPE_ONLY], ids=["bomb", "xxe", "pe", "dtd"])
def test_dtds_and_entities_are_refused_quickly(text):
    start = time.perf_counter()
    with pytest.raises(FormatError, match=MESSAGE):
        parse_moodle_xml(text)
    assert time.perf_counter() - start < 1


@pytest.mark.django_db
@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL], ids=["bomb", "xxe"])
def test_the_api_refuses_them_with_a_422_and_stores_nothing(teacher, text):
    quiz = QuizFactory()
    response = api(teacher).post(
        f"/api/v1/quizzes/{quiz.slug}/import/", {"text": text, "format": "moodle_xml"}, format="json"
    )
    assert response.status_code == 422 and MESSAGE in response.json()["detail"]
    assert "root:" not in response.content.decode() and not Question.objects.exists()


def test_an_undeclared_entity_is_not_well_formed():
    with pytest.raises(FormatError, match="not well-formed XML"):
        parse_moodle_xml("<quiz>&nope;</quiz>")
