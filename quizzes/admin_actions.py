"""Admin actions the quizzes app offers to other apps' admins (the briefs admin registers them)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from quizzes.services import quiz_generate_from_brief


@admin.action(description=gettext_lazy("Generate a quiz from this brief"))
def generate_quiz_action(modeladmin, request, queryset):
    """For BriefAdmin.actions: (re)generate each selected brief's draft quiz and report per brief."""
    # The action sits on the briefs admin, whose permissions say nothing about quizzes.
    if not request.user.has_perm("quizzes.add_quiz"):
        modeladmin.message_user(request, _("You are not allowed to create quizzes."), level=messages.ERROR)
        return
    for brief in queryset.order_by("title", "pk"):
        try:
            quiz = quiz_generate_from_brief(brief=brief, author=request.user)
        except ValidationError as exc:
            modeladmin.message_user(request, f"{brief.title}: {' '.join(exc.messages)}", level=messages.ERROR)
            continue
        count = quiz.questions.count()
        text = ngettext("%(count)s question", "%(count)s questions", count) % {"count": count}
        link = reverse("admin:quizzes_quiz_change", args=[quiz.pk])
        message = format_html('<a href="{}">{}</a>: {} ({})', link, quiz.title, text, _("draft"))
        modeladmin.message_user(request, message, level=messages.SUCCESS)
