"""API shapes for quizzes and attempts.

Two views of a question: the *student* view (ids and texts in the attempt's order, never a key)
and the *teacher* view (every key). They are separate functions so a student payload cannot
pick up a key field by accident."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.fields import Flag, FormFlag, Number, Text, Whole
from quizzes import grading, layout
from quizzes.api_shapes import (
    AnswerField,
    KeyedChoiceSerializer,
    KeyedItemSerializer,
    KeyedPairSerializer,
    NumericKeySerializer,
    StudentQuestionField,
)
from quizzes.durations import minutes_of
from quizzes.models import GradingMethod, PromptFormat, Question, Quiz, ReviewPolicy
from quizzes.selectors import question_data
from quizzes.services.imports import IMPORT_FORMATS
from quizzes.types import QUESTION_TYPES

# ---------------------------------------------------------------- questions, student view


def student_question(question: Question, entry: dict) -> dict:
    """A question as this attempt shows it: options in the attempt's order, as {id, text} only."""
    texts = {choice.id: choice.text for choice in question_data(question).choices}
    shown = [{"id": sid, "text": texts[oid]} for sid, oid in entry.get("options", []) if oid in texts]
    payload = {
        "id": question.id,
        "type": question.type,
        "prompt": question.prompt,
        "prompt_html": question.prompt_html,
        "points": question.points,
    }
    if question.type in ("single", "multiple"):
        payload["choices"] = shown
    elif question.type == "matching":
        payload["left"] = shown
        payload["right"] = [{"id": rid, "text": text} for rid, text in entry.get("rights", [])]
    elif question.type == "ordering":
        payload["items"] = shown
    return payload


def correct_answer(question: Question, entry: dict) -> dict:
    """The key, in the answer shape of the question's type (shown only when review allows)."""
    return grading.key_answer(layout.as_shown(question_data(question), entry), rights=layout.rights(entry))


# ---------------------------------------------------------------- questions, teacher view


def teacher_question(question: Question) -> dict:
    """Every field and key of a question, for teachers and admins."""
    data = question.data or {}
    payload = {
        "id": question.id,
        "position": question.position,
        "type": question.type,
        "name": question.name,
        "prompt": question.prompt,
        "prompt_format": question.prompt_format,
        "points": question.points,
        "general_feedback": question.general_feedback,
        "study_item": question.study_item_id,
    }
    options = [
        {"id": o.id, "text": o.text, "fraction": o.fraction, "feedback": o.feedback} for o in question.options.all()
    ]
    if question.type in ("single", "multiple"):
        payload["choices"] = options
    elif question.type == "short_answer":
        payload["accepted"] = options
        payload["case_sensitive"] = bool(data.get("case_sensitive"))
    elif question.type == "matching":
        payload["pairs"] = [{"id": o.id, "left": o.text, "right": o.match} for o in question.options.all()]
    elif question.type == "ordering":
        payload["items"] = [{"id": o["id"], "text": o["text"]} for o in options]
    elif question.type == "numerical":
        payload["numeric"] = data.get("answers", [])
    elif question.type == "true_false":
        payload.update(
            correct=data.get("correct"),
            feedback_true=data.get("feedback_true", ""),
            feedback_false=data.get("feedback_false", ""),
        )
    elif question.type == "essay":
        payload["model_answer"] = data.get("model_answer", "")
    return payload


