"""Briefs API: topics, briefs (list, search, detail) and the garden import. Views are thin:
validate input, call one selector or service, serialize."""

import json

from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from briefs import examples
from briefs.models import Brief, BriefKind, GardenImport, StudyItem, Topic
from briefs.selectors import (
    BRIEFS_VERSION_KEY,
    brief_any,
    brief_list,
    can_see_drafts,
    garden_import_of,
    may_see,
    topic_list,
    topic_trail_steps,
)
from briefs.services import garden_import_queue
from briefs.sources import ImportTooLarge
from config.api import unprocessable
from config.cache import key_for, versioned_in_process
from config.fields import FormFlag


class IsTeacherOrAdmin(BasePermission):
    message = _("Only teachers and admins may import briefs.")

    def has_permission(self, request, view) -> bool:
        return can_see_drafts(request.user)


# --------------------------------------------------------------------------- serializers


class TopicOutputSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="path", read_only=True, allow_null=True, help_text=_("Path of the parent topic; null at the root.")
    )

    class Meta:
        model = Topic
        fields = ["slug", "name", "path", "parent"]


class TopicStepSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class BriefListOutputSerializer(serializers.ModelSerializer):
    topic = serializers.SerializerMethodField(help_text=_("The topic path from the root: [{slug, name}, ...]."))

    class Meta:
        model = Brief
        fields = ["slug", "kind", "title", "permalink", "topic", "published", "updated_at"]

    @extend_schema_field(TopicStepSerializer(many=True))
    def get_topic(self, brief: Brief) -> list[dict]:
        trail = self.context.get("trails", {}).get(brief.topic_id, [])
        return [{"slug": t.slug, "name": t.name} for t in trail]


class StudyItemOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = StudyItem
        fields = ["kind", "position", "label", "text", "year", "date", "date_precision", "answer", "anchor"]


class BriefDetailOutputSerializer(BriefListOutputSerializer):
    items = StudyItemOutputSerializer(many=True, read_only=True)

    class Meta(BriefListOutputSerializer.Meta):
        fields = [*BriefListOutputSerializer.Meta.fields, "html", "items"]


class BriefFilterInputSerializer(serializers.Serializer):
    search = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text=_("Words to find."))
    topic = serializers.CharField(
        required=False, allow_blank=True, max_length=500, help_text=_("A topic slug or path; includes sub-topics.")
    )
    kind = serializers.ChoiceField(choices=BriefKind.choices, required=False, allow_blank=True)


class ImportInputSerializer(serializers.Serializer):
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        min_length=1,
        help_text=_(".md, .markdown, .txt or .zip files."),
    )
    dry_run = FormFlag(default=False)


class FileResultOutputSerializer(serializers.Serializer):
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=["created", "updated", "unchanged", "failed"])
    reason = serializers.CharField()
    slug = serializers.CharField()


class GardenImportOutputSerializer(serializers.ModelSerializer):
    """An import: queued, then importing (`done` of `total` notes), then done with a line per file, or failed with
    `error` (a limit: nothing was imported)."""

    files = FileResultOutputSerializer(many=True, source="report")
    created = serializers.SerializerMethodField()
    updated = serializers.SerializerMethodField()
    unchanged = serializers.SerializerMethodField()
    failed = serializers.SerializerMethodField()

    class Meta:
        model = GardenImport
        fields = ["id", "status", "dry_run", "total", "done", "error", "created", "updated", "unchanged", "failed",
                  "files", "created_at", "finished_at"]  # fmt: skip

    def _count(self, job, status: str) -> int:
        return sum(f["status"] == status for f in job.report)

    def get_created(self, job) -> int:
        return self._count(job, "created")

    def get_updated(self, job) -> int:
        return self._count(job, "updated")

    def get_unchanged(self, job) -> int:
        return self._count(job, "unchanged")

    def get_failed(self, job) -> int:
        return self._count(job, "failed")


# --------------------------------------------------------------------------- representations
# The list and the detail are built as plain dicts (the serializers above describe them for the schema):
# a ModelSerializer builds its fields on every request, which cost more than the queries did.

_datetime = serializers.DateTimeField()  # DRF's own rendering of a datetime (settings.TIME_ZONE, ISO 8601)


def _brief_row(brief: Brief, trail: list[dict]) -> dict:
    return {
        "slug": brief.slug,
        "kind": brief.kind,
        "title": brief.title,
        "permalink": brief.permalink,
        "topic": [{"slug": t["slug"], "name": t["name"]} for t in trail],
        "published": brief.published,
        "updated_at": _datetime.to_representation(brief.updated_at),
    }


def _item(item: StudyItem) -> dict:
    return {
        "kind": item.kind,
        "position": item.position,
        "label": item.label,
        "text": item.text,
        "year": item.year,
        "date": item.date.isoformat() if item.date is not None else None,
        "date_precision": item.date_precision,
        "answer": item.answer,
        "anchor": item.anchor,
    }


def brief_detail_data(brief: Brief) -> dict:
    """A brief's detail representation: its row, its HTML and its items (one query; the trail is cached)."""
    prefetch_related_objects([brief], "items")
    trail = topic_trail_steps(topics=[brief.topic]).get(brief.topic_id, [])
    items = sorted(brief.items.all(), key=lambda i: i.position)
    return {**_brief_row(brief, trail), "html": brief.html, "items": [_item(i) for i in items]}


