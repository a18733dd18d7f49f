"""Thin API views for accommodations (Moodle's user overrides): a teacher gives one student of their class their
own due date, or more time (extra minutes, or a multiplier of the time limit). Open attempts follow at once."""

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from classroom import services
from classroom.models import AssignmentOverride
from classroom.selectors.overrides import override_for_user, override_targets, overrides_visible_to
from config.api import Pagination, unprocessable
from config.fields import Whole
from config.permissions import IsTeacher


class OverrideSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    assignment = serializers.IntegerField(source="assignment_id")
    student = serializers.IntegerField(source="student_id")
    student_username = serializers.CharField(source="student.username")
    due_at = serializers.DateTimeField(allow_null=True, help_text="Blank: the assignment's.")
    extra_minutes = serializers.IntegerField(allow_null=True, help_text="Added to the quiz's time limit.")
    time_multiplier = serializers.FloatField(allow_null=True, help_text="The time limit multiplied (e.g. 1.5).")


class OverrideWriteSerializer(serializers.Serializer):
    assignment = Whole(min_value=1)
    student = Whole(min_value=1)
    due_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    extra_minutes = Whole(required=False, allow_null=True, default=None, min_value=1, max_value=10080)
    time_multiplier = serializers.FloatField(
        required=False, allow_null=True, default=None, min_value=0.01, max_value=99, help_text="Or extra minutes."
    )


OVERRIDE = OpenApiExample(
    "Half as much time again, and two more days",
    response_only=True,
    status_codes=["200", "201"],
    value={"id": 3, "assignment": 7, "student": 12, "student_username": "student", "due_at": "2030-01-03T17:00:00Z",
           "extra_minutes": None, "time_multiplier": 1.5},
)  # fmt: skip
OVERRIDE_CREATE = OpenApiExample(
    "Give a student more time",
    request_only=True,
    value={"assignment": 7, "student": 12, "due_at": "2030-01-03T17:00:00Z", "time_multiplier": 1.5},
)
OVERRIDE_PATCH = OpenApiExample(
    "Extra minutes instead", request_only=True, value={"extra_minutes": 30, "time_multiplier": None}
)


def _save(request, override: AssignmentOverride, fields: dict) -> AssignmentOverride:
    for name in ("due_at", "extra_minutes", "time_multiplier"):
        if name in fields:
            setattr(override, name, fields[name])
    if override.time_multiplier is not None:  # stored to two decimals
        override.time_multiplier = Decimal(str(round(override.time_multiplier, 2)))
    try:
        return services.override_save(override=override, by=request.user)
    except DjangoValidationError as exc:
        raise unprocessable(exc) from exc


class OverrideListCreateView(APIView):
    permission_classes = [IsTeacher]
    pagination_class = Pagination

    @extend_schema(
        summary="Accommodations (teachers)",
        description="Per-student due dates and extra time on the assignments of the classes you teach.",
        responses=OverrideSerializer(many=True),
        examples=[OVERRIDE],
    )
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(overrides_visible_to(user=request.user), request, self)
        return paginator.get_paginated_response(OverrideSerializer(page, many=True).data)

    @extend_schema(
        summary="Give a student their own due date or more time (teachers)",
        description="For a student of the assignment's class: `due_at`, and `extra_minutes` or `time_multiplier`. "
        "The student's open attempt follows at once (deadline, countdown, auto-submit).",
        request=OverrideWriteSerializer,
        responses={201: OverrideSerializer},
        examples=[OVERRIDE_CREATE, OVERRIDE],
    )
    def post(self, request):
        body = OverrideWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        fields = body.validated_data
        assignment, student = override_targets(
            user=request.user, assignment_id=fields["assignment"], student_id=fields["student"]
        )
        override = _save(request, AssignmentOverride(assignment=assignment, student=student), fields)
        return Response(OverrideSerializer(override).data, status=status.HTTP_201_CREATED)


class OverrideDetailView(APIView):
    permission_classes = [IsTeacher]

    @extend_schema(summary="An accommodation (teachers)", responses=OverrideSerializer, examples=[OVERRIDE])
    def get(self, request, pk: int):
        return Response(OverrideSerializer(override_for_user(user=request.user, pk=pk)).data)

    @extend_schema(
        summary="Change an accommodation (teachers)",
        request=OverrideWriteSerializer(partial=True),
        responses=OverrideSerializer,
        examples=[OVERRIDE_PATCH, OVERRIDE],
    )
    def patch(self, request, pk: int):
        override = override_for_user(user=request.user, pk=pk)
        body = OverrideWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        fields = {k: v for k, v in body.validated_data.items() if k not in ("assignment", "student")}
        return Response(OverrideSerializer(_save(request, override, fields)).data)

    @extend_schema(summary="Remove an accommodation (teachers)", responses={204: None})
    def delete(self, request, pk: int):
        override = override_for_user(user=request.user, pk=pk)
        services.override_delete(override=override, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
