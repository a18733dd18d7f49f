from django.contrib.auth import get_user_model
from rest_framework import serializers

from classroom.models import Classroom

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
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class JoinSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)


class StudentSerializer(serializers.ModelSerializer):
    joined_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "joined_at"]


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
