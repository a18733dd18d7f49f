"""A client generated from /api/v1/schema/ by openapi-python-client works: generated into a temporary folder at test
time (offline: the generator is a dev requirement), every module of it imports, and, using only that client against
a live server, a student signs in, reads a brief, starts a quiz, answers every question type, autosaves, submits and
reads the grade; a teacher creates a class, reads its gradebook and exports the quiz as GIFT."""

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from classroom.services import assignment_create
from quizzes.services import quiz_add_questions
from tests.api.conftest import MATCHES, PASSWORD, sample_questions
from tests.briefs.factories import BriefFactory
from tests.quizzes.factories import QuizFactory

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
PACKAGE = "generated_classroom_client"


@pytest.fixture(scope="module")
def generated(live_server, tmp_path_factory, django_db_blocker):
    """The client package generated from the live server's schema (which reads no rows, but the server's request
    handling checks its connection), imported."""
    tmp_path = tmp_path_factory.mktemp("client")
    schema = tmp_path / "schema.json"
    with django_db_blocker.unblock():
        schema.write_bytes(httpx.get(f"{live_server.url}/api/v1/schema/?format=json").raise_for_status().content)
    config = tmp_path / "config.yml"
    config.write_text("post_hooks: []\n")  # no formatter run: the code is imported, not read
    out = tmp_path / PACKAGE
    command = [str(GENERATOR), "generate", "--path", str(schema), "--output-path", str(out), "--meta", "none"]
    done = subprocess.run([*command, "--config", str(config)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stdout + done.stderr, done.stdout + done.stderr
    sys.path.insert(0, str(tmp_path))
    yield importlib.import_module(PACKAGE)
    sys.path.remove(str(tmp_path))
    for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
        del sys.modules[name]


def modules(package) -> list[str]:
    return [info.name for info in pkgutil.walk_packages(package.__path__, f"{PACKAGE}.")]


def load(name: str):
    return importlib.import_module(f"{PACKAGE}.{name}")


@pytest.fixture
def world(transactional_db, student, teacher, classroom):
    """A brief, and a published quiz of the eight types assigned to `student`'s class."""
    brief = BriefFactory(title="Khrushchev's rise", slug="khrushchev-rise")
    quiz = QuizFactory(slug="eight-types", title="Eight types", brief=brief)
    quiz_add_questions(quiz=quiz, questions=sample_questions())
    assignment_create(classroom=classroom, quiz=quiz, assigned_by=teacher)
    return brief, quiz, classroom


def sign_in(generated, url: str, username: str):
    """A token from POST /auth/token/, and a client that sends it."""
    token = load("api.auth.auth_token_create").sync(
        client=generated.Client(base_url=url),
        body=load("models").TokenRequestRequest(username=username, password=PASSWORD),
    )
    assert isinstance(token, load("models").Token), token
    return generated.AuthenticatedClient(base_url=url, token=token.token, prefix="Token")


def answer(models, question):
    """The full-marks answer to a question of tests.api.conftest.sample_questions, in the client's own types."""
    ids = {o.text: o.id for o in getattr(question, "choices", []) or getattr(question, "items", []) or []}
    if isinstance(question, models.SingleQuestion):
        return models.ChoiceAnswerRequest(choice=ids["Leonid Brezhnev"])
    if isinstance(question, models.MultipleQuestion):
        return models.ChoicesAnswerRequest(choices=[ids[t] for t in ("Malenkov", "Molotov", "Kaganovich")])
    if isinstance(question, models.TrueFalseQuestion):
        return models.TruthAnswerRequest(value=False)
    if isinstance(question, models.ShortAnswerQuestion):
        return models.TextAnswerRequest(text="Twentieth")
    if isinstance(question, models.NumericalQuestion):
        return models.NumberAnswerRequest(value=1956.0)
    if isinstance(question, models.MatchingQuestion):
        rights = {o.text: o.id for o in question.right}
        pairs = [models.PairRequest(left=o.id, right=rights[MATCHES[o.text]]) for o in question.left]
        return models.PairsAnswerRequest(pairs=pairs)
    if isinstance(question, models.OrderingQuestion):
        order = ("Stalin dies", "Secret Speech", "Sputnik", "Ouster")
        return models.OrderAnswerRequest(order=[ids[t] for t in order])
    assert isinstance(question, models.EssayQuestion), question
    return models.TextAnswerRequest(text="It ended the terror.")


def test_every_module_of_the_generated_client_imports(generated):
    names = modules(generated)
    assert f"{PACKAGE}.api.attempts.attempts_partial_update" in names
    for name in names:
        importlib.import_module(name)


def test_a_student_and_a_teacher_work_through_the_generated_client_alone(generated, live_server, world):
    brief, quiz, classroom = world
    models = load("models")
    student = sign_in(generated, live_server.url, "stu")

    read = load("api.briefs.briefs_retrieve").sync(brief.slug, client=student)
    assert isinstance(read, models.BriefDetailOutput) and read.title == brief.title

    attempt = load("api.quizzes.quizzes_attempts_create").sync(quiz.slug, client=student)
    assert isinstance(attempt, models.Attempt), attempt
    assert {type(q).__name__ for q in attempt.questions} == {
        "SingleQuestion", "MultipleQuestion", "TrueFalseQuestion", "ShortAnswerQuestion", "NumericalQuestion",
        "MatchingQuestion", "OrderingQuestion", "EssayQuestion",
    }  # fmt: skip
    answers = [models.ResponseInputRequest(question=q.id, answer=answer(models, q)) for q in attempt.questions]

    autosave = load("api.attempts.attempts_partial_update")
    first = autosave.sync(attempt.id, client=student, body=models.PatchedAutosaveRequest(responses=answers[:3]))
    assert isinstance(first, models.Attempt), first
    rest = models.PatchedAutosaveRequest(responses=answers[3:], version=first.version)
    saved = autosave.sync(attempt.id, client=student, body=rest)
    assert isinstance(saved, models.Attempt), saved
    assert sum(r.answer is not None for r in saved.responses) == 8

    submitted = load("api.attempts.attempts_submit_create").sync_detailed(attempt.id, client=student)
    assert submitted.status_code == 202

    graded = load("api.attempts.attempts_retrieve").sync(attempt.id, client=student)
    assert graded.status == "needs_review"  # the essay waits for the teacher; the rest is graded
    assert (graded.score, graded.max_score) == (7, 11)  # seven questions of 1 point, an essay of 4
    scores = {r.question: (r.score, r.points) for r in graded.responses}
    essay = next(q.id for q in attempt.questions if isinstance(q, models.EssayQuestion))
    assert all(score == points for question, (score, points) in scores.items() if question != essay)

    teacher = sign_in(generated, live_server.url, "teach")
    made = load("api.classes.classes_create").sync(client=teacher, body=models.ClassroomCreateRequest(name="P2"))
    assert isinstance(made, models.Classroom) and made.join_code
    book = load("api.classes.classes_gradebook_retrieve").sync(classroom.pk, client=teacher)
    assert isinstance(book, models.Gradebook), book
    assert [q.slug for q in book.quizzes] == [quiz.slug]
    [row] = book.students
    assert row.username == "stu" and row.grades == [None]  # no quiz grade while the essay waits
    gift = load("api.quizzes.quizzes_gift_retrieve").sync(quiz.slug, client=teacher)
    assert isinstance(gift, str) and "Who replaced Khrushchev?" in gift
