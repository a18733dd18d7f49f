"""Thin API views for quizzes (their settings, questions and GIFT): validate, call one service or selector,
serialize. Attempts, which depend on classes (due dates, who may take a quiz), are the classroom app's."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import unprocessable
from config.cache import cached
from config.fields import BooleanFilter
from config.permissions import IsTeacher, teaches
from quizzes import examples, selectors, services
from quizzes.models import Quiz
from quizzes.serializers import (
    GiftFileSerializer,
    GiftImportResultSerializer,
    GiftTextSerializer,
    QuizSerializer,
    QuizStudentDetailSerializer,
    QuizTeacherDetailSerializer,
    QuizWriteSerializer,
)
from quizzes.signals import QUIZZES_VERSION

# ---------------------------------------------------------------- quizzes


class QuizFilter(django_filters.FilterSet):
    published = BooleanFilter()

    class Meta:
        model = Quiz
        fields = ["published", "grading_method"]


class QuizListView(ListAPIView):
    serializer_class = QuizSerializer
    filterset_class = QuizFilter
    ordering_fields = ["title", "slug"]

    @extend_schema(
        summary="Quizzes",
        description="Students see the published quizzes assigned to one of their classes, and those open to "
        "everyone; teachers see every quiz.",
        examples=[examples.QUIZ_LIST],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Quiz.objects.none()
        qs = selectors.quizzes_visible_to(user=self.request.user)
        brief = self.request.query_params.get("brief")
        return qs.filter(brief__slug=brief) if brief else qs

    @extend_schema(
        summary="Create a quiz (teachers)",
        request=QuizWriteSerializer,
        responses={201: QuizTeacherDetailSerializer},
        examples=[examples.QUIZ_CREATE, examples.QUIZ_CREATE_MINIMAL, examples.QUIZ_CREATED],
    )
    def post(self, request):
        if not IsTeacher().has_permission(request, self):
            self.permission_denied(request, message=IsTeacher.message)
        data = QuizWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            quiz = services.quiz_create(author=request.user, fields=data.validated_data)
        except DjangoValidationError as exc:
            raise unprocessable(exc) from exc
        quiz = selectors.quiz_for_user(user=request.user, slug=quiz.slug, with_keys=True)
        return Response(QuizTeacherDetailSerializer(quiz).data, status=status.HTTP_201_CREATED)


def _student_detail(slug: str) -> tuple[Quiz, dict] | None:
    """A published quiz and what a student sees of it (but their attempts left), or None; whoever may take it."""
    quiz = selectors.published_quiz(slug=slug)
    return None if quiz is None else (quiz, QuizStudentDetailSerializer(quiz).data)


class QuizDetailView(APIView):
    @extend_schema(
        summary="A quiz",
        description="Teachers get every question with its key; students get the settings and how many "
        "attempts they have left, never a key (questions come with an attempt).",
        responses={
            200: PolymorphicProxySerializer(
                component_name="QuizDetail",
                serializers=[QuizTeacherDetailSerializer, QuizStudentDetailSerializer],
                resource_type_field_name=None,
            )
        },
        examples=[examples.QUIZ_DETAIL_STUDENT, examples.QUIZ_DETAIL_TEACHER],
    )
    def get(self, request, slug: str):
        if teaches(request.user):
            quiz = selectors.quiz_for_user(user=request.user, slug=slug, with_keys=True)
            return Response(QuizTeacherDetailSerializer(quiz).data)
        # What every student sees alike is kept under the quizzes' version; whether they may take it (their classes)
        # and how many attempts are left are theirs, read on each request.
        if not selectors.may_take(user=request.user, slug=slug):
            raise Http404("No Quiz matches the given query.")
        entry = cached(f"quizzes:student-detail:{slug}", (QUIZZES_VERSION,), lambda: _student_detail(slug), 3600)
        if entry is None:
            raise Http404("No Quiz matches the given query.")  # as quiz_for_user says it
        quiz, data = entry
        return Response({**data, "attempts_left": selectors.attempts_left(student=request.user, quiz=quiz)})

    @extend_schema(
        summary="Change a quiz (teachers)",
        description="Settings, and optionally `questions`: they replace the quiz's questions, or, once "
        "students have attempted it, update the existing ones by `id` and regrade every attempt.",
        request=QuizWriteSerializer,
        responses={200: QuizTeacherDetailSerializer},
        examples=[
            examples.QUIZ_PATCH_PUBLISH,
            examples.QUIZ_PATCH_SETTINGS,
            examples.QUIZ_PATCH_KEY,
            examples.QUIZ_PATCHED,
        ],
    )
    def patch(self, request, slug: str):
        if not IsTeacher().has_permission(request, self):
            self.permission_denied(request, message=IsTeacher.message)
        quiz = selectors.quiz_to_edit(user=request.user, slug=slug)
        data = QuizWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        try:
            services.quiz_update(quiz=quiz, fields=data.validated_data)
        except DjangoValidationError as exc:
            raise unprocessable(exc) from exc
        quiz = selectors.quiz_for_user(user=request.user, slug=quiz.slug, with_keys=True)
        return Response(QuizTeacherDetailSerializer(quiz).data)


class QuizGiftView(APIView):
    permission_classes = [IsTeacher]
    parser_classes = [MultiPartParser, JSONParser]

    @extend_schema(
        summary="Export a quiz as GIFT (teachers)",
        responses={(200, "text/plain"): OpenApiTypes.STR},
        examples=[examples.GIFT_EXPORT],
    )
    def get(self, request, slug: str):
        # Without keys: the export reads the questions itself, and a second prefetch of them clashes (a 500).
        quiz = selectors.quiz_for_user(user=request.user, slug=slug)
        return HttpResponse(services.quiz_export_gift(quiz=quiz), content_type="text/plain; charset=utf-8")

    @extend_schema(
        summary="Import GIFT questions into a quiz (teachers)",
        description="Adds the questions of a GIFT file (or `text`) to the quiz, or replaces them with "
        "`replace=true`. Invalid GIFT is a 422 naming the line; nothing is imported then.",
        request={"multipart/form-data": GiftFileSerializer, "application/json": GiftTextSerializer},
        responses={200: GiftImportResultSerializer, 422: OpenApiResponse(description="Invalid GIFT")},
        # The JSON `text` variant only: a multipart example cannot carry the file.
        examples=[examples.GIFT_IMPORT_TEXT, examples.GIFT_IMPORTED],
    )
    def post(self, request, slug: str):
        quiz = selectors.quiz_to_edit(user=request.user, slug=slug)
        upload = request.content_type.startswith("multipart/")
        data = (GiftFileSerializer if upload else GiftTextSerializer)(data=request.data)
        data.is_valid(raise_exception=True)
        text = _gift_text(data.validated_data)
        try:
            result = services.quiz_import_gift(quiz=quiz, text=text, replace=data.validated_data["replace"])
        except DjangoValidationError as exc:
            raise unprocessable(exc) from exc
        return Response({"imported": result.imported, "warnings": result.warnings})


def _gift_text(fields: dict) -> str:
    upload = fields.get("file")
    if upload is None:
        return fields["text"]
    if not upload.size:
        raise unprocessable("The GIFT file is empty.")
    if upload.size > services.GIFT_MAX_BYTES:
        raise unprocessable(f"The GIFT file is larger than {services.GIFT_MAX_BYTES // 1024} KB.")
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise unprocessable("The GIFT file is not UTF-8 text.") from exc
