"""Input fields as strict as the schema they document: a JSON body or a query that the schema forbids is a 400,
never read as something else."""

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class Text(serializers.CharField):
    """A string, and only a string: DRF's CharField also takes a number (0 becomes "0"), which the schema forbids.
    DRF refuses a NUL in any text, which PostgreSQL cannot store: the schema says so too (config.api_schema)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class Flag(serializers.BooleanField):
    """true or false, and only those in a JSON body: DRF's BooleanField also takes 0, 1, "yes" and the like."""

    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class FormFlag(serializers.BooleanField):
    """true or false in a multipart form: the strings "true" and "false" only."""

    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data):
        if isinstance(data, bool):  # DRF reads a form without the field as false (an unticked checkbox)
            return data
        if data not in ("true", "false"):
            self.fail("invalid")
        return data == "true"


class Whole(serializers.IntegerField):
    """A JSON integer: DRF's IntegerField also takes "5" and 5.0."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class Number(serializers.FloatField):
    """A JSON number: DRF's FloatField also takes "5" and false."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        return super().to_internal_value(data)


class TrueOrFalse(forms.NullBooleanField):
    """A query's boolean: "true" or "false" (or absent). Django's reads anything else ("null", "maybe") as absent,
    which the schema does not allow: it is an error here."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value not in ("true", "false"):
            raise forms.ValidationError("Must be true or false.", code="invalid")
        return value == "true"


class OneOf(forms.ChoiceField):
    """A query's choice: one of the choices, or absent. Django reads an empty value as absent; the schema's enum does
    not allow it, so it is an error here."""

    def to_python(self, value):
        return None if value is None else str(value)

    def validate(self, value):
        if value == "":
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": ""}
            )
        super().validate(value)


class ChoiceFilter(django_filters.ChoiceFilter):
    field_class = OneOf

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput)  # the raw value, absent or not
        super().__init__(*args, **kwargs)


class BooleanFilter(django_filters.BooleanFilter):
    field_class = TrueOrFalse

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput)  # the raw value: the boolean widgets read "null" as absent
        super().__init__(*args, **kwargs)


class Int64(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(min_value=-(2**63), max_value=2**63 - 1, **kwargs)


@extend_schema_field(OpenApiTypes.INT64)
class IdFilter(django_filters.NumberFilter):
    """An object's id: an int64, as the schema says (django-filter's NumberFilter is a decimal up to 1e50)."""

    field_class = Int64
