from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from classroom.models import Classroom, ProgressReport
from config.fields import Text, Whole

User = get_user_model()


class MeSerializer(serializers.ModelSerializer):
    role = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "email", "first_name", "last_name", "role"]

    def get_role(self, user) -> str:
        if user.is_superuser:
            return "admin"
        return "teacher" if user.is_teacher else "student"


class ClassroomSerializer(serializers.ModelSerializer):
    student_count = serializers.IntegerField(read_only=True)
    teachers = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)

    class Meta:
        model = Classroom
        fields = ["id", "name", "description", "join_code", "active", "teachers", "student_count", "created_at"]
        read_only_fields = ["join_code", "teachers", "student_count", "created_at"]


class ClassroomCreateSerializer(serializers.Serializer):
    name = Text(max_length=200)
    description = Text(required=False, allow_blank=True, default="")


class JoinSerializer(serializers.Serializer):
    code = Text(max_length=32)


class StudentSerializer(serializers.ModelSerializer):
    joined_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "joined_at"]


class TokenRequestSerializer(serializers.Serializer):
    username = Text()
    password = Text(style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class AssignmentSerializer(serializers.Serializer):
    """An assignment; for a student also their status and scores on it."""

    id = serializers.IntegerField()
    classroom = serializers.IntegerField(source="classroom_id")
    classroom_name = serializers.CharField(source="classroom.name")
    kind = serializers.SerializerMethodField()
    brief = serializers.CharField(source="brief.slug", allow_null=True, read_only=True)
    quiz = serializers.CharField(source="quiz.slug", allow_null=True, read_only=True)
    title = serializers.SerializerMethodField()
    available_from = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)

    def get_kind(self, assignment) -> str:
        return "brief" if assignment.brief_id else "quiz"

    def get_title(self, assignment) -> str:
        return assignment.material.title


ASSIGNMENT_STATUSES = ["not_started", "in_progress", "submitted", "needs_review", "graded", "overdue", "studied"]


class StudentAssignmentSerializer(serializers.Serializer):
    assignment = AssignmentSerializer()
    status = serializers.ChoiceField(choices=ASSIGNMENT_STATUSES)
    best_score = serializers.FloatField(allow_null=True, help_text="Percent of the best graded attempt.")
    grade = serializers.FloatField(allow_null=True, help_text="The quiz grade after its grading method, in percent.")

    def to_representation(self, row):
        data = super().to_representation(row)
        return {**data.pop("assignment"), **data}


class AssignmentListItemSerializer(AssignmentSerializer):
    """For the schema: a row of the assignments list as sent, the assignment's fields and, for a
    student only, their status and scores (StudentAssignmentSerializer flattens its rows so)."""

    status = serializers.ChoiceField(choices=ASSIGNMENT_STATUSES, required=False, help_text="Students only.")
    best_score = serializers.FloatField(
        allow_null=True, required=False, help_text="Students only: percent of the best graded attempt."
    )
    grade = serializers.FloatField(
        allow_null=True, required=False, help_text="Students only: the quiz grade after its grading method, in percent."
    )


class AssignmentCreateSerializer(serializers.Serializer):
    classroom = Whole(min_value=1)
    brief = serializers.SlugField(required=False, allow_null=True, default=None)
    quiz = serializers.SlugField(required=False, allow_null=True, default=None)
    available_from = serializers.DateTimeField(required=False, allow_null=True, default=None)
    due_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class GradebookStudentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    grades = serializers.ListField(child=serializers.FloatField(allow_null=True))


class GradebookQuizSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    pass_mark = serializers.FloatField()


class GradebookSerializer(serializers.Serializer):
    classroom = serializers.IntegerField()
    quizzes = GradebookQuizSerializer(many=True)
    students = GradebookStudentSerializer(many=True)

    @staticmethod
    def from_book(book) -> dict:
        return {
            "classroom": book.classroom.pk,
            "quizzes": book.quizzes,
            "students": [
                {"id": s.pk, "username": s.username, "name": s.get_full_name() or s.username, "grades": grades}
                for s, grades in book.rows()
            ],
        }


class HistoryPointSerializer(serializers.Serializer):
    submitted_at = serializers.DateTimeField()
    percent = serializers.FloatField()
    quiz = serializers.IntegerField()


class ProgressQuerySerializer(serializers.Serializer):
    student = serializers.IntegerField(required=False, min_value=1)


class ProgressSerializer(serializers.Serializer):
    briefs_studied = serializers.IntegerField()
    quizzes_taken = serializers.IntegerField(help_text="Quizzes with a marked attempt.")
    quizzes_provisional = serializers.IntegerField(
        help_text="Quizzes whose only finished attempts wait for marking: their scores so far are provisional."
    )
    average = serializers.FloatField(allow_null=True)
    trend = serializers.FloatField(allow_null=True, help_text="Mean of the last three scores minus the three before.")
    history = serializers.SerializerMethodField()

    @extend_schema_field(HistoryPointSerializer(many=True))
    def get_history(self, progress) -> list[dict]:
        points = [{"submitted_at": at, "percent": p, "quiz": q} for at, p, q in progress.history]
        return HistoryPointSerializer(points, many=True).data


class ProgressReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressReport
        fields = ["id", "kind", "student", "classroom", "period_start", "period_end", "data", "sent_at"]
