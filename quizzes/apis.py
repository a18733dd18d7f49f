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
    QuestionFileSerializer,
    QuestionTextSerializer,
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
    parser_classes = [JSONParser]

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
        summary="Import GIFT text into a quiz (teachers)",
        description="Adds the questions of the GIFT `text` to the quiz, or replaces them with `replace=true`. "
        "Invalid GIFT is a 422 naming the line; nothing is imported then. A file: `POST …/gift/file/`.",
        request=GiftTextSerializer,
        responses={200: GiftImportResultSerializer, 422: OpenApiResponse(description="Invalid GIFT")},
        examples=[examples.GIFT_IMPORT_TEXT, examples.GIFT_IMPORTED],
    )
    def post(self, request, slug: str):
        return _import(request, slug, GiftTextSerializer)


class QuizGiftFileView(APIView):
    """The upload of a GIFT file: apart from the JSON import, because one operation with two body types is more
    than generated clients handle (openapi-python-client's code for it does not import)."""

    permission_classes = [IsTeacher]
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Import a GIFT file into a quiz (teachers)",
        description="As `POST …/gift/`, with the GIFT as an uploaded UTF-8 file.",
        request={"multipart/form-data": GiftFileSerializer},
        responses={200: GiftImportResultSerializer, 422: OpenApiResponse(description="Invalid GIFT")},
        examples=[examples.GIFT_IMPORTED],
    )
    def post(self, request, slug: str):
        return _import(request, slug, GiftFileSerializer)


class QuizImportView(APIView):
    permission_classes = [IsTeacher]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Import questions into a quiz: GIFT, Moodle XML or Aiken text (teachers)",
        description="Adds the questions of `text` in the named `format` (gift, the default; moodle_xml; aiken) "
        "to the quiz, or replaces them with `replace=true`. Invalid input is a 422 naming the question or line; "
        "nothing is imported then. A file: `POST …/import/file/`.",
        request=QuestionTextSerializer,
        responses={200: GiftImportResultSerializer, 422: OpenApiResponse(description="Invalid input")},
        examples=[examples.AIKEN_IMPORT_TEXT, examples.GIFT_IMPORTED],
    )
    def post(self, request, slug: str):
        return _import(request, slug, QuestionTextSerializer)


class QuizImportFileView(APIView):
    """An uploaded file apart from the JSON text: one operation with two body types is more than generated
    clients handle."""

    permission_classes = [IsTeacher]
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Import a GIFT, Moodle XML or Aiken file into a quiz (teachers)",
        description="As `POST …/import/`, with the questions as an uploaded UTF-8 file.",
        request={"multipart/form-data": QuestionFileSerializer},
        responses={200: GiftImportResultSerializer, 422: OpenApiResponse(description="Invalid input")},
        examples=[examples.GIFT_IMPORTED],
    )
    def post(self, request, slug: str):
        return _import(request, slug, QuestionFileSerializer)


def _import(request, slug: str, body_serializer) -> Response:
    """Every import endpoint: validate the body, read the upload, call the one import service."""
    quiz = selectors.quiz_to_edit(user=request.user, slug=slug)  # the author, a teacher shared with, or an admin
    data = body_serializer(data=request.data)
    data.is_valid(raise_exception=True)
    fields = data.validated_data
    kind = fields.get("format", "gift")
    text = _upload_text(fields, services.IMPORT_FORMATS[kind].label)
    try:
        result = services.quiz_import(quiz=quiz, text=text, format=kind, replace=fields["replace"])
    except DjangoValidationError as exc:
        raise unprocessable(exc) from exc
    return Response(GiftImportResultSerializer(result).data)


def _upload_text(fields: dict, label: str) -> str:
    upload = fields.get("file")
    if upload is None:
        return fields["text"]
    if not upload.size:
        raise unprocessable(f"The {label} file is empty.")
    if upload.size > services.IMPORT_MAX_BYTES:
        raise unprocessable(f"The {label} file is larger than {services.IMPORT_MAX_BYTES // 1024} KB.")
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise unprocessable(f"The {label} file is not UTF-8 text.") from exc


class QuizMoodleXmlView(APIView):
    permission_classes = [IsTeacher]

    @extend_schema(
        summary="Export a quiz as Moodle XML (teachers)",
        responses={(200, "text/xml"): OpenApiTypes.STR},
        examples=[examples.MOODLE_XML_EXPORT],
    )
    def get(self, request, slug: str):
        quiz = selectors.quiz_for_user(user=request.user, slug=slug)
        xml = services.quiz_export_moodle_xml(quiz=quiz)
        return HttpResponse(xml, content_type="text/xml; charset=utf-8")
