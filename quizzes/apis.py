"""Thin API views for quizzes and attempts: validate, call one service or selector, serialize."""

from typing import NoReturn

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from classroom.permissions import IsTeacher
from classroom.roles import teaches
from config.api import unprocessable
from config.cache import key_for, versioned_in_process
from config.fields import BooleanFilter, ChoiceFilter
from quizzes import examples, review, selectors, services
from quizzes.models import Attempt, AttemptStatus, Quiz
from quizzes.serializers import (
    AttemptListSerializer,
    AttemptSerializer,
    AutosaveSerializer,
    GiftFileSerializer,
    GiftImportResultSerializer,
    GiftTextSerializer,
    QuizSerializer,
    QuizStudentDetailSerializer,
    QuizTeacherDetailSerializer,
    QuizWriteSerializer,
    correct_answer,
    student_question,
)

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
        description="Students see published quizzes; teachers see every quiz.",
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


# What every student sees of a published quiz is cached under the quizzes' version (quizzes.selectors): a
# current entry costs one round trip to the cache; only the student's attempts left are counted (when limited).


def _student_entry(slug: str) -> tuple[int, int | None, dict] | None:
    """(id, attempts allowed, representation without attempts left) of the published quiz; None if none."""
    quiz = selectors.quiz_published(slug=slug)
    return None if quiz is None else (quiz.pk, quiz.attempts_allowed, QuizSerializer(quiz).data)


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
        key = key_for("quizzes:student", slug)
        build = lambda: _student_entry(slug)  # noqa: E731
        entry = versioned_in_process(key, selectors.QUIZZES_VERSION_KEY, build, selectors.CACHE_TIMEOUT)
        if entry is None:
            raise Http404("No Quiz matches the given query.")  # as get_object_or_404 says it
        quiz_id, allowed, data = entry
        left = selectors.attempts_left_of(student=request.user, quiz_id=quiz_id, allowed=allowed)
        return Response({**data, "attempts_left": left})

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
        quiz = selectors.quiz_for_user(user=request.user, slug=slug)
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
        quiz = selectors.quiz_for_user(user=request.user, slug=slug)
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


# ---------------------------------------------------------------- attempts


def _visibility(attempt: Attempt, user) -> tuple[bool, bool, bool]:
    if teaches(user):
        return (True, True, True)
    return selectors.review_visibility(attempt, timezone.now())


def attempt_payload(attempt: Attempt, user, questions: list | None = None, responses: list | None = None) -> dict:
    """The attempt as `user` may see it: keys, scores and feedback only as the review policy allows.
    `questions`: `selectors.attempt_questions(attempt)`, and `responses` its responses (Responses or
    `selectors.Answer`s), if the caller has them already (else the responses prefetched with the attempt)."""
    show_score, show_feedback, show_correct = _visibility(attempt, user)
    responses = {r.question_id: r for r in (attempt.responses.all() if responses is None else responses)}
    shown, results = [], []
    for question, entry in questions if questions is not None else selectors.attempt_questions(attempt=attempt):
        shown.append(student_question(question, entry))
        response = responses.get(question.id)
        result = {"question": question.id, "answer": response.answer if response else None, "points": question.points}
        if show_score:
            result["score"] = response.score if response else None
        if show_feedback:
            result["feedback"] = response.feedback if response else ""
        if show_correct:
            result["correct_answer"] = correct_answer(question, entry)
        results.append(result)
    return {
        "id": attempt.id,
        "quiz": attempt.quiz.slug,
        "student": attempt.student.username,
        "number": attempt.number,
        "status": attempt.status,
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "submitted_at": attempt.submitted_at,
        "score": attempt.score if show_score else None,
        "max_score": attempt.max_score,
        "percent": attempt.percent if show_score else None,
        "version": attempt.version,
        "questions": shown,
        "responses": results,
    }


class AttemptStartView(APIView):
    @extend_schema(
        summary="Start an attempt (or resume the open one)",
        description="Fixes the questions and the order of every option for this attempt. A student with "
        "an attempt in progress gets that attempt back (200) instead of a new one (201).",
        request=None,
        responses={201: AttemptSerializer, 200: AttemptSerializer, 422: OpenApiResponse(description="Not allowed")},
        examples=[examples.ATTEMPT_STARTED, examples.ATTEMPT_RESUMED],
    )
    def post(self, request, slug: str):
        quiz = selectors.quiz_to_take(user=request.user, slug=slug)
        try:
            attempt, created = services.attempt_resume_or_start(student=request.user, quiz=quiz)
        except DjangoValidationError as exc:
            raise unprocessable(exc) from exc
        # A new attempt has no responses yet; a resumed one is the student's own: no access check.
        responses = selectors.attempt_responses(attempt=attempt) if not created else []
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(attempt_payload(attempt, request.user, responses=responses), status=code)


class AttemptFilter(django_filters.FilterSet):
    status = ChoiceFilter(choices=AttemptStatus.choices)

    class Meta:
        model = Attempt
        fields = ["status"]


