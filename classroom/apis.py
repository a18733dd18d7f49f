"""Thin API views: validate, call one service or selector, serialize."""

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed, NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from classroom import examples, selectors, services
from classroom.models import Classroom, ProgressReport, User
from classroom.permissions import IsTeacher
from classroom.renderers import CSVRenderer
from classroom.roles import teaches
from classroom.serializers import (
    AssignmentCreateSerializer,
    AssignmentListItemSerializer,
    AssignmentSerializer,
    ClassroomCreateSerializer,
    ClassroomSerializer,
    GradebookSerializer,
    JoinSerializer,
    MeSerializer,
    ProgressQuerySerializer,
    ProgressReportSerializer,
    ProgressSerializer,
    StudentAssignmentSerializer,
    StudentSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from config.api import Pagination, ScopedRateThrottle, unprocessable


class TokenView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "DELETE" else [AllowAny()]

    @extend_schema(
        summary="Obtain an API token",
        description="Exchange a username and password for a token; send it as `Authorization: Token <token>`.",
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, 400: OpenApiResponse(description="Missing fields or bad credentials")},
        examples=[examples.TOKEN_REQUEST, examples.TOKEN],
        auth=[],
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # The plain HttpRequest: django-axes marks a lockout on it for its middleware (a 429).
        user = authenticate(request._request, **data.validated_data)
        if user is None:
            raise AuthenticationFailed("Unable to sign in with these credentials.")
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    @extend_schema(summary="Revoke the current token", request=None, responses={204: None})
    def delete(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    @extend_schema(
        summary="The signed-in user", responses=MeSerializer, examples=[examples.ME_STUDENT, examples.ME_TEACHER]
    )
    def get(self, request):
        return Response(MeSerializer(request.user).data)


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


class ProgressView(APIView):
    @extend_schema(
        summary="Progress of the signed-in student",
        description="A teacher may pass `?student=<id>` for a student of a class they teach.",
        parameters=[ProgressQuerySerializer],
        responses=ProgressSerializer,
        examples=[examples.PROGRESS],
    )
    def get(self, request):
        query = ProgressQuerySerializer(data=request.query_params)
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
