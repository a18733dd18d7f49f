"""Quizzes generated from briefs: the pure generator on hand-made items, then the service, the
command and the admin action on the demo garden."""

import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from briefs.demo import DEMO_GARDEN
from briefs.demo import load_demo as load_demo_garden
from briefs.models import Brief
from briefs.services import garden_import
from quizzes import grading, problems, services
from quizzes.admin import generate_quiz
from quizzes.demo import load_demo
from quizzes.generation import BLANK, ItemData, alternatives, generate_questions
from quizzes.models import Quiz
from quizzes.selectors import question_data
from quizzes.services import generated_question_drop, generated_question_swap, quiz_generate_from_brief
from quizzes.types import QuestionData
from tests.briefs.factories import BriefFactory, StudyItemFactory
from tests.quizzes.factories import AttemptFactory, QuizFactory
from tests.quizzes.generation_checks import quiz_problems

ROOT = Path(__file__).resolve().parents[2]
TITLE = "Khrushchev"


def event(label: str, text: str, when: date, precision: str = "day", id: int | None = None) -> ItemData:
    return ItemData(kind="event", label=label, text=text, year=when.year, date=when, date_precision=precision, id=id)


def item(kind: str, label: str = "", text: str = "", **fields) -> ItemData:
    return ItemData(kind=kind, label=label, text=text, **fields)


def of_type(pairs, kind: str) -> list[QuestionData]:
    return [q for q, _ in pairs if q.type == kind]


def key_scores_full(question: QuestionData) -> bool:
    """The generated key earns full marks; an essay's goes to a teacher with a model answer."""
    grade = grading.grade(question, grading.key_answer(question))
    if question.type == "essay":
        return grade.needs_review and grade.fraction is None
    return grade.fraction == 1


TIMELINE = [
    event("October 4, 1957", "The Soviet Union launches Sputnik 1.", date(1957, 10, 4), id=5),
    event("March 5, 1953", "Joseph Stalin dies.", date(1953, 3, 5), id=1),
    event("February 1955", "Malenkov resigns as Premier.", date(1955, 2, 1), "month", id=3),
    event("February 25, 1956", "Khrushchev delivers the Secret Speech.", date(1956, 2, 25), id=4),
    event("1954", "The Virgin Lands campaign begins.", date(1954, 1, 1), "year", id=2),
]
THEMES = [
    item("theme", "De-Stalinization", "A break from Stalinism and a thaw.", id=11),
    item("theme", '"Reform Communism"', "Humanizing the Soviet system with consumer goods.", id=12),
    item("theme", "Peaceful Coexistence", "Khrushchev advocated peaceful coexistence with the West.", id=13),
    item("theme", "Internal and External Challenges", "Hardliners, China, Cuba and agriculture.", id=14),
]
QUOTES = [
    item("quote", "On Stalin's excesses", "intolerance, his brutality, his abuse of power", id=21),
    item("quote", "On war with the West", "war is not fatalistically inevitable", id=22),
    item("quote", "On competition with the West", "We offer the capitalist countries peaceful competition.", id=23),
]
CHARACTERS = [
    item("character", "Nikita Khrushchev", "First Secretary and Premier.", id=31),
    item("character", "Georgy Malenkov", "Premier after Stalin's death.", id=32),
    item("character", "Leonid Brezhnev", "Organizer of the 1964 coup.", id=33),
    item("character", "Mao Zedong", "Chairman of the Chinese Communist Party.", id=34),
    item("character", "Władysław Gomułka", "Polish leader from October 1956.", id=35),
    item("character", "John F. Kennedy", "U.S. President during the Cuban Missile Crisis.", id=36),
    item("character", "Dwight D. Eisenhower", "U.S. President who hosted Khrushchev.", id=37),
]


# ---------------------------------------------------------------- per kind of item


def alts(items, index):
    return alternatives(items, index=index, title=TITLE)


