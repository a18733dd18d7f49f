"""GET /api/v1/quizzes/{slug}/statistics/ (teachers who may edit the quiz, and admins): the statistics report,
after Moodle's (quizzes.statistics says what each figure is). Thin: a selector finds the quiz, a service returns the
stored statistics, computing them when stale (by a worker for a large quiz: `current` is false meanwhile)."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from config.permissions import IsTeacher
from quizzes import selectors
from quizzes.services.statistics import quiz_statistics


class OptionCountSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="The option's text (matching: “left → right”).")
    count = serializers.IntegerField()


class QuestionStatisticsSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    type = serializers.CharField()
    points = serializers.FloatField()
    attempts = serializers.IntegerField()
    facility = serializers.FloatField(allow_null=True, help_text="Mean score, percent of the question's points.")
    sd = serializers.FloatField(allow_null=True, help_text="Standard deviation, percent of the question's points.")
    discrimination = serializers.FloatField(
        allow_null=True, help_text="100 × the correlation of the question's score with the rest of the test."
    )
    options = OptionCountSerializer(many=True, help_text="Choice, true/false and matching questions.")


class BandSerializer(serializers.Serializer):
    low = serializers.IntegerField()
    high = serializers.IntegerField()
    count = serializers.IntegerField()


class QuizStatisticsSerializer(serializers.Serializer):
    quiz = serializers.CharField()
    current = serializers.BooleanField(help_text="False while a worker computes newer statistics.")
    computed_at = serializers.DateTimeField(allow_null=True)
    attempts = serializers.IntegerField(help_text="Graded attempts counted.")
    awaiting_marking = serializers.IntegerField(help_text="Attempts left out until their essays are marked.")
    mean = serializers.FloatField(allow_null=True, help_text="Percent.")
    median = serializers.FloatField(allow_null=True, help_text="Percent.")
    sd = serializers.FloatField(allow_null=True, help_text="Percent.")
    skewness = serializers.FloatField(allow_null=True)
    alpha = serializers.FloatField(allow_null=True, help_text="Cronbach's alpha (KR-20 for right/wrong questions).")
    sem = serializers.FloatField(allow_null=True, help_text="Standard error of measurement, percent.")
    histogram = BandSerializer(many=True)
    questions = QuestionStatisticsSerializer(many=True)


EMPTY = {"attempts": 0, "awaiting_marking": 0, "mean": None, "median": None, "sd": None, "skewness": None,
         "alpha": None, "sem": None, "histogram": [], "questions": []}  # fmt: skip

STATISTICS = OpenApiExample(
    "Four graded attempts",
    response_only=True,
    status_codes=["200"],
    value={
        "quiz": "cuban-missile-crisis", "current": True, "computed_at": "2030-01-02T10:00:00Z", "attempts": 4,
        "awaiting_marking": 0, "mean": 50.0, "median": 50.0, "sd": 43.03, "skewness": 0.0, "alpha": 0.75,
        "sem": 21.52,
        "histogram": [{"low": 10 * i, "high": 10 * i + 10, "count": 1 if i in (0, 3, 6, 9) else 0} for i in range(10)],
        "questions": [{"id": 1, "name": "Who replaced Khrushchev?", "type": "single", "points": 1.0, "attempts": 4,
                       "facility": 75.0, "sd": 50.0, "discrimination": 52.22,
                       "options": [{"label": "Brezhnev", "count": 3}, {"label": "Malenkov", "count": 1}]}],
    },
)  # fmt: skip


class QuizStatisticsView(APIView):
    permission_classes = [IsTeacher]

    @extend_schema(
        summary="Quiz statistics (teachers)",
        description="Per question: facility, SD, discrimination index and option counts; for the quiz: attempts, "
        "mean, median, SD, skewness, Cronbach's alpha (KR-20), SEM and a histogram. Stored until the next graded "
        "attempt; a large quiz's are computed by a worker (`current` false meanwhile). For the teachers who may "
        "edit the quiz, and admins.",
        responses=QuizStatisticsSerializer,
        examples=[STATISTICS],
    )
    def get(self, request, slug: str):
        quiz = selectors.quiz_to_edit(user=request.user, slug=slug)
        stored, current = quiz_statistics(quiz_id=quiz.pk)
        data = stored.data if stored is not None else EMPTY
        at = stored.computed_at if stored is not None else None
        return Response(
            QuizStatisticsSerializer({**data, "quiz": quiz.slug, "current": current, "computed_at": at}).data
        )
