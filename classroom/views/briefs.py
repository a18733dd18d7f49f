"""The brief page: the note with its study aids and quizzes (the same for everyone, cached), and the student's
own reading state. Here, not in the briefs app, because it shows the quizzes on the brief and the student's reading."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from briefs import selectors as briefs
from briefs.models import Brief
from briefs.page import note_rest
from briefs.rendering import note_outline
from briefs.signals import BRIEFS_VERSION
from classroom import services
from classroom.flashcards import CARD_ITEM_KINDS
from config.cache import cached
from quizzes.selectors import quizzes_about
from quizzes.signals import QUIZZES_VERSION

PAGE_TIMEOUT = 24 * 3600


@login_required
def brief_detail(request, slug: str):
    key = f"classroom:brief-page:{get_language()}:{slug}"
    page = cached(key, (BRIEFS_VERSION, QUIZZES_VERSION), lambda: _shared_page(slug), PAGE_TIMEOUT)
    if page is None or not briefs.may_see(user=request.user, brief_published=page["published"]):
        raise Http404
    brief = Brief(pk=page["id"], slug=page["slug"])  # what the reading record and the studied box need
    reading = services.reading_record(student=request.user, brief=brief)
    return render(request, "briefs/brief.html", {**page, "brief": brief, "reading": reading})


def _shared_page(slug: str) -> dict | None:
    """The parts of the page that are the same for everyone, rendered: each template a whole element."""
    brief = briefs.brief_any(slug=slug, items=True)
    if brief is None:
        return None
    aids = briefs.study_aids(brief)
    rest = note_rest(
        brief.html,
        title=brief.title,
        anchors=[i.anchor for aid in aids for i in aid["items"]],
        kinds=[aid["kind"] for aid in aids],
    )
    context = {
        "brief": brief,
        "kind": brief.get_kind_display(),
        "trail": briefs.topic_trail_steps(topics=[brief.topic]).get(brief.topic_id, []),
        "toc": note_outline(rest),
        "rest": rest,
        "aids": aids,
        "deck": any(aid["kind"] in CARD_ITEM_KINDS for aid in aids),  # the brief has flashcards to study
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


@login_required
@require_POST
def mark_studied(request, slug: str):
    brief = briefs.brief_for_user(user=request.user, slug=slug)
    if brief is None:
        raise Http404
    reading = services.reading_record(student=request.user, brief=brief, studied=True)
    if request.htmx:
        return render(request, "briefs/_studied.html", {"brief": brief, "reading": reading, "just_marked": True})
    return redirect("brief_detail", slug=slug)