def test_ordering_lists_events_earliest_first_without_their_dates():
    from quizzes.generation.groups import ordering_candidates
    from quizzes.generation.kinds import Context, timeline_events

    ctx = Context(items=TIMELINE, topic=[], seed=TITLE)
    [candidate] = ordering_candidates(ctx, timeline_events(ctx))
    assert [c.text for c in candidate.question.choices] == [
        "Joseph Stalin dies.",
        "The Virgin Lands campaign begins.",
        "Malenkov resigns as Premier.",
        "Khrushchev delivers the Secret Speech.",
        "The Soviet Union launches Sputnik 1.",
    ]
    assert TIMELINE[candidate.item].id == 1 and len(candidate.covers) == 5


def test_events_whose_dates_could_overlap_are_never_compared():
    vague = event("1956", "Something happened that year.", date(1956, 1, 1), "year", id=99)
    items = [*TIMELINE, vague]
    for question in alts(items, len(items) - 1) + [q for q, _ in generate_questions(items, title=TITLE)]:
        if question.type in ("single", "ordering") and "came" in question.prompt:
            texts = {c.text for c in question.choices}
            assert not {"Something happened that year.", "Khrushchev delivers the Secret Speech."} <= texts


def test_an_event_asks_which_came_first_before_or_after_and_its_year():
    forms = alts(TIMELINE, 1)  # Stalin dies: the earliest
    assert [q.type for q in forms] == ["single", "true_false", "single", "numerical", "true_false"]
    first = forms[0]
    assert first.prompt == "Which of these came first?"
    assert [c.text for c in first.choices if c.fraction == 1] == ["Joseph Stalin dies."]
    years = forms[2]
    assert years.prompt.startswith("In which year did this happen?")
    assert all(abs(int(c.text) - 1953) <= 10 for c in years.choices) and len(years.choices) == 4
    assert [a.value for a in forms[3].numeric] == [1953] and "1953" not in forms[3].prompt


def test_a_fact_blanks_its_year_and_keeps_other_years():
    fact = item("fact", "Rise to Power", "After Stalin's death in 1953, Khrushchev ruled alone by 1958.", year=1953)
    [numerical] = [q for q in alts([fact], 0) if q.type == "numerical"]
    assert numerical.prompt == (
        "In which year? Fill in the blank.\n\n"
        f"> **Rise to Power**: After Stalin's death in {BLANK}, Khrushchev ruled alone by 1958."
    )
    [picked] = [q for q in alts([fact], 0) if q.type == "single"]
    assert "1958" not in [c.text for c in picked.choices]  # a year the text shows is never a distractor


def test_themes_pick_their_label_among_sibling_themes_and_do_not_name_it():
    single = alts(THEMES, 2)[0]
    assert single.prompt.endswith(f"Khrushchev advocated {BLANK} with the West.")
    assert {c.text for c in single.choices} == {t.label.strip() for t in THEMES}
    assert [c.text for c in single.choices if c.fraction == 1] == ["Peaceful Coexistence"]


def test_quotes_ask_who_said_them_when_the_label_is_a_person():
    said = item("quote", "Nikita Khrushchev", "We will bury you.", id=50)
    question = alts([*CHARACTERS, said], len(CHARACTERS))[0]
    assert question.prompt.startswith("Who said this?")
    assert {c.text for c in question.choices} <= {c.label for c in CHARACTERS}
    about = alts(QUOTES, 1)[0]
    assert about.prompt == "What was this said about?\n\n> “war is not fatalistically inevitable”"


def test_a_term_is_asked_both_ways_and_typed_when_short():
    terms = [
        item("term", "Thaw", "The Thaw relaxed censorship."),
        item("term", "Presidium", "The party's top body."),
        item("term", "Secret Speech", "The 1956 address."),
        item("term", "Virgin Lands", "A farming campaign."),
    ]
    forms = alts(terms, 0)
    assert forms[0].prompt == f"Which term is defined as this?\n\n> The {BLANK} relaxed censorship."
    assert [c.text for c in forms[1].choices] == ["Thaw"] and forms[1].type == "short_answer"
    meaning = next(q for q in forms if q.prompt == "What does “Thaw” mean?")
    assert [c.text for c in meaning.choices if c.fraction == 1] == [f"The {BLANK} relaxed censorship."]


