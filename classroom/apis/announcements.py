"""The announcements of a class, for its students, its teachers and admins."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics, serializers

from classroom import selectors
from classroom.models import Announcement

ANNOUNCEMENTS = OpenApiExample(
    "A page of announcements",
    response_only=True,
    status_codes=["200"],
    value={
        "id": 12,
        "classroom": 3,
        "title": "Quiz moved to Monday",
        "body": "Bring a **pen**.",
        "html": "<p>Bring a <strong>pen</strong>.</p>",
        "author": "Ada Lovelace",
        "created_at": "2026-11-23T08:41:55Z",
    },
)


class AnnouncementSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    html = serializers.CharField(read_only=True, help_text="The body rendered from Markdown and sanitized.")

    class Meta:
        model = Announcement
        fields = ["id", "classroom", "title", "body", "html", "author", "created_at"]

    def get_author(self, obj) -> str:
        return (obj.author.get_full_name() or obj.author.username) if obj.author else ""


class ClassAnnouncementsView(generics.ListAPIView):
    serializer_class = AnnouncementSerializer

    @extend_schema(
        summary="Announcements of a class",
        description="Newest first. For the class's students and teachers, and admins; any other class is a 404.",
        examples=[ANNOUNCEMENTS],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Announcement.objects.none()
        classroom = selectors.class_for_member(user=self.request.user, pk=self.kwargs["pk"])
        return selectors.announcements_of(classroom=classroom)
