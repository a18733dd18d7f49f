"""The OpenAPI schema's conventions: every operation documents the common errors with their body.

Apart from config.api because DRF imports that module (the pagination class) while it loads, and
drf-spectacular's AutoSchema imports DRF's generic views."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The body of every error response (see `exception_handler`)."""

    detail = serializers.CharField(help_text="A human message; for a field error it names the field.")
    errors = serializers.JSONField(required=False, help_text="Field errors, by field name, when there are any.")


# The errors any operation can answer: a query parameter or body that does not validate, a missing or
# bad token, a role or object it may not touch, an unknown object or page, an Accept header it cannot answer, and
# throttling.
COMMON_ERRORS = {
    "400": "Invalid input: the detail names the field and the problem.",
    "401": "Not signed in, or the token is invalid.",
    "403": "Signed in, but not allowed to do this.",
    "404": "No such object, or not one you may see; or no such page of a list.",
    "406": "The Accept header names no media type this operation answers in.",
    "429": "Too many requests (throttled) or too many failed sign-ins (locked out).",
}
# And, for an operation that reads a body, one sent in a media type it does not parse, or one whose content cannot be
# accepted though the schema allows it (config.api.Unprocessable).
WRITE_ERRORS = {
    "415": "The body's Content-Type is not one this operation accepts.",
    "422": "The body has the right shape, but its content cannot be accepted: the detail says why.",
}


class TextExtension(OpenApiSerializerFieldExtension):
    """config.fields.Text as DRF's CharField, with the one thing it also refuses: a NUL character."""

    target_class = "config.fields.Text"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        # DRF trims a text before it refuses a blank one: where blank is refused, so is only whitespace.
        refuses_spaces = not self.target.allow_blank and self.target.trim_whitespace
        return {**schema, "pattern": NOT_BLANK if refuses_spaces else NO_NUL}


# One character at least: spectacular offers "" separately to a blank-allowed field with a pattern (a `oneOf`).
NO_NUL = "^[^\\u0000]+$"
# And one that Python's str.strip() keeps (what str.isspace() calls whitespace is listed: JSON Schema's \s differs).
SPACES = "\\t-\\r\\u001c-\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
NOT_BLANK = f"^[^\\u0000]*[^\\u0000{SPACES}][^\\u0000]*$"


class AutoSchema(SpectacularAutoSchema):
    """Documents the common error responses, with the error body, on every operation: an error an
    operation declares itself keeps its description and gets the body."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(COMMON_ERRORS)
        if self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None:
            errors.update(WRITE_ERRORS)
        for code, description in errors.items():
            declared = responses.get(code)
            if declared is not None and declared.get("content"):
                continue
            description = (declared or {}).get("description") or description
            responses[code] = self._get_response_for_code(
                OpenApiResponse(ErrorSerializer, description=description), code, direction=direction
            )
        return responses