def test_a_short_answer_accepts_articles_and_ordinals_in_words():
    questions = [
        item("question", text="Which congress heard the speech?", answer="The 20th Party Congress.", id=1),
        item("question", text="Who fell in 1964?", answer="Khrushchev", id=2),
        item("question", text="What launched in 1957?", answer="Sputnik", id=3),
    ]
    short = next(q for q in alts(questions, 0) if q.type == "short_answer")
    for typed in ("20th party congress", "the Twentieth Party Congress", "THE 20TH PARTY CONGRESS."):
        assert grading.grade(short, {"text": typed}).fraction == 1
    assert grading.grade(short, {"text": "21st Party Congress"}).fraction == 0


def test_answers_that_also_fit_are_never_distractors():
    questions = [
        item("question", text="Why did Khrushchev fall in 1964?", answer="Failures and a coup."),
        item("faq", text="Who removed Khrushchev in 1964?", answer="Brezhnev and the Presidium."),
        item("question", text="What was the Thaw?", answer="A relaxation of censorship."),
        item("question", text="What was Sputnik?", answer="The first satellite."),
    ]
    single = alts(questions, 0)[0]
    assert "Brezhnev and the Presidium." not in [c.text for c in single.choices]


def test_a_yes_or_no_question_becomes_true_or_false():
    faq = [
        item("faq", text="Did de-Stalinization end repression?", answer="No. Dissent was still punished."),
        item("faq", text="Why was the speech secret?", answer="It was given to a closed session."),
        item("faq", text="What was the Thaw?", answer="A relaxation of censorship."),
    ]
    [yes_no] = [q for q in alts(faq, 0) if q.type == "true_false" and q.prompt.startswith("True or false?")]
    assert yes_no.correct is False


def test_essays_come_only_from_essay_prompts():
    items = [
        item("question", text="Why did Khrushchev fall?", answer="Agriculture and Cuba.", id=41),
        item("essay", text="Assess de-Stalinization.", id=42),
    ]
    essays = [(q.prompt, link) for q, link in generate_questions(items, title=TITLE) if q.type == "essay"]
    assert essays == [("Assess de-Stalinization.", 42)]


def test_nothing_to_ask_gives_no_questions():
    assert generate_questions([], title=TITLE) == []
    assert generate_questions([item("conclusion", text="It mattered.")], title=TITLE) == []


# ---------------------------------------------------------------- service, command, admin action


@pytest.fixture
def demo_briefs(db) -> list[Brief]:
    report = garden_import(paths=[DEMO_GARDEN])
    assert report.created == 4, report.files
    return list(Brief.objects.order_by("kind"))


def test_the_demo_garden_gives_quizzes_that_keep_the_rules(demo_briefs):
    counts = {}
    for brief in demo_briefs:
        quiz = quiz_generate_from_brief(brief=brief)
        questions = list(quiz.questions.select_related("study_item").prefetch_related("options"))
        counts[brief.kind] = len(questions)
        for question in questions:
            data = question_data(question)
            assert problems.question_problems(data) == [] and key_scores_full(data)
            assert question.study_item.brief_id == brief.pk
        assert quiz_problems([question_data(q) for q in questions]) == []
    assert counts == {"briefing": 15, "timeline": 16, "faq": 2, "study_guide": 17}


def test_a_generated_quiz_is_a_draft_named_after_its_brief(demo_briefs, teacher):
    brief = next(b for b in demo_briefs if b.kind == "timeline")
    quiz = quiz_generate_from_brief(brief=brief, author=teacher)
    assert (quiz.slug, quiz.title, quiz.brief, quiz.published, quiz.created_by) == (
        f"{brief.slug}-quiz",
        f"{brief.title}: quiz",
        brief,
        False,
        teacher,
    )
    assert {q.type for q in quiz.questions.all()} == {"numerical", "ordering", "matching", "single", "true_false"}