# Both are cached as rendered JSON under the briefs' version (briefs.selectors), and kept in each process while
# current: a read is one round trip to the cache for the version and no query; any change to a brief or a topic
# makes every entry stale.
DETAIL_TIMEOUT = 24 * 3600
LIST_TIMEOUT = 10 * 60


def _detail_entry(slug: str) -> tuple[bool, bytes] | None:
    """(published, the JSON body) of the brief with this slug, whoever may see it; None if there is none."""
    brief = brief_any(slug=slug)
    return None if brief is None else (brief.published, JSONRenderer().render(brief_detail_data(brief)))


def _json_response(request, body: bytes):
    """The cached body as is, unless the client negotiated another renderer (DRF's browsable API)."""
    if request.accepted_renderer.format == "json":
        return HttpResponse(body, content_type="application/json")
    return Response(json.loads(body))


# --------------------------------------------------------------------------- views


class TopicListApi(ListAPIView):
    serializer_class = TopicOutputSerializer
    filter_backends: list = []

    @extend_schema(
        summary=_("List topics"),
        description=_("The topic tree, flattened, ordered by path."),
        examples=[examples.TOPICS],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return topic_list()


class BriefListApi(ListAPIView):
    serializer_class = BriefListOutputSerializer
    filter_backends: list = []

    @extend_schema(
        summary=_("List briefs"),
        description=_(
            "Published briefs (and drafts, for teachers and admins). `search` finds words in titles, study items "
            "and bodies; `topic` keeps briefs in a topic and its sub-topics; `kind` keeps one kind."
        ),
        parameters=[BriefFilterInputSerializer],
        examples=[examples.BRIEFS],
    )
    def get(self, request, *args, **kwargs):
        filters = BriefFilterInputSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        # Keyed by the whole address: the query, and the host and scheme that the page links are built on.
        key = key_for(f"briefs:list:{can_see_drafts(request.user)}", request.build_absolute_uri())
        build = lambda: self._page(request, filters.validated_data)  # noqa: E731
        body = versioned_in_process(key, BRIEFS_VERSION_KEY, build, LIST_TIMEOUT)
        return _json_response(request, body)

    def _page(self, request, filters: dict) -> bytes:
        page = self.paginate_queryset(brief_list(user=request.user, **filters))
        trails = topic_trail_steps(topics=[b.topic for b in page])
        rows = [_brief_row(b, trails.get(b.topic_id, [])) for b in page]
        return JSONRenderer().render(self.get_paginated_response(rows).data)


class BriefDetailApi(GenericAPIView):
    serializer_class = BriefDetailOutputSerializer

    @extend_schema(
        summary=_("Read a brief"),
        description=_("A brief with its sanitized HTML and its study items in document order."),
        responses={200: BriefDetailOutputSerializer, 404: OpenApiResponse(description=_("No such brief."))},
        examples=[examples.BRIEF_DETAIL, examples.BRIEF_DETAIL_TIMELINE, examples.BRIEF_DETAIL_FAQ],
    )
    def get(self, request, slug: str):
        entry = versioned_in_process(
            key_for("briefs:detail", slug), BRIEFS_VERSION_KEY, lambda: _detail_entry(slug), DETAIL_TIMEOUT
        )
        if entry is None or not may_see(user=request.user, brief_published=entry[0]):
            raise NotFound(_("No brief has the slug “%(slug)s”.") % {"slug": slug})
        return _json_response(request, entry[1])


class BriefImportApi(GenericAPIView):
    permission_classes = [IsAuthenticated, IsTeacherOrAdmin]
    parser_classes = [MultiPartParser]
    serializer_class = ImportInputSerializer

    @extend_schema(
        summary=_("Import notes"),
        description=_(
            "Upload Markdown notes or .zip archives of a garden (multipart field `files`, repeatable). The import is "
            "queued (202) and a worker imports each file on its own; read it again at `/api/v1/briefs/imports/{id}/` "
            "until its status is `done`: its report then says for each file whether it was created, updated, "
            "unchanged or failed, and why. An upload over the limits (notes, bytes) is a 422 naming the limit. "
            "Teachers and admins only."
        ),
        request={"multipart/form-data": ImportInputSerializer},
        responses={202: GardenImportOutputSerializer, 422: OpenApiResponse(description=_("Over a limit"))},
        # No request example: the body is multipart files, which an example value cannot carry.
        examples=[examples.IMPORT_REPORT],
    )
    def post(self, request):
        data = ImportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            job = garden_import_queue(files=data.validated_data["files"], user=request.user,
                                      dry_run=data.validated_data["dry_run"])  # fmt: skip
        except ImportTooLarge as exc:
            raise unprocessable(str(exc)) from exc
        job.refresh_from_db()  # with no broker, the import ran when its job was committed
        return Response(GardenImportOutputSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class GardenImportApi(GenericAPIView):
    permission_classes = [IsAuthenticated, IsTeacherOrAdmin]
    serializer_class = GardenImportOutputSerializer

    @extend_schema(summary=_("An import and its report"), examples=[examples.IMPORT_REPORT])
    def get(self, request, pk: int):
        job = garden_import_of(user=request.user, pk=pk)
        if job is None:
            raise NotFound(_("No such import."))
        return Response(GardenImportOutputSerializer(job).data)
