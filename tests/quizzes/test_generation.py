"""Quizzes generated from briefs: the pure generator on hand-made items, then the service, the
command and the admin action on the demo garden."""

import re
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
from hypothesis import given, settings
from hypothesis import strategies as st

from briefs.demo import DEMO_GARDEN
from briefs.models import Brief
from briefs.services import garden_import
from quizzes import grading, problems
from quizzes.admin import generate_quiz
from quizzes.generation import BLANK, ItemData, generate_questions
from quizzes.models import Quiz
from quizzes.selectors import question_data
from quizzes.services import quiz_generate_from_brief
from quizzes.types import QuestionData
from tests.briefs.factories import BriefFactory, StudyItemFactory
from tests.quizzes.factories import AttemptFactory, QuizFactory

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


# ---------------------------------------------------------------- ordering


def test_ordering_lists_events_earliest_first_and_links_the_first():
    [question] = of_type(generate_questions(TIMELINE, title=TITLE), "ordering")
    assert question.prompt == "Put these events in order, earliest first."
    assert [c.text for c in question.choices] == [
        "Joseph Stalin dies.",
        "The Virgin Lands campaign begins.",
        "Malenkov resigns as Premier.",
        "Khrushchev delivers the Secret Speech.",
        "The Soviet Union launches Sputnik 1.",
    ]
    [(_, linked)] = [(q, i) for q, i in generate_questions(TIMELINE, title=TITLE) if q.type == "ordering"]
    assert linked == 1
    assert not any("195" in c.text for c in question.choices)


def test_fewer_than_four_datable_events_make_no_ordering_question():
    undated = item("event", "Someday", "Nobody knows when.")
    assert of_type(generate_questions([*TIMELINE[:3], undated], title=TITLE), "ordering") == []


def test_long_timelines_are_dealt_into_groups_of_four_to_six_spanning_the_timeline():
    events = [event(f"{y}", f"Event number {y - 1900}.", date(y, 6, 1), id=y) for y in range(1900, 1916)]
    questions = of_type(generate_questions(events, title=TITLE), "ordering")
    assert sorted(len(q.choices) for q in questions) == [5, 5, 6]
    assert {c.text for q in questions for c in q.choices} == {e.text for e in events}
    for q in questions:
        numbers = [int(re.search(r"\d+", c.text).group()) for c in q.choices]
        assert numbers == sorted(numbers) and numbers[-1] - numbers[0] >= 12  # each spans the timeline


def test_events_whose_dates_could_overlap_never_share_a_question():
    vague = event("1956", "Something happened that year.", date(1956, 1, 1), "year", id=99)
    pairs = generate_questions([*TIMELINE, vague], title=TITLE)
    for q in of_type(pairs, "ordering"):
        texts = {c.text for c in q.choices}
        assert not {"Something happened that year.", "Khrushchev delivers the Secret Speech."} <= texts


def test_a_range_over_several_years_is_neither_ordered_nor_asked_by_year():
    era = event("1953–1964", "The Khrushchev era.", date(1953, 1, 1), "range", id=98)
    pairs = generate_questions([*TIMELINE, era], title=TITLE)
    assert all("Khrushchev era" not in q.prompt for q in of_type(pairs, "numerical"))
    assert all("Khrushchev era" not in c.text for q in of_type(pairs, "ordering") for c in q.choices)


def test_ordering_items_lose_their_own_dates():
    dated = [
        event("1953", "In 1953 Stalin dies.", date(1953, 3, 5)),
        event("1954", "The 1954 Virgin Lands campaign begins.", date(1954, 1, 1), "year"),
        event("1955", "Malenkov resigns in February 1955.", date(1955, 2, 1), "month"),
        event("1956", "On February 25, 1956, Khrushchev speaks.", date(1956, 2, 25)),
    ]
    [question] = of_type(generate_questions(dated, title=TITLE), "ordering")
    assert [c.text for c in question.choices] == [
        "Stalin dies.",
        "The Virgin Lands campaign begins.",
        "Malenkov resigns.",
        "Khrushchev speaks.",
    ]


# ---------------------------------------------------------------- in which year


def test_year_questions_from_events_never_show_the_year_or_the_date_label():
    questions = of_type(generate_questions(TIMELINE, title=TITLE), "numerical")
    assert len(questions) == len(TIMELINE)
    for q, e in zip(questions, TIMELINE, strict=True):
        assert q.prompt.startswith("In which year did this happen?")
        assert e.text in q.prompt and e.label not in q.prompt and str(e.year) not in q.prompt
        assert [(a.value, a.tolerance) for a in q.numeric] == [(e.year, 0)]


