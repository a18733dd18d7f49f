"""Thin API views for a student's study, as the site's: the flashcards due now and a review of one (/study/), and
marking a brief studied (the brief page's button)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from briefs.selectors import brief_for_user
from classroom import selectors, services
from classroom.flashcards import RATINGS
from classroom.models import Flashcard
from config.api import unprocessable


class FlashcardSerializer(serializers.Serializer):
    """A card with its faces: a glossary term, character or dated event of a brief the student opened, or a quiz
    question they missed (only once its quiz's review policy shows the key and the quiz is over for them)."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(
        choices=["term", "character", "event", "question"], help_text="What the card comes from."
    )
    prompt = serializers.CharField(help_text="What the card asks.")
    front = serializers.CharField()
    back = serializers.CharField()
    due = serializers.DateTimeField()
    last_review = serializers.DateTimeField(allow_null=True)
    reviews = serializers.IntegerField()

    def to_representation(self, card: Flashcard) -> dict:
        faces = selectors.flashcard_faces(card)
        kind = card.study_item.kind if card.study_item_id else "question"
        row = {"id": card.pk, "kind": kind, "prompt": faces.prompt, "front": faces.front, "back": faces.back}
        row.update(due=card.due, last_review=card.last_review, reviews=card.reviews)
        return super().to_representation(row)


class FlashcardReviewSerializer(serializers.Serializer):
    rating = serializers.ChoiceField(choices=list(RATINGS), help_text="How well you recalled the card.")


CARD = {
    "id": 412,
    "kind": "term",
    "prompt": "What does this term mean?",
    "front": "Secret Speech",
    "back": "Khrushchev's 1956 speech to the 20th Party Congress denouncing Stalin's cult of personality.",
    "due": "2026-11-24T09:00:00Z",
    "last_review": None,
    "reviews": 0,
}
CARDS_DUE = OpenApiExample("A card due", response_only=True, status_codes=["200"], value=CARD)
REVIEW = OpenApiExample("Recalled well", request_only=True, value={"rating": "good"})
REVIEWED = OpenApiExample(
    "Due again in a few days",
    response_only=True,
    status_codes=["200"],
    value={**CARD, "due": "2026-11-27T09:00:00Z", "last_review": "2026-11-24T09:12:40Z", "reviews": 1},
)


class FlashcardDueView(ListAPIView):
    serializer_class = FlashcardSerializer
    filter_backends: list = []

    @extend_schema(
        summary="Flashcards due",
        description="Your flashcards due now, most overdue first (`count` says how many). Cards are made when you "
        "open a brief and when a graded attempt misses a question; FSRS schedules them.",
        examples=[CARDS_DUE],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Flashcard.objects.none()
        return selectors.flashcards_due(student=self.request.user)


class FlashcardReviewView(APIView):
    @extend_schema(
        summary="Review a flashcard",
        description="Records how well you recalled one of your cards (again, hard, good or easy); FSRS sets when it "
        "is due next. Someone else's card, or one you may not see yet, is a 404.",
        request=FlashcardReviewSerializer,
        responses={200: FlashcardSerializer},
        examples=[REVIEW, REVIEWED],
    )
    def post(self, request, pk: int):
        cards = selectors.flashcards_of(student=request.user).select_related("study_item", "question")
        card = cards.prefetch_related("question__options").filter(pk=pk).first()
        if card is None:
            raise NotFound("You have no such flashcard.")
        body = FlashcardReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            card = services.flashcard_review(card=card, student=request.user, rating=body.validated_data["rating"])
        except DjangoValidationError as exc:
            raise unprocessable(exc) from exc
        return Response(FlashcardSerializer(cards.prefetch_related("question__options").get(pk=card.pk)).data)


class ReadingSerializer(serializers.Serializer):
    brief = serializers.CharField(source="brief.slug", help_text="The brief's slug.")
    first_opened_at = serializers.DateTimeField()
    last_opened_at = serializers.DateTimeField()
    studied_at = serializers.DateTimeField(allow_null=True)


STUDIED = OpenApiExample(
    "Marked studied",
    response_only=True,
    status_codes=["200"],
    value={
        "brief": "russian-history-iii-khrushchev-s-rise-to-power-and-leadership-brief",
        "first_opened_at": "2026-11-20T14:03:27Z",
        "last_opened_at": "2026-11-24T09:15:02Z",
        "studied_at": "2026-11-24T09:15:02Z",
    },
)


class BriefStudiedView(APIView):
    @extend_schema(
        summary="Mark a brief studied",
        description="As the brief page's **Mark it studied**: records that you studied the brief (once; a second "
        "time keeps the first date) and makes flashcards of its terms, characters and dated events.",
        request=None,
        responses={200: ReadingSerializer},
        examples=[STUDIED],
    )
    def post(self, request, slug: str):
        brief = brief_for_user(user=request.user, slug=slug)
        if brief is None:
            raise NotFound(f"No brief has the slug “{slug}”.")
        reading = services.reading_record(student=request.user, brief=brief, studied=True)
        return Response(ReadingSerializer(reading).data)
