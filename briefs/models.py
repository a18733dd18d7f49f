from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Text-search configuration of the search vector and of queries against it (PostgreSQL): English stemming after
# unaccent, so that "Gomulka" finds "Gomułka" (migration 0009 creates it).
SEARCH_CONFIG = "english_unaccent"


class BriefKind(models.TextChoices):
    BRIEFING = "briefing", _("Briefing document")
    STUDY_GUIDE = "study_guide", _("Study guide")
    TIMELINE = "timeline", _("Timeline")
    FAQ = "faq", _("FAQ")
    NOTE = "note", _("Note")


class ItemKind(models.TextChoices):
    THEME = "theme", _("Theme")
    FACT = "fact", _("Fact")
    QUOTE = "quote", _("Quote")
    CONCLUSION = "conclusion", _("Conclusion")
    QUESTION = "question", _("Short-answer question")
    ESSAY = "essay", _("Essay prompt")
    TERM = "term", _("Glossary term")
    EVENT = "event", _("Timeline event")
    CHARACTER = "character", _("Character")
    FAQ = "faq", _("FAQ entry")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    RANGE = "range", _("Range")


class Topic(models.Model):
    """A folder of the garden's permalinks: /network-school/russian-history/... is a path of topics."""

    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    slug = models.SlugField(_("slug"), max_length=200)
    name = models.CharField(_("name"), max_length=200)
    # Slugs from the root, joined by "/": one indexed lookup finds a topic and its subtree.
    path = models.CharField(_("path"), max_length=500, unique=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["parent", "slug"], name="topic_unique_slug_in_parent"),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(parent__isnull=True),
                name="topic_unique_root_slug",
                violation_error_message=_("A top-level topic with this slug already exists."),
            ),
            models.CheckConstraint(
                condition=~Q(slug=""), name="topic_slug_not_empty", violation_error_message=_("A topic needs a slug.")
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ancestor_paths(self) -> list[str]:
        """Paths of this topic's ancestors and itself, root first."""
        parts = self.path.split("/")
        return ["/".join(parts[: i + 1]) for i in range(len(parts))]


class Tag(models.Model):
    """A `#tag` of the garden (body or frontmatter `tags:`), lower-case, without `#`; nested tags keep their `/`."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="tag_name_not_empty")]

    def __str__(self) -> str:
        return self.name


class Brief(models.Model):
    Kind = BriefKind
    # The large columns: reads that only list or link to briefs defer them (`without_body`).
    BODY_FIELDS = ("source", "html", "frontmatter", "search_vector", "image_urls", "plain_text", "folded_text")

    kind = models.CharField(_("kind"), max_length=20, choices=BriefKind.choices, default=BriefKind.NOTE)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    permalink = models.CharField(_("permalink"), max_length=500, unique=True)
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="briefs", verbose_name=_("topic")
    )
    published = models.BooleanField(_("published"), default=False, help_text=_("From the note's dg-publish flag."))
    # A published brief is for every signed-in reader, unless a teacher keeps it to the classes it is assigned to
    # (the classroom app says which, through briefs.signals.brief_audience).
    assigned_only = models.BooleanField(
        _("only for the classes it is assigned to"),
        default=False,
        help_text=_("Ticked: students read it only through an assignment to one of their classes."),
    )
    frontmatter = models.JSONField(_("frontmatter"), default=dict, blank=True)
    source = models.TextField(_("Markdown source"))
    html = models.TextField(_("HTML"), blank=True)
    checksum = models.CharField(_("checksum"), max_length=64)
    source_name = models.CharField(_("source file"), max_length=500, blank=True)
    # Filled by the import service on PostgreSQL; unused (NULL) on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    # What a search result quotes (the page's prose and study aids as text, no answers; ts_headline's input on
    # PostgreSQL), and what SQLite searches: title, tags, text and answers, folded (briefs.folding).
    plain_text = models.TextField(_("plain text"), blank=True, editable=False)
    folded_text = models.TextField(_("folded text"), blank=True, editable=False)
    # Each image reference of the note as written → its stored URL, or "" when missing or refused: a brief
    # re-rendered later (a link of it found its target) shows the same images without the import's files.
    image_urls = models.JSONField(_("image URLs"), default=dict, blank=True, editable=False)
    tags = models.ManyToManyField(Tag, blank=True, related_name="briefs", verbose_name=_("tags"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("brief")
        verbose_name_plural = _("briefs")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=BriefKind.values),
                name="brief_kind_valid",
                violation_error_message=_("Choose one of the kinds of brief offered."),
            ),
            models.CheckConstraint(
                condition=~Q(slug=""), name="brief_slug_not_empty", violation_error_message=_("A brief needs a slug.")
            ),
            models.CheckConstraint(
                condition=Q(permalink__startswith="/") & Q(permalink__endswith="/"),
                name="brief_permalink_slashes",
                violation_error_message=_("A permalink starts and ends with “/”."),
            ),
        ]
        # Created on PostgreSQL only (migration 0002); declared here so the model states it.
        indexes = [GinIndex(fields=["search_vector"], name="brief_search_gin")]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def without_body(cls, relation: str = "") -> list[str]:
        """What to `defer` so that a query reading briefs (or, through `relation`, its related brief) skips
        their large columns: a list or a link needs none of them."""
        return [f"{relation}__{f}" if relation else f for f in cls.BODY_FIELDS]


class LinkName(models.Model):
    """A name a `[[wikilink]]` may use for a brief, as Obsidian matches them: its file name (without .md), its title
    and its frontmatter `aliases`, case-folded. Indexed, so an import resolves all of a note's links in one query."""

    class Source(models.IntegerChoices):  # when two briefs share a name, the lower wins, as in Obsidian
        FILE = 0, _("file name")
        ALIAS = 1, _("alias")
        TITLE = 2, _("title")

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="link_names")
    name = models.CharField(_("name"), max_length=300, db_index=True)
    source = models.PositiveSmallIntegerField(_("source"), choices=Source.choices)

    class Meta:
        ordering = ["name", "source", "brief"]
        constraints = [models.UniqueConstraint(fields=["brief", "name"], name="linkname_unique_per_brief")]

    def __str__(self) -> str:
        return self.name


