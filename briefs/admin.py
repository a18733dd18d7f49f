"""Briefs in the admin: topics, briefs with their study items (read-only), and the garden upload."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from briefs import sources
from briefs.models import Brief, StudyItem, Topic
from briefs.selectors import garden_import_of
from briefs.services import MAX_ITEMS_PER_NOTE, garden_import_queue
from briefs.sources import ImportTooLarge
from config.admin import ScopedChoices
from config.forms import MultipleFileField


class GardenUploadForm(forms.Form):
    files = MultipleFileField(
        allow_empty_file=True,  # an empty note is reported in the per-file report, like any other bad file
        label=_("Notes or archives"),
        help_text=_(".md, .markdown, .txt or .zip; several at once."),
    )
    dry_run = forms.BooleanField(label=_("Dry run (store nothing)"), required=False)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "path", "parent"]
    search_fields = ["name", "path"]
    list_select_related = ["parent"]
    readonly_fields = ["path", "parent", "slug"]

    def has_add_permission(self, request) -> bool:
        return False  # topics are the folders of imported permalinks


class StudyItemInline(admin.TabularInline):
    """Items come from the Markdown: correct the note and re-import rather than edit them here."""

    model = StudyItem
    extra = 0
    can_delete = False
    fields = ["position", "kind", "label", "text", "year", "date", "date_precision", "answer", "anchor"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(StudyItem)
class StudyItemAdmin(admin.ModelAdmin):
    """For looking items up only: the question form's study-item field searches here, by the brief's title or the
    item's words. Not in the index; a brief's page lists its items."""

    search_fields = ["brief__title", "label", "text"]
    list_display = ["__str__", "kind"]
    list_select_related = ["brief"]
    ordering = ["brief__title", "position"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("brief")  # each result names its brief

    def has_module_permission(self, request) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Brief)
class BriefAdmin(ScopedChoices, admin.ModelAdmin):
    list_display = ["title", "kind", "topic", "published", "assigned_only", "updated_at"]
    list_filter = ["kind", "published", "assigned_only", "topic"]
    search_fields = ["title", "slug", "permalink", "source_name"]
    list_select_related = ["topic"]
    # Content comes from the garden: correct the note and re-import. Only the title, kind and
    # publication (and who reads it) are editable here, and never the HTML, which must stay the sanitized rendering.
    readonly_fields = [
        "slug",
        "permalink",
        "topic",
        "frontmatter",
        "checksum",
        "source_name",
        "created_at",
        "updated_at",
        "source",
        "html",
    ]
    fields = ["title", "kind", "published", "assigned_only", *readonly_fields]
    inlines = [StudyItemInline]
    actions: list = []  # the quizzes app adds "generate a quiz"
    change_list_template = "admin/briefs/brief/change_list.html"

    def add_view(self, request, form_url="", extra_context=None):
        """Briefs are added by importing notes, never typed in."""
        return HttpResponseRedirect(reverse("admin:briefs_brief_import"))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="briefs_brief_import"),
            path("import/<int:pk>/", view(self.import_job_view), name="briefs_brief_import_job"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """The upload: queued for a worker (a garden takes longer than a request may), then its progress page."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = GardenUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                job = garden_import_queue(
                    files=form.cleaned_data["files"], user=request.user, dry_run=form.cleaned_data["dry_run"]
                )
            except ImportTooLarge as exc:
                form.add_error("files", str(exc))
            else:
                return HttpResponseRedirect(reverse("admin:briefs_brief_import_job", args=[job.pk]))
        limits = {"notes": sources.MAX_NOTES, "import_mb": sources.MAX_IMPORT_BYTES // 2**20,
                  "note_kb": sources.MAX_NOTE_BYTES // 1024, "items": MAX_ITEMS_PER_NOTE}  # fmt: skip
        return self._page(request, "admin/briefs/brief/import.html", _("Import garden"), form=form, limits=limits)

    def import_job_view(self, request, pk: int):
        """An import's progress bar while a worker imports it (the page reloads itself), then its report."""
        job = garden_import_of(user=request.user, pk=pk)
        if job is None or not self.has_add_permission(request):
            raise Http404
        title = _("Import of %(when)s") % {"when": date_format(timezone.localtime(job.created_at), "DATETIME_FORMAT")}
        return self._page(request, "admin/briefs/brief/import_job.html", title, job=job, summary=_summary(job))

    def _page(self, request, template: str, title: str, **extra) -> TemplateResponse:
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title, **extra}
        return TemplateResponse(request, template, context)


def _summary(job) -> dict[str, int]:
    return {status: sum(f["status"] == status for f in job.report) for status in ("created", "updated", "unchanged",
                                                                                   "failed")}  # fmt: skip
