"""The quizzes admin as teachers and admins use it: pages, question forms per type, actions,
GIFT upload, the essay review queue and teacher scoping."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from briefs.demo import DEMO_GARDEN
from briefs.models import Brief
from briefs.services import garden_import
from classroom.models import Assignment
from quizzes.models import Attempt, AttemptStatus, Option, Question, Quiz, Response
from quizzes.services import attempt_grade, attempt_start, attempt_submit, responses_save
from tests.quizzes.factories import OptionFactory, QuestionFactory, QuizFactory, shown_id, take_attempt

GIFT = """// two questions
::Capital:: The capital of France? {=Paris ~London ~Berlin}

::Year:: In which year did Sputnik fly? {#1957}
"""


# ---------------------------------------------------------------- fixtures


def finished_attempt(student, quiz, essay_text="Terror ended, camps emptied.") -> Attempt:
    """An attempt with the essay answered, submitted and auto-graded: it waits for review."""
    essay = quiz.questions.get(type="essay")
    return take_attempt(student, quiz, [{"question": essay.pk, "answer": {"text": essay_text}}])


@pytest.fixture
def attempts(quiz, classroom, student, other_classroom, other_student):
    """(mine, theirs): an attempt of the teacher's student and one of the other teacher's student."""
    return finished_attempt(student, quiz), finished_attempt(other_student, quiz, "Somebody else's essay.")


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def question_post(quiz, type_, prompt="A prompt?", options=(), numeric=(), existing=None, **extra) -> dict:
    """The question change form's POST: `options` rows are dicts (with `id` for stored ones)."""
    data = {
        "quiz": quiz.pk,
        "position": "1",
        "type": type_,
        "name": "",
        "prompt": prompt,
        "prompt_format": "markdown",
        "points": "1",
        "general_feedback": "",
        "study_item": "",
        "correct": "",
        "feedback_true": "",
        "feedback_false": "",
        "model_answer": "",
        **management("options", len(options), initial=sum(1 for o in options if "id" in o)),
        **management("numeric", len(numeric)),
    }
    for i, option in enumerate(options):
        row = {"position": "", "text": "", "match": "", "fraction": "0", "feedback": "", **option}
        if existing is not None:
            row["question"] = existing.pk
        data.update({f"options-{i}-{key}": value for key, value in row.items()})
    for i, answer in enumerate(numeric):
        row = {"value": "", "tolerance": "", "min": "", "max": "", "fraction": "", "feedback": "", **answer}
        data.update({f"numeric-{i}-{key}": value for key, value in row.items()})
    data.update(extra)
    return data


def add_question(client, quiz, type_, **kwargs):
    return client.post("/admin/quizzes/question/add/", question_post(quiz, type_, **kwargs))


@pytest.fixture
def as_teacher(client, teacher):
    client.force_login(teacher)
    return client


# ---------------------------------------------------------------- every page renders


@pytest.mark.parametrize("who", ["teacher", "admin_user"])
def test_every_quizzes_admin_page_renders(client, request, who, quiz, attempts):
    client.force_login(request.getfixturevalue(who))
    mine, _theirs = attempts
    response_id = mine.responses.first().pk
    urls = [
        "/admin/quizzes/",
        "/admin/quizzes/quiz/",
        "/admin/quizzes/quiz/add/",
        f"/admin/quizzes/quiz/{quiz.pk}/change/",
        f"/admin/quizzes/quiz/{quiz.pk}/preview/",
        "/admin/quizzes/quiz/import-gift/",
        f"/admin/quizzes/quiz/import-gift/?quiz={quiz.pk}",
        "/admin/quizzes/question/",
        "/admin/quizzes/question/add/",
        f"/admin/quizzes/question/add/?quiz={quiz.pk}&type=numerical",
        *[f"/admin/quizzes/question/{q.pk}/change/" for q in quiz.questions.all()],
        "/admin/quizzes/attempt/",
        f"/admin/quizzes/attempt/{mine.pk}/change/",
        "/admin/quizzes/response/",
        f"/admin/quizzes/response/{response_id}/change/",
        "/admin/quizzes/response/review/",
        "/admin/quizzes/response/review/?show=reviewed",
        "/admin/quizzes/quizgrade/",
        "/admin/quizzes/quiz/?q=khrush&published__exact=1",
        "/admin/quizzes/attempt/?status__exact=needs_review&q=stu",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<script>" not in html and "<style>" not in html, url  # the CSP forbids inline code


def test_quiz_change_page_links_to_preview_gift_and_typed_question_forms(as_teacher, quiz):
    page = as_teacher.get(f"/admin/quizzes/quiz/{quiz.pk}/change/").content.decode()
    assert f"/admin/quizzes/quiz/{quiz.pk}/preview/" in page
    assert f"/admin/quizzes/quiz/import-gift/?quiz={quiz.pk}" in page
    assert f"/admin/quizzes/question/add/?quiz={quiz.pk}&amp;type=matching" in page
    assert "Edit options &amp; keys" in page


def test_preview_shows_questions_as_a_student_sees_them_without_keys(as_teacher, quiz):
    page = as_teacher.get(f"/admin/quizzes/quiz/{quiz.pk}/preview/").content.decode()
    for question in quiz.questions.all():
        assert question.prompt.split()[0] in page
    assert "Leonid Brezhnev" in page and "Chairman of the CCP" in page  # choices and right-hand texts
    assert "Correct" not in page  # option feedback is a key: never shown
    assert "Ended terror." not in page  # nor the model answer
    assert "disabled" in page


def test_admin_pages_of_a_model_lead_back_through_their_breadcrumbs(as_teacher, quiz):
    preview = as_teacher.get(f"/admin/quizzes/quiz/{quiz.pk}/preview/").content.decode()
    crumbs = preview[preview.index('class="breadcrumbs"') :].split("</div>")[0]
    assert '"/admin/quizzes/quiz/"' in crumbs and f'"/admin/quizzes/quiz/{quiz.pk}/change/"' in crumbs
    assert crumbs.rstrip().endswith("Preview")
    review = as_teacher.get("/admin/quizzes/response/review/").content.decode()
    crumbs = review[review.index('class="breadcrumbs"') :].split("</div>")[0]
    assert '"/admin/quizzes/response/"' in crumbs


def test_a_teacher_can_edit_the_shared_quiz_bank(as_teacher, other_teacher):
    quiz = QuizFactory(title="Someone else's", created_by=other_teacher)
    assert b"Someone else" in as_teacher.get("/admin/quizzes/quiz/").content
    assert as_teacher.get(f"/admin/quizzes/quiz/{quiz.pk}/change/").status_code == 200


def test_a_quiz_created_in_the_admin_records_its_author(as_teacher, teacher):
    response = as_teacher.post(
        "/admin/quizzes/quiz/add/",
        {"slug": "new", "title": "New", "description": "", "grading_method": "highest", "pass_mark": "50",
         "review_policy": "after_submission", "shuffle_choices": "on", **management("questions", 0)},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Quiz.objects.get(slug="new").created_by == teacher


# ---------------------------------------------------------------- questions without JSON


def test_single_choice_with_fractions_and_feedback(as_teacher, quiz):
    options = [
        {"text": "Brezhnev", "fraction": "1", "feedback": "Yes."},
        {"text": "Malenkov", "fraction": "0", "feedback": "Sidelined."},
        {"text": "Suslov", "fraction": "-0.5"},
    ]
    response = add_question(as_teacher, quiz, "single", prompt="Successor?", options=options)
    assert response.status_code == 302, response.content.decode()[:3000]
    question = Question.objects.get(prompt="Successor?")
    rows = list(question.options.values_list("position", "text", "fraction", "feedback"))
    assert rows == [(1, "Brezhnev", 1.0, "Yes."), (2, "Malenkov", 0.0, "Sidelined."), (3, "Suslov", -0.5, "")]
    assert question.data == {}


def test_multiple_response_fractions_add_up(as_teacher, quiz):
    options = [{"text": "A", "fraction": "0.5"}, {"text": "B", "fraction": "0.5"}, {"text": "C", "fraction": "-1"}]
    assert add_question(as_teacher, quiz, "multiple", prompt="Pick two", options=options).status_code == 302
    question = Question.objects.get(prompt="Pick two")
    assert [o.fraction for o in question.options.all()] == [0.5, 0.5, -1.0]


def test_true_false_key_and_feedback_are_stored_in_data(as_teacher, quiz):
    response = add_question(
        as_teacher, quiz, "true_false", prompt="Hungary won?", correct="false", feedback_true="No: crushed."
    )
    assert response.status_code == 302
    question = Question.objects.get(prompt="Hungary won?")
    assert question.data == {"correct": False, "feedback_true": "No: crushed.", "feedback_false": ""}


def test_short_answer_accepted_answers(as_teacher, quiz):
    options = [{"text": "20th", "fraction": "1"}, {"text": "Twentieth", "fraction": "1"}]
    response = add_question(as_teacher, quiz, "short_answer", prompt="Which party congress?", options=options)
    assert response.status_code == 302
    assert list(Question.objects.get(prompt="Which party congress?").options.values_list("text", flat=True)) == [
        "20th",
        "Twentieth",
    ]


def test_numerical_answers_with_tolerance_and_range(as_teacher, quiz):
    numeric = [
        {"value": "1956", "tolerance": "0", "fraction": "1", "feedback": "Right."},
        {"min": "1955", "max": "1957", "fraction": "0.5"},
        {},  # an empty row is ignored
    ]
    response = add_question(as_teacher, quiz, "numerical", prompt="Which year?", numeric=numeric)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Question.objects.get(prompt="Which year?").data == {
        "answers": [
            {"value": 1956.0, "tolerance": 0.0, "min": None, "max": None, "fraction": 1.0, "feedback": "Right."},
            {"value": None, "tolerance": 0.0, "min": 1955.0, "max": 1957.0, "fraction": 0.5, "feedback": ""},
        ]
    }


def test_matching_pairs_and_a_distractor(as_teacher, quiz):
    options = [
        {"text": "Mao", "match": "China"},
        {"text": "Gomułka", "match": "Poland"},
        {"text": "", "match": "Cuba"},  # a distractor on the right
    ]
    assert add_question(as_teacher, quiz, "matching", prompt="Match them", options=options).status_code == 302
    pairs = list(Question.objects.get(prompt="Match them").options.values_list("text", "match"))
    assert pairs == [("Mao", "China"), ("Gomułka", "Poland"), ("", "Cuba")]


def test_ordering_items_keep_their_order_and_blank_positions_go_last(as_teacher, quiz):
    options = [{"text": "Sputnik", "position": "2"}, {"text": "Stalin dies", "position": "1"}, {"text": "Ouster"}]
    assert add_question(as_teacher, quiz, "ordering", prompt="Order them", options=options).status_code == 302
    items = list(Question.objects.get(prompt="Order them").options.values_list("text", flat=True))
    assert items == ["Stalin dies", "Sputnik", "Ouster"]


def test_essay_model_answer(as_teacher, quiz):
    response = add_question(as_teacher, quiz, "essay", prompt="Explain.", model_answer="Because.", points="4")
    assert response.status_code == 302
    question = Question.objects.get(prompt="Explain.")
    assert (question.data, question.points) == ({"model_answer": "Because."}, 4.0)


def test_saving_a_question_returns_to_its_quiz(as_teacher, quiz):
    response = add_question(as_teacher, quiz, "essay", prompt="Explain.")
    assert response["Location"] == f"/admin/quizzes/quiz/{quiz.pk}/change/"


@pytest.mark.parametrize(
    ("type_", "kwargs", "message"),
    [
        ("single", {"options": [{"text": "A", "fraction": "0.5"}, {"text": "B"}]}, "no answer earns full marks"),
        ("single", {"options": []}, "the question has no options"),
        ("multiple", {"options": [{"text": "A", "fraction": "0.5"}, {"text": "B"}]}, "no answer earns full marks"),
        ("true_false", {}, "needs its answer"),
        ("numerical", {"numeric": []}, "needs at least one accepted answer"),
        ("numerical", {"numeric": [{"min": "3", "max": "1", "fraction": "1"}]}, "min is above max"),
        ("matching", {"options": [{"text": "Mao", "match": ""}]}, "every left item needs a right-hand match"),
        ("ordering", {"options": [{"text": "Only one"}]}, "ordering needs two items"),
        ("short_answer", {"options": [{"text": "...", "fraction": "1"}]}, "empty once punctuation"),
    ],
)
def test_an_unusable_key_is_a_form_error_and_nothing_is_saved(as_teacher, quiz, type_, kwargs, message):
    before = Question.objects.count()
    response = add_question(as_teacher, quiz, type_, prompt="Broken?", **kwargs)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Question.objects.count() == before


def test_editing_an_existing_question_updates_its_options(as_teacher, quiz):
    question = quiz.questions.get(type="single")
    stored = list(question.options.all())
    options = [
        {"id": o.pk, "question": question.pk, "position": o.position, "text": o.text, "fraction": f, "feedback": ""}
        for o, f in zip(stored, ["0", "1", "0"], strict=True)
    ]
    data = question_post(quiz, "single", prompt=question.prompt, options=options, existing=question)
    response = as_teacher.post(f"/admin/quizzes/question/{question.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert [o.fraction for o in question.options.all()] == [0.0, 1.0, 0.0]


def test_editing_a_key_under_graded_attempts_regrades_them(as_teacher, auto_quiz, student, classroom,
                                                           django_capture_on_commit_callbacks):  # fmt: skip
    question = auto_quiz.questions.get(type="true_false")
    attempt = attempt_start(student=student, quiz=auto_quiz)
    responses_save(attempt=attempt, student=student, responses=[{"question": question.pk, "answer": {"value": True}}])
    attempt_submit(attempt=attempt)
    before = attempt_grade(attempt_id=attempt.pk).score
    data = question_post(auto_quiz, "true_false", prompt=question.prompt, correct="true", existing=question)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_teacher.post(f"/admin/quizzes/question/{question.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    attempt.refresh_from_db()
    assert attempt.score == before + 1


def test_a_question_type_cannot_change_once_answered(as_teacher, quiz, attempts):
    question = quiz.questions.get(type="essay")
    data = question_post(quiz, "true_false", prompt=question.prompt, correct="true", existing=question)
    response = as_teacher.post(f"/admin/quizzes/question/{question.pk}/change/", data)
    assert response.status_code == 200
    assert "cannot change once students have answered" in response.content.decode()
    question.refresh_from_db()
    assert question.type == "essay"


def test_an_answered_question_cannot_be_deleted_from_the_quiz_page(as_teacher, quiz, attempts):
    questions = list(quiz.questions.order_by("position", "id"))
    data = {"slug": quiz.slug, "title": quiz.title, "description": "", "grading_method": "highest",
            "pass_mark": "50", "review_policy": "after_submission", "published": "on",
            **management("questions", len(questions), initial=len(questions))}  # fmt: skip
    for i, q in enumerate(questions):
        row = {"id": q.pk, "quiz": quiz.pk, "position": q.position, "name": q.name, "prompt": q.prompt, "points": "1"}
        data.update({f"questions-{i}-{key}": value for key, value in row.items()})
    data["questions-0-DELETE"] = "on"
    response = as_teacher.post(f"/admin/quizzes/quiz/{quiz.pk}/change/", data)
    assert response.status_code == 200
    assert "would require deleting the following protected related objects" in response.content.decode()
    assert quiz.questions.count() == len(questions)


def test_a_bad_quiz_id_in_the_add_link_is_ignored(as_teacher):
    assert as_teacher.get("/admin/quizzes/question/add/?quiz=abc").status_code == 200


def test_the_category_from_gift_survives_an_edit(as_teacher, quiz):
    question = QuestionFactory(quiz=quiz, type="essay", data={"model_answer": "Old", "category": "History"})
    data = question_post(quiz, "essay", prompt=question.prompt, model_answer="New", existing=question)
    assert as_teacher.post(f"/admin/quizzes/question/{question.pk}/change/", data).status_code == 302
    question.refresh_from_db()
    assert question.data == {"model_answer": "New", "category": "History"}


# ---------------------------------------------------------------- actions


def action(client, name, quizzes, **extra):
    data = {"action": name, "_selected_action": [q.pk for q in quizzes], **extra}
    return client.post("/admin/quizzes/quiz/", data, follow=True)


def test_publish_and_unpublish(as_teacher, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(published=False)
    action(as_teacher, "publish", [quiz])
    quiz.refresh_from_db()
    assert quiz.published
    action(as_teacher, "unpublish", [quiz])
    quiz.refresh_from_db()
    assert not quiz.published


def test_a_quiz_without_a_usable_key_is_not_published(as_teacher):
    broken = QuizFactory(published=False, title="Broken")
    question = QuestionFactory(quiz=broken, type="single")
    OptionFactory(question=question, fraction=0.5)
    empty = QuizFactory(published=False, title="Empty")
    response = action(as_teacher, "publish", [broken, empty])
    page = response.content.decode()
    assert "no answer earns full marks" in page and "has no questions yet" in page
    assert not Quiz.objects.filter(published=True, pk__in=[broken.pk, empty.pk]).exists()


def test_regrade_action_rescores_finished_attempts(as_teacher, quiz, attempts, django_capture_on_commit_callbacks):
    mine, _theirs = attempts
    single = quiz.questions.get(type="single")
    # The student picked a wrong option; the key changes so every option is right.
    wrong = shown_id(mine, single.options.last())
    Response.objects.filter(attempt=mine, question=single).update(answer={"choice": wrong})
    Option.objects.filter(question=single).update(fraction=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = action(as_teacher, "regrade", [quiz])
    assert "Regrading of 1 quiz queued." in response.content.decode()
    assert Response.objects.get(attempt=mine, question=single).score == single.points


@pytest.fixture
def new_quiz(db):
    """A quiz assigned to no class yet (the `quiz` fixture is assigned to `classroom`)."""
    return QuizFactory(slug="to-assign", title="To assign")


def test_assign_shows_an_intermediate_page_then_creates_the_assignment(as_teacher, new_quiz, classroom):
    quiz = new_quiz
    page = action(as_teacher, "assign_to_class", [quiz])
    assert page.status_code == 200 and b"Period 1" in page.content and b'name="apply"' in page.content
    due = (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    response = action(as_teacher, "assign_to_class", [quiz], apply="1", classroom=classroom.pk, due_at=due)
    assert response.status_code == 200
    assignment = Assignment.objects.get(classroom=classroom, quiz=quiz)
    assert assignment.due_at is not None and assignment.assigned_by.username == "teach"


def test_a_teacher_cannot_assign_to_another_teachers_class(as_teacher, quiz, classroom, other_classroom):
    page = action(as_teacher, "assign_to_class", [quiz])
    assert b"Period 9" not in page.content
    response = action(as_teacher, "assign_to_class", [quiz], apply="1", classroom=other_classroom.pk)
    assert b"Select a valid choice" in response.content
    assert not Assignment.objects.filter(classroom=other_classroom).exists()


def test_assign_rejects_a_due_date_before_the_start(as_teacher, new_quiz, classroom):
    quiz = new_quiz
    start = timezone.localtime() + timedelta(days=2)
    data = {"apply": "1", "classroom": classroom.pk, "available_from": start.strftime("%Y-%m-%dT%H:%M"),
            "due_at": (start - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")}  # fmt: skip
    response = action(as_teacher, "assign_to_class", [quiz], **data)
    assert b"The due date must come after" in response.content
    assert not Assignment.objects.filter(quiz=quiz).exists()


def test_generate_a_quiz_from_a_brief_in_the_briefs_admin(as_teacher, teacher):
    garden_import(paths=[DEMO_GARDEN])
    brief = Brief.objects.get(kind="timeline")
    assert b"Generate a quiz from this brief" in as_teacher.get("/admin/briefs/brief/").content
    data = {"action": "generate_quiz", "_selected_action": [brief.pk]}
    response = as_teacher.post("/admin/briefs/brief/", data, follow=True)
    quiz = Quiz.objects.get(brief=brief)
    assert (quiz.created_by, quiz.published) == (teacher, False)
    assert f"/admin/briefs/brief/generated-quiz/{quiz.pk}/" in response.content.decode()  # its review page
    assert quiz.questions.exists()


# ---------------------------------------------------------------- GIFT upload


def gift_upload(client, quiz, *files, replace=False):
    data = {"quiz": quiz.pk, "files": list(files)}
    if replace:
        data["replace"] = "on"
    return client.post("/admin/quizzes/quiz/import-gift/", data)


def test_gift_upload_reports_each_file(as_teacher):
    quiz = QuizFactory()
    good = SimpleUploadedFile("good.gift", GIFT.encode())
    also = SimpleUploadedFile("also.gift", b"::Q:: Two plus two? {#4}\n")
    response = gift_upload(as_teacher, quiz, good, also)
    assert response.status_code == 200
    page = response.content.decode()
    assert "good.gift" in page and "also.gift" in page and "3 questions imported" in page
    assert quiz.questions.count() == 3


def test_a_broken_gift_file_names_the_line_and_imports_nothing(as_teacher):
    quiz = QuizFactory()
    broken = SimpleUploadedFile("broken.gift", b"::Q1:: 2+2? {=4 ~5}\n\n::Q2:: broken {=a ~b\n")
    page = gift_upload(as_teacher, quiz, broken).content.decode()
    assert "broken.gift" in page and "line 3" in page and "failed" in page
    assert quiz.questions.count() == 0


def test_a_gift_file_that_is_not_utf8_is_reported(as_teacher):
    quiz = QuizFactory()
    page = gift_upload(as_teacher, quiz, SimpleUploadedFile("latin.gift", "::Q:: Café? {T}".encode("latin-1")))
    assert "not UTF-8" in page.content.decode()
    assert quiz.questions.count() == 0


def test_gift_replace_takes_one_file(as_teacher):
    quiz = QuizFactory()
    files = [SimpleUploadedFile(n, GIFT.encode()) for n in ("a.gift", "b.gift")]
    response = gift_upload(as_teacher, quiz, *files, replace=True)
    assert "Replace with one file at a time." in response.content.decode()
    assert quiz.questions.count() == 0


# ---------------------------------------------------------------- essay review queue


def test_review_queue_shows_the_answer_beside_the_model_answer(as_teacher, attempts):
    page = as_teacher.get("/admin/quizzes/response/review/").content.decode()
    assert "Terror ended, camps emptied." in page and "Ended terror." in page
    assert "Somebody else" not in page  # another teacher's student


def test_review_queue_filters_by_quiz_and_class(as_teacher, attempts, classroom, quiz):
    other_quiz = QuizFactory()
    assert b"Terror ended" in as_teacher.get(f"/admin/quizzes/response/review/?quiz={quiz.pk}").content
    assert b"Terror ended" not in as_teacher.get(f"/admin/quizzes/response/review/?quiz={other_quiz.pk}").content
    page = as_teacher.get(f"/admin/quizzes/response/review/?classroom={classroom.pk}").content.decode()
    assert "Terror ended" in page and "Period 9" not in page


def test_scoring_in_the_review_queue_grades_the_attempt(as_teacher, teacher, quiz, attempts):
    mine, _theirs = attempts
    assert mine.status == AttemptStatus.NEEDS_REVIEW
    essay = Response.objects.get(attempt=mine, question__type="essay")
    data = {f"r{essay.pk}-score": "3", f"r{essay.pk}-feedback": "Good, but name the camps."}
    response = as_teacher.post("/admin/quizzes/response/review/", data)
    assert response.status_code == 302
    essay.refresh_from_db()
    mine.refresh_from_db()
    assert (essay.score, essay.feedback, essay.reviewed_by) == (3.0, "Good, but name the camps.", teacher)
    assert mine.status == AttemptStatus.GRADED
    assert b"Terror ended" not in as_teacher.get("/admin/quizzes/response/review/").content
    assert b"Terror ended" in as_teacher.get("/admin/quizzes/response/review/?show=reviewed").content


def test_a_score_above_the_points_is_refused(as_teacher, attempts):
    mine, _theirs = attempts
    essay = Response.objects.get(attempt=mine, question__type="essay")
    response = as_teacher.post("/admin/quizzes/response/review/", {f"r{essay.pk}-score": "5"})
    assert response.status_code == 200
    assert "less than or equal to 4" in response.content.decode()
    essay.refresh_from_db()
    assert essay.score is None


def test_a_teacher_cannot_score_another_teachers_student(as_teacher, attempts):
    _mine, theirs = attempts
    essay = Response.objects.get(attempt=theirs, question__type="essay")
    as_teacher.post("/admin/quizzes/response/review/", {f"r{essay.pk}-score": "4"})
    essay.refresh_from_db()
    assert essay.score is None


# ---------------------------------------------------------------- teacher scoping


def test_teacher_sees_only_their_students_attempts(as_teacher, attempts):
    mine, theirs = attempts
    page = as_teacher.get("/admin/quizzes/attempt/").content.decode()
    assert f"/admin/quizzes/attempt/{mine.pk}/change/" in page
    assert f"/admin/quizzes/attempt/{theirs.pk}/change/" not in page
    response = as_teacher.get(f"/admin/quizzes/attempt/{theirs.pk}/change/")
    assert response.status_code == 404


def test_teacher_sees_only_their_students_responses_and_grades(as_teacher, attempts):
    _mine, theirs = attempts
    page = as_teacher.get("/admin/quizzes/response/?q=elsewhere").content.decode()
    assert "0 responses" in page
    other = theirs.responses.first()
    assert as_teacher.get(f"/admin/quizzes/response/{other.pk}/change/").status_code == 404
    assert "elsewhere" not in as_teacher.get("/admin/quizzes/quizgrade/").content.decode()


def test_admin_sees_every_attempt(client, admin_user, attempts):
    client.force_login(admin_user)
    page = client.get("/admin/quizzes/attempt/").content.decode()
    for attempt in attempts:
        assert f"/admin/quizzes/attempt/{attempt.pk}/change/" in page


def test_class_filter_lists_only_the_teachers_classes(as_teacher, attempts, classroom):
    page = as_teacher.get("/admin/quizzes/attempt/").content.decode()
    assert "Period 1" in page and "Period 9" not in page
    filtered = as_teacher.get(f"/admin/quizzes/attempt/?classroom={classroom.pk}").content.decode()
    assert f"/admin/quizzes/attempt/{attempts[0].pk}/change/" in filtered


def test_attempts_and_scores_are_read_only_in_the_admin(as_teacher, admin_user, client, attempts):
    mine, _theirs = attempts
    assert as_teacher.post(f"/admin/quizzes/attempt/{mine.pk}/change/", {"score": "0"}).status_code == 403
    assert as_teacher.get("/admin/quizzes/attempt/add/").status_code == 403


# ---------------------------------------------------------------- GIFT into a new quiz (issue 23)


def test_the_quiz_list_offers_import_gift(as_teacher):
    assert "/admin/quizzes/quiz/import-gift/" in as_teacher.get("/admin/quizzes/quiz/").content.decode()


def test_a_gift_file_makes_a_new_draft_quiz(as_teacher, teacher):
    from quizzes.models import Quiz

    files = [SimpleUploadedFile("a.gift", GIFT.encode()), SimpleUploadedFile("b.gift", b"::Q:: 2+2? {#4}\n")]
    page = as_teacher.post("/admin/quizzes/quiz/import-gift/", {"new_title": "The Thaw", "files": files})
    quiz = Quiz.objects.get(title="The Thaw")
    assert (quiz.slug, quiz.published, quiz.created_by) == ("the-thaw", False, teacher)
    assert quiz.questions.count() == 3 and f"/admin/quizzes/quiz/{quiz.pk}/change/" in page.content.decode()


def test_a_broken_gift_file_makes_no_new_quiz(as_teacher):
    from quizzes.models import Quiz

    broken = SimpleUploadedFile("broken.gift", b"::Q2:: broken {=a ~b\n")
    page = as_teacher.post("/admin/quizzes/quiz/import-gift/", {"new_title": "Nothing", "files": [broken]})
    assert "failed" in page.content.decode() and not Quiz.objects.filter(title="Nothing").exists()


@pytest.mark.parametrize("data", [{}, {"new_title": "Both"}], ids=["neither", "both"])
def test_gift_import_needs_a_quiz_or_a_new_title(as_teacher, data):
    quiz = QuizFactory()
    if data:
        data["quiz"] = quiz.pk
    data["files"] = [SimpleUploadedFile("a.gift", GIFT.encode())]
    page = as_teacher.post("/admin/quizzes/quiz/import-gift/", data).content.decode()
    assert "Choose a quiz or give a new quiz" in page and quiz.questions.count() == 0