class MissingLink(models.Model):
    """A `[[wikilink]]` of a brief that no brief answered when it was rendered: an import that brings the target
    re-renders the brief (services), whatever the order in which the notes came."""

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="missing_links")
    name = models.CharField(_("name"), max_length=300, db_index=True)  # case-folded, as LinkName.name
    target = models.CharField(_("target"), max_length=300)  # as written, for the report

    class Meta:
        ordering = ["brief", "name"]

    def __str__(self) -> str:
        return self.target


class StudyItem(models.Model):
    Kind = ItemKind
    Precision = DatePrecision

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="items", verbose_name=_("brief"))
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    position = models.PositiveIntegerField(_("position"))
    label = models.CharField(_("label"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)
    year = models.IntegerField(_("year"), null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(_("date precision"), max_length=10, choices=DatePrecision.choices, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    anchor = models.CharField(_("anchor"), max_length=200, blank=True)
    # Label, text and answer, case- and accent-folded (briefs.folding): what item search matches on both databases.
    folded = models.TextField(_("folded text"), blank=True, editable=False)

    class Meta:
        ordering = ["brief", "position"]
        verbose_name = _("study item")
        verbose_name_plural = _("study items")
        constraints = [
            models.UniqueConstraint(fields=["brief", "position"], name="studyitem_unique_position"),
            models.CheckConstraint(
                condition=Q(kind__in=ItemKind.values),
                name="studyitem_kind_valid",
                violation_error_message=_("Choose one of the kinds of study item offered."),
            ),
            # Only questions and FAQ entries have answers.
            models.CheckConstraint(
                condition=Q(answer="") | Q(kind__in=["question", "faq"]),
                name="studyitem_answer_kind",
                violation_error_message=_("Only questions and FAQ entries have an answer."),
            ),
            # A date always comes with its precision and its year; a precision needs a year.
            models.CheckConstraint(
                condition=Q(date__isnull=True) | (Q(year__isnull=False) & ~Q(date_precision="")),
                name="studyitem_date_has_precision",
                violation_error_message=_("A date needs its year and its precision."),
            ),
            models.CheckConstraint(
                condition=Q(date_precision="") | Q(year__isnull=False),
                name="studyitem_precision_has_year",
                violation_error_message=_("A date precision needs a year."),
            ),
        ]

    def __str__(self) -> str:
        # With its brief's title: a search for items across briefs (the question form's) must tell them apart.
        return f"{self.brief.title} › {self.get_kind_display()}: {self.label or self.text[:60]}"


class GardenImport(models.Model):
    """Notes uploaded to import, imported by a worker (briefs.tasks): its progress, and then its report."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("notes"), default=0)
    done = models.PositiveIntegerField(_("notes imported"), default=0)
    error = models.TextField(_("error"), blank=True)
    # [{name, status, reason, slug, warnings}] per note, once done (briefs.services.FileResult)
    report = models.JSONField(_("report"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("garden import")
        verbose_name_plural = _("garden imports")

    def __str__(self) -> str:
        return f"import {self.pk} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class GardenUpload(models.Model):
    """One uploaded file of an import, kept in the database until the import is done: the worker that imports it
    may run on another machine than the web server that received it."""

    garden_import = models.ForeignKey(GardenImport, on_delete=models.CASCADE, related_name="uploads")
    name = models.CharField(_("name"), max_length=255)
    data = models.BinaryField(_("data"))

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
