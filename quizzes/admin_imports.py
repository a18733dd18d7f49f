"""The quiz admin's import and export pages: GIFT, Moodle XML or Aiken files into a quiz (or a new draft quiz),
and a quiz's questions out as a file. A mixin of QuizAdmin, which gives `_page` and the permissions."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quizzes import selectors, services
from quizzes.forms import GiftUploadForm
from quizzes.models import Quiz


class ImportPages:
    def import_gift_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        kind = request.GET.get("format") if request.GET.get("format") in services.IMPORT_FORMATS else "gift"
        initial = {"quiz": request.GET.get("quiz"), "format": kind}
        form = GiftUploadForm(request.POST or None, request.FILES or None, initial=initial)
        form.fields["quiz"].queryset = form.fields["quiz"].queryset.filter(selectors.edited_by(request.user))
        report = None
        quiz = None
        if request.method == "POST" and form.is_valid():
            quiz, replace, kind = (form.cleaned_data[key] for key in ("quiz", "replace", "format"))
            if quiz is None and not self.has_add_permission(request):
                raise PermissionDenied
            new = {"author": request.user, "title": form.cleaned_data["new_title"].strip()}
            report = []
            for upload in form.cleaned_data["files"]:
                row = _gift_file_report(quiz, upload, replace, kind, new=None if quiz else new)
                quiz = quiz or row.pop("quiz", None)  # the first good file made the new quiz; the rest join it
                report.append(row)
            self._gift_summary(request, report)
        label = services.IMPORT_FORMATS[kind].label
        title = _("Import %(format)s") % {"format": label}
        return self._page(
            request, "admin/quizzes/quiz/import_gift.html", title, form=form, report=report, label=label, quiz=quiz
        )

    def export_view(self, request, object_id, kind: str):
        """A quiz's questions as a GIFT or Moodle XML file, to download."""
        quiz = self.get_object(request, unquote(object_id))
        if quiz is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, quiz) or kind not in _EXPORTS:
            raise PermissionDenied
        export, extension, content_type = _EXPORTS[kind]
        response = HttpResponse(export(quiz=quiz), content_type=f"{content_type}; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{quiz.slug}.{extension}"'
        return response

    def _gift_summary(self, request, report: list[dict]) -> None:
        imported = sum(r["imported"] for r in report)
        failed = sum(r["status"] == "failed" for r in report)
        message = (
            ngettext("%(n)d question imported", "%(n)d questions imported", imported) % {"n": imported}
            + "; "
            + ngettext("%(n)d file failed.", "%(n)d files failed.", failed) % {"n": failed}
        )
        self.message_user(request, message, messages.WARNING if failed else messages.SUCCESS)


_EXPORTS = {
    "gift": (services.quiz_export_gift, "gift", "text/plain"),
    "moodle_xml": (services.quiz_export_moodle_xml, "xml", "text/xml"),
}


def _gift_file_report(quiz: Quiz | None, upload, replace: bool, kind: str = "gift", new: dict | None = None) -> dict:
    """One uploaded file's line of the report: imported (with warnings) or failed (with the reason)."""
    row = {"name": upload.name, "status": "failed", "imported": 0, "messages": []}
    if upload.size > services.IMPORT_MAX_BYTES:
        # Before decoding: a cut after the limit can split a character and read as "not UTF-8".
        row["messages"] = [_("The file is larger than %(kb)s KB.") % {"kb": services.IMPORT_MAX_BYTES // 1024}]
        return row
    raw = upload.read(services.IMPORT_MAX_BYTES + 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        row["messages"] = [_("The file is not UTF-8 text.")]
        return row
    try:
        if quiz is None:  # a new quiz, made only if the file imports
            row["quiz"], result = services.quiz_create_from_import(text=text, format=kind, **new)
        else:
            result = services.quiz_import(quiz=quiz, text=text, format=kind, replace=replace)
    except ValidationError as error:
        row["messages"] = error.messages
        return row
    row.update(status="imported", imported=result.imported, messages=result.warnings)
    return row