class TeacherQuestionSerializer(serializers.Serializer):
    """Documents the teacher view; the payload itself is built by `teacher_question`."""

    id = Whole(required=False)
    position = Whole(required=False)
    type = serializers.ChoiceField(choices=QUESTION_TYPES)
    name = Text(required=False, allow_blank=True)
    prompt = Text()
    prompt_format = serializers.ChoiceField(choices=PromptFormat.choices, required=False)
    points = Number(required=False, min_value=0.0001)
    general_feedback = Text(required=False, allow_blank=True)
    study_item = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The study item of the brief the question was generated from."
    )
    choices = KeyedChoiceSerializer(many=True, required=False, help_text="single, multiple: the choices.")
    accepted = KeyedChoiceSerializer(many=True, required=False, help_text="short_answer: the accepted answers.")
    pairs = KeyedPairSerializer(many=True, required=False, help_text="matching: the pairs.")
    items = KeyedItemSerializer(many=True, required=False, help_text="ordering: the items, in the right order.")
    numeric = NumericKeySerializer(many=True, required=False, help_text="numerical: the accepted numbers.")
    correct = Flag(required=False, allow_null=True)
    feedback_true = Text(required=False, allow_blank=True)
    feedback_false = Text(required=False, allow_blank=True)
    model_answer = Text(required=False, allow_blank=True)
    case_sensitive = Flag(
        required=False,
        help_text="Short answer: whether case counts when an answer is compared with the accepted ones (Moodle's "
        "setting). Accepted answers are Moodle patterns: `*` matches any text, `\\*` is an asterisk.",
    )

    def validate(self, attrs):
        # A PATCH of a quiz is partial, and DRF then skips the missing required fields of nested
        # serializers too; but a question is always sent whole (a missing `type` was a 500).
        missing = [name for name, field in self.fields.items() if field.required and name not in attrs]
        if missing:
            raise serializers.ValidationError(
                {name: [self.fields[name].error_messages["required"]] for name in missing}
            )
        return attrs


# ---------------------------------------------------------------- quizzes

QUIZ_FIELDS = [
    "slug",
    "title",
    "brief",
    "description",
    "published",
    "open_to_all",
    "time_limit",
    "attempts_allowed",
    "grading_method",
    "shuffle_questions",
    "shuffle_choices",
    "questions_per_attempt",
    "pass_mark",
    "review_policy",
]


class QuizSerializer(serializers.ModelSerializer):
    """Quiz settings. `time_limit` is in minutes (null: none)."""

    brief = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    time_limit = serializers.SerializerMethodField()
    question_count = serializers.IntegerField(read_only=True)
    pass_mark = serializers.FloatField()

    class Meta:
        model = Quiz
        fields = [*QUIZ_FIELDS, "question_count"]

    def get_time_limit(self, quiz) -> int | None:
        return minutes_of(quiz.time_limit)


class QuizStudentDetailSerializer(QuizSerializer):
    """The student's view: the settings and how many attempts they have left (context `attempts_left`)."""

    attempts_left = serializers.SerializerMethodField()

    class Meta(QuizSerializer.Meta):
        fields = [*QuizSerializer.Meta.fields, "attempts_left"]

    def get_attempts_left(self, quiz) -> int | None:
        return self.context.get("attempts_left")


class QuizTeacherDetailSerializer(QuizSerializer):
    questions = serializers.SerializerMethodField()

    class Meta(QuizSerializer.Meta):
        fields = [*QuizSerializer.Meta.fields, "questions"]

    @extend_schema_field(TeacherQuestionSerializer(many=True))
    def get_questions(self, quiz) -> list[dict]:
        return [teacher_question(q) for q in quiz.questions.all()]


class QuizWriteSerializer(serializers.Serializer):
    """Fields a teacher may set. Questions, when given, replace the quiz's questions (or, once
    students have attempted it, update the existing ones by id: keys, points, feedback)."""

    slug = serializers.SlugField(max_length=200, required=False)
    title = Text(max_length=300, required=False)
    brief = serializers.SlugField(required=False, allow_null=True)
    description = Text(required=False, allow_blank=True)
    published = Flag(required=False)
    open_to_all = Flag(
        required=False, help_text="Every student may take it, not only those of classes it is assigned to."
    )
    time_limit = Whole(required=False, allow_null=True, min_value=1, help_text="Minutes.")
    attempts_allowed = Whole(required=False, allow_null=True, min_value=1)
    grading_method = serializers.ChoiceField(choices=GradingMethod.choices, required=False)
    shuffle_questions = Flag(required=False)
    shuffle_choices = Flag(required=False)
    questions_per_attempt = Whole(required=False, allow_null=True, min_value=1)
    pass_mark = Number(required=False, min_value=0, max_value=100)
    review_policy = serializers.ChoiceField(choices=ReviewPolicy.choices, required=False)
    questions = TeacherQuestionSerializer(many=True, required=False)


class GiftFileSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, help_text="A .gift file (UTF-8).")
    replace = FormFlag(default=False, help_text="Replace the quiz's questions instead of adding.")


class GiftTextSerializer(serializers.Serializer):
    text = Text(help_text="GIFT text.")
    replace = Flag(default=False, help_text="Replace the quiz's questions instead of adding.")


class GiftImportResultSerializer(serializers.Serializer):
    imported = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.CharField())


IMPORT_FORMAT_HELP = "gift (the default), moodle_xml or aiken."


class QuestionFileSerializer(GiftFileSerializer):
    file = serializers.FileField(allow_empty_file=True, help_text="A .gift, .xml or .txt file (UTF-8).")
    format = serializers.ChoiceField(choices=list(IMPORT_FORMATS), default="gift", help_text=IMPORT_FORMAT_HELP)


class QuestionTextSerializer(GiftTextSerializer):
    text = Text(help_text="The file's text: GIFT, Moodle XML or Aiken.")
    format = serializers.ChoiceField(choices=list(IMPORT_FORMATS), default="gift", help_text=IMPORT_FORMAT_HELP)


# ---------------------------------------------------------------- attempts


class ResponseInputSerializer(serializers.Serializer):
    question = Whole()
    answer = AnswerField(allow_null=True, help_text="The answer shape of the question's type (null: none).")


class AutosaveSerializer(serializers.Serializer):
    responses = ResponseInputSerializer(many=True, required=False, default=list)
    version = Whole(
        required=False, allow_null=True, help_text="The attempt version the client last saw; a stale save is refused."
    )


class ResponseResultSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    answer = AnswerField(allow_null=True)
    score = serializers.FloatField(allow_null=True, required=False)
    points = serializers.FloatField()
    feedback = serializers.CharField(required=False)
    correct_answer = AnswerField(required=False)

    def to_representation(self, instance: dict) -> dict:
        # What the review policy hides is left out, not null: DRF would write a missing `score` (nullable: an
        # answer not graded yet) as null.
        return {key: value for key, value in super().to_representation(instance).items() if key in instance}


class ProvisionalSerializer(serializers.Serializer):
    """The known part of a score while answers wait for marking."""

    score = serializers.FloatField(help_text="Points of the answers marked so far.")
    known = serializers.FloatField(help_text="What the answers marked so far were worth.")
    waiting = serializers.IntegerField(help_text="Answers waiting for a teacher's marking.")
    text = serializers.CharField(help_text='e.g. "7 / 9 so far, 1 answer waiting for marking".')


class AttemptSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    quiz = serializers.CharField()
    student = serializers.CharField()
    number = serializers.IntegerField()
    status = serializers.CharField()
    started_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    score = serializers.FloatField(allow_null=True)
    max_score = serializers.FloatField()
    percent = serializers.FloatField(allow_null=True)
    provisional = ProvisionalSerializer(
        allow_null=True, help_text="While an answer waits for marking (status needs_review) and scores are shown."
    )
    version = serializers.IntegerField()
    questions = serializers.ListField(child=StudentQuestionField(), required=False)
    responses = ResponseResultSerializer(many=True, required=False)


class AttemptListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    quiz = serializers.CharField(source="quiz.slug")
    student = serializers.CharField(source="student.username")
    number = serializers.IntegerField()
    status = serializers.CharField()
    started_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    score = serializers.SerializerMethodField()
    max_score = serializers.FloatField()

    def get_score(self, attempt) -> float | None:
        show = self.context.get("show_score", lambda a: True)
        return attempt.score if show(attempt) else None
