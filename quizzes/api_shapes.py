"""The API's shapes of questions, options and answers, one named schema component each, so that clients generated
from the schema get typed objects (not dictionaries) for every question type.

A student's question is one component per type, told apart by `type` (a discriminator); an answer is one of the
answer shapes (a `oneOf`: the shapes exclude one another, and an answer carries no type of its own in the contract).
These serializers both build the payload and document it."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from config.fields import Flag, Number, Text, Whole

# ---------------------------------------------------------------- options


class ShownOptionSerializer(serializers.Serializer):
    """An option as an attempt shows it: an id of this attempt and its text (never a key)."""

    id = serializers.IntegerField()
    text = serializers.CharField()


class TypeTag(serializers.CharField):
    """The `type` of one question type's component: that type's name and nothing else."""

    def __init__(self, tag: str, **kwargs):
        self.tag = tag
        super().__init__(help_text=f'Always "{tag}".', **kwargs)


class TypeTagExtension(OpenApiSerializerFieldExtension):
    target_class = TypeTag

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "enum": [self.target.tag], "description": self.target.help_text}


# ---------------------------------------------------------------- a question as a student sees it


class _StudentQuestion(serializers.Serializer):
    id = serializers.IntegerField()
    prompt = serializers.CharField()
    prompt_html = serializers.CharField(help_text="The prompt as safe HTML.")
    points = serializers.FloatField()


class SingleQuestionSerializer(_StudentQuestion):
    type = TypeTag("single")
    choices = ShownOptionSerializer(many=True)


class MultipleQuestionSerializer(_StudentQuestion):
    type = TypeTag("multiple")
    choices = ShownOptionSerializer(many=True)


class TrueFalseQuestionSerializer(_StudentQuestion):
    type = TypeTag("true_false")


class ShortAnswerQuestionSerializer(_StudentQuestion):
    type = TypeTag("short_answer")


class NumericalQuestionSerializer(_StudentQuestion):
    type = TypeTag("numerical")


class MatchingQuestionSerializer(_StudentQuestion):
    type = TypeTag("matching")
    left = ShownOptionSerializer(many=True, help_text="The items to pair, each with one of `right`.")
    right = ShownOptionSerializer(many=True, help_text="Their partners (and distractors), under ids of this attempt.")


class OrderingQuestionSerializer(_StudentQuestion):
    type = TypeTag("ordering")
    items = ShownOptionSerializer(many=True, help_text="The items, shuffled; the answer puts their ids in order.")


class EssayQuestionSerializer(_StudentQuestion):
    type = TypeTag("essay")


STUDENT_QUESTIONS = {
    "single": SingleQuestionSerializer,
    "multiple": MultipleQuestionSerializer,
    "true_false": TrueFalseQuestionSerializer,
    "short_answer": ShortAnswerQuestionSerializer,
    "numerical": NumericalQuestionSerializer,
    "matching": MatchingQuestionSerializer,
    "ordering": OrderingQuestionSerializer,
    "essay": EssayQuestionSerializer,
}


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="StudentQuestion",
        serializers={kind: serializer() for kind, serializer in STUDENT_QUESTIONS.items()},
        resource_type_field_name="type",
    )
)
class StudentQuestionField(serializers.Field):
    """A question in the shape of its type (its `type` says which)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: dict) -> dict:
        return STUDENT_QUESTIONS[value["type"]](value).data


# ---------------------------------------------------------------- answers


class ChoiceAnswerSerializer(serializers.Serializer):
    """The answer to a `single` question: the id of the chosen option."""

    choice = Whole()


class ChoicesAnswerSerializer(serializers.Serializer):
    """The answer to a `multiple` question: the ids of the chosen options (none: an empty list)."""

    choices = serializers.ListField(child=Whole())


class TruthAnswerSerializer(serializers.Serializer):
    """The answer to a `true_false` question."""

    value = Flag()


class TextAnswerSerializer(serializers.Serializer):
    """The answer to a `short_answer` or an `essay` question."""

    text = Text(allow_blank=True, trim_whitespace=False)


class NumberAnswerSerializer(serializers.Serializer):
    """The answer to a `numerical` question."""

    value = Number()


class PairSerializer(serializers.Serializer):
    left = Whole(help_text="The id of a left item.")
    right = Whole(help_text="The id of the right-hand text paired with it.")


class PairsAnswerSerializer(serializers.Serializer):
    """The answer to a `matching` question: pairs of a left item and a right-hand text (left items unpaired count
    as wrong)."""

    pairs = PairSerializer(many=True)


class OrderAnswerSerializer(serializers.Serializer):
    """The answer to an `ordering` question: every item id, in the order the student puts them."""

    order = serializers.ListField(child=Whole())


ANSWERS = [
    ChoiceAnswerSerializer,
    ChoicesAnswerSerializer,
    TruthAnswerSerializer,
    TextAnswerSerializer,
    NumberAnswerSerializer,
    PairsAnswerSerializer,
    OrderAnswerSerializer,
]


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="Answer", serializers=[answer() for answer in ANSWERS], resource_type_field_name=None
    )
)
class AnswerField(serializers.JSONField):
    """An answer in one of the answer shapes, as plain JSON. Whether it has the shape of its question's type and
    names the question's options is the grading module's check, which answers with a 422 naming the question and
    the problem (one message for a wrong shape and a wrong id, rather than a 400 for one and a 422 for the other)."""


# ---------------------------------------------------------------- the teacher's view of options and keys


class KeyedChoiceSerializer(serializers.Serializer):
    """A choice of a `single` or `multiple` question, or an accepted answer of a `short_answer` one (a Moodle
    pattern: `*` matches any text, `\\*` is an asterisk), with its fraction of the points (-1..1)."""

    id = Whole(required=False)
    text = Text(allow_blank=True)
    fraction = Number(required=False)
    feedback = Text(required=False, allow_blank=True)


class KeyedPairSerializer(serializers.Serializer):
    """A pair of a `matching` question; an empty `left` adds `right` as a distractor."""

    id = Whole(required=False)
    left = Text(allow_blank=True)
    right = Text(allow_blank=True)
    feedback = Text(required=False, allow_blank=True)


class KeyedItemSerializer(serializers.Serializer):
    """An item of an `ordering` question; the list is in the correct order."""

    id = Whole(required=False)
    text = Text(allow_blank=True)


class NumericKeySerializer(serializers.Serializer):
    """An accepted number of a `numerical` question: `value` ± `tolerance`, or `min`..`max`."""

    value = Number(required=False, allow_null=True)
    tolerance = Number(required=False)
    min = Number(required=False, allow_null=True)
    max = Number(required=False, allow_null=True)
    fraction = Number(required=False)
    feedback = Text(required=False, allow_blank=True)
