"""Thin API views for taking quizzes: start, read, autosave, submit. Here, not in the quizzes app, because what a
student may do depends on their classes (their due date, which attempts a teacher may read)."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from classroom import attempt_examples, selectors, services
from config.api import unprocessable
from config.fields import ChoiceFilter
from config.permissions import teaches
from quizzes import review
from quizzes import selectors as quizzes
from quizzes import services as quiz_services
from quizzes.models import Attempt, AttemptStatus
from quizzes.serializers import (
    AttemptListSerializer,
    AttemptSerializer,
    AutosaveSerializer,
    correct_answer,
    student_question,
)


def _visibility(attempt: Attempt, user) -> review.Visibility:
    if teaches(user):
        return review.Visibility(True, True, True)
    if attempt.status == AttemptStatus.IN_PROGRESS:
        return review.NOTHING
    due = selectors.due_for(student=attempt.student, quiz=attempt.quiz)
    return quizzes.review_visibility(attempt, due=due, now=timezone.now())


def attempt_data(attempt: Attempt, user, questions: dict | None = None) -> dict:
    """The attempt as `user` may see it (AttemptSerializer): keys, scores and feedback only as its review policy
    allows. The attempt comes with its quiz and student (selectors.attempt_for_user, or a service's reply)."""
    shown = _visibility(attempt, user)
    responses = {r.question_id: r for r in attempt.responses.all()}
    shown_questions, results = [], []
    for question, entry in quizzes.attempt_questions(attempt=attempt, questions=questions):
        shown_questions.append(student_question(question, entry))
        response = responses.get(question.id)
        result = {"question": question.id, "answer": response.answer if response else None, "points": question.points}
        if shown.score:
            result["score"] = response.score if response else None
        if shown.feedback:
            result["feedback"] = response.feedback if response else ""
        if shown.correct:
            result["correct_answer"] = correct_answer(question, entry)
        results.append(result)
    return AttemptSerializer(
        {
            **{name: getattr(attempt, name) for name in ("id", "number", "status", "started_at", "deadline")},
            **{name: getattr(attempt, name) for name in ("submitted_at", "max_score", "version")},
            "quiz": attempt.quiz.slug,
            "student": attempt.student.username,
            "score": attempt.score if shown.score else None,
            "percent": attempt.percent if shown.score else None,
            "provisional": _provisional(attempt) if shown.score else None,
            "questions": shown_questions,
            "responses": results,
        }
    ).data


def _provisional(attempt: Attempt) -> dict | None:
    if attempt.status != AttemptStatus.NEEDS_REVIEW:
        return None
    known = quizzes.provisional_scores(attempt_ids=[attempt.pk]).get(attempt.pk)
    return (
        {"score": known.score, "known": known.known, "waiting": known.waiting, "text": known.text()} if known else None
    )


class AttemptStartView(APIView):
    @extend_schema(
        summary="Start an attempt (or resume the open one)",
        description="Fixes the questions and the order of every option for this attempt. A student with "
        "an attempt in progress gets that attempt back (200) instead of a new one (201).",
        request=None,
        responses={201: AttemptSerializer, 200: AttemptSerializer, 422: OpenApiResponse(description="Not allowed")},
        examples=[attempt_examples.ATTEMPT_STARTED, attempt_examples.ATTEMPT_RESUMED],
    )
    def post(self, request, slug: str):
        quiz = quizzes.quiz_for_user(user=request.user, slug=slug)
        try:
            attempt, created = services.quiz_start(student=request.user, quiz=quiz)
        except DjangoValidationError as exc:
            raise unprocessable(exc) from exc
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(attempt_data(attempt, request.user), status=code)


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
        examples=[attempt_examples.ATTEMPT_LIST],
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
        examples=[attempt_examples.ATTEMPT_IN_PROGRESS, attempt_examples.ATTEMPT_GRADED],
    )
    def get(self, request, pk: int):
        return Response(attempt_data(selectors.attempt_for_user(user=request.user, pk=pk), request.user))

    @extend_schema(
        summary="Autosave answers",
        description="Saves answers while the attempt is in progress and within its deadline plus grace. An answer "
        "that does not fit its question is a 422 naming the question and the problem; nothing is saved then.",
        request=AutosaveSerializer,
        responses={
            200: AttemptSerializer,
            422: OpenApiResponse(description="An answer that does not fit; late; stale"),
        },
        examples=[attempt_examples.AUTOSAVE, attempt_examples.AUTOSAVE_ONE, attempt_examples.AUTOSAVED],
    )
    def patch(self, request, pk: int):
        attempt = selectors.attempt_for_user(user=request.user, pk=pk)  # anyone else's: a 404
        if attempt.student_id != request.user.pk:
            self.permission_denied(request, message="Only the student who started an attempt can answer it.")
        body = AutosaveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        questions = quizzes.questions_taken(quiz_id=attempt.quiz_id)  # read once for the check and the reply
        try:
            saved = quiz_services.responses_save(
                attempt=attempt,
                student=request.user,
                responses=body.validated_data["responses"],
                version=body.validated_data.get("version"),
                questions=questions,
            )
        except DjangoValidationError as exc:
            raise unprocessable(exc) from exc
        return Response(attempt_data(saved, request.user, questions))


class AttemptSubmitView(APIView):
    @extend_schema(
        summary="Submit an attempt",
        description="Finishes the attempt and queues its grading (202). A second submit changes nothing.",
        request=None,
        responses={202: AttemptSerializer},
        examples=[attempt_examples.ATTEMPT_SUBMITTED],
    )
    def post(self, request, pk: int):
        attempt = selectors.attempt_for_user(user=request.user, pk=pk)
        if attempt.student_id != request.user.pk:
            self.permission_denied(request, message="Only the student who started an attempt can submit it.")
        submitted = quiz_services.attempt_submit(attempt=attempt)
        return Response(attempt_data(submitted, request.user), status=status.HTTP_202_ACCEPTED)
