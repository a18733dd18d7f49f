import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from briefs.models import Brief
from tests.briefs.conftest import SEED, SLUGS, sample_bytes

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/briefs/brief/import/"


def test_changelist_offers_the_import_to_teachers(client, teacher, imported):
    client.force_login(teacher)
    response = client.get(reverse("admin:briefs_brief_changelist"))
    assert response.status_code == 200
    assert IMPORT_URL in response.content.decode()
    assert "Russian History III: Khrushchev FAQ" in response.content.decode()


def test_brief_change_page_shows_items_read_only(client, admin_user, imported):
    client.force_login(admin_user)
    brief = Brief.objects.get(slug=SLUGS[SEED])
    page = client.get(reverse("admin:briefs_brief_change", args=[brief.pk])).content.decode()
    assert "On Stalin&#x27;s excesses" in page
    assert 'name="items-0-text"' not in page  # items are not editable


def test_upload_shows_the_per_file_report(client, teacher):
    client.force_login(teacher)
    files = [
        SimpleUploadedFile(SEED, sample_bytes(SEED)),
        SimpleUploadedFile("bad.md", b"---\nx: [\n---\n# x\n"),
        SimpleUploadedFile("empty.md", b""),
    ]
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(IMPORT_URL, {"files": files})
    assert response.status_code == 302 and response["Location"].startswith(IMPORT_URL)
    page = client.get(response["Location"]).content.decode()
    assert "created 1, updated 0, unchanged 0, failed 2" in page and "http-equiv" not in page
    assert "bad.md" in page and "invalid frontmatter" in page
    assert "empty.md" in page and "empty file" in page
    assert Brief.objects.filter(slug=SLUGS[SEED]).exists()


def test_upload_form_renders(client, teacher):
    client.force_login(teacher)
    page = client.get(IMPORT_URL).content.decode()
    assert 'type="file"' in page and "multiple" in page


def test_students_cannot_reach_the_upload(client, student):
    client.force_login(student)
    response = client.get(IMPORT_URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_add_brief_leads_to_the_import(client, teacher):
    client.force_login(teacher)
    response = client.get(reverse("admin:briefs_brief_add"))
    assert response.status_code == 302 and response["Location"] == IMPORT_URL


def test_html_is_not_editable_in_the_admin(client, admin_user, imported):
    client.force_login(admin_user)
    brief = Brief.objects.get(slug=SLUGS[SEED])
    page = client.get(reverse("admin:briefs_brief_change", args=[brief.pk])).content.decode()
    assert 'name="html"' not in page and 'name="source"' not in page and 'name="title"' in page
