"""Site pages of the briefs app: topic browser, search, topic, brief page, mark as studied."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from briefs.models import Tag
from briefs.rendering import note_outline
from classroom.models import ReadingProgress
from tests.briefs.conftest import SLUGS, STUDY_GUIDE, TIMELINE
from tests.briefs.factories import BriefFactory, StudyItemFactory, TopicFactory
from tests.quizzes.factories import QuizFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(client, student):
    client.force_login(student)
    return client


def test_browse_shows_the_topic_tree_with_counts_and_briefs(me, imported):
    html = me.get("/briefs/").content.decode()
    assert 'href="/topics/network-school/"' in html
    assert 'Network School</a> <span class="muted">(4)</span>' in html
    assert f'href="/briefs/{SLUGS[TIMELINE]}/"' in html


def test_search_filters_and_htmx_gets_only_the_results(me, imported):
    html = me.get("/briefs/", {"q": "glossary"}).content.decode()
    assert SLUGS[STUDY_GUIDE] in html and SLUGS[TIMELINE] not in html
    partial = me.get("/briefs/", {"q": "glossary"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    body = partial.content.decode()
    assert body.lstrip().startswith('<section id="results"') and "<html" not in body
    assert "No brief matches" in me.get("/briefs/", {"q": "zzzqqq"}).content.decode()


def test_drafts_are_hidden_from_students(me, teacher, client):
    BriefFactory(title="Secret draft", slug="draft", published=False)
    assert "Secret draft" not in me.get("/briefs/").content.decode()
    assert me.get("/briefs/draft/").status_code == 404
    client.force_login(teacher)
    assert client.get("/briefs/draft/").status_code == 200


def test_topic_page_lists_subtopics_and_briefs_below(me):
    root = TopicFactory(slug="history", name="History")
    child = TopicFactory(slug="russia", name="Russia", parent=root)
    BriefFactory(title="Khrushchev", topic=child)
    html = me.get("/topics/history/").content.decode()
    assert 'href="/topics/history/russia/"' in html and "Khrushchev" in html
    crumbs = me.get("/topics/history/russia/").content.decode()
    assert 'href="/topics/history/"' in crumbs
    assert me.get("/topics/nowhere/").status_code == 404


def test_brief_page_shows_the_note_contents_and_study_aids(me, imported):
    html = me.get(f"/briefs/{SLUGS[TIMELINE]}/").content.decode()
    assert (
        'href="#aid-timeline"' in html and 'id="user-content-detailed-timeline"' in html
    )  # the section's id: on its aid
    assert '<ol class="timeline">' in html and '<time datetime="1953-03-05">' in html
    assert '<time datetime="1954">' in html  # a year-only date says only the year
    assert '<dl class="cast">' in html and "Władysław Gomułka" in html
    guide = me.get(f"/briefs/{SLUGS[STUDY_GUIDE]}/").content.decode()
    assert '<dl class="glossary">' in guide and "<dfn>Thaw</dfn>" in guide
    assert "Show the answer" in guide and 'id="aid-essays"' in guide
    faq = me.get("/briefs/russian-history-iii-khrushchev-faq/").content.decode()
    assert '<p class="faq-q">Why was the Secret Speech' in faq and "Show the answer" in faq


def test_brief_page_records_reading_and_lists_its_published_quizzes(me, student, imported):
    brief = imported_brief()
    QuizFactory(title="On the timeline", brief=brief, open_to_all=True)
    QuizFactory(title="Unpublished quiz", brief=brief, published=False, open_to_all=True)
    QuizFactory(title="For another class", brief=brief)  # assigned to no class of the student's
    html = me.get(f"/briefs/{brief.slug}/").content.decode()
    assert "On the timeline" in html and "Unpublished quiz" not in html and "For another class" not in html
    progress = ReadingProgress.objects.get(student=student, brief=brief)
    assert progress.studied_at is None
    assert "Mark as studied" in html


def imported_brief():
    from briefs.models import Brief

    return Brief.objects.get(slug=SLUGS[TIMELINE])


def test_mark_as_studied_with_htmx_returns_the_new_state(me, student, imported):
    brief = imported_brief()
    url = f"/briefs/{brief.slug}/studied/"
    assert me.get(url).status_code == 405
    response = me.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Studied on" in response.content.decode() and "<html" not in response.content.decode()
    assert ReadingProgress.objects.get(student=student, brief=brief).studied_at is not None
    assert "Studied on" in me.get(f"/briefs/{brief.slug}/").content.decode()


def test_mark_as_studied_without_javascript_redirects_back(me, student, imported):
    brief = imported_brief()
    response = me.post(f"/briefs/{brief.slug}/studied/")
    assert response.status_code == 302 and response["Location"] == f"/briefs/{brief.slug}/"


def test_note_outline_takes_headings_and_labelled_sections():
    html = '<h1 id="t">Title</h1><h2 id="a">Part <em>one</em></h2><p id="k"><strong>Key Themes:</strong></p><p>x</p>'
    assert note_outline(html) == [
        {"tag": "h2", "level": 2, "id": "a", "text": "Part one"},
        {"tag": "p", "level": 3, "id": "k", "text": "Key Themes"},
    ]


def test_brief_page_query_count_does_not_grow(me, queries_stay_flat):
    brief = BriefFactory(slug="grow")
    kinds = ["event", "character", "term", "quote", "faq", "question", "essay"]

    def add(n):
        for i in range(n):
            kind = kinds[i % len(kinds)]
            answer = "An answer" if kind in ("faq", "question") else ""
            StudyItemFactory(brief=brief, kind=kind, label=f"Label {i}", answer=answer)
            QuizFactory(brief=brief, open_to_all=True)

    add(1)
    brief.tags.add(Tag.objects.create(name="one"), Tag.objects.create(name="two"))
    # 16 (with the brief's tags), and 2 more on a cold read: the quizzes this student may take and when that next
    # changes (then cached).
    queries_stay_flat(lambda: me.get("/briefs/grow/"), lambda: add(19), at_most=18)


def test_browse_query_count_does_not_grow(me, queries_stay_flat):
    def add(n):
        for _ in range(n):
            BriefFactory(topic=TopicFactory(parent=TopicFactory())).tags.add(Tag.objects.get_or_create(name="t")[0])

    add(1)
    queries_stay_flat(lambda: me.get("/briefs/"), lambda: add(19), at_most=11)  # 11: the page's tags


# ---------------------------------------------------------------- what the brief page caches


def test_the_brief_page_shows_changes_at_once(me, imported):
    brief = imported_brief()
    url = f"/briefs/{brief.slug}/"
    assert "On the timeline" not in me.get(url).content.decode()  # cached now, quizzes and all
    brief.title = "A retitled timeline"
    brief.save()
    quiz = QuizFactory(title="On the timeline", brief=brief, open_to_all=True)
    html = me.get(url).content.decode()
    assert "A retitled timeline" in html and "On the timeline" in html
    quiz.published = False
    quiz.save()
    assert "On the timeline" not in me.get(url).content.decode()
    brief.published = False
    brief.save()
    assert me.get(url).status_code == 404


def test_a_reload_within_the_minute_writes_nothing_and_reads_only_the_reading(me, student, imported, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    brief = imported_brief()
    url = f"/briefs/{brief.slug}/"
    me.get(url)  # creates the record (and the brief's cards)
    first = ReadingProgress.objects.get(student=student, brief=brief).last_opened_at
    with CaptureQueriesContext(connection) as reload:
        assert "Mark as studied" in me.get(url).content.decode()
    sql = [query["sql"] for query in reload.captured_queries]
    assert not [s for s in sql if not s.startswith("SELECT")], sql  # nothing written
    tables = {table for s in sql for table in re.findall(r'FROM "(\w+)"', s)}
    assert tables <= {"classroom_user", "classroom_readingprogress"}, sql  # the brief, its aids and quizzes: cached
    assert ReadingProgress.objects.get(student=student, brief=brief).last_opened_at == first
    later = timezone.now() + timedelta(minutes=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    me.get(url)
    assert ReadingProgress.objects.get(student=student, brief=brief).last_opened_at == later


def test_the_brief_page_shows_a_studied_mark_made_elsewhere_at_once(me, student, imported):
    from classroom.services import reading_record

    brief = imported_brief()
    url = f"/briefs/{brief.slug}/"
    me.get(url)
    me.get(url)
    reading_record(student=student, brief=brief, studied=True)  # e.g. from another tab, or the API
    assert "Studied on" in me.get(url).content.decode()


def test_marking_as_studied_right_after_opening_is_recorded(me, student, imported):
    brief = imported_brief()
    me.get(f"/briefs/{brief.slug}/")
    me.post(f"/briefs/{brief.slug}/studied/")
    assert ReadingProgress.objects.get(student=student, brief=brief).studied_at is not None
