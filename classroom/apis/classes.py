"""Thin API views for classes: listing and creating them, joining one, its students and gradebook."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from classroom import examples, selectors, services
from classroom.models import Classroom, User
from classroom.renderers import CSVRenderer
from classroom.serializers import (
    ClassroomCreateSerializer,
    ClassroomSerializer,
    GradebookSerializer,
    JoinSerializer,
    StudentSerializer,
)
from config.api import unprocessable
from config.permissions import IsTeacher, teaches


class ClassListCreateView(generics.ListAPIView):
    serializer_class = ClassroomSerializer
    ordering_fields = ["name", "created_at"]

    @extend_schema(
        summary="Classes",
        description="Teachers: the classes they teach. Students: the classes they joined. Admins: all.",
        examples=[examples.CLASS_LIST],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Classroom.objects.none()
        return selectors.classes_for_user(user=self.request.user)

    @extend_schema(
        summary="Create a class (teachers)",
        request=ClassroomCreateSerializer,
        responses={201: ClassroomSerializer},
        examples=[examples.CLASS_CREATE, examples.CLASS_CREATED],
    )
    def post(self, request):
        if not IsTeacher().has_permission(request, self):
            self.permission_denied(request, message=IsTeacher.message)
        data = ClassroomCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        classroom = services.classroom_create(teacher=request.user, **data.validated_data)
        classroom = selectors.classes_for_user(user=request.user).get(pk=classroom.pk)
        return Response(ClassroomSerializer(classroom).data, status=status.HTTP_201_CREATED)


class ClassJoinView(APIView):
    @extend_schema(
        summary="Join a class with its code",
        request=JoinSerializer,
        responses={
            200: ClassroomSerializer,
            404: OpenApiResponse(description="No class has this code"),
            422: OpenApiResponse(description="The class is closed"),
            403: OpenApiResponse(description="Teachers and admins do not join classes"),
        },
        examples=[examples.JOIN, examples.JOINED],
    )
    def post(self, request):
        if teaches(request.user):
            # Enrolling would make them a student of the class (and fail to list it back: a 500).
            self.permission_denied(request, message="Only students join classes; teachers are added by an admin.")
        data = JoinSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if selectors.class_with_code(code=data.validated_data["code"]) is None:
            raise NotFound(f"No class has the join code “{data.validated_data['code']}”: check it with your teacher.")
        try:
            enrollment = services.enrollment_join(student=request.user, code=data.validated_data["code"])
        except DjangoValidationError as exc:
            raise unprocessable(exc) from exc
        classroom = selectors.classes_for_user(user=request.user).get(pk=enrollment.classroom_id)
        return Response(ClassroomSerializer(classroom).data)


class ClassStudentsView(generics.ListAPIView):
    serializer_class = StudentSerializer
    permission_classes = [IsTeacher]

    @extend_schema(summary="Students of a class you teach", examples=[examples.STUDENTS])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return User.objects.none()
        classroom = selectors.class_taught(user=self.request.user, pk=self.kwargs["pk"])
        return selectors.class_students(classroom=classroom)


class GradebookView(APIView):
    permission_classes = [IsTeacher]
    renderer_classes = [JSONRenderer, CSVRenderer]

    def handle_exception(self, exc):
        # Errors are JSON like everywhere else, even when a CSV was asked for.
        self.request.accepted_renderer, self.request.accepted_media_type = JSONRenderer(), "application/json"
        return super().handle_exception(exc)

    @extend_schema(
        summary="Gradebook of a class you teach",
        description="Students × assigned quizzes with each quiz grade in percent. `?format=csv` for a spreadsheet.",
        responses={200: GradebookSerializer, (200, "text/csv"): OpenApiTypes.STR},
        examples=[examples.GRADEBOOK, examples.GRADEBOOK_CSV],
    )
    def get(self, request, pk: int):
        classroom = selectors.class_taught(user=request.user, pk=pk)
        book = selectors.gradebook(classroom=classroom)
        if request.accepted_renderer.format == "csv":
            filename = f"gradebook-{classroom.pk}.csv"
            return Response(
                selectors.gradebook_csv(book), headers={"Content-Disposition": f'attachment; filename="{filename}"'}
            )
        return Response(GradebookSerializer(GradebookSerializer.from_book(book)).data)