def test_year_questions_from_facts_blank_the_year_and_keep_other_years():
    fact = item("fact", "Rise to Power", "After Stalin's death in 1953, Khrushchev ruled alone by 1958.", year=1953)
    [question] = of_type(generate_questions([fact], title=TITLE), "numerical")
    assert question.prompt == (
        "In which year? Fill in the blank.\n\n"
        f"> **Rise to Power**: After Stalin's death in {BLANK}, Khrushchev ruled alone by 1958."
    )
    assert grading.grade(question, {"value": 1953}).fraction == 1
    assert grading.grade(question, {"value": 1954}).fraction == 0


def test_facts_and_themes_without_a_year_make_no_year_question():
    pairs = generate_questions([item("fact", "Legacy", "A lasting impact."), *THEMES], title=TITLE)
    assert of_type(pairs, "numerical") == []


# ---------------------------------------------------------------- single choice


def test_theme_questions_pick_the_label_among_sibling_themes():
    noise = [item("fact", "Downfall", "Ousted.", year=1964), item("term", "Thaw", "Relaxation.")]
    questions = of_type(generate_questions([*THEMES, *noise], title=TITLE), "single")
    assert len(questions) == 4
    labels = {t.label for t in THEMES}
    for q, theme in zip(questions, THEMES, strict=True):
        assert q.prompt.startswith("Which theme does this describe?\n\n> ")
        assert {c.text for c in q.choices} == labels  # distractors: siblings only, never facts or terms
        assert [c.text for c in q.choices if c.fraction == 1] == [theme.label]


def test_a_theme_description_does_not_name_its_own_label():
    question = of_type(generate_questions(THEMES, title=TITLE), "single")[2]
    assert question.prompt.endswith(f"Khrushchev advocated {BLANK} with the West.")


def test_quote_questions_ask_what_it_was_said_about():
    questions = of_type(generate_questions(QUOTES, title=TITLE), "single")
    assert [q.prompt for q in questions][1] == "What was this said about?\n\n> “war is not fatalistically inevitable”"
    assert [[c.text for c in q.choices if c.fraction == 1] for q in questions] == [[q.label] for q in QUOTES]
    assert all(len(q.choices) == 3 for q in questions)


def test_at_most_three_distractors_drawn_from_many_siblings():
    themes = [item("theme", f"Theme {n}", f"Description number {n}.") for n in range(10)]
    questions = of_type(generate_questions(themes, title=TITLE), "single")
    assert len(questions) == 10 and all(len(q.choices) == 4 for q in questions)
    assert all({c.text for c in q.choices} <= {t.label for t in themes} for q in questions)


def test_two_themes_are_too_few_for_a_choice_question():
    assert of_type(generate_questions(THEMES[:2] + QUOTES[:2], title=TITLE), "single") == []


# ---------------------------------------------------------------- matching


def test_characters_are_matched_to_roles_in_groups_of_three_to_five():
    pairs = [(q, i) for q, i in generate_questions(CHARACTERS, title=TITLE) if q.type == "matching"]
    assert [len(q.choices) for q, _ in pairs] == [4, 3]
    assert [i for _, i in pairs] == [31, 35]
    assert pairs[0][0].prompt == "Match each person to their role."
    assert [(c.text, c.match) for c in pairs[0][0].choices][1] == ("Georgy Malenkov", "Premier after Stalin's death.")


def test_terms_are_matched_to_definitions_without_naming_themselves():
    terms = [
        item("term", "Thaw", "The Thaw relaxed censorship."),
        item("term", "Presidium", "The party's top body."),
        item("term", "Secret Speech", "The 1956 address."),
    ]
    [question] = of_type(generate_questions(terms, title=TITLE), "matching")
    assert question.prompt == "Match each term to its definition."
    assert question.choices[0].match == f"The {BLANK} relaxed censorship."


def test_two_characters_make_no_matching_question():
    assert of_type(generate_questions(CHARACTERS[:2], title=TITLE), "matching") == []


# ---------------------------------------------------------------- essays


def test_study_guide_questions_and_faq_entries_become_essays_with_model_answers():
    items = [
        item("question", text="Why did Khrushchev fall?", answer="Agriculture and Cuba.", id=41),
        item("faq", text="Was the speech secret?", answer="Only at first.", id=42),
        item("faq", text="An unanswered question?", id=43),
        item("essay", text="Assess de-Stalinization."),
    ]
    pairs = generate_questions(items, title=TITLE)
    assert [(q.type, q.prompt, q.model_answer, i) for q, i in pairs] == [
        ("essay", "Why did Khrushchev fall?", "Agriculture and Cuba.", 41),
        ("essay", "Was the speech secret?", "Only at first.", 42),
    ]
    assert all(grading.grade(q, grading.key_answer(q)).needs_review for q, _ in pairs)


