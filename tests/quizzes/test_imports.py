"""Moodle XML and Aiken through every way in (the service, the commands, the API, the admin), checked as GIFT is:
all or nothing, errors naming the question, the same limits; and Moodle XML out of a stored quiz round-trips."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from quizzes.models import Question, Quiz
from quizzes.selectors import question_data, quiz_questions
from quizzes.services import IMPORT_MAX_BYTES, quiz_export_moodle_xml, quiz_import
from tests.api.conftest import api
from tests.quizzes.factories import QuizFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "format_samples"
XML = (SAMPLES / "every-type.xml").read_text()
AIKEN = (SAMPLES / "every-type.aiken.txt").read_text()
# Valid Moodle XML whose second question no answer earns full marks for: the service's checks refuse it.
UNGRADABLE = (
    "<quiz><question type='truefalse'><name><text>Fine</text></name><questiontext><text>Yes?</text></questiontext>"
    "<answer fraction='100'><text>true</text></answer><answer><text>false</text></answer></question>"
    "<question type='multichoice'><name><text>Broken</text></name><questiontext><text>Which?</text></questiontext>"
    "<single>true</single><answer fraction='50'><text>a</text></answer><answer><text>b</text></answer>"
    "</question></quiz>"
)


def types(quiz: Quiz) -> list[str]:
    return list(quiz.questions.order_by("position").values_list("type", flat=True))


# ---------------------------------------------------------------- the service


def test_moodle_xml_imports_every_type_with_its_warnings():
    quiz = QuizFactory()
    result = quiz_import(quiz=quiz, text=XML, format="moodle_xml")
    assert result.imported == 8 and len(result.warnings) == 1  # the description
    assert types(quiz) == [
        "single",
        "multiple",
        "true_false",
        "short_answer",
        "numerical",
        "matching",
        "ordering",
        "essay",
    ]


def test_aiken_imports_single_choice_questions():
    quiz = QuizFactory()
    assert quiz_import(quiz=quiz, text=AIKEN, format="aiken").imported == 3
    assert types(quiz) == ["single"] * 3


def test_a_stored_quiz_exports_imports_and_exports_the_same_moodle_xml():
    first = QuizFactory()
    quiz_import(quiz=first, text=XML, format="moodle_xml")
    text = quiz_export_moodle_xml(quiz=first)
    second = QuizFactory()
    quiz_import(quiz=second, text=text, format="moodle_xml")
    assert quiz_export_moodle_xml(quiz=second) == text
    without_ids = [[c.text for c in question_data(q).choices] for q in quiz_questions(quiz=second)]
    assert without_ids == [[c.text for c in question_data(q).choices] for q in quiz_questions(quiz=first)]


@pytest.mark.parametrize(
    ("kind", "text", "fragment"),
    [
        ("moodle_xml", UNGRADABLE, "Question 2 (Broken): no answer earns full marks"),
        (
            "moodle_xml",
            "<quiz><question type='cloze'><name><text>C</text></name></question></quiz>",
            "question 1 ('C')",
        ),
        ("moodle_xml", "<quiz>", "not well-formed XML"),
        ("moodle_xml", "<quiz></quiz>", "The Moodle XML text holds no questions."),
        ("aiken", "Q?\nA. a\nB. b\nANSWER: A\n\nNext?\nA. x\nANSWER: A", "line 6: the question needs at least two"),
        ("aiken", "\n", "The Aiken text holds no questions."),
        ("aiken", "Q?\x00\nA. a\nB. b\nANSWER: A", "This is not Aiken text"),
        ("aiken", "x" * (IMPORT_MAX_BYTES + 1), "The Aiken text is larger than 976 KB."),
    ],
)
def test_invalid_input_names_the_problem_and_imports_nothing(kind, text, fragment):
    quiz = QuizFactory()
    with pytest.raises(ValidationError) as caught:
        quiz_import(quiz=quiz, text=text, format=kind)
    assert fragment in " ".join(caught.value.messages)
    assert not Question.objects.exists()


def test_replace_swaps_the_questions():
    quiz = QuizFactory()
    quiz_import(quiz=quiz, text=XML, format="moodle_xml")
    quiz_import(quiz=quiz, text=AIKEN, format="aiken", replace=True)
    assert types(quiz) == ["single"] * 3


# ---------------------------------------------------------------- the commands


def test_import_commands_create_a_draft_quiz_and_report(tmp_path, capsys):
    (tmp_path / "q.xml").write_text(XML)
    (tmp_path / "q.txt").write_text(AIKEN)
    call_command("import_moodle_xml", str(tmp_path / "q.xml"), "--quiz", "from-moodle")
    call_command("import_aiken", str(tmp_path / "q.txt"), "--quiz", "from-aiken")
    out, err = capsys.readouterr()
    assert "created quiz from-moodle: 8 questions imported, 1 warnings" in out
    assert "created quiz from-aiken: 3 questions imported, 0 warnings" in out
    assert "a description (text without a question) was skipped" in err
    assert not Quiz.objects.get(slug="from-aiken").published


def test_an_invalid_file_fails_the_command_by_name(tmp_path):
    (tmp_path / "bad.xml").write_text(UNGRADABLE)
    with pytest.raises(CommandError, match=r"bad.xml: Question 2 \(Broken\)"):
        call_command("import_moodle_xml", str(tmp_path / "bad.xml"), "--quiz", "bad")
    assert not Quiz.objects.filter(slug="bad").exists()


def test_export_moodle_xml_writes_the_quiz(capsys):
    quiz = QuizFactory(slug="out")
    quiz_import(quiz=quiz, text=XML, format="moodle_xml")
    call_command("export_moodle_xml", "out")
    assert capsys.readouterr().out == quiz_export_moodle_xml(quiz=quiz)
    with pytest.raises(CommandError, match="No quiz has the slug"):
        call_command("export_moodle_xml", "nope")


# ---------------------------------------------------------------- the API


@pytest.mark.parametrize(("kind", "text", "count"), [("moodle_xml", XML, 8), ("aiken", AIKEN, 3)])
def test_the_api_imports_text_and_uploads_in_the_named_format(teacher, kind, text, count):
    quiz = QuizFactory()
    url = f"/api/v1/quizzes/{quiz.slug}/import/"
    response = api(teacher).post(url, {"text": text, "format": kind}, format="json")
    assert response.status_code == 200 and response.json()["imported"] == count
    upload = SimpleUploadedFile("questions", text.encode())
    response = api(teacher).post(url + "file/", {"file": upload, "format": kind}, format="multipart")
    assert response.status_code == 200 and quiz.questions.count() == 2 * count


def test_the_api_import_is_gift_by_default_and_refuses_an_unknown_format(teacher):
    quiz = QuizFactory()
    url = f"/api/v1/quizzes/{quiz.slug}/import/"
    assert api(teacher).post(url, {"text": "Q {T}"}, format="json").json() == {"imported": 1, "warnings": []}
    response = api(teacher).post(url, {"text": "Q {T}", "format": "qti"}, format="json")
    assert response.status_code == 400 and "qti" in str(response.json())


def test_the_api_import_is_a_422_naming_the_question(teacher):
    quiz = QuizFactory()
    response = api(teacher).post(
        f"/api/v1/quizzes/{quiz.slug}/import/", {"text": UNGRADABLE, "format": "moodle_xml"}, format="json"
    )
    assert response.status_code == 422 and "Question 2 (Broken)" in response.json()["detail"]
    upload = SimpleUploadedFile("q.xml", "<quiz>café</quiz>".encode("latin-1"))
    response = api(teacher).post(
        f"/api/v1/quizzes/{quiz.slug}/import/file/", {"file": upload, "format": "moodle_xml"}, format="multipart"
    )
    assert response.status_code == 422 and response.json()["detail"] == "The Moodle XML file is not UTF-8 text."
    assert not Question.objects.exists()


def test_the_api_exports_moodle_xml(teacher):
    quiz = QuizFactory()
    quiz_import(quiz=quiz, text=XML, format="moodle_xml")
    response = api(teacher).get(f"/api/v1/quizzes/{quiz.slug}/moodle-xml/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    assert response.content.decode() == quiz_export_moodle_xml(quiz=quiz)


# ---------------------------------------------------------------- the admin


def test_the_admin_imports_each_format_and_links_to_them(client, teacher):
    quiz = QuizFactory()
    client.force_login(teacher)
    page = client.get("/admin/quizzes/quiz/").content.decode()
    assert "import-gift/?format=moodle_xml" in page and "import-gift/?format=aiken" in page
    assert (
        "<title>Import Moodle XML" in client.get("/admin/quizzes/quiz/import-gift/?format=moodle_xml").content.decode()
    )
    for name, text, kind in [
        ("q.xml", XML, "moodle_xml"),
        ("q.txt", AIKEN, "aiken"),
        ("bad.xml", UNGRADABLE, "moodle_xml"),
    ]:
        data = {"quiz": quiz.pk, "files": [SimpleUploadedFile(name, text.encode())], "format": kind}
        page = client.post("/admin/quizzes/quiz/import-gift/", data).content.decode()
    assert "Question 2 (Broken)" in page and "failed" in page
    assert quiz.questions.count() == 11


@pytest.mark.parametrize(("kind", "filename"), [("moodle_xml", "out.xml"), ("gift", "out.gift")])
def test_the_admin_downloads_a_quiz(client, teacher, kind, filename):
    quiz = QuizFactory(slug="out")
    quiz_import(quiz=quiz, text=AIKEN, format="aiken")
    client.force_login(teacher)
    assert (
        f"/admin/quizzes/quiz/{quiz.pk}/export/{kind}/"
        in client.get(f"/admin/quizzes/quiz/{quiz.pk}/change/").content.decode()
    )
    response = client.get(f"/admin/quizzes/quiz/{quiz.pk}/export/{kind}/")
    assert response.status_code == 200 and response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert "Sputnik" in response.content.decode()
    assert client.get(f"/admin/quizzes/quiz/{quiz.pk}/export/qti/").status_code == 403


def test_a_student_cannot_download_from_the_admin(client, student):
    quiz = QuizFactory()
    client.force_login(student)
    assert client.get(f"/admin/quizzes/quiz/{quiz.pk}/export/moodle_xml/").status_code == 302  # to the admin's login


def test_text_goes_as_json_and_a_file_as_multipart_each_to_its_own_operation(teacher):
    quiz = QuizFactory()
    url = f"/api/v1/quizzes/{quiz.slug}/import/"
    upload = SimpleUploadedFile("q.txt", AIKEN.encode())
    assert api(teacher).post(url, {"file": upload, "format": "aiken"}, format="multipart").status_code == 415
    assert api(teacher).post(url + "file/", {"text": AIKEN, "format": "aiken"}, format="json").status_code == 415
    assert not Question.objects.exists()