def test_regenerating_replaces_the_questions_and_keeps_settings(demo_briefs):
    brief = demo_briefs[0]
    quiz = quiz_generate_from_brief(brief=brief)
    before = [(q.type, q.prompt, q.study_item_id) for q in quiz.questions.order_by("position")]
    old_ids = set(quiz.questions.values_list("id", flat=True))
    Quiz.objects.filter(pk=quiz.pk).update(attempts_allowed=2)
    again = quiz_generate_from_brief(brief=brief)
    assert again.pk == quiz.pk and again.attempts_allowed == 2 and Quiz.objects.count() == 1
    assert [(q.type, q.prompt, q.study_item_id) for q in again.questions.order_by("position")] == before
    assert old_ids.isdisjoint(again.questions.values_list("id", flat=True))


def snapshot(quiz: Quiz) -> list:
    quiz.refresh_from_db()
    return [quiz.published, quiz.title, *quiz.questions.order_by("position").values_list("id", "prompt")]


@pytest.mark.parametrize("state", ["published", "attempted"])
def test_a_published_or_attempted_quiz_is_never_changed_and_a_new_draft_is_offered(demo_briefs, state):
    brief = demo_briefs[0]
    quiz = quiz_generate_from_brief(brief=brief, publish=state == "published")
    if state == "attempted":
        AttemptFactory(quiz=quiz, number=1)
    before = snapshot(quiz)
    with pytest.raises(ValidationError, match=f"Generate as a new draft quiz: it will be “{brief.slug}-quiz-2”") as exc:
        quiz_generate_from_brief(brief=brief, publish=True)
    assert exc.value.code == "locked" and snapshot(quiz) == before
    draft = quiz_generate_from_brief(brief=brief, as_new_draft=True)
    third = quiz_generate_from_brief(brief=brief, as_new_draft=True)
    assert (draft.slug, draft.published, draft.brief) == (f"{brief.slug}-quiz-2", False, brief)
    assert third.slug == f"{brief.slug}-quiz-3" and snapshot(quiz) == before
    assert draft.questions.count() == quiz.questions.count()


def test_a_brief_without_usable_items_is_refused(db):
    brief = BriefFactory(title="Empty")
    StudyItemFactory(brief=brief, kind="conclusion", text="Nothing to ask.", year=None)
    with pytest.raises(ValidationError, match="no study items a question can be made from"):
        quiz_generate_from_brief(brief=brief)
    assert not Quiz.objects.exists()


def test_a_hand_made_quiz_with_the_slug_is_never_overwritten(demo_briefs):
    brief = demo_briefs[0]
    QuizFactory(slug=f"{brief.slug}-quiz", title="Mine")
    with pytest.raises(ValidationError, match="not generated from this brief"):
        quiz_generate_from_brief(brief=brief)
    assert Quiz.objects.get().title == "Mine"


def test_long_slugs_are_truncated_to_fit(db):
    brief = BriefFactory(slug="x" * 255)
    for n in range(3):
        StudyItemFactory(brief=brief, kind="theme", label=f"Theme {n}", text=f"About {n}.", year=None)
    quiz = quiz_generate_from_brief(brief=brief)
    assert len(quiz.slug) == 200 and quiz.slug.endswith("-quiz")


