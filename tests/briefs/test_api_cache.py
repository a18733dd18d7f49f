"""Briefs and lists of briefs are served from the cache, and any change to a brief or a topic shows at once."""

import pytest

from briefs.models import Brief
from briefs.services import garden_import
from tests.briefs.conftest import SEED, SLUGS, api
from tests.briefs.factories import BriefFactory, StudyItemFactory, TopicFactory

pytestmark = pytest.mark.django_db

DETAIL = "/api/v1/briefs/cached/"
LIST = "/api/v1/briefs/?page_size=25"


@pytest.fixture
def brief(db):
    brief = BriefFactory(slug="cached", title="Before", topic=TopicFactory(slug="history", name="History"))
    StudyItemFactory(brief=brief, text="First")
    return brief


def test_a_repeated_read_makes_no_query(brief, student, django_assert_num_queries):
    client = api(student)
    first = client.get(DETAIL).json()
    listed = client.get(LIST).json()
    with django_assert_num_queries(0):
        assert client.get(DETAIL).json() == first
        assert client.get(LIST).json() == listed
    assert first["title"] == "Before" and [i["text"] for i in first["items"]] == ["First"]


def test_an_edit_shows_at_once(brief, student):
    client = api(student)
    client.get(DETAIL), client.get(LIST)
    brief.title = "After"
    brief.save()
    assert client.get(DETAIL).json()["title"] == "After"
    assert [b["title"] for b in client.get(LIST).json()["results"]] == ["After"]


def test_a_reimport_shows_at_once(garden_dir, student):
    client = api(student)
    garden_import(paths=[garden_dir])
    url = f"/api/v1/briefs/{SLUGS[SEED]}/"
    before = client.get(url).json()
    note = garden_dir / SEED
    note.write_text(note.read_text(encoding="utf-8").replace("Khrushchev", "Khrushchyov"), encoding="utf-8")
    assert garden_import(paths=[garden_dir]).updated == 1
    after = client.get(url).json()
    assert "Khrushchyov" in after["html"] and "Khrushchyov" not in before["html"]


def test_unpublishing_hides_a_brief_from_students_at_once(brief, student, teacher):
    assert api(student).get(DETAIL).status_code == 200
    brief.published = False
    brief.save()
    assert api(student).get(DETAIL).status_code == 404
    assert api(student).get(LIST).json()["count"] == 0
    assert api(teacher).get(DETAIL).status_code == 200


def test_a_draft_read_by_a_teacher_stays_hidden_from_students(student, teacher):
    BriefFactory(slug="cached", published=False)
    assert api(teacher).get(DETAIL).status_code == 200  # now cached, drafts and all
    assert api(teacher).get(LIST).json()["count"] == 1
    assert api(student).get(DETAIL).status_code == 404
    assert api(student).get(LIST).json()["count"] == 0


def test_a_deleted_brief_is_gone_at_once(brief, student):
    client = api(student)
    assert client.get(DETAIL).status_code == 200
    Brief.objects.filter(pk=brief.pk).delete()
    assert client.get(DETAIL).status_code == 404
    assert client.get(LIST).json()["count"] == 0


def test_a_new_brief_is_listed_at_once(brief, student):
    client = api(student)
    assert client.get(LIST).json()["count"] == 1
    assert client.get("/api/v1/briefs/later/").status_code == 404
    BriefFactory(slug="later")
    assert client.get(LIST).json()["count"] == 2
    assert client.get("/api/v1/briefs/later/").status_code == 200


def test_a_renamed_topic_shows_at_once(brief, student):
    client = api(student)
    assert client.get(DETAIL).json()["topic"] == [{"slug": "history", "name": "History"}]
    topic = brief.topic
    topic.name = "World history"
    topic.save()
    assert client.get(DETAIL).json()["topic"] == [{"slug": "history", "name": "World history"}]
    assert client.get(LIST).json()["results"][0]["topic"] == [{"slug": "history", "name": "World history"}]


def test_each_query_is_its_own_entry(brief, student):
    BriefFactory(slug="a-timeline", kind="timeline")
    client = api(student)
    assert client.get("/api/v1/briefs/").json()["count"] == 2
    assert [b["slug"] for b in client.get("/api/v1/briefs/?kind=timeline").json()["results"]] == ["a-timeline"]
    assert client.get("/api/v1/briefs/?page_size=1").json()["next"].endswith("page=2&page_size=1")
    assert client.get("/api/v1/briefs/?page_size=1&page=2").json()["previous"]


def test_the_browsable_api_still_renders(brief, student):
    response = api(student).get(DETAIL, HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Before" in response.content.decode()