# ---------------------------------------------------------------- the whole


ALL = [*THEMES, *QUOTES, *TIMELINE, *CHARACTERS, item("question", text="Why?", answer="Because.")]


def test_generation_is_deterministic():
    assert generate_questions(ALL, title=TITLE) == generate_questions(list(ALL), title=TITLE)


def test_every_generated_question_is_valid_and_its_key_scores_full_marks():
    pairs = generate_questions(ALL, title=TITLE)
    assert {q.type for q, _ in pairs} == {"single", "numerical", "ordering", "matching", "essay"}
    for question, _ in pairs:
        assert problems.question_problems(question) == [], question
        assert key_scores_full(question), question


def test_nothing_to_ask_gives_no_questions():
    assert generate_questions([], title=TITLE) == []
    assert generate_questions([item("conclusion", text="It mattered.")], title=TITLE) == []


KINDS = ("theme", "fact", "quote", "conclusion", "question", "essay", "term", "event", "character", "faq")
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40) | st.sampled_from(
    ["", "1956", "In 1956, it happened", "  ", "De-Stalinization", "____", "October 1956"]
)
items_strategy = st.builds(
    ItemData,
    kind=st.sampled_from(KINDS),
    label=words,
    text=words,
    year=st.none() | st.integers(-3000, 3000),
    date=st.none() | st.dates(),
    date_precision=st.sampled_from(["", "day", "month", "year", "range"]),
    answer=words,
    id=st.none() | st.integers(1, 10**6),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(items_strategy, max_size=25), st.text(max_size=20))
def test_any_items_give_valid_questions_whose_keys_score_full_marks(items, title):
    pairs = generate_questions(items, title=title)
    assert pairs == generate_questions(items, title=title)
    ids = {i.id for i in items}
    for question, linked in pairs:
        assert problems.question_problems(question) == []
        assert key_scores_full(question)
        assert linked in ids
        if question.type == "numerical":
            year = abs(int(question.numeric[0].value))
            assert not re.search(rf"(?<!\d){year}(?!\d)", question.prompt)


# ---------------------------------------------------------------- service, command, admin action


@pytest.fixture
def demo_briefs(db) -> list[Brief]:
    report = garden_import(paths=[DEMO_GARDEN])
    assert report.created == 4, report.files
    return list(Brief.objects.order_by("kind"))


def test_the_demo_garden_gives_at_least_fifteen_valid_questions(demo_briefs):
    counts = {}
    for brief in demo_briefs:
        quiz = quiz_generate_from_brief(brief=brief)
        questions = list(quiz.questions.select_related("study_item").prefetch_related("options"))
        counts[brief.kind] = len(questions)
        for question in questions:
            data = question_data(question)
            assert problems.question_problems(data) == [] and key_scores_full(data)
            assert question.study_item.brief_id == brief.pk
    assert counts == {"briefing": 11, "timeline": 21, "faq": 3, "study_guide": 12}
    assert sum(counts.values()) >= 15


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
    assert {q.type for q in quiz.questions.all()} == {"numerical", "ordering", "matching"}


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


def test_a_quiz_with_attempts_is_not_regenerated(demo_briefs):
    quiz = quiz_generate_from_brief(brief=demo_briefs[0])
    AttemptFactory(quiz=quiz, number=1)
    with pytest.raises(ValidationError, match="has attempts"):
        quiz_generate_from_brief(brief=demo_briefs[0])


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
    assert generate(slug) == f"{slug}-quiz: 21 questions (draft)\n"
    assert generate(slug, "--publish") == f"{slug}-quiz: 21 questions (published)\n"
    assert Quiz.objects.get().published


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
    assert (good.returncode, good.stdout) == (0, "russian-history-iii-khrushchev-faq-quiz: 3 questions (draft)\n")
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
    assert any("Russian History III: Khrushchev FAQ: quiz</a>: 3 questions" in m for m in messages)
    assert generate_quiz.short_description == "Generate a quiz from this brief"


def test_the_admin_action_reports_failures_and_refuses_users_who_cannot_make_quizzes(db, teacher, student):
    empty = BriefFactory(title="Empty")
    request = admin_request(teacher)
    generate_quiz(admin.site.get_model_admin(Brief), request, Brief.objects.all())
    assert [m.level_tag for m in get_messages(request)] == ["error"]
    request = admin_request(student)
    generate_quiz(admin.site.get_model_admin(Brief), request, Brief.objects.filter(pk=empty.pk))
    assert [str(m) for m in get_messages(request)] == ["You are not allowed to create quizzes."]
