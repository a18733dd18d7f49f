"""Briefs API: topics, briefs (list, search, detail) and the garden import. Views are thin:
validate input, call one selector or service, serialize."""

from hashlib import sha256

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from briefs import examples
from briefs.models import Brief, BriefKind, GardenImport, StudyItem, Topic
from briefs.selectors import (
    brief_any,
    brief_list,
    brief_snippet,
    can_see_drafts,
    garden_import_of,
    may_see,
    restricted_readable,
    topic_list,
    topic_trails,
)
from briefs.services import garden_import_queue
from briefs.signals import BRIEFS_VERSION
from briefs.sources import ImportTooLarge
from config.api import unprocessable
from config.cache import cached
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


class BriefOutputSerializer(serializers.ModelSerializer):
    topic = serializers.SerializerMethodField(help_text=_("The topic path from the root: [{slug, name}, ...]."))
    tags = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True,
        help_text=_("The note's tags (frontmatter `tags` and body `#tags`), lower-case, without `#`."),
    )  # fmt: skip

    class Meta:
        model = Brief
        fields = ["slug", "kind", "title", "permalink", "topic", "tags", "published", "updated_at"]

    @extend_schema_field(TopicStepSerializer(many=True))
    def get_topic(self, brief: Brief) -> list[dict]:
        trail = self.context.get("trails", {}).get(brief.topic_id, [])
        return [{"slug": t.slug, "name": t.name} for t in trail]


class BriefListOutputSerializer(BriefOutputSerializer):
    snippet = serializers.SerializerMethodField(
        help_text=_(
            "With `search`: HTML, the passage that matches, escaped, each match in `<mark>`; empty without `search`."
        )
    )

    class Meta(BriefOutputSerializer.Meta):
        fields = [*BriefOutputSerializer.Meta.fields, "snippet"]

    def get_snippet(self, brief: Brief) -> str:
        query = self.context.get("search", "")
        return brief_snippet(brief, query) if query else ""


class StudyItemOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = StudyItem
        fields = ["kind", "position", "label", "text", "year", "date", "date_precision", "answer", "anchor"]


class BriefDetailOutputSerializer(BriefOutputSerializer):
    items = StudyItemOutputSerializer(many=True, read_only=True)

    class Meta(BriefOutputSerializer.Meta):
        fields = [*BriefOutputSerializer.Meta.fields, "html", "items"]


class BriefFilterInputSerializer(serializers.Serializer):
    search = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text=_("Words to find."))
    topic = serializers.CharField(
        required=False, allow_blank=True, max_length=500, help_text=_("A topic slug or path; includes sub-topics.")
    )
    kind = serializers.ChoiceField(choices=BriefKind.choices, required=False, allow_blank=True)
    tag = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text=_("Keep briefs with this tag (`#` optional).")
    )

    def validate_tag(self, value: str) -> str:
        return value.strip().lstrip("#").lower()


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
    warnings = serializers.ListField(
        child=serializers.CharField(), default=list,
        help_text=_("What the file imported without: parser problems, links to no note, missing or refused images."),
    )  # fmt: skip


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


# --------------------------------------------------------------------------- cached representations
# What every reader sees alike (a brief, a page of briefs) is kept as its serializer's data under the briefs'
# version (briefs.signals): one round trip to the cache when current; any change of a brief or a topic makes a new one.
DETAIL_TIMEOUT = 24 * 3600
LIST_TIMEOUT = 10 * 60


def _detail(slug: str) -> tuple[bool, bool, dict] | None:
    """(published, assigned_only, representation) of the brief with this slug, whoever may see it; None if there is
    none."""
    brief = brief_any(slug=slug, items=True)
    if brief is None:
        return None
    trails = topic_trails(topics=[brief.topic])
    return brief.published, brief.assigned_only, BriefDetailOutputSerializer(brief, context={"trails": trails}).data


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
            "and bodies, whatever their case and accents (“Gomulka” finds “Gomułka”), and gives each brief a "
            "`snippet`; `topic` keeps briefs in a topic and its sub-topics; `kind` keeps one kind; `tag` keeps the "
            "briefs with a tag."
        ),
        parameters=[BriefFilterInputSerializer],
        examples=[examples.BRIEFS],
    )
    def get(self, request, *args, **kwargs):
        filters = BriefFilterInputSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        # Keyed by the whole address: the query, and the host and scheme that the page links are built on.
        address = sha256(request.build_absolute_uri().encode()).hexdigest()
        # Students' lists differ only by the briefs kept to classes that they may read: those ids are in the key.
        mine = sha256(repr(restricted_readable(user=request.user)).encode()).hexdigest()
        key = f"briefs:list:v2:{can_see_drafts(request.user)}:{mine}:{address}"  # v2: with snippets
        page = cached(key, (BRIEFS_VERSION,), lambda: self._page(request, filters.validated_data), LIST_TIMEOUT)
        return Response(page)

    def _page(self, request, filters: dict) -> dict:
        page = self.paginate_queryset(brief_list(user=request.user, **filters))
        context = {"trails": topic_trails(topics=[b.topic for b in page]), "search": filters.get("search", "").strip()}
        return self.get_paginated_response(self.get_serializer(page, many=True, context=context).data).data


class BriefDetailApi(GenericAPIView):
    serializer_class = BriefDetailOutputSerializer

    @extend_schema(
        summary=_("Read a brief"),
        description=_("A brief with its sanitized HTML and its study items in document order."),
        responses={200: BriefDetailOutputSerializer, 404: OpenApiResponse(description=_("No such brief."))},
        examples=[examples.BRIEF_DETAIL, examples.BRIEF_DETAIL_TIMELINE, examples.BRIEF_DETAIL_FAQ],
    )
    def get(self, request, slug: str):
        entry = cached(f"briefs:detail:{slug}", (BRIEFS_VERSION,), lambda: _detail(slug), DETAIL_TIMEOUT)
        if entry is None or not may_see(user=request.user, brief_published=entry[0], assigned_only=entry[1], slug=slug):
            raise NotFound(_("No brief has the slug “%(slug)s”.") % {"slug": slug})
        return Response(entry[2])


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
