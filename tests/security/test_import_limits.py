"""Imports are bounded by limits a teacher can understand, checked before anything is read or stored and named in
the refusal: notes per import, bytes of notes per import, bytes and study items per note, questions per quiz,
options per question, characters per prompt. A garden upload is imported by a worker, its progress shown in the
admin, never inside a request that can time out.

The probe's cases: a 2 MB note took 20 s and 1.3 GB; a 326 KB zip of 150 compressible notes added 434 MB to the
database; a 1 MB GIFT file held 166,650 questions (142 s to import, a 104 MB attempt page); one question had
500,000 options."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from briefs import sources
from briefs.models import Brief, GardenImport, GardenUpload
from briefs.services import MAX_ITEMS_PER_NOTE, garden_import, garden_import_run
from briefs.sources import ImportTooLarge
from quizzes.models import Question
from quizzes.services import question_from_payload, quiz_add_questions, quiz_import_gift
from quizzes.types import MAX_OPTIONS_PER_QUESTION, MAX_PROMPT_CHARS, MAX_QUESTIONS_PER_QUIZ, QuestionData
from tests.api.conftest import api
from tests.quizzes.factories import QuizFactory

pytestmark = pytest.mark.django_db

NOTE = "---\npermalink: /limits/{slug}/\n---\n# {slug}\n\nIn 1956 something happened.\n"


def note(slug: str) -> bytes:
    return NOTE.format(slug=slug).encode()


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# ---------------------------------------------------------------- garden: whole-import limits, before any work


def test_too_many_notes_are_refused_by_name_before_any_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_NOTES", 3)
    for i in range(4):
        (tmp_path / f"n{i}.md").write_bytes(note(f"n{i}"))
    read = []
    monkeypatch.setattr(sources.NoteSource, "read", lambda source: read.append(source.name) or b"")  # every read
    with pytest.raises(ImportTooLarge, match="holds 4 notes; the limit is 3 notes per import"):
        garden_import(paths=[tmp_path])
    assert read == [] and not Brief.objects.exists()


def test_a_compressible_archive_is_refused_by_its_expanded_size(teacher):
    """Compressed 150 times, twenty notes of a megabyte each fit in a small upload, and would expand past the limit."""
    members = {f"n{i}.md": note(f"n{i}") + b"a" * (sources.MAX_NOTE_BYTES - 200) for i in range(21)}
    archive = zip_of(members)
    assert len(archive) < 200_000
    response = api(teacher).post(
        "/api/v1/briefs/import/", {"files": [SimpleUploadedFile("garden.zip", archive)]}, format="multipart"
    )
    assert response.status_code == 422
    assert "MB of notes; the limit is 20 MB per import" in response.json()["detail"]
    assert not GardenImport.objects.exists() and not GardenUpload.objects.exists()


def test_the_admin_says_which_limit_an_upload_is_over(client, teacher, monkeypatch):
    monkeypatch.setattr(sources, "MAX_NOTES", 1)
    client.force_login(teacher)
    files = [SimpleUploadedFile("a.md", note("a")), SimpleUploadedFile("b.md", note("b"))]
    page = client.post("/admin/briefs/brief/import/", {"files": files})
    assert page.status_code == 200 and "the limit is 1 notes per import" in page.content.decode()
    assert not GardenImport.objects.exists()


# ---------------------------------------------------------------- garden: per-note limits


def test_a_note_over_its_size_fails_by_name_and_the_others_import(tmp_path):
    (tmp_path / "big.md").write_bytes(note("big") + b"x" * sources.MAX_NOTE_BYTES)
    (tmp_path / "small.md").write_bytes(note("small"))
    report = garden_import(paths=[tmp_path])
    assert {f.name.rsplit("/", 1)[-1]: f.reason for f in report.failures} == {
        "big.md": "larger than 1024 KB, the limit for one note"
    }
    assert list(Brief.objects.values_list("slug", flat=True)) == ["small"]


def test_a_note_with_too_many_study_items_fails_by_name(tmp_path):
    facts = "".join(f"- **Fact {i}:** In {1900 + i % 100} it happened.\n" for i in range(MAX_ITEMS_PER_NOTE + 1))
    (tmp_path / "facts.md").write_text(NOTE.format(slug="facts") + "\n## Key Facts\n\n" + facts)
    report = garden_import(paths=[tmp_path])
    [failure] = report.failures
    assert failure.reason.endswith(f"study items; the limit is {MAX_ITEMS_PER_NOTE} per note")
    assert not Brief.objects.exists()


def test_a_linked_note_outside_the_folder_is_refused(tmp_path):
    """`import_garden DIR` followed a symlinked note to any file of the server."""
    outside = tmp_path / "secret.md"
    outside.write_bytes(note("secret"))
    garden = tmp_path / "garden"
    (garden / "drafts").mkdir(parents=True)
    (garden / "drafts" / "own.markdown").write_bytes(note("own"))
    (garden / "own.md").symlink_to(garden / "drafts" / "own.markdown")  # a link inside the folder is fine
    (garden / "leak.md").symlink_to(outside)
    report = garden_import(paths=[garden])
    reasons = {f.name.rsplit("/", 1)[-1]: (f.status, f.reason) for f in report.files}
    assert reasons["leak.md"] == ("failed", "a link to a file outside the folder")
    assert reasons["own.md"] == ("created", "")
    assert not Brief.objects.filter(slug="secret").exists()


# ---------------------------------------------------------------- garden: imported by a worker, with progress


def test_an_admin_upload_is_queued_and_its_page_shows_progress_then_the_report(client, teacher):
    client.force_login(teacher)
    files = [SimpleUploadedFile(f"n{i}.md", note(f"n{i}")) for i in range(3)]
    with TestCase.captureOnCommitCallbacks(execute=False) as queued:
        response = client.post("/admin/briefs/brief/import/", {"files": files})
    job = GardenImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/briefs/brief/import/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert '<progress max="3" value="0"' in page and 'http-equiv="refresh"' in page
    assert not Brief.objects.exists() and job.uploads.count() == 3
    for callback in queued:  # the worker's turn: eager here, a task in the full stack
        callback()
    page = client.get(response["Location"]).content.decode()
    assert "created 3, updated 0, unchanged 0, failed 0" in page and "http-equiv" not in page
    job.refresh_from_db()
    assert (job.status, job.done, job.uploads.count()) == ("done", 3, 0)  # the upload is dropped once imported


def test_a_redelivered_import_changes_nothing(teacher):
    job = GardenImport.objects.create(created_by=teacher, total=1)
    GardenUpload.objects.create(garden_import=job, name="a.md", data=note("a"))
    assert garden_import_run(job_id=job.pk).status == "done"
    first = GardenImport.objects.get(pk=job.pk).report
    assert garden_import_run(job_id=job.pk).report == first and Brief.objects.count() == 1


def test_another_teachers_import_is_not_found(client, other_teacher, teacher):
    job = GardenImport.objects.create(created_by=teacher)
    client.force_login(other_teacher)
    assert client.get(f"/admin/briefs/brief/import/{job.pk}/").status_code == 404


# ---------------------------------------------------------------- quizzes


def test_a_gift_file_of_too_many_questions_is_refused_before_it_is_stored():
    quiz = QuizFactory()
    with pytest.raises(ValidationError, match=f"more than {MAX_QUESTIONS_PER_QUIZ} questions, the limit"):
        quiz_import_gift(quiz=quiz, text="Q{T}\n\n" * 160_000)
    assert not Question.objects.exists()


def test_adding_past_the_question_limit_is_refused_by_name():
    quiz = QuizFactory()
    quiz_add_questions(quiz=quiz, questions=[QuestionData("true_false", "Q", correct=True)] * MAX_QUESTIONS_PER_QUIZ)
    with pytest.raises(ValidationError, match=f"A quiz may hold {MAX_QUESTIONS_PER_QUIZ} questions"):
        quiz_add_questions(quiz=quiz, questions=[QuestionData("true_false", "One more", correct=True)])
    assert quiz.questions.count() == MAX_QUESTIONS_PER_QUIZ


def test_a_question_with_too_many_options_is_refused_by_name():
    options = [{"text": f"option {i}", "fraction": 1.0 if i == 0 else 0.0} for i in range(MAX_OPTIONS_PER_QUESTION + 1)]
    data = question_from_payload({"type": "single", "prompt": "Which?", "choices": options})
    with pytest.raises(ValidationError, match=f"51 options; the limit is {MAX_OPTIONS_PER_QUESTION}"):
        quiz_add_questions(quiz=QuizFactory(), questions=[data])


def test_a_prompt_too_long_is_refused_by_name(teacher):
    quiz = QuizFactory()
    response = api(teacher).post(
        f"/api/v1/quizzes/{quiz.slug}/gift/", {"text": "::Q:: " + "x" * (MAX_PROMPT_CHARS + 1) + "{T}"}, format="json"
    )
    assert response.status_code == 422
    assert f"the prompt has 10,001 characters; the limit is {MAX_PROMPT_CHARS:,}" in response.json()["detail"]
    assert not Question.objects.exists()
