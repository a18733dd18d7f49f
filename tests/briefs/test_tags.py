"""Tags of briefs (issue 27) in the API and the site: filter, fields, search, cache, and who sees what."""

import pytest
from rest_framework.test import APIClient

from briefs.models import Tag
from briefs.services import garden_import
from tests.briefs.conftest import api, write_note
from tests.briefs.factories import BriefFactory
from tests.briefs.garden import image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(db):
    cold, exam = Tag.objects.create(name="cold-war"), Tag.objects.create(name="exam")
    BriefFactory(slug="thaw", title="The Thaw").tags.add(cold, exam)
    BriefFactory(slug="draft", title="Draft", published=False).tags.add(cold)
    BriefFactory(slug="plain", title="Plain")
    return cold


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [b["slug"] for b in response.json()["results"]]


def test_anonymous_cannot_filter_by_tag(tagged):
    assert APIClient().get("/api/v1/briefs/?tag=cold-war").status_code == 401


def test_student_filters_published_briefs_by_tag(tagged, student):
    assert slugs(api(student).get("/api/v1/briefs/?tag=cold-war")) == ["thaw"]
    assert slugs(api(student).get("/api/v1/briefs/?tag=%23Cold-War")) == ["thaw"]  # `#` and case do not matter
    assert slugs(api(student).get("/api/v1/briefs/?tag=nope")) == []


def test_teacher_sees_tagged_drafts_too(tagged, teacher):
    assert slugs(api(teacher).get("/api/v1/briefs/?tag=cold-war")) == ["draft", "thaw"]


def test_tags_in_list_and_detail(tagged, student):
    listed = {b["slug"]: b["tags"] for b in api(student).get("/api/v1/briefs/").json()["results"]}
    assert listed == {"thaw": ["cold-war", "exam"], "plain": []}
    assert api(student).get("/api/v1/briefs/thaw/").json()["tags"] == ["cold-war", "exam"]


def test_search_finds_a_brief_by_its_tag(tmp_path, student):
    write_note(tmp_path, "a.md", "---\ndg-publish: true\ntags: [revision, history/russia]\n---\n# A\n\nText.\n")
    write_note(tmp_path, "b.md", "---\ndg-publish: true\n---\n# B\n\nText.\n")
    garden_import(paths=[tmp_path])  # the search vector (PostgreSQL) is computed by the import
    assert slugs(api(student).get("/api/v1/briefs/?search=revision")) == ["a"]


def test_a_tag_change_is_seen_on_the_next_request(tmp_path, student):
    path = write_note(tmp_path, "n.md", "---\ndg-publish: true\ntags: [first]\n---\n# N\n")
    garden_import(paths=[tmp_path])
    client = api(student)
    assert client.get("/api/v1/briefs/n/").json()["tags"] == ["first"]
    assert slugs(client.get("/api/v1/briefs/?tag=first")) == ["n"]
    path.write_text("---\ndg-publish: true\ntags: [second]\n---\n# N\n", encoding="utf-8")
    garden_import(paths=[tmp_path])
    assert client.get("/api/v1/briefs/n/").json()["tags"] == ["second"]
    assert slugs(client.get("/api/v1/briefs/?tag=first")) == []


def test_admin_adding_a_tag_is_seen_on_the_next_request(tagged, student):
    client = api(student)
    assert client.get("/api/v1/briefs/plain/").json()["tags"] == []
    BriefFactory._meta.model.objects.get(slug="plain").tags.add(tagged)
    assert client.get("/api/v1/briefs/plain/").json()["tags"] == ["cold-war"]


def test_schema_documents_the_tag_filter_and_fields(admin_user):
    schema = api(admin_user).get("/api/v1/schema/?format=json").json()
    params = {p["name"] for p in schema["paths"]["/api/v1/briefs/"]["get"]["parameters"]}
    assert "tag" in params
    assert "tags" in schema["components"]["schemas"]["BriefListOutput"]["properties"]
    assert "warnings" in schema["components"]["schemas"]["FileResultOutput"]["properties"]


# --------------------------------------------------------------------------- the site


@pytest.fixture
def me(client, student):
    client.force_login(student)
    return client


def test_browse_filters_by_tag_and_chips_link_to_it(tagged, me):
    page = me.get("/briefs/?tag=cold-war").content.decode()
    assert "The Thaw" in page and "Plain" not in page and "Draft" not in page
    assert "Briefs tagged #cold-war" in page
    assert 'href="/briefs/?tag=exam" rel="tag">#exam</a>' in page


def test_brief_page_shows_tag_chips_linking_to_the_filtered_list(tagged, me):
    page = me.get("/briefs/thaw/").content.decode()
    assert '<a class="tag" href="/briefs/?tag=cold-war" rel="tag">#cold-war</a>' in page


def test_brief_page_shows_an_imported_image_with_its_alt(tmp_path, me):
    write_note(tmp_path, "n.md", "---\ndg-publish: true\n---\n# N\n\n![A map of Berlin](img/berlin.png)\n")
    write_note(tmp_path, "img/berlin.png", image_bytes())
    garden_import(paths=[tmp_path])
    page = me.get("/briefs/n/").content.decode()
    assert '<img src="/media/garden/' in page and 'alt="A map of Berlin"' in page
    assert me.get("/briefs/n/").status_code == 200


def test_brief_page_shows_callouts_body_tags_and_missing_links(tmp_path, me):
    body = "> [!warning] Exam trap\n> Dates differ.\n\nSee [[Nowhere]]. #revision\n"
    write_note(tmp_path, "n.md", f"---\ndg-publish: true\n---\n# N\n\n{body}")
    garden_import(paths=[tmp_path])
    page = me.get("/briefs/n/").content.decode()
    assert 'class="callout callout-warning"' in page and "Exam trap" in page
    assert "wikilink-missing" in page
    assert 'href="/briefs/?tag=revision"' in page
