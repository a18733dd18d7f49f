"""Study mode: flashcards scheduled per student with FSRS (Again / Hard / Good / Easy)."""

import contextlib

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from classroom import selectors, services
from classroom.flashcards import RATINGS, Schedule, interval_label, next_intervals
from classroom.models import Flashcard


@login_required
def study(request):
    """The next card due; `?brief=<slug>` studies that brief's deck only (its glossary, characters, timeline)."""
    brief = request.GET.get("brief", "")[:200]
    due = selectors.flashcards_due(student=request.user, brief=brief)
    card = due.first()
    context = {"card": card, "due_count": due.count(), "brief": brief}
    if card is not None:
        context["faces"] = selectors.flashcard_faces(card)
        context["ratings"] = _ratings(card, timezone.now())
    else:
        context["next_due"] = selectors.flashcards_of(student=request.user).order_by("due").first()
    return render(request, "classroom/study.html", context)


@login_required
@require_POST
def review(request, pk: int):
    card = Flashcard.objects.filter(student=request.user, pk=pk).first()
    if card is None:
        raise Http404
    # An unknown rating changes nothing: the same card is shown again.
    with contextlib.suppress(ValidationError):
        services.flashcard_review(card=card, student=request.user, rating=request.POST.get("rating", ""))
    brief = request.POST.get("brief", "")[:200]
    return redirect(f"{reverse('study')}?{urlencode({'brief': brief})}" if brief else reverse("study"))


RATING_NAMES = {"again": gettext_lazy("Again"), "hard": gettext_lazy("Hard"), "good": gettext_lazy("Good"),
                "easy": gettext_lazy("Easy")}  # fmt: skip


def _ratings(card, now) -> list[dict]:
    """Each rating button with when the card comes back after it ("Good · 3 days")."""
    current = Schedule(card.state, card.step, card.stability, card.difficulty, card.due, card.last_review)
    waits = next_intervals(current, now)
    return [{"value": r, "name": RATING_NAMES[r], "after": interval_label(waits[r])} for r in RATINGS]
