"""Study mode: flashcards scheduled per student with FSRS (Again / Hard / Good / Easy)."""

import contextlib

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from classroom import selectors, services
from classroom.flashcards import RATINGS
from classroom.models import Flashcard


@login_required
def study(request):
    due = selectors.flashcards_due(student=request.user)
    card = due.first()
    context = {"card": card, "due_count": due.count(), "ratings": list(RATINGS)}
    if card is not None:
        context["faces"] = selectors.flashcard_faces(card)
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
    return redirect("study")
