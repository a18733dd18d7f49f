"""The admin's generation pages, on the briefs' admin: generate a draft quiz from a brief (or a new draft beside a
published one), then review it before publishing: each question with the passage it came from, to drop, edit, or
swap for another question from the same study item. Thin: the services do every write."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from quizzes import services
from quizzes.models import Question, Quiz


class GenerationPages:
    """Mixed into the briefs' admin (quizzes.admin): its extra URLs under /admin/briefs/brief/."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/generate-quiz/", view(self.generate_view), name="briefs_brief_generate_quiz"),
            path("generated-quiz/<int:quiz_id>/", view(self.review_view), name="briefs_brief_generated_quiz"),
            *super().get_urls(),
        ]

    def _page(self, request, template: str, title: str, **extra) -> TemplateResponse:
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **extra}
        return TemplateResponse(request, template, context)

    def generate_view(self, request, object_id):
        if not request.user.has_perm("quizzes.add_quiz"):
            raise PermissionDenied
        brief = self.get_object(request, unquote(object_id))
        if brief is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if request.method == "POST":
            try:
                quiz = services.quiz_generate_from_brief(
                    brief=brief, author=request.user, as_new_draft=bool(request.POST.get("new_draft"))
                )
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                return HttpResponseRedirect(reverse("admin:briefs_brief_generated_quiz", args=[quiz.pk]))
        existing = Quiz.objects.filter(slug=services.generated_quiz_slug(brief), brief=brief).first()
        locked = existing is not None and (existing.published or existing.attempts.exists())
        title = _("Generate a quiz from “%(brief)s”") % {"brief": brief}
        return self._page(
            request, "admin/quizzes/generation/generate.html", title, original=brief, existing=existing,
            locked=locked, new_slug=services.new_draft_slug(brief) if locked else "",
        )  # fmt: skip

    def review_view(self, request, quiz_id):
        if not request.user.has_perm("quizzes.change_quiz"):
            raise PermissionDenied
        quiz = get_object_or_404(Quiz.objects.select_related("brief"), pk=quiz_id)
        if request.method == "POST":
            self._edit(request, quiz)
            return HttpResponseRedirect(request.path)
        questions = quiz.questions.select_related("study_item").prefetch_related("options").order_by("position")
        editable = not quiz.published and not quiz.attempts.exists()
        title = _("Review the generated quiz “%(quiz)s”") % {"quiz": quiz}
        return self._page(
            request, "admin/quizzes/generation/review.html", title, quiz=quiz, questions=questions, editable=editable
        )

    def _edit(self, request, quiz: Quiz) -> None:
        """One of the review's buttons: drop or swap a question, or publish the quiz."""
        try:
            if "publish" in request.POST:
                services.quiz_set_published(quiz=quiz, published=True)
                self.message_user(request, _("“%(quiz)s” is published.") % {"quiz": quiz}, messages.SUCCESS)
                return
            question = get_object_or_404(Question, pk=request.POST.get("question"), quiz=quiz)
            if "drop" in request.POST:
                services.generated_question_drop(question=question)
                self.message_user(request, _("The question was dropped."), messages.SUCCESS)
            elif "swap" in request.POST:
                services.generated_question_swap(question=question)
                self.message_user(request, _("The question was swapped for another one."), messages.SUCCESS)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
