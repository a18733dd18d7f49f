"""Thin API views for a student's work: assignments, progress and weekly reports."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from classroom import examples, selectors, services
from classroom.models import ProgressReport
from classroom.serializers import (
    AssignmentCreateSerializer,
    AssignmentListItemSerializer,
    AssignmentSerializer,
    ProgressQuerySerializer,
    ProgressReportSerializer,
    ProgressSerializer,
    StudentAssignmentSerializer,
)
from config.api import Pagination, unprocessable
from config.permissions import IsTeacher, teaches


class AssignmentListCreateView(APIView):
    pagination_class = Pagination  # what the list uses; it tells the schema that the list is paginated

    @extend_schema(
        summary="Assignments",
        description="A student sees the assignments of their classes with their status and scores; "
        "a teacher sees the assignments of the classes they teach.",
        responses=AssignmentListItemSerializer(many=True),
        examples=[examples.ASSIGNMENTS_STUDENT, examples.ASSIGNMENTS_STUDENT_BRIEF, examples.ASSIGNMENTS_TEACHER],
    )
    def get(self, request):
        paginator = self.pagination_class()
        if teaches(request.user):
            page = paginator.paginate_queryset(selectors.assignments_visible_to(user=request.user), request, self)
            return paginator.get_paginated_response(AssignmentSerializer(page, many=True).data)
        rows = selectors.assignments_for_student(student=request.user)
        page = paginator.paginate_queryset(rows, request, self)
        return paginator.get_paginated_response(StudentAssignmentSerializer(page, many=True).data)

    @extend_schema(
        summary="Assign a brief or a quiz to a class (teachers of that class)",
        request=AssignmentCreateSerializer,
        responses={201: AssignmentSerializer},
        examples=[examples.ASSIGNMENT_CREATE, examples.ASSIGNMENT_CREATE_BRIEF, examples.ASSIGNMENT_CREATED],
    )
    def post(self, request):
        if not IsTeacher().has_permission(request, self):
            self.permission_denied(request, message=IsTeacher.message)
        data = AssignmentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        classroom = selectors.class_taught(user=request.user, pk=fields["classroom"])
        material = selectors.assignable_material(brief=fields["brief"], quiz=fields["quiz"])
        try:
            assignment = services.assignment_create(
                classroom=classroom,
                assigned_by=request.user,
                available_from=fields["available_from"],
                due_at=fields["due_at"],
                **material,
            )
        except DjangoValidationError as exc:
            raise unprocessable(exc) from exc
        return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)


class ProgressView(APIView):
    @extend_schema(
        summary="Progress of the signed-in student",
        description="A teacher may pass `?student=<id>` for a student of a class they teach.",
        parameters=[ProgressQuerySerializer],
        responses=ProgressSerializer,
        examples=[examples.PROGRESS],
    )
    def get(self, request):
        # A plain dict: from a QueryDict DRF reads an empty `?student=` as absent, where it is a bad id.
        query = ProgressQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        student = request.user
        if query.validated_data.get("student") is not None:
            student = selectors.student_taught(user=request.user, pk=query.validated_data["student"])
        return Response(ProgressSerializer(selectors.student_progress(student=student)).data)


class ReportListView(generics.ListAPIView):
    serializer_class = ProgressReportSerializer

    @extend_schema(summary="Your stored progress reports", examples=[examples.REPORTS])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProgressReport.objects.none()
        return selectors.reports_for(user=self.request.user)
