"""Uploads of GIFT quizzes and garden notes: files too large, not UTF-8 or binary are refused with a
clear message and nothing is stored, on every way in (the API and the admin for GIFT, the API for
garden notes). The zip checks of the garden (size, members, zip bombs, zip slip) and the Markdown
size limit of the importer itself are in tests/briefs/test_services.py.

The GIFT API answers 422 with the message; the garden import's report has a line per file (a
file that fails never stops the others), so a refused note is `failed` with the reason."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from briefs.models import Brief
from briefs.sources import MAX_NOTE_BYTES
from quizzes.services import GIFT_MAX_BYTES
from tests.briefs.conftest import api_import
from tests.quizzes.factories import QuizFactory

pytestmark = pytest.mark.django_db

GOOD_GIFT = b"::Q1:: Who replaced Khrushchev? {=Brezhnev ~Malenkov}\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
KB = GIFT_MAX_BYTES // 1024

# name -> (file contents, what the refusal says)
BAD_GIFT = {
    "oversize": (GOOD_GIFT + b"\n// padding " + b"x" * GIFT_MAX_BYTES, f"larger than {KB} KB"),
    # Cut at the limit, a file of two-byte characters would read as "not UTF-8": the size comes first.
    "oversize_multibyte": ("::Q:: é? {=é}\n".encode() + "é".encode() * (GIFT_MAX_BYTES // 2 + 1), f"than {KB} KB"),
    "latin1": ("::Q:: Qui a dit « ça » ? {=Moi}".encode("latin-1"), "not UTF-8"),
    "utf16": ("::Q:: Who? {=Brezhnev}".encode("utf-16"), "not UTF-8"),
    "png": (PNG, "not UTF-8"),
    # Valid UTF-8 but binary: NUL was a 500 on PostgreSQL (text fields cannot hold it).
    "nul": (b"::Q:: Who? {=Brezhnev}\x00\x00\x00\x00", "NUL or control characters"),
    "controls": (b"\x01\x02\x03\x04\x05\x06\x07\x08 ::Q:: Who? {=Brezhnev}", "NUL or control characters"),
    "empty": (b"", "empty"),
}


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def gift_api(user, quiz, **data):
    return api(user).post(f"/api/v1/quizzes/{quiz.slug}/gift/file/", data, format="multipart")


def gift_file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


# ---------------------------------------------------------------- GIFT through the API


def test_a_good_gift_file_imports(teacher):
    quiz = QuizFactory()
    response = gift_api(teacher, quiz, file=gift_file("q.gift", GOOD_GIFT))
    assert response.status_code == 200, response.content
    assert response.json()["imported"] == 1


@pytest.mark.parametrize("case", BAD_GIFT)
def test_a_bad_gift_file_is_a_422_that_says_why(teacher, case):
    quiz = QuizFactory()
    data, says = BAD_GIFT[case]
    response = gift_api(teacher, quiz, file=gift_file(f"{case}.gift", data))
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/json"
    assert says in response.json()["detail"]
    assert not quiz.questions.exists()


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("::Q:: Who? {=Brezhnev}\n// " + "x" * GIFT_MAX_BYTES, f"larger than {KB} KB"),
        ("\x01\x02\x03\x04\x05\x06\x07 ::Q:: Who? {=Brezhnev}", "NUL or control characters"),
        ("::Q:: Who? {=Brez\x00hnev}", "Null characters are not allowed"),
    ],
    ids=["oversize", "controls", "nul"],
)
def test_bad_gift_text_is_refused_saying_why(teacher, text, says):
    quiz = QuizFactory()
    response = api(teacher).post(f"/api/v1/quizzes/{quiz.slug}/gift/", {"text": text}, format="json")
    # A NUL is refused with the body (400: no text field of the API takes one); the rest by the import (422).
    assert response.status_code == (400 if "\x00" in text else 422), response.content
    assert says in response.json()["detail"]
    assert not quiz.questions.exists()


def test_a_body_beyond_what_django_reads_into_memory_is_a_json_400(teacher, settings):
    """Past DATA_UPLOAD_MAX_MEMORY_SIZE Django refuses to read the body: that was its bare HTML
    "Bad Request (400)" page; the API says what is wrong, as JSON, like every other error."""
    quiz = QuizFactory()
    text = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    for format, path in (("json", "gift/"), ("multipart", "gift/file/")):
        response = api(teacher).post(f"/api/v1/quizzes/{quiz.slug}/{path}", {"text": text}, format=format)
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert "The request body is larger than" in response.json()["detail"]


def test_students_cannot_upload_gift(student):
    quiz = QuizFactory()
    response = gift_api(student, quiz, file=gift_file("q.gift", GOOD_GIFT))
    assert response.status_code == 403
    assert not quiz.questions.exists()


# ---------------------------------------------------------------- GIFT through the admin


@pytest.fixture
def as_teacher(client, teacher):
    client.force_login(teacher)
    return client


def test_the_admin_reports_each_bad_gift_file_and_imports_the_good_one(as_teacher):
    quiz = QuizFactory()
    files = [gift_file("good.gift", GOOD_GIFT)] + [gift_file(f"{case}.gift", BAD_GIFT[case][0]) for case in BAD_GIFT]
    response = as_teacher.post("/admin/quizzes/quiz/import-gift/", {"quiz": quiz.pk, "files": files})
    assert response.status_code == 200
    rows = {row["name"]: row for row in response.context["report"]}
    assert rows["good.gift"]["status"] == "imported"
    # The admin's form takes empty files (several files at once): an empty one holds no questions.
    expected = {**{case: says for case, (_data, says) in BAD_GIFT.items()}, "empty": "holds no questions"}
    for case, says in expected.items():
        row = rows[f"{case}.gift"]
        assert row["status"] == "failed" and any(says in m for m in row["messages"]), (case, row)
    assert quiz.questions.count() == 1
    page = response.content.decode()
    assert "1 question imported" in page and f"{len(BAD_GIFT)} files failed" in page


# ---------------------------------------------------------------- garden notes through the API


NOTE = b"---\npermalink: /uploads/a-note/\n---\n# A note\n\nIn 1956 Khrushchev gave the Secret Speech.\n"

BAD_NOTES = {
    "oversize.md": (NOTE + b"x" * MAX_NOTE_BYTES, f"larger than {MAX_NOTE_BYTES // 1024} KB"),
    # Bytes that are neither UTF-8 nor cp1252 (0x81, 0x8d, 0x8f, 0x90, 0x9d are undefined in cp1252).
    "mangled.md": (b"# Notes \x81\x8d\x8f\x90\x9d \xff\xfe\xfd", "not UTF-8"),
    "nul.md": (b"# A note\x00\x00 with NUL", "binary"),
    "controls.md": (b"\x01\x02\x03\x04\x05\x06\x07\x08 # A note", "binary"),
    "image.png": (PNG, "not a note"),
    "picture.md": (PNG, "binary"),
    "empty.md": (b"", "empty"),
}


def test_garden_upload_reports_each_bad_file_and_imports_the_good_one(teacher):
    files = [SimpleUploadedFile("good.md", NOTE)] + [SimpleUploadedFile(n, d) for n, (d, _s) in BAD_NOTES.items()]
    body = api_import(api(teacher), files)
    rows = {row["name"]: row for row in body["files"]}
    assert rows["good.md"]["status"] == "created"
    for name, (_data, says) in BAD_NOTES.items():
        assert rows[name]["status"] == "failed" and says in rows[name]["reason"], rows[name]
    assert (body["created"], body["failed"]) == (1, len(BAD_NOTES))
    assert list(Brief.objects.values_list("slug", flat=True)) == ["a-note"]


def test_a_cp1252_note_is_read_as_such(teacher):
    """Not UTF-8 is not always refused: notes saved by old Windows editors decode as cp1252."""
    note = "---\npermalink: /uploads/cafe/\n---\n# Café\n\nA café in 1956.\n".encode("cp1252")
    body = api_import(api(teacher), [SimpleUploadedFile("cafe.md", note)])
    assert body["files"][0]["status"] == "created"
    assert Brief.objects.get(slug="cafe").title == "Café"


def test_too_many_files_in_one_request_is_a_json_400(teacher, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 5
    files = [SimpleUploadedFile(f"n{i}.md", NOTE) for i in range(6)]
    response = api(teacher).post("/api/v1/briefs/import/", {"files": files}, format="multipart")
    assert response.status_code == 400
    assert response.json()["detail"] == "The request has more than 5 files."
    assert not Brief.objects.exists()


def test_a_garden_upload_without_files_is_a_400(teacher):
    response = api(teacher).post("/api/v1/briefs/import/", {}, format="multipart")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("files:")
