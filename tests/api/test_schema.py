"""The OpenAPI schema is valid, warning-free, and documents every operation."""

import pytest
import yaml
from django.core.management import call_command
from rest_framework.test import APIClient

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def schema(tmp_path_factory, django_db_blocker):
    out = tmp_path_factory.mktemp("schema") / "schema.yml"
    with django_db_blocker.unblock():
        # --fail-on-warn turns every drf-spectacular warning (an unresolvable type, a missing
        # serializer, a duplicate component) into a failure; --validate checks it against OpenAPI 3.
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    return yaml.safe_load(out.read_text())


def operations(schema):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield f"{method.upper()} {path}", item[method]


def test_spectacular_validates_without_warnings(schema):
    assert schema["openapi"].startswith("3.")
    assert len(list(operations(schema))) >= 25


def test_every_operation_is_described(schema):
    bare = [name for name, op in operations(schema) if not (op.get("summary") or op.get("description"))]
    assert not bare


def test_every_operation_has_a_2xx_response_schema(schema):
    """A 204 has no body by definition; every other success documents what it returns."""
    missing = []
    for name, op in operations(schema):
        ok = {code: r for code, r in op["responses"].items() if str(code).startswith("2")}
        if not ok:
            missing.append(f"{name}: no 2xx response")
        for code, response in ok.items():
            if str(code) == "204":
                continue
            content = response.get("content", {})
            if not content or not all(media.get("schema") for media in content.values()):
                missing.append(f"{name} {code}: no schema")
    assert not missing


def test_every_write_documents_its_request(schema):
    missing = [
        name
        for name, op in operations(schema)
        if name.split()[0] in ("PATCH", "PUT") and not op.get("requestBody", {}).get("content")
    ]
    assert not missing


def test_the_contract_paths_are_in_the_schema(schema):
    paths = set(schema["paths"])
    for path in [
        "/api/v1/auth/token/", "/api/v1/me/", "/api/v1/topics/", "/api/v1/briefs/", "/api/v1/briefs/{slug}/",
        "/api/v1/briefs/import/", "/api/v1/quizzes/", "/api/v1/quizzes/{slug}/", "/api/v1/quizzes/{slug}/gift/",
        "/api/v1/quizzes/{slug}/gift/file/",
        "/api/v1/quizzes/{slug}/attempts/", "/api/v1/attempts/", "/api/v1/attempts/{id}/",
        "/api/v1/attempts/{id}/submit/", "/api/v1/classes/", "/api/v1/classes/join/",
        "/api/v1/classes/{id}/students/", "/api/v1/classes/{id}/gradebook/", "/api/v1/assignments/",
        "/api/v1/progress/", "/api/v1/reports/",
    ]:  # fmt: skip
        assert path in paths, path


@pytest.mark.django_db
def test_schema_endpoint_serves_the_same_paths_to_anyone(schema):
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert set(response.json()["paths"]) == set(schema["paths"])


def test_every_operation_has_valid_examples():
    """Every operation shows an example of what it takes and what it returns, and every example
    matches the schema it illustrates (so examples cannot drift from the serializers).

    Per operation (path × method), in the schema as the endpoint serves it:
    - a JSON request body has a request example. A multipart-only body (the garden import) need not:
      an example value cannot carry a file; the GIFT import, which takes JSON too, has its example there;
    - every 2xx response with a body (all but a 204) has an example in at least one of its media types
      (`examples` or `example`); so a POST without a request body (start, submit) still shows what it returns;
    - hence an operation with no body in or out is the only one exempt (DELETE /auth/token/: no request
      body, 204). Every operation must have at least one example somewhere unless it is exempt.
    Each example value is validated with JSON Schema against its media type's schema, OpenAPI 3.0's
    `nullable` read as "or null" and no field allowed that the schema does not name."""
    import jsonschema
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)

    def json_schema(node):
        if isinstance(node, list):
            return [json_schema(n) for n in node]
        if not isinstance(node, dict):
            return node
        converted = {k: json_schema(v) for k, v in node.items() if k != "nullable"}
        if "properties" in node and "additionalProperties" not in node:
            converted["additionalProperties"] = False  # a misspelt or stray field is an error
        return {"anyOf": [converted, {"type": "null"}]} if node.get("nullable") else converted

    components = json_schema(schema.get("components", {}))

    def example_values(media: dict) -> list:
        values = [e["value"] for e in media.get("examples", {}).values() if "value" in e]
        return values + ([media["example"]] if "example" in media else [])

    missing, invalid = [], []
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            op, name = item[method], f"{method.upper()} {path}"
            bodies = []
            request = op.get("requestBody", {}).get("content", {})
            if request:
                bodies.append(("request", request))
                json_in = {m: c for m, c in request.items() if m == "application/json"}
                if json_in and not any(example_values(c) for c in json_in.values()):
                    missing.append(f"{name}: no request example")
            for code, response in op["responses"].items():
                content = response.get("content", {})
                if str(code).startswith("2") and content:
                    bodies.append((str(code), content))
                    if not any(example_values(c) for c in content.values()):
                        missing.append(f"{name} {code}: no response example")
            if bodies and not any(example_values(c) for _, content in bodies for c in content.values()):
                missing.append(f"{name}: no example at all")
            for where, content in bodies:
                for media_type, media in content.items():
                    validator = jsonschema.Draft202012Validator(
                        {"allOf": [json_schema(media.get("schema", {}))], "components": components}
                    )
                    for value in example_values(media):
                        for error in validator.iter_errors(value):
                            path_in = "/".join(str(p) for p in error.absolute_path)
                            invalid.append(f"{name} {where} {media_type} at {path_in}: {error.message[:200]}")
    assert not missing, "\n".join(missing)
    assert not invalid, "\n".join(invalid)
