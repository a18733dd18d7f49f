"""A class's gradebook in the admin: the grid (and its CSV), a student's attempts, and an attempt's answers with
their essays marked in place. Pages of ClassroomAdmin: a class the teacher does not teach is a 404."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from classroom import gradebook, selectors
from classroom.forms import ReviewForm, score_essays
from classroom.views.quizzes import answer_lines
from quizzes.labels import points_label
from quizzes.selectors import attempt_questions
from quizzes.serializers import student_question

STATUS_LABELS = {
    gradebook.NOT_STARTED: gettext_lazy("Not started"),
    gradebook.IN_PROGRESS: gettext_lazy("In progress"),
    gradebook.SUBMITTED: gettext_lazy("Submitted"),
    gradebook.NEEDS_REVIEW: gettext_lazy("Waiting for marking"),
    gradebook.LATE: gettext_lazy("Late"),
    gradebook.MISSING: gettext_lazy("Missing"),
}


def urls(model_admin) -> list:
    view = model_admin.admin_site.admin_view
    return [
        path("<int:pk>/gradebook/", view(lambda r, pk: grid(model_admin, r, pk)), name="classroom_gradebook"),
        path(
            "<int:pk>/gradebook/students/<int:student>/",
            view(lambda r, pk, student: student_page(model_admin, r, pk, student)),
            name="classroom_gradebook_student",
        ),
        path(
            "<int:pk>/gradebook/attempts/<int:attempt>/",
            view(lambda r, pk, attempt: attempt_page(model_admin, r, pk, attempt)),
            name="classroom_gradebook_attempt",
        ),
    ]


def _classroom(model_admin, request, pk):
    classroom = model_admin.get_object(request, str(pk))  # the teacher's own classes only
    if classroom is None or not model_admin.has_view_permission(request, classroom):
        raise Http404
    return classroom


def _page(model_admin, request, template: str, title: str, **context) -> TemplateResponse:
    context = {**model_admin.admin_site.each_context(request), "opts": model_admin.opts, "title": title, **context}
    return TemplateResponse(request, template, context)


def grid(model_admin, request, pk: int):
    classroom = _classroom(model_admin, request, pk)
    sort = request.GET.get("sort") if request.GET.get("sort") in gradebook.SORTS else "name"
    descending = request.GET.get("order") == "desc"
    book = selectors.class_gradebook(classroom=classroom, sort=sort, descending=descending)
    if request.GET.get("format") == "csv":
        titles = [c.title for c in book.columns]
        labels = {k: str(v) for k, v in STATUS_LABELS.items()}
        response = HttpResponse(gradebook.grid_csv(titles, book.rows, labels), content_type="text/csv; charset=utf-8")
        name = slugify(classroom.name) or "class"
        response["Content-Disposition"] = f'attachment; filename="gradebook-{name}.csv"'
        return response
    rows = [
        {"row": row, "cells": [(c, STATUS_LABELS[c.status]) for c in row.cells]} for row in book.rows
    ]  # fmt: skip
    title = _("Gradebook: %(class)s") % {"class": classroom}
    return _page(model_admin, request, "admin/classroom/classroom/gradebook.html", title, original=classroom,
                 book=book, rows=rows, sort=sort, descending=descending)  # fmt: skip


def student_page(model_admin, request, pk: int, student: int):
    classroom = _classroom(model_admin, request, pk)
    person = selectors.class_student(classroom=classroom, pk=student)
    attempts = selectors.student_attempts_in_class(classroom=classroom, student=person)
    title = _("%(student)s in %(class)s") % {"student": selectors.student_name(person), "class": classroom}
    return _page(model_admin, request, "admin/classroom/classroom/gradebook_student.html", title,
                 original=classroom, student=person, attempts=attempts)  # fmt: skip


def attempt_page(model_admin, request, pk: int, attempt: int):
    """An attempt's answers, each with its score; essays get a score and feedback form (as in the review queue)."""
    classroom = _classroom(model_admin, request, pk)
    found = selectors.class_attempt(classroom=classroom, pk=attempt)
    responses = list(found.responses.all())
    data = request.POST if request.method == "POST" else None
    forms = {
        r.pk: ReviewForm(data, prefix=f"r{r.pk}", initial={"score": r.score, "feedback": r.feedback}, response=r)
        for r in responses
        if r.question.type == "essay" and found.status in ("graded", "needs_review")
    }
    if data is not None and all(f.is_valid() for f in forms.values()):
        saved = score_essays(list(forms.values()), reviewer=request.user)
        text = ngettext("%(n)d answer scored.", "%(n)d answers scored.", saved) % {"n": saved}
        model_admin.message_user(request, text, messages.SUCCESS)
        if not any(f.errors for f in forms.values()):
            return HttpResponseRedirect(request.get_full_path())
    title = _("%(quiz)s, attempt %(number)d: %(student)s") % {
        "quiz": found.quiz, "number": found.number, "student": selectors.student_name(found.student),
    }  # fmt: skip
    by_question = {r.question_id: r for r in responses}
    rows = []
    for number, (question, entry) in enumerate(attempt_questions(attempt=found), start=1):
        response = by_question.get(question.id)
        answer = answer_lines(student_question(question, entry), response.answer if response else None)
        rows.append({"number": number, "question": question, "response": response, "answer": answer,
                     "points": points_label(question.points), "form": response and forms.get(response.pk)})  # fmt: skip
    return _page(model_admin, request, "admin/classroom/classroom/gradebook_attempt.html", title,
                 original=classroom, attempt=found, rows=rows, has_forms=bool(forms))  # fmt: skip
