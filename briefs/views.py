"""Student site pages for briefs: the topic browser with search, a topic, a brief with its study aids."""

from html.parser import HTMLParser

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from briefs import selectors
from briefs.models import Brief, ItemKind
from config.cache import current, key_for, versioned
from config.frames import csrf_token, render_framed

PAGE_SIZE = 30

# The study aids shown under the note, in this order: (section id, heading, item kind, template block).
STUDY_AIDS = [
    ("aid-timeline", _("Timeline"), ItemKind.EVENT),
    ("aid-characters", _("Cast of characters"), ItemKind.CHARACTER),
    ("aid-glossary", _("Glossary"), ItemKind.TERM),
    ("aid-quotes", _("Key quotes"), ItemKind.QUOTE),
    ("aid-faq", _("Frequently asked questions"), ItemKind.FAQ),
    ("aid-questions", _("Check yourself"), ItemKind.QUESTION),
    ("aid-essays", _("Essay prompts"), ItemKind.ESSAY),
]


@login_required
def browse(request):
    """All topics as a tree, and the briefs (or the search results for ?q=)."""
    query = request.GET.get("q", "").strip()
    briefs = selectors.brief_list(user=request.user, search=query)
    context = {"query": query, "tree": _topic_tree(request.user), "page": _page(request, briefs)}
    if request.htmx and request.htmx.target == "results":
        return render(request, "briefs/_results.html", context)
    return render(request, "briefs/browse.html", context)


@login_required
def topic(request, path: str):
    path = path.strip("/")
    topics = {t.path: t for t in selectors.topic_list()}
    if path not in topics:
        raise Http404
    current = topics[path]
    context = {
        "topic": current,
        "trail": [topics[p] for p in current.ancestor_paths if p in topics],
        "children": sorted((t for t in topics.values() if t.parent_id == current.pk), key=lambda t: t.name),
        "page": _page(request, selectors.brief_list(user=request.user, topic=path)),
    }
    return render(request, "briefs/topic.html", context)


def _page(request, briefs):
    return Paginator(briefs, PAGE_SIZE).get_page(request.GET.get("page"))


def _topic_tree(user) -> list[dict]:
    """Nested topics, each with how many visible briefs it holds, itself and below (two queries)."""
    topics = list(selectors.topic_list())
    direct = dict(
        selectors.brief_list(user=user)
        .order_by()
        .values("topic__path")
        .annotate(n=Count("id"))
        .values_list("topic__path", "n")
    )
    nodes = {t.pk: {"topic": t, "children": [], "count": 0} for t in topics}
    by_path = {t.path: nodes[t.pk] for t in topics}
    for t in topics:
        for ancestor in t.ancestor_paths:
            if ancestor in by_path:
                by_path[ancestor]["count"] += direct.get(t.path, 0)
    roots = []
    for t in sorted(topics, key=lambda t: t.name):
        (nodes[t.parent_id]["children"] if t.parent_id in nodes else roots).append(nodes[t.pk])
    return roots


# All of the brief page but the student's own part (studied or not) is the same for everyone: it is rendered
# once, as the HTML before and after that part, and cached under the versions of the briefs and the quizzes
# (their list is on the page). The student's reading record is cached too (classroom.services): a page view
# fetches both in one round trip, and then costs the session and the template.
PAGE_TIMEOUT = 24 * 3600


@login_required
def brief_detail(request, slug: str):
    from classroom.services import reading_entry, reading_opened  # the classroom app owns reading progress
    from quizzes.selectors import QUIZZES_VERSION_KEY

    page_entry = key_for(f"briefs:page:{get_language()}", slug), (selectors.BRIEFS_VERSION_KEY, QUIZZES_VERSION_KEY)
    page, reading = current(page_entry, reading_entry(student=request.user, slug=slug))
    if page is None:
        page = versioned(*page_entry, lambda: _shared_page(slug), PAGE_TIMEOUT)
    if page is None or not selectors.may_see(user=request.user, brief_published=page["published"]):
        raise Http404
    brief = Brief(pk=page["id"], slug=page["slug"])  # what the reading record and the studied box need
    reading = reading_opened(student=request.user, brief=brief, cached=reading)
    context = {"brief": brief, "reading": reading, "csrf_token": csrf_token(request)}
    studied = render_to_string("briefs/_studied.html", context, request)
    # head and main were rendered (and escaped) by their templates: safe strings, in the cache too
    slots = {"title": page["title"], "head": page["head"], "main": page["main"], "studied": studied}
    return render_framed(request, "briefs/brief.html", slots)


def _shared_page(slug: str) -> dict | None:
    from quizzes.selectors import quizzes_about  # the quizzes app owns quizzes

    brief = selectors.brief_any(slug=slug, items=True)
    if brief is None:
        return None
    context = {
        "brief": brief,
        "kind": brief.get_kind_display(),
        "trail": selectors.topic_trail_steps(topics=[brief.topic]).get(brief.topic_id, []),
        "toc": note_outline(brief.html),
        "aids": _study_aids(brief),
        "quizzes": quizzes_about(brief_id=brief.pk),
    }
    return {
        "id": brief.pk,
        "slug": brief.slug,
        "title": brief.title,
        "published": brief.published,
        "head": render_to_string("briefs/_brief_head.html", context),
        "main": render_to_string("briefs/_brief_main.html", context),
    }


def _study_aids(brief) -> list[dict]:
    items = list(brief.items.all())  # prefetched, in position order
    aids = []
    for anchor, heading, kind in STUDY_AIDS:
        chosen = [i for i in items if i.kind == kind]
        if chosen:
            aids.append({"id": anchor, "heading": heading, "kind": kind, "items": chosen})
    return aids


@login_required
@require_POST
def mark_studied(request, slug: str):
    from classroom.services import reading_record

    brief = selectors.brief_for_user(user=request.user, slug=slug)
    if brief is None:
        raise Http404
    reading = reading_record(student=request.user, brief=brief, studied=True)
    if request.htmx:
        return render(request, "briefs/_studied.html", {"brief": brief, "reading": reading, "just_marked": True})
    return redirect("brief_detail", slug=slug)


# ---------------------------------------------------------------- table of contents


class _Outline(HTMLParser):
    """Collects (level, id, text) of headings and of bold section labels that carry an id."""

    LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "p": 3}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.entries: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        anchor = dict(attrs).get("id")
        if tag in self.LEVELS and anchor:
            self._open = {"tag": tag, "level": self.LEVELS[tag], "id": anchor, "text": ""}

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag):
        if self._open is not None and tag == self._open["tag"]:
            text = " ".join(self._open["text"].split()).rstrip(":")
            if text:
                self.entries.append({**self._open, "text": text})
            self._open = None


def note_outline(html: str) -> list[dict]:
    """The note's sections for a table of contents. The h1 is dropped: the page shows the title."""
    parser = _Outline()
    parser.feed(html or "")
    return [e for e in parser.entries if e["level"] > 1]
