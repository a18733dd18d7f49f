import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from briefs.models import Brief, Tag
from tests.briefs.conftest import FAQ, SEED, SLUGS, STUDY_GUIDE, TIMELINE, api, api_import, sample_bytes
from tests.briefs.factories import BriefFactory, StudyItemFactory, TopicFactory

pytestmark = pytest.mark.django_db


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [b["slug"] for b in response.json()["results"]]


# --------------------------------------------------------------------------- access


@pytest.mark.parametrize("url", ["/api/v1/topics/", "/api/v1/briefs/", f"/api/v1/briefs/{SLUGS[FAQ]}/"])
def test_anonymous_gets_401(imported, url):
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_token_auth_reads_briefs(imported, student):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=student).key}")
    assert len(slugs(client.get("/api/v1/briefs/"))) == 4


def test_drafts_are_hidden_from_students_and_shown_to_teachers(student, teacher, admin_user):
    BriefFactory(slug="public")
    BriefFactory(slug="draft", published=False)
    assert slugs(api(student).get("/api/v1/briefs/")) == ["public"]
    assert api(student).get("/api/v1/briefs/draft/").status_code == 404
    assert sorted(slugs(api(teacher).get("/api/v1/briefs/"))) == ["draft", "public"]
    assert api(teacher).get("/api/v1/briefs/draft/").status_code == 200
    assert api(admin_user).get("/api/v1/briefs/draft/").json()["published"] is False


def test_unknown_brief_is_404_with_a_message(student):
    response = api(student).get("/api/v1/briefs/nope/")
    assert response.status_code == 404
    assert "nope" in response.json()["detail"]


# --------------------------------------------------------------------------- content


def test_detail_has_the_contract_fields(imported, student):
    body = api(student).get(f"/api/v1/briefs/{SLUGS[TIMELINE]}/").json()
    assert body["slug"] == SLUGS[TIMELINE]
    assert body["kind"] == "timeline"
    assert body["title"] == "Russian History III: Khrushchev Era Timeline"
    assert body["permalink"].endswith(f"/russian-history-iii/{SLUGS[TIMELINE]}/")
    assert [t["name"] for t in body["topic"]] == [
        "Network School",
        "Lectures Quizzes and References",
        "Briefs Timelines and Study Guides",
        "Russian History",
        "Russian History III",
    ]
    events = [i for i in body["items"] if i["kind"] == "event"]
    assert [e["year"] for e in events][:3] == [1953, 1953, 1954]
    assert events[0] == {
        "kind": "event",
        "position": 1,
        "label": "March 5, 1953",
        "text": "Joseph Stalin dies. Georgy Malenkov becomes Premier.",
        "year": 1953,
        "date": "1953-03-05",
        "date_precision": "day",
        "answer": "",
        "anchor": "detailed-timeline",
    }
    assert 'id="user-content-detailed-timeline"' in body["html"]  # every id of user content is prefixed


def test_study_guide_and_faq_items_carry_answers(imported, student):
    guide = api(student).get(f"/api/v1/briefs/{SLUGS[STUDY_GUIDE]}/").json()
    questions = [i for i in guide["items"] if i["kind"] == "question"]
    assert len(questions) == 10 and all(q["answer"] for q in questions)
    assert any("Gomułka" in q["answer"] for q in questions)
    faq = api(student).get(f"/api/v1/briefs/{SLUGS[FAQ]}/").json()
    assert [bool(i["answer"]) for i in faq["items"]] == [True, True, True]


def test_seed_html_is_repaired(imported, student):
    body = api(student).get(f"/api/v1/briefs/{SLUGS[SEED]}/").json()
    assert "Encyclopædia" in body["html"]
    assert "√¶" not in body["html"] + str(body["items"]) and "dg-publish" not in body["html"]


# --------------------------------------------------------------------------- list filters


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Gagarin", [SLUGS[TIMELINE]]),  # only in a timeline event
        ("gagarin", [SLUGS[TIMELINE]]),
        ("Presidium", [SLUGS[STUDY_GUIDE]]),  # only in a glossary term
        ("Britannica", [SLUGS[SEED]]),  # only in the body
        ("Khrushchev FAQ", [SLUGS[FAQ]]),
        ("zeppelin", []),
    ],
)
def test_search_finds_titles_items_and_bodies(imported, student, query, expected):
    assert slugs(api(student).get("/api/v1/briefs/", {"search": query})) == expected


def test_search_ranks_title_matches_first(imported, student, django_db_setup):
    found = slugs(api(student).get("/api/v1/briefs/", {"search": "timeline"}))
    assert found[0] == SLUGS[TIMELINE]


def test_filter_by_kind_and_topic(imported, student):
    client = api(student)
    assert slugs(client.get("/api/v1/briefs/", {"kind": "faq"})) == [SLUGS[FAQ]]
    assert len(slugs(client.get("/api/v1/briefs/", {"topic": "russian-history-iii"}))) == 4
    assert len(slugs(client.get("/api/v1/briefs/", {"topic": "network-school/lectures-quizzes-and-references"}))) == 4
    assert slugs(client.get("/api/v1/briefs/", {"topic": "russian-history-ii"})) == []
    response = client.get("/api/v1/briefs/", {"kind": "poem"})
    assert response.status_code == 400 and "poem" in response.json()["detail"]


