"""Student site pages for briefs: the topic browser with search, and a topic. (A brief's own page shows the
student's reading and the quizzes on it: the classroom app serves it.)"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render

from briefs import selectors

PAGE_SIZE = 30
ITEMS_SHOWN = 20  # study items found, on the first page of results


@login_required
def browse(request):
    """All topics as a tree, and the briefs (or the search results for ?q=, each with a snippet, and the study items
    found; the briefs with a tag for ?tag=)."""
    query = request.GET.get("q", "").strip()
    tag = request.GET.get("tag", "").strip().lstrip("#").lower()[:100]
    page = _page(request, selectors.brief_list(user=request.user, search=query, tag=tag))
    items = []
    if query:
        for brief in page.object_list:
            brief.snippet = selectors.brief_snippet(brief, query)
        if page.number == 1:
            items = selectors.found_items(user=request.user, query=query, limit=ITEMS_SHOWN)
    context = {"query": query, "tag": tag, "tree": _topic_tree(request.user), "page": page, "items": items}
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