class AttemptListView(ListAPIView):
    serializer_class = AttemptListSerializer
    filterset_class = AttemptFilter
    ordering_fields = ["started_at", "submitted_at"]

    @extend_schema(
        summary="Attempts",
        description="Students: their own. Teachers: those of students in the classes they teach.",
        parameters=[OpenApiParameter("quiz", str, description="A quiz slug")],
        examples=[examples.ATTEMPT_LIST],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Attempt.objects.none()
        qs = selectors.attempts_visible_to(user=self.request.user)
        quiz = self.request.query_params.get("quiz")
        return qs.filter(quiz__slug=quiz) if quiz else qs

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not teaches(self.request.user):
            context["show_score"] = lambda a: (
                a.status != AttemptStatus.IN_PROGRESS and review.shows_score(a.quiz.review_policy)
            )
        return context


class AttemptDetailView(APIView):
    @extend_schema(
        summary="An attempt, with its result as the review policy allows",
        responses=AttemptSerializer,
        examples=[examples.ATTEMPT_IN_PROGRESS, examples.ATTEMPT_GRADED],
    )
    def get(self, request, pk: int):
        attempt = selectors.attempt_for_user(user=request.user, pk=pk)
        return Response(attempt_payload(attempt, request.user))

    @extend_schema(
        summary="Autosave answers",
        description="Saves answers while the attempt is in progress and within its deadline plus grace. "
        "An answer that does not fit its question is a 422 naming the question and the problem; nothing is saved then.",
        request=AutosaveSerializer,
        responses={
            200: AttemptSerializer,
            422: OpenApiResponse(description="An answer that does not fit, late or stale"),
        },
        examples=[examples.AUTOSAVE, examples.AUTOSAVE_ONE, examples.AUTOSAVED],
    )
    def patch(self, request, pk: int):
        attempt = selectors.own_started_attempt(student=request.user, pk=pk) or _not_own(
            self, request, pk, "Only the student who started an attempt can answer it."
        )
        answers, version = _autosave_body(request.data)
        questions = selectors.attempt_questions(attempt=attempt)  # read once: to validate, then to show
        try:
            services.responses_save(
                attempt=attempt,
                student=request.user,
                responses=answers,
                version=version,
                questions={question.id: question for question, _entry in questions},
            )
        except DjangoValidationError as exc:
            raise unprocessable(exc) from exc
        return Response(attempt_payload(attempt, request.user, questions, _after_save(attempt, answers, questions)))


def _after_save(attempt: Attempt, answers: list, questions: list) -> list:
    """The attempt's answers after a save: those it sent, if it sent an answer (or a clearing) for every question,
    since the save wrote them all at once (no read); else read. An attempt in progress has no score or feedback."""
    sent = {item["question"]: item["answer"] for item in answers}
    if len(sent) == len(questions) and all(question.id in sent for question, _entry in questions):
        return [selectors.Answer(qid, answer) for qid, answer in sent.items() if answer is not None]
    return selectors.attempt_responses(attempt=attempt)


def _autosave_body(data) -> tuple[list, int | None]:
    """The responses and the version of an autosave. A well-formed body is taken as it is (the service checks each
    response against the attempt); only another goes through AutosaveSerializer, whose errors say what is wrong
    where. Its checks cost a tenth of an autosave, for bodies that nearly always pass them."""
    if _well_formed(data):
        return data["responses"], data.get("version")
    body = AutosaveSerializer(data=data)
    body.is_valid(raise_exception=True)
    return body.validated_data["responses"], body.validated_data.get("version")


def _well_formed(data) -> bool:
    """What AutosaveSerializer accepts, in its plainest form: integers, no strings of digits."""
    if not isinstance(data, dict) or not isinstance(data.get("responses"), list):
        return False
    if data.get("version") is not None and type(data["version"]) is not int:
        return False
    return all(isinstance(r, dict) and type(r.get("question")) is int and "answer" in r for r in data["responses"])


def _not_own(view: APIView, request, pk: int, refusal: str) -> NoReturn:
    """Another's attempt (or none): a 403 if the user may see it (a teacher), else a 404."""
    selectors.attempt_for_user(user=request.user, pk=pk)  # the 404
    view.permission_denied(request, message=refusal)


class AttemptSubmitView(APIView):
    @extend_schema(
        summary="Submit an attempt",
        description="Finishes the attempt and queues its grading (202). A second submit changes nothing.",
        request=None,
        responses={202: AttemptSerializer},
        examples=[examples.ATTEMPT_SUBMITTED],
    )
    def post(self, request, pk: int):
        attempt = services.attempt_submit_own(student=request.user, pk=pk)
        if attempt is None:  # not the student's attempt in progress: theirs submitted already (no change), or a 403/404
            refusal = "Only the student who started an attempt can submit it."
            attempt = selectors.own_attempt(student=request.user, pk=pk) or _not_own(self, request, pk, refusal)
            attempt = services.attempt_submit(attempt=attempt)
        responses = selectors.attempt_responses(attempt=attempt)
        return Response(attempt_payload(attempt, request.user, responses=responses), status=status.HTTP_202_ACCEPTED)
