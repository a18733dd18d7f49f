"""Search (issue 24, point 8) on the database the tests run on: SQLite in the fast pass, PostgreSQL under CI=true.
"Gomulka" finds "Gomułka" whatever the case; results quote the match, marked; study items link to their section."""

import re
import unicodedata

import pytest
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from briefs.demo import DEMO_GARDEN
from briefs.folding import fold
from briefs.models import Brief, StudyItem
from briefs.selectors import brief_list, brief_snippet, found_items
from briefs.services import garden_import
from tests.briefs.conftest import SLUGS, STUDY_GUIDE, TIMELINE, api, write_note

pytestmark = pytest.mark.django_db
SPELLINGS = ["Gomulka", "gomułka", "GOMULKA", "GOMUŁKA"]
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


@pytest.mark.parametrize("query", SPELLINGS)
def test_every_spelling_finds_the_gomulka_briefs_with_the_match_marked(imported, student, query):
    found = {b.slug: b for b in brief_list(user=student, search=query)}
    assert set(found) == {SLUGS[TIMELINE], SLUGS[STUDY_GUIDE]}
    assert "<mark>Gomułka</mark>" in brief_snippet(found[SLUGS[TIMELINE]], query)
    # The study guide names him only in its answer key, which its page hides: its snippet does not quote it.
    assert "accepted" not in brief_snippet(found[SLUGS[STUDY_GUIDE]], query)


@pytest.mark.parametrize("query", SPELLINGS)
def test_every_spelling_finds_the_study_items_linked_to_their_section(imported, student, client, query):
    items = found_items(user=student, query=query, limit=20)
    timeline = [i for i in items if i.brief.slug == SLUGS[TIMELINE]]
    assert {i.kind for i in timeline} == {"event", "character"}
    character = next(i for i in timeline if i.kind == "character")
    assert character.snippet_label == "Władysław <mark>Gomułka</mark>" and not character.in_answer
    question = next(i for i in items if i.kind == "question")  # named in its answer only, which is not quoted
    assert question.in_answer and "Gomułka" not in question.snippet + question.snippet_label
    client.force_login(student)
    for item in items:
        assert item.fragment, item
        page = client.get(f"/briefs/{item.brief.slug}/").content.decode()
        assert f'id="{item.fragment}"' in page, (item, item.fragment)


def test_the_search_page_shows_snippets_and_the_items_found(imported, student, client):
    client.force_login(student)
    html = client.get("/briefs/", {"q": "GOMULKA"}).content.decode()
    assert "2 briefs match" in html and html.count("<mark>Gomułka</mark>") >= 3
    assert re.search(rf'href="/briefs/{SLUGS[TIMELINE]}/#user-content-[a-z-]+"', html)
    assert "study items match" in html
    partial = client.get("/briefs/", {"q": "gomulka"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert "<mark>Gomułka</mark>" in partial.content.decode()
    assert "study items match" not in client.get("/briefs/", {"q": "zzzqqq"}).content.decode()


def test_a_snippet_escapes_the_note_and_adds_only_marks(tmp_path, student, client):
    write_note(
        tmp_path, "x.md", "---\ndg-publish: true\n---\n# X\n\nGomułka wrote `<img src=x onerror=alert(1)>` & more.\n"
    )
    garden_import(paths=[tmp_path])
    client.force_login(student)
    html = client.get("/briefs/", {"q": "gomulka"}).content.decode()
    assert (
        "<mark>Gomułka</mark> wrote &lt;img src=x onerror=alert(1)&gt; &amp; more" in html
    )  # PostgreSQL drops the "."
    assert "<img src=x" not in html


def test_the_api_gives_each_brief_found_its_snippet(imported, student):
    body = api(student).get("/api/v1/briefs/", {"search": "gomulka"}).json()
    snippets = {b["slug"]: b["snippet"] for b in body["results"]}
    assert "<mark>Gomułka</mark>" in snippets[SLUGS[TIMELINE]]
    assert {b["snippet"] for b in api(student).get("/api/v1/briefs/").json()["results"]} == {""}
    items = api(student).get("/api/v1/study-items/", {"search": "GOMUŁKA"}).json()
    assert items["count"] >= 2 and {i["brief"]["slug"] for i in items["results"]} >= {SLUGS[TIMELINE]}


def _grow(folder, n: int) -> None:
    """`n` more notes that mention Gomułka, each with a glossary term that does too."""
    for i in range(n):
        body = f"# Note {i}\n\nGomułka, again {i}.\n\n## Glossary\n\n- **Gomułka {i}:** Polish leader.\n"
        write_note(folder, f"{folder.name}-{i}.md", f"---\ndg-publish: true\n---\n{body}")
    garden_import(paths=[folder])


def test_the_search_page_takes_the_same_queries_for_one_result_or_many(tmp_path, student, client, queries_stay_flat):
    _grow(tmp_path / "one", 1)
    client.force_login(student)
    get = lambda: client.get("/briefs/", {"q": "gomulka"})  # noqa: E731
    # The user and session, the count and page of briefs, their tags, the items found, the topic tree (2 queries).
    queries_stay_flat(get, lambda: _grow(tmp_path / "many", 12), at_most=10)
    html = get().content.decode()
    assert "13 briefs match" in html and "13 study items match" in html


def test_the_api_search_takes_the_same_queries_for_one_result_or_many(tmp_path, student, queries_stay_flat):
    _grow(tmp_path / "one", 1)
    client = api(student)
    get = lambda: client.get("/api/v1/briefs/", {"search": "gomulka", "page_size": 100})  # noqa: E731
    queries_stay_flat(get, lambda: _grow(tmp_path / "many", 12), at_most=4)  # the user, a count, a page, tags
    assert get().json()["count"] == 13


@postgresql_only
def test_fold_agrees_with_postgresql_unaccent_on_every_latin_letter():
    letters = [chr(c) for c in range(0xC0, 0x180) if unicodedata.category(chr(c)).startswith("L")]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lower(unaccent(c)) FROM unnest(%s::text[]) WITH ORDINALITY AS t(c, n) ORDER BY n", [letters]
        )
        theirs = [row[0] for row in cursor.fetchall()]
    assert [(c, fold(c)) for c in letters] == list(zip(letters, theirs, strict=True))


def migrate(target: tuple[str, str] | None = None) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target] if target else executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migration_makes_briefs_imported_before_it_findable_by_any_spelling(student):
    garden_import(paths=[DEMO_GARDEN])
    migrate(("briefs", "0009_search_folding"))
    # As a deployed site had them: no folded or plain text, vectors of the configuration without unaccent.
    old_vector = SearchVector("title", "source", config="english") if connection.vendor == "postgresql" else None
    Brief.objects.update(plain_text="", folded_text="", search_vector=old_vector)
    StudyItem.objects.update(folded="")
    assert not brief_list(user=student, search="Gomulka").exists()

    migrate(("briefs", "0010_search_folding_data"))

    assert {b.slug for b in brief_list(user=student, search="Gomulka")} == {SLUGS[TIMELINE], SLUGS[STUDY_GUIDE]}
    assert found_items(user=student, query="GOMULKA", limit=5)
    migrate()