def generate(*args) -> str:
    out = StringIO()
    call_command("generate_quiz", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_the_slug_and_the_count(demo_briefs):
    slug = "russian-history-iii-khrushchev-era-timeline"
    assert generate(slug) == f"{slug}-quiz: 16 questions (draft)\n"
    assert generate(slug, "--publish") == f"{slug}-quiz: 16 questions (published)\n"
    assert Quiz.objects.get().published
    with pytest.raises(CommandError, match=f"it will be “{slug}-quiz-2”"):
        generate(slug)
    assert generate(slug, "--new-draft") == f"{slug}-quiz-2: 16 questions (draft)\n"


def test_the_command_refuses_an_unknown_slug(db):
    with pytest.raises(CommandError, match="No brief has the slug “nope”") as exc:
        generate("nope")
    assert exc.value.returncode == 1


def test_the_real_command_exits_one_without_a_traceback(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

    def manage(*args):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)

    assert manage("migrate", "-v0").returncode == 0
    assert manage("import_garden", str(DEMO_GARDEN)).returncode == 0
    good = manage("generate_quiz", "russian-history-iii-khrushchev-faq")
    assert (good.returncode, good.stdout) == (0, "russian-history-iii-khrushchev-faq-quiz: 2 questions (draft)\n")
    bad = manage("generate_quiz", "nope")
    assert bad.returncode == 1 and "No brief has the slug" in bad.stderr and "Traceback" not in bad.stderr


def admin_request(user):
    request = RequestFactory().post("/admin/briefs/brief/")
    SessionMiddleware(lambda r: None).process_request(request)
    request.user = user
    request._messages = FallbackStorage(request)
    return request


def test_the_admin_action_generates_a_quiz_per_brief_and_reports(demo_briefs, teacher):
    request = admin_request(teacher)
    generate_quiz(admin.site.get_model_admin(Brief), request, Brief.objects.all())
    assert Quiz.objects.filter(created_by=teacher).count() == 4
    messages = [str(m) for m in get_messages(request)]
    assert len(messages) == 4
    assert any("Russian History III: Khrushchev FAQ: quiz</a>: 2 questions" in m for m in messages)
    assert generate_quiz.short_description == "Generate a quiz from this brief"


def test_the_admin_action_reports_failures_and_refuses_users_who_cannot_make_quizzes(db, teacher, student):
    empty = BriefFactory(title="Empty")
    request = admin_request(teacher)
    generate_quiz(admin.site.get_model_admin(Brief), request, Brief.objects.all())
    assert [m.level_tag for m in get_messages(request)] == ["error"]
    request = admin_request(student)
    generate_quiz(admin.site.get_model_admin(Brief), request, Brief.objects.filter(pk=empty.pk))
    assert [str(m) for m in get_messages(request)] == ["You are not allowed to create quizzes."]


def test_load_demo_publishes_generated_quizzes_that_keep_the_rules(db):
    load_demo_garden()
    load_demo()
    generated = Quiz.objects.filter(slug__endswith="-quiz").exclude(slug="khrushchev-quiz")
    assert generated.count() == 4 and all(quiz.published for quiz in generated)
    for quiz in generated:
        questions = [question_data(q) for q in quiz.questions.prefetch_related("options")]
        assert len(questions) >= 2 and quiz_problems(questions) == []


def test_swapping_every_question_keeps_its_item_and_the_rules_and_a_published_quiz_refuses(demo_briefs):
    brief = next(b for b in demo_briefs if b.kind == "study_guide")
    quiz = quiz_generate_from_brief(brief=brief)
    for question in list(quiz.questions.exclude(type__in=["essay", "matching"])):
        swapped = generated_question_swap(question=question)
        assert (swapped.position, swapped.study_item_id) == (question.position, question.study_item_id)
    questions = [question_data(q) for q in quiz.questions.prefetch_related("options")]
    assert len({(q.type, q.prompt, tuple(c.text for c in q.choices)) for q in questions}) == len(questions)
    assert all(problems.question_problems(q) == [] and key_scores_full(q) for q in questions)
    services.quiz_set_published(quiz=quiz, published=True)
    with pytest.raises(ValidationError, match="Only a draft nobody has attempted"):
        generated_question_swap(question=quiz.questions.first())
    with pytest.raises(ValidationError, match="Only a draft nobody has attempted"):
        generated_question_drop(question=quiz.questions.first())


def test_new_drafts_of_a_brief_with_a_long_slug_get_free_slugs_that_fit(db):
    brief = BriefFactory(slug="x" * 255)
    for n in range(3):
        StudyItemFactory(brief=brief, kind="theme", label=f"Theme {n}", text=f"About {n}.", year=None)
    quiz_generate_from_brief(brief=brief, publish=True)
    slugs = [quiz_generate_from_brief(brief=brief, as_new_draft=True).slug for _ in range(2)]
    assert slugs == ["x" * 193 + "-quiz-2", "x" * 193 + "-quiz-3"]