def test_list_is_paginated(student):
    BriefFactory.create_batch(30)
    body = api(student).get("/api/v1/briefs/").json()
    assert body["count"] == 30 and len(body["results"]) == 25 and body["next"]


def test_topics_list(imported, student):
    body = api(student).get("/api/v1/topics/").json()
    assert body["count"] == 5
    leaf = body["results"][-1]
    assert leaf["name"] == "Russian History III" and leaf["parent"].endswith("/russian-history")


# --------------------------------------------------------------------------- query counts


def make_briefs(n: int, topic) -> None:
    for brief in BriefFactory.create_batch(n, topic=topic):
        StudyItemFactory.create_batch(5, brief=brief)
        brief.tags.add(*(Tag.objects.get_or_create(name=f"tag-{i}")[0] for i in range(3)))


@pytest.mark.parametrize("n", [1, 20])
def test_list_query_count_does_not_grow(teacher, django_assert_num_queries, n):
    parent = TopicFactory(slug="a")
    make_briefs(n, TopicFactory(slug="b", parent=parent))
    client = api(teacher)
    with django_assert_num_queries(5):  # teacher check, count, page, the page's tags, topic trails
        assert len(slugs(client.get("/api/v1/briefs/"))) == n


@pytest.mark.parametrize("items", [1, 40])
def test_detail_query_count_does_not_grow(student, django_assert_num_queries, items):
    brief = BriefFactory(slug="b", topic=TopicFactory(slug="x", parent=TopicFactory(slug="root")))
    StudyItemFactory.create_batch(items, brief=brief)
    brief.tags.add(*(Tag.objects.create(name=f"tag-{i}") for i in range(items)))
    client = api(student)
    with django_assert_num_queries(4):  # brief with topic, tags, items, topic trail (a student needs no group check)
        assert len(client.get("/api/v1/briefs/b/").json()["items"]) == items


@pytest.mark.parametrize("n", [1, 20])
def test_topics_query_count_does_not_grow(student, django_assert_num_queries, n):
    root = TopicFactory(slug="root")
    TopicFactory.create_batch(n, parent=root)
    with django_assert_num_queries(2):
        assert api(student).get("/api/v1/topics/").json()["count"] == n + 1


# --------------------------------------------------------------------------- import


def upload(*files, **data):
    return {"files": list(files), **data}


def test_teacher_imports_notes_and_gets_a_report(teacher):
    client = api(teacher)
    files = [SimpleUploadedFile(SEED, sample_bytes(SEED)), SimpleUploadedFile("empty.md", b"")]
    body = api_import(client, files)
    assert (body["status"], body["total"], body["done"]) == ("done", 2, 2)
    assert (body["created"], body["updated"], body["unchanged"], body["failed"]) == (1, 0, 0, 1)
    assert body["files"][0] == {"name": SEED, "status": "created", "reason": "", "slug": SLUGS[SEED],
                              "warnings": []}  # fmt: skip
    assert body["files"][1]["name"] == "empty.md" and body["files"][1]["reason"] == "empty file"
    assert Brief.objects.filter(slug=SLUGS[SEED]).exists()


def test_admin_imports_a_zip_as_a_dry_run(admin_user):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(TIMELINE, sample_bytes(TIMELINE))
    archive_file = SimpleUploadedFile("garden.zip", buffer.getvalue(), content_type="application/zip")
    body = api_import(api(admin_user), [archive_file], dry_run="true")
    assert body["dry_run"] and (body["created"], body["failed"]) == (1, 0)
    assert not Brief.objects.exists()


def test_students_cannot_import(student):
    files = [SimpleUploadedFile(SEED, sample_bytes(SEED))]
    response = api(student).post("/api/v1/briefs/import/", upload(*files), format="multipart")
    assert response.status_code == 403
    assert not Brief.objects.exists()


def test_staff_outside_the_teachers_group_cannot_import(db):
    from tests.factories import UserFactory

    staff = UserFactory(username="staffer", is_staff=True)
    response = api(staff).post("/api/v1/briefs/import/", {}, format="multipart")
    assert response.status_code == 403


def test_import_without_files_is_400(teacher):
    response = api(teacher).post("/api/v1/briefs/import/", {}, format="multipart")
    assert response.status_code == 400 and response.json()["detail"]


def test_schema_documents_the_briefs_endpoints(admin_user):
    schema = api(admin_user).get("/api/v1/schema/", {"format": "json"}).json()
    for path in ("/api/v1/briefs/", "/api/v1/briefs/{slug}/", "/api/v1/briefs/import/", "/api/v1/topics/"):
        assert path in schema["paths"]
    assert schema["paths"]["/api/v1/briefs/"]["get"]["description"]
