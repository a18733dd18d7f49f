"""The schema is precise enough for generated clients: one body type per operation (JSON, multipart only for a file),
each question type's student shape and every answer shape a named component with typed fields, and every response
that can come back declared, errors included."""

import re

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from quizzes.types import QUESTION_TYPES
from tests.quizzes.factories import QuizFactory

METHODS = ("get", "post", "put", "patch", "delete")
FILE_UPLOADS = {
    "POST /api/v1/briefs/import/",
    "POST /api/v1/quizzes/{slug}/gift/file/",
    "POST /api/v1/quizzes/{slug}/import/file/",
}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield f"{method.upper()} {path}", item[method]


def test_json_bodies_only_and_multipart_only_for_a_file(schema):
    bodies = {name: list(op["requestBody"]["content"]) for name, op in operations(schema) if "requestBody" in op}
    assert {name for name, types in bodies.items() if types == ["multipart/form-data"]} == FILE_UPLOADS
    assert all(types == ["application/json"] for name, types in bodies.items() if name not in FILE_UPLOADS), bodies


def untyped(node, where: str = "") -> list[str]:
    """Where a schema says nothing of a value's type: a free-form object or a property without a type."""
    found = []
    if isinstance(node, dict):
        if node.get("additionalProperties") == {} or node.get("additionalProperties") is True:
            found.append(where)
        for name, prop in (node.get("properties") or {}).items():
            if not any(key in prop for key in ("type", "$ref", "oneOf", "allOf", "anyOf", "enum")):
                found.append(f"{where}.{name}")
        for key, value in node.items():
            found += untyped(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += untyped(value, f"{where}[{i}]")
    return found


def test_questions_options_and_answers_are_typed(schema):
    components = schema["components"]["schemas"]
    shaped = [
        name
        for name in components
        if name.endswith(("Question", "QuestionRequest", "Answer", "AnswerRequest", "Request"))
        or name.startswith(("Keyed", "Numeric", "ShownOption", "Attempt", "ResponseResult", "ResponseInput"))
    ]
    assert len(shaped) > 20
    assert [where for name in shaped for where in untyped(components[name], name)] == []


def test_each_question_type_has_its_student_component(schema):
    components = schema["components"]["schemas"]
    union = components["StudentQuestion"]
    assert union["discriminator"]["propertyName"] == "type"
    assert set(union["discriminator"]["mapping"]) == set(QUESTION_TYPES)
    for kind, ref in union["discriminator"]["mapping"].items():
        component = components[ref.rsplit("/", 1)[1]]
        tag = components[component["properties"]["type"]["allOf"][0]["$ref"].rsplit("/", 1)[1]]
        assert tag["enum"] == [kind]
    option = {"$ref": "#/components/schemas/ShownOption"}
    assert components["SingleQuestion"]["properties"]["choices"]["items"] == option
    assert components["MatchingQuestion"]["properties"]["right"]["items"] == option
    assert components["OrderingQuestion"]["properties"]["items"]["items"] == option
    assert set(components["ShownOption"]["properties"]) == {"id", "text"}


def test_answers_are_one_of_the_answer_shapes(schema):
    components = schema["components"]["schemas"]
    for union in ("Answer", "AnswerRequest"):
        shapes = [components[ref["$ref"].rsplit("/", 1)[1]] for ref in components[union]["oneOf"]]
        keys = sorted(tuple(shape["required"]) for shape in shapes)
        assert keys == [("choice",), ("choices",), ("order",), ("pairs",), ("text",), ("value",), ("value",)]
    autosave = components["ResponseInputRequest"]["properties"]["answer"]
    assert autosave["allOf"] == [{"$ref": "#/components/schemas/AnswerRequest"}]


def test_every_operation_declares_the_errors_it_can_answer(schema):
    missing = []
    for name, op in operations(schema):
        codes = {str(code) for code in op["responses"]}
        wanted = {"400", "401", "403", "404", "406", "429"}
        if "requestBody" in op:
            wanted |= {"415", "422"}
        if wanted - codes:
            missing.append(f"{name}: {sorted(wanted - codes)}")
    assert not missing


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/me/", "/api/v1/quizzes/"])
def test_an_accept_header_the_api_cannot_answer_is_a_json_406(student, path):
    client = APIClient()
    client.force_authenticate(student)
    response = client.get(path, HTTP_ACCEPT="application/xml")
    assert response.status_code == 406
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


@pytest.mark.django_db
def test_a_json_body_on_the_file_upload_and_a_form_on_the_json_import_are_415(teacher):
    quiz = QuizFactory()
    client = APIClient()
    client.force_authenticate(teacher)
    as_json = client.post(f"/api/v1/quizzes/{quiz.slug}/gift/file/", {"text": "::Q:: {T}"}, format="json")
    as_form = client.post(f"/api/v1/quizzes/{quiz.slug}/gift/", {"text": "::Q:: {T}"}, format="multipart")
    assert (as_json.status_code, as_form.status_code) == (415, 415)
    assert not quiz.questions.exists()


@pytest.mark.django_db
def test_a_text_of_only_spaces_is_refused_where_the_schema_says_so(schema, teacher):
    """DRF trims a text before it refuses a blank one: the schema's pattern refuses only-whitespace texts there (and
    accepts them where a blank is allowed), so a request the schema allows is never a 400 for it."""
    title = schema["components"]["schemas"]["QuizWriteRequest"]["properties"]["title"]["pattern"]
    description = schema["components"]["schemas"]["QuizWriteRequest"]["properties"]["description"]["oneOf"][0]
    assert not re.match(title, " \t\u3000\u2028") and re.match(title, " Thaw ")
    assert re.match(description["pattern"], "   ")
    client = APIClient()
    client.force_authenticate(teacher)
    response = client.post("/api/v1/quizzes/", {"slug": "spaces", "title": " \u3000 "}, format="json")
    assert response.status_code == 400
    assert "title" in response.json()["detail"]
